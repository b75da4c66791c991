"""session numbers: sessions keep the number they were given; resources can be removed

Sessions were numbered by their order in time, so adding an earlier session silently renumbered
every later one ("Session 7, Bonus session" became session 8). Each session now stores its
number, allocated from `collaboratives.next_session_number` like commitment numbers. Existing
sessions are numbered by start time, which is exactly what people saw before the upgrade.

`resources.removed_at` lets `/plan resource remove` hide a resource while keeping the rows its
shares and opens point at, so the digest's counts of what the TA team delivered stay right.

Every change is an `op.add_column`, which SQLite does in place; batch mode would copy and drop
tables that others point at with foreign keys on (see 0002). The NOT NULL columns carry a server
default so SQLite accepts them on tables that already have rows; the numbers are then filled in,
and a unique index (an index, not a constraint: SQLite adds those only by copying the table)
keeps two sessions of a collaborative from sharing a number.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30 11:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.types

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _number_existing_sessions() -> None:
    """Number each collaborative's sessions 1, 2, 3… by start time and set its counter after."""
    bind = op.get_bind()
    rows = bind.execute(
        sa.text(
            "SELECT id, collaborative_id FROM sessions ORDER BY collaborative_id, starts_at, id"
        )
    ).all()
    counters: dict[int, int] = {}
    for session_id, collaborative_id in rows:
        number = counters.get(collaborative_id, 0) + 1
        counters[collaborative_id] = number
        bind.execute(
            sa.text("UPDATE sessions SET number = :number WHERE id = :id"),
            {"number": number, "id": session_id},
        )
    for collaborative_id, last in counters.items():
        bind.execute(
            sa.text("UPDATE collaboratives SET next_session_number = :next WHERE id = :id"),
            {"next": last + 1, "id": collaborative_id},
        )


def upgrade() -> None:
    op.add_column(
        "collaboratives",
        sa.Column("next_session_number", sa.Integer(), nullable=False, server_default="1"),
    )
    op.add_column("sessions", sa.Column("number", sa.Integer(), nullable=False, server_default="0"))
    op.add_column(
        "resources",
        sa.Column("removed_at", storage.types.UTCDateTime(timezone=True), nullable=True),
    )
    _number_existing_sessions()
    op.create_index("uq_sessions_number", "sessions", ["collaborative_id", "number"], unique=True)
    if op.get_bind().dialect.name != "sqlite":
        # The models set these values themselves; SQLite can't drop a default in place.
        op.alter_column("collaboratives", "next_session_number", server_default=None)
        op.alter_column("sessions", "number", server_default=None)


def downgrade() -> None:
    # Dropping a column is done in place by SQLite 3.35+ as well; nothing points at these.
    op.drop_index("uq_sessions_number", table_name="sessions")
    op.drop_column("resources", "removed_at")
    op.drop_column("sessions", "number")
    op.drop_column("collaboratives", "next_session_number")
