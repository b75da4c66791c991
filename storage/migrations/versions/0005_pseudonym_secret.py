"""pseudonym secret: a per-collaborative key for `python -m bot export --pseudonymize`

A pseudonymized export replaces every Slack user id and name with a code made from the id and
this secret (HMAC-SHA256), so the same person gets the same code in every file and in every
later export, while nobody holding only the files can work back to the id. The secret is made
on the first pseudonymized export; a collaborative that never had one keeps NULL.

Numbered 0005 because 0004 was taken by concurrent work; it revises 0003 here and is re-pointed
at 0004 when both are merged.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30 13:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A nullable add_column: SQLite does it in place, without copying the table.
    op.add_column("collaboratives", sa.Column("pseudonym_secret", sa.String(64), nullable=True))


def downgrade() -> None:
    op.drop_column("collaboratives", "pseudonym_secret")
