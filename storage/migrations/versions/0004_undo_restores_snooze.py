"""undo restores everything: a change remembers the snooze and update time it replaced

Undoing a Done took the status back but left the commitment's snooze cleared (a Done clears it)
and its "last updated" moved to the click, so an undone slip turned reminders back on early and
reset the stale clock. Each status or snooze change now records the commitment's
`snoozed_until` and `updated_at` as they were before it, and Undo puts both back. Older rows
have neither (NULL): Undo of those behaves as before.

Two nullable `op.add_column`s, which SQLite does in place (see 0002 on why not batch mode).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30 13:15:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.types

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    for name in ("prior_snoozed_until", "prior_updated_at"):
        op.add_column(
            "commitment_updates",
            sa.Column(name, storage.types.UTCDateTime(timezone=True), nullable=True),
        )


def downgrade() -> None:
    op.drop_column("commitment_updates", "prior_updated_at")
    op.drop_column("commitment_updates", "prior_snoozed_until")
