"""clock: the last tick of the leading clock process

- ``clock_ticks``: one row per clock name, its last completed tick (on the clock's own time)
  and which process ran it (host:pid), written by whichever clock leads and read by /healthz in
  every process.

Numbered 0010 and revising 0008 while other work takes the numbers between; the lead re-points
it at merge.

Revision ID: 0010
Revises: 0008
Create Date: 2026-11-30 16:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.types

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "clock_ticks",
        sa.Column("name", sa.String(length=32), nullable=False),
        sa.Column("ticked_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("holder", sa.String(length=120), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_clock_ticks")),
    )


def downgrade() -> None:
    op.drop_table("clock_ticks")
