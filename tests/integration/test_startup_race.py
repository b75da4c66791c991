"""Replicas starting together on an empty database: every one of them comes up, the schema is
built once, and nobody crashes on `alembic_version` (as one of two `python -m bot` did)."""

from __future__ import annotations

import asyncio
import os
import sys
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from storage.db import create_engine
from storage.migrate import upgrade
from tests.conftest import _pg_execute, _postgres_admin_url

ROOT = Path(__file__).resolve().parents[2]
REPLICAS = 6


@pytest.fixture(params=["sqlite", "postgres"])
async def empty_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """A database nobody has migrated yet."""
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'fresh.sqlite3'}"
        return
    request.getfixturevalue("postgres_url")  # skips, with the reason, when there is no server
    admin = _postgres_admin_url()
    assert admin is not None
    name = f"ft_fresh_{uuid.uuid4().hex[:10]}"
    await _pg_execute(admin, f'CREATE DATABASE "{name}"')
    yield f"{admin.rpartition('/')[0]}/{name}"
    await _pg_execute(admin, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


async def _tables_and_versions(url: str) -> tuple[set[str], list[Any]]:
    from sqlalchemy import inspect

    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            tables = await connection.run_sync(lambda c: set(inspect(c).get_table_names()))
            versions = list((await connection.execute(text("SELECT * FROM alembic_version"))).all())
    finally:
        await engine.dispose()
    return tables, versions


async def test_replicas_migrating_at_once_all_come_up(empty_database_url: str) -> None:
    engines = [create_engine(empty_database_url) for _ in range(REPLICAS)]
    try:
        results = await asyncio.gather(*(upgrade(e) for e in engines), return_exceptions=True)
    finally:
        for engine in engines:
            await engine.dispose()
    assert [r for r in results if isinstance(r, BaseException)] == []
    tables, versions = await _tables_and_versions(empty_database_url)
    assert {"commitments", "outbox", "organizations"} <= tables
    assert len(versions) == 1  # one schema version, written once


async def test_python_m_bot_migrate_started_four_times_together(empty_database_url: str) -> None:
    env = {**os.environ, "DATABASE_URL": empty_database_url, "SLACK_BOT_TOKEN": ""}
    processes = [
        await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            "migrate",
            cwd=ROOT,
            env=env,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
        )
        for _ in range(4)
    ]
    outputs = await asyncio.gather(*(p.communicate() for p in processes))
    for process, (output, _) in zip(processes, outputs, strict=True):
        assert process.returncode == 0, output.decode()
        assert b"Traceback" not in output
    _, versions = await _tables_and_versions(empty_database_url)
    assert len(versions) == 1
