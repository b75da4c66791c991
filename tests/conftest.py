"""Fixtures: databases (SQLite always, PostgreSQL when TEST_DATABASE_URL answers), the Slack
stand-in, the bot itself on an ephemeral port, and a driver that talks to it as Slack does.

Every test also fails if the bot logged an error during it (see `tests/support/errors.py`), and
with `CI=true` a missing PostgreSQL or chromium fails instead of skipping.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import os
import shutil
import uuid
from collections.abc import AsyncIterator, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from config.settings import normalize_database_url
from sandbox.api import SlackStandIn
from sandbox.driver import SlackDriver
from tests.support import FakeClock
from tests.support.ci import unavailable
from tests.support.errors import ErrorLog
from tests.support.harness import BotHarness, Person, bot_settings
from tests.support.pacing import MARKER_HELP, fresh_pacer
from tests.support.workspace import (
    HEALTH_1,
    HEALTH_2,
    LABOR_1,
    OUTSIDER,
    SIGNING_SECRET,
    START,
    TA,
    TA2,
)

__all__ = [
    "HEALTH_1",
    "HEALTH_2",
    "LABOR_1",
    "OUTSIDER",
    "SIGNING_SECRET",
    "START",
    "TA",
    "TA2",
    "BotHarness",
    "Person",
    "bot_settings",
]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "expect_errors(*patterns): the test means the bot to log errors matching these regular "
        "expressions (no pattern: any error); any other logged error still fails it",
    )
    config.addinivalue_line("markers", MARKER_HELP)


def pytest_collection_finish(session: pytest.Session) -> None:
    """Leave what importing the bot, its libraries and the tests built out of garbage collection.

    `error_log` collects after every test; walking those few hundred thousand long-lived objects
    took ~70 ms of CPU each time (minutes over the suite), while what a test leaves behind, such as
    a failed task, is created later and so is still collected and reported.
    """
    gc.collect()
    gc.freeze()


@pytest.fixture(autouse=True)
def posting_pace(request: pytest.FixtureRequest) -> None:
    """Each test starts the bot's shared pacer afresh, faster than Slack unless marked
    `real_pacing` (see tests/support/pacing.py): no test waits out another's posts."""
    fresh_pacer(request.node)


# ------------------------------------------------------------------ errors only logged


@pytest.fixture(autouse=True)
def error_log(request: pytest.FixtureRequest) -> Iterator[ErrorLog]:
    """Fail the test if the bot, the jobs, the stand-in or asyncio logged an error during it.

    Autouse fixtures are set up first and torn down last, so this sees the listeners' background
    tasks and the bot's shutdown too; `gc.collect()` flushes "Task exception was never
    retrieved", which asyncio only logs when the failed task is collected.
    """
    handler = ErrorLog()
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield handler
        gc.collect()
    finally:
        root.removeHandler(handler)
    marker = request.node.get_closest_marker("expect_errors")
    patterns = None if marker is None else [str(p) for p in marker.args]
    unexpected = handler.unexpected(patterns)
    if unexpected:
        pytest.fail(
            f"the bot logged {len(unexpected)} error(s) during this test:\n\n"
            + "\n\n".join(unexpected),
            pytrace=False,
        )


# --------------------------------------------------------------------------- databases


def _postgres_admin_url() -> str | None:
    raw = os.environ.get("TEST_DATABASE_URL")
    return normalize_database_url(raw) if raw else None


async def _pg_execute(url: str, *statements: str) -> None:
    import asyncpg

    dsn = url.replace("postgresql+asyncpg://", "postgresql://")
    connection = await asyncpg.connect(dsn, timeout=5)
    try:
        for statement in statements:
            await connection.execute(statement)
    finally:
        await connection.close()


