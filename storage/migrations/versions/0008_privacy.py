"""privacy: the first-contact notice, the retention period and the purge after close

- ``people.notice_sent_at``: when the bot first told this person what it records. Set by a
  conditional UPDATE (only while NULL) in the same transaction that claims the message carrying
  the notice, so restarts, retries and two senders still tell each person once.
- ``collaboratives.retention_days``: how long people's data is kept after `/plan close` (NULL:
  the default, see core.retention).
- ``collaboratives.purge_notice_at`` / ``purged_at``: the advance notice of the purge was
  queued, and the purge ran; each happens once.

Numbered 0008 and revising 0005 while other work takes the numbers between; the lead re-points
it at merge.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30 14:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.types

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Nullable add_columns: SQLite does them in place, without copying the tables.
    op.add_column(
        "people",
        sa.Column("notice_sent_at", storage.types.UTCDateTime(timezone=True), nullable=True),
    )
    op.add_column("collaboratives", sa.Column("retention_days", sa.Integer(), nullable=True))
    op.add_column(
        "collaboratives",
        sa.Column("purge_notice_at", storage.types.UTCDateTime(timezone=True), nullable=True),
    )
    op.add_column(
        "collaboratives",
        sa.Column("purged_at", storage.types.UTCDateTime(timezone=True), nullable=True),
    )


def downgrade() -> None:
    with op.batch_alter_table("collaboratives") as batch:
        batch.drop_column("purged_at")
        batch.drop_column("purge_notice_at")
        batch.drop_column("retention_days")
    with op.batch_alter_table("people") as batch:
        batch.drop_column("notice_sent_at")
