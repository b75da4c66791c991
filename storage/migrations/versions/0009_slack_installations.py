"""slack installations: where many-workspace (OAuth) mode keeps each workspace's bot token

slack_sdk's SQLAlchemy installation store (``slack_installations``, ``slack_bots``) and OAuth
state store (``slack_oauth_states``), on the same database as everything else. The tables are
built from the stores' own definitions (see storage.installations), never by the stores'
``create_tables()`` at run time, so every process sees them once the release has migrated.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30 16:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from storage.installations import build_tables

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    metadata = sa.MetaData()
    build_tables(metadata)
    metadata.create_all(op.get_bind())


def downgrade() -> None:
    metadata = sa.MetaData()
    build_tables(metadata)
    metadata.drop_all(op.get_bind())
