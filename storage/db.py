"""Engines and sessions. One place decides the per-database details (SQLite pragmas, pools)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
from sqlalchemy.ext.asyncio import AsyncSession as SASession


def create_engine(database_url: str) -> AsyncEngine:
    """Make the async engine; SQLite gets its folder, foreign keys, a busy timeout and writers
    that take turns."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        if url.database and url.database != ":memory:":
            Path(url.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_async_engine(url, connect_args={"timeout": 30})

        @event.listens_for(engine.sync_engine, "connect")
        def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
            # The driver's own implicit BEGIN breaks SAVEPOINT; we emit BEGIN ourselves below
            # (SQLAlchemy's documented recipe for pysqlite/aiosqlite).
            dbapi_connection.isolation_level = None
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.close()

        @event.listens_for(engine.sync_engine, "begin")
        def _sqlite_begin(connection: Any) -> None:
            # IMMEDIATE takes the write lock when the transaction starts. A deferred one that
            # read first and then writes fails at once with "database is locked" when another
            # writer got in between, and no busy timeout helps that case; waiting our turn up
            # front (the busy timeout) is what lets everyone's commands complete.
            connection.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    return create_async_engine(url, pool_pre_ping=True)


def session_factory(engine: AsyncEngine) -> async_sessionmaker[SASession]:
    return async_sessionmaker(engine, expire_on_commit=False)
