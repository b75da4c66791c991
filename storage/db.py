"""Engines and sessions. One place decides the per-database details (SQLite pragmas, pools)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
from sqlalchemy.ext.asyncio import AsyncSession as SASession

#: The execution option a read-only unit of work's connections carry (storage.uow).
READ_ONLY = "follow_through_read_only"
#: What a statement that changes the database starts with.
_WRITES = frozenset(
    ("INSERT", "UPDATE", "DELETE", "REPLACE", "MERGE", "CREATE", "DROP", "ALTER", "TRUNCATE")
)


class ReadOnlyViolation(RuntimeError):
    """A read-only unit of work tried to change the database; the statement was not run.

    Raised before the statement reaches the database, so nothing was written and the unit of
    work can be run again as a writing one (bot.dispatch does)."""


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
            # A read-only unit of work never writes (the guard below makes sure), so it reads
            # a snapshot (WAL) without queueing behind every writer for the lock: sixteen
            # `/plan list` at once no longer run one after another (issue 11).
            read_only = connection.get_execution_options().get(READ_ONLY, False)
            connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")

        _guard_read_only(engine)
        return engine
    # 16 commands in flight each hold a connection for their unit of work: the default 5 + 10
    # made the 16th wait for one. The server's default limit is 100 connections.
    engine = create_async_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)
    _guard_read_only(engine)
    return engine


def _guard_read_only(engine: AsyncEngine) -> None:
    """Refuse, before it runs, any write from a connection of a read-only unit of work, on
    every database: a use case wrongly called read-only fails in the tests on PostgreSQL as
    on SQLite, instead of writing outside the lock on SQLite only."""

    @event.listens_for(engine.sync_engine, "before_cursor_execute")
    def _refuse_writes(
        connection: Any,
        _cursor: Any,
        statement: str,
        _parameters: Any,
        _context: Any,
        _executemany: bool,
    ) -> None:
        if connection.get_execution_options().get(READ_ONLY, False):
            words = statement.lstrip().split(None, 1)
            if words and words[0].upper() in _WRITES:
                raise ReadOnlyViolation(f"a read-only unit of work tried: {words[0].upper()}")


def session_factory(engine: AsyncEngine) -> async_sessionmaker[SASession]:
    return async_sessionmaker(engine, expire_on_commit=False)
