"""Applying Alembic migrations in-process and via from `python -m bot migrate`."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.retry import with_retries

MIGRATIONS = Path(__file__).parent / "migrations"
#: PostgreSQL advisory lock key for "migrating Follow-through's schema" (any fixed number that
#: no other application on the server uses; these bytes spell "FTMIGRAT" in ASCII).
MIGRATION_LOCK_KEY = 0x4654_4D49_4752_4154


def alembic_config(database_url: str | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if database_url:
        config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


def _upgrade(connection: Connection) -> None:
    config = alembic_config()
    config.attributes["connection"] = connection
    command.upgrade(config, "head")


async def upgrade(engine: AsyncEngine) -> None:
    """Bring the schema to the newest revision; safe to run on every start, and by any number
    of processes starting at once: the first one in migrates while the others wait for its
    lock, then find the schema current and do nothing.

    PostgreSQL: a transaction-scoped advisory lock, released when the migration commits (or a
    crashed process's connection closes). SQLite: the transaction starts with `BEGIN
    IMMEDIATE` (see `storage.db`), which already holds the others back.
    """

    async def attempt() -> None:
        async with engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                await connection.execute(
                    text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY}
                )
            await connection.run_sync(_upgrade)

    # SQLite answers "locked" without waiting while another process is still switching a new
    # file to WAL; the whole upgrade is one transaction, so running it again is safe.
    await with_retries(attempt, what="migrating the database")
