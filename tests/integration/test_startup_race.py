"""Replicas starting together on an empty database: every one of them comes up, the schema is
built once, and nobody crashes on `alembic_version` (as one of two `python -m bot` did)."""

from __future__ import annotations

import asyncio
import os
import sys
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from bot.serve import BotProcess
from jobs.scheduler import JobScheduler
from sandbox.api import SlackStandIn
from sandbox.driver import SlackDriver
from storage.db import create_engine
from storage.migrate import upgrade
from tests.conftest import (
    HEALTH_1,
    HEALTH_2,
    LABOR_1,
    SIGNING_SECRET,
    START,
    TA,
    Person,
    _pg_execute,
    _postgres_admin_url,
    bot_settings,
)
from tests.support import FakeClock, visible

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


# Saturday's session makes Monday 2026-12-07 both digest day (Mondays 09:00 in Chicago) and
# check-in day (10:00 on the second day after, the weekend skipped): two clocks ticking through
# that morning race for both.
SESSION_DAY = "2026-12-05"
MONDAY_TICKS = [datetime(2026, 12, 7, 15, 5, tzinfo=UTC), datetime(2026, 12, 7, 16, 30, tzinfo=UTC)]


async def test_two_bots_and_two_clocks_started_at_once_send_everything_once(
    empty_database_url: str, standin: SlackStandIn, tmp_path: Path
) -> None:
    clock = FakeClock(START)
    bots = [BotProcess(bot_settings(standin, empty_database_url), clock) for _ in range(2)]
    try:
        await asyncio.gather(*(b.start(port=0) for b in bots))  # both migrate an empty database
        drivers = [SlackDriver(b.url, SIGNING_SECRET, standin) for b in bots]
        # people reach whichever replica the load balancer picks
        people = {
            name: Person(uid, drivers[i % 2], standin)
            for i, (name, uid) in enumerate(
                [("ta", TA), ("maria", HEALTH_1), ("sam", HEALTH_2), ("jorge", LABOR_1)]
            )
        }
        ta = people["ta"]
        assert "Added" in await ta.plan('org add "Mercy Health Clinic" as mercy sphere health')
        assert "Added" in await ta.plan('org add "Workers United Center" as wuc sphere labor')
        assert "Added" in await ta.plan(f"member add mercy <@{HEALTH_1}> <@{HEALTH_2}>")
        assert "Added" in await ta.plan(f"member add wuc <@{LABOR_1}>")
        assert "Session 1" in await ta.plan(f"session add {SESSION_DAY} 10:00 Precarious work")
        await ta.plan("settings channel <#C0DIGEST01>")
        await people["maria"].plan("add Draft a scheduling policy due 2026-12-20")
        await people["jorge"].plan("add Share the intake guide due 2026-12-22")

        clocks = [JobScheduler(b.runtime, b.app.client) for b in bots]
        for tick in MONDAY_TICKS:
            clock.set(tick)
            await asyncio.gather(*(job() for s in clocks for job in (s.nudges, s.digests)))
        for driver in drivers:
            await driver.close()
    finally:
        for b in bots:
            await b.stop()

    for uid in (HEALTH_1, HEALTH_2, LABOR_1):
        checkins = [m for m in standin.dm_messages(uid) if "Check-in" in visible(m)]
        assert len(checkins) == 1, [visible(m) for m in standin.dm_messages(uid)]
    digests = [m for m in standin.messages("C0DIGEST01") if m.get("thread_ts") in (None, m["ts"])]
    assert len(digests) == 1, [visible(m) for m in digests]
