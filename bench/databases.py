"""The databases a benchmark runs on: a fresh SQLite file, or a fresh PostgreSQL database.

Every benchmark gets an empty database of its own and leaves nothing behind: on PostgreSQL a
`ft_bench_<random>` database created through the admin URL (`BENCH_DATABASE_URL`, by default
the local server's `postgres` database) and dropped afterwards, so a run never touches data
anyone else keeps there. PostgreSQL is used only when it answers; otherwise the bench says so
and runs on SQLite alone.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

from config.settings import normalize_database_url

DEFAULT_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
SQLITE = "sqlite"
POSTGRES = "postgres"

#: `async with fresh("outbox-limited") as url:` an empty database for one run, dropped after.
Fresh = Callable[[str], AbstractAsyncContextManager[str]]


def admin_url() -> str:
    """The PostgreSQL server to create benchmark databases on (its admin database's URL)."""
    return normalize_database_url(os.environ.get("BENCH_DATABASE_URL") or DEFAULT_ADMIN_URL)


async def _pg_execute(url: str, statement: str) -> None:
    import asyncpg

    dsn = url.replace("postgresql+asyncpg://", "postgresql://")
    connection = await asyncpg.connect(dsn, timeout=5)
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


async def postgres_answers(url: str | None = None) -> str | None:
    """None when PostgreSQL at the admin URL answers, else why not (one line)."""
    try:
        await _pg_execute(url or admin_url(), "SELECT 1")
    except Exception as error:  # any failure to connect means: skip PostgreSQL
        return f"{type(error).__name__}: {error}".splitlines()[0]
    return None


def _remove_sqlite(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


@dataclass(frozen=True)
class Database:
    """One kind of database the benchmarks run on, and how to get a fresh one of it."""

    kind: str
    workdir: Path
    admin: str | None = None

    @property
    def label(self) -> str:
        return "SQLite" if self.kind == SQLITE else "PostgreSQL"

    def fresh(self, name: str) -> AbstractAsyncContextManager[str]:
        """An empty database for one run named after it; removed when the block ends."""
        if self.kind == SQLITE:
            return self._sqlite(name)
        return self._postgres(name)

    @asynccontextmanager
    async def _sqlite(self, name: str) -> AsyncIterator[str]:
        path = self.workdir / f"{name}-{uuid.uuid4().hex[:6]}.sqlite3"
        try:
            yield f"sqlite+aiosqlite:///{path}"
        finally:
            _remove_sqlite(path)

    @asynccontextmanager
    async def _postgres(self, name: str) -> AsyncIterator[str]:
        admin = self.admin or admin_url()
        database = f"ft_bench_{uuid.uuid4().hex[:10]}"
        await _pg_execute(admin, f'CREATE DATABASE "{database}"')
        base, _, _ = admin.rpartition("/")
        try:
            yield f"{base}/{database}"
        finally:
            await _pg_execute(admin, f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
