"""pending replies: an unclear reply in a check-in's thread waits for "which commitment?"

A reply to a check-in that lists several commitments used to be answered "which one?" and then
dropped, so the person had to type it again. It is now kept in `pending_replies` until they
answer with the number (or it expires: after a day, or once a newer check-in arrives).

A new table only: nothing existing changes, on SQLite or PostgreSQL.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30 13:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.types

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "pending_replies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("collaborative_id", sa.Integer(), nullable=False),
        sa.Column("person_slack_id", sa.String(length=32), nullable=False),
        sa.Column("channel_id", sa.String(length=32), nullable=False),
        sa.Column("thread_ts", sa.String(length=32), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["collaborative_id"],
            ["collaboratives.id"],
            name=op.f("fk_pending_replies_collaborative_id_collaboratives"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pending_replies")),
        sa.UniqueConstraint(
            "channel_id",
            "thread_ts",
            "person_slack_id",
            name=op.f("uq_pending_replies_channel_id"),
        ),
    )
    op.create_index(
        op.f("ix_pending_replies_collaborative_id"),
        "pending_replies",
        ["collaborative_id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_pending_replies_collaborative_id"), table_name="pending_replies")
    op.drop_table("pending_replies")