def _in_thread(factory: Any) -> Any:
    """Run a coroutine to completion on a loop of its own, whatever loop the caller is in."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(lambda: asyncio.run(factory())).result()


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A database of our own on the server TEST_DATABASE_URL names, dropped afterwards."""
    admin = _postgres_admin_url()
    if admin is None:
        unavailable("PostgreSQL tests need TEST_DATABASE_URL (set by .ci/run); not set here")
    name = f"ft_test_{uuid.uuid4().hex[:10]}"
    try:
        _in_thread(lambda: _pg_execute(admin, f'CREATE DATABASE "{name}"'))
    except Exception as error:  # no server: skip (fail in CI), with the reason
        unavailable(f"PostgreSQL at TEST_DATABASE_URL is not answering: {error}")
    base, _, _ = admin.rpartition("/")
    url = f"{base}/{name}"

    async def migrate() -> None:
        from storage.db import create_engine
        from storage.migrate import upgrade

        engine = create_engine(url)
        await upgrade(engine)
        await engine.dispose()

    _in_thread(migrate)
    yield url
    _in_thread(lambda: _pg_execute(admin, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


async def _truncate(url: str) -> None:
    from storage.models import Base

    tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
    await _pg_execute(url, f"TRUNCATE {tables} RESTART IDENTITY CASCADE")


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file migrated to head from empty, once per test process.

    Migrating a fresh file costs half a second of disk syncs, paid by hundreds of tests; each
    now gets a copy of this one (see `database_url`), which is what migrating its own would
    have left. The bot still runs `upgrade` at start-up, finding nothing to do.
    """
    path = tmp_path_factory.mktemp("migrated") / "follow-through.sqlite3"

    async def migrate() -> None:
        from storage.db import create_engine
        from storage.migrate import upgrade

        engine = create_engine(f"sqlite+aiosqlite:///{path}")
        await upgrade(engine)
        await engine.dispose()  # closes the last connection: the WAL is checkpointed into it

    _in_thread(migrate)
    return path


@pytest.fixture(params=["sqlite", "postgres"])
async def database_url(request: pytest.FixtureRequest, tmp_path: Any) -> str:
    """The test's own database at head: a copy of the migrated SQLite file, or the process's
    PostgreSQL database emptied."""
    if request.param == "sqlite":
        template: Path = request.getfixturevalue("migrated_sqlite")
        target = tmp_path / "follow-through.sqlite3"
        shutil.copyfile(template, target)
        return f"sqlite+aiosqlite:///{target}"
    url: str = request.getfixturevalue("postgres_url")
    await _truncate(url)
    return url


@pytest.fixture
def sqlite_url(tmp_path: Any) -> str:
    return f"sqlite+aiosqlite:///{tmp_path / 'follow-through.sqlite3'}"


# --------------------------------------------------------------------- slack and the bot


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(START)


@pytest.fixture
async def standin() -> AsyncIterator[SlackStandIn]:
    server = SlackStandIn()
    ws = server.workspace
    ws.add_user(TA, "tessa", real_name="Tessa Bonney", tz="America/Chicago")
    ws.add_user(TA2, "lorraine", real_name="Lorraine Conroy", tz="America/Chicago")
    ws.add_user(HEALTH_1, "maria", real_name="Maria Lopez", tz="America/Chicago")
    ws.add_user(HEALTH_2, "sam", real_name="Sam Okafor", tz="America/New_York")
    ws.add_user(LABOR_1, "jorge", real_name="Jorge Ruiz", tz="America/Chicago")
    ws.add_user(OUTSIDER, "pat", real_name="Pat Doe", tz="Europe/London")
    ws.add_user("UBOTUSER01", "otherbot", is_bot=True)
    ws.add_channel("C0DIGEST01", "collaborative", members=[TA, TA2, HEALTH_1, LABOR_1])
    ws.add_channel("C0TATEAM01", "ta-team", members=[TA, TA2])
    await server.start()
    yield server
    await server.stop()


@pytest.fixture
async def bot(
    standin: SlackStandIn, database_url: str, clock: FakeClock
) -> AsyncIterator[BotHarness]:
    harness = BotHarness(bot_settings(standin, database_url), clock)
    await harness.start()
    yield harness
    await harness.process.stop()


@pytest.fixture
async def slack(bot: BotHarness, standin: SlackStandIn) -> AsyncIterator[SlackDriver]:
    async with SlackDriver(bot.url, SIGNING_SECRET, standin) as driver:
        yield driver


@pytest.fixture
def people(slack: SlackDriver, standin: SlackStandIn) -> dict[str, Person]:
    ids = {
        "ta": TA,
        "ta2": TA2,
        "maria": HEALTH_1,
        "sam": HEALTH_2,
        "jorge": LABOR_1,
        "pat": OUTSIDER,
    }
    return {name: Person(uid, slack, standin) for name, uid in ids.items()}
