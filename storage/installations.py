"""The tables of slack_sdk's SQLAlchemy installation and OAuth state stores, on our metadata.

Built with the stores' own `build_*_table` definitions (default names), so the migration that
creates them and the stores that read them agree column for column, and the migration check
(models against the database) sees them as part of the schema rather than strangers.
"""

from __future__ import annotations

from slack_sdk.oauth.installation_store.sqlalchemy import AsyncSQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import AsyncSQLAlchemyOAuthStateStore
from sqlalchemy import MetaData, Table

INSTALLATIONS = AsyncSQLAlchemyInstallationStore.default_installations_table_name
BOTS = AsyncSQLAlchemyInstallationStore.default_bots_table_name
OAUTH_STATES = AsyncSQLAlchemyOAuthStateStore.default_table_name


def build_tables(metadata: MetaData) -> list[Table]:
    """The three tables, added to `metadata`."""
    return [
        AsyncSQLAlchemyInstallationStore.build_installations_table(metadata, INSTALLATIONS),
        AsyncSQLAlchemyInstallationStore.build_bots_table(metadata, BOTS),
        AsyncSQLAlchemyOAuthStateStore.build_oauth_states_table(metadata, OAUTH_STATES),
    ]
