"""languages: the language each person reads, and the collaborative's for shared messages

``people.language`` is what the person chose with ``/plan language es|en`` (NULL: not chosen);
``people.slack_locale`` is what Slack's users.info said (``es-ES``, ``en-US``), learned when the
bot looks the person up. A person reads their chosen language, else their Slack locale's, else
English. ``collaboratives.language`` is for what many people read at once (the digest, the TA
channel's alerts), set by a TA with ``/plan settings language``.

Numbered 0007 with down_revision 0005 while concurrent work takes 0006; re-pointed at merge.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30 14:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Nullable columns and a server default: SQLite adds them in place, without copying tables.
    op.add_column("people", sa.Column("language", sa.String(8), nullable=True))
    op.add_column("people", sa.Column("slack_locale", sa.String(16), nullable=True))
    op.add_column(
        "collaboratives",
        sa.Column("language", sa.String(8), nullable=False, server_default="en"),
    )


def downgrade() -> None:
    with op.batch_alter_table("collaboratives") as batch:
        batch.drop_column("language")
    with op.batch_alter_table("people") as batch:
        batch.drop_column("slack_locale")
        batch.drop_column("language")
