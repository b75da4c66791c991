"""Fixtures: databases (SQLite always, PostgreSQL when TEST_DATABASE_URL answers), the Slack
stand-in, the bot itself on an ephemeral port, and a driver that talks to it as Slack does."""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import AsyncIterator, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from typing import Any

import pytest

from bot.serve import BotProcess
from config.settings import Settings, normalize_database_url
from sandbox.api import SlackStandIn
from sandbox.driver import SlackDriver
from tests.support import FakeClock, visible

SIGNING_SECRET = "test-signing-secret"
TA = "UTA0000001"
TA2 = "UTA0000002"
HEALTH_1 = "UHEALTH001"
HEALTH_2 = "UHEALTH002"
LABOR_1 = "ULABOR0001"
OUTSIDER = "UOUTSIDE01"
START = datetime(2026, 12, 1, 15, 0, tzinfo=UTC)  # a Tuesday, 09:00 in Chicago


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
        pytest.skip("PostgreSQL tests need TEST_DATABASE_URL (set by .ci/run); not set here")
    name = f"ft_test_{uuid.uuid4().hex[:10]}"
    try:
        _in_thread(lambda: _pg_execute(admin, f'CREATE DATABASE "{name}"'))
    except Exception as error:  # no server: skip, with the reason
        pytest.skip(f"PostgreSQL at TEST_DATABASE_URL is not answering: {error}")
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


@pytest.fixture(params=["sqlite", "postgres"])
async def database_url(request: pytest.FixtureRequest, tmp_path: Any) -> str:
    if request.param == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path / 'follow-through.sqlite3'}"
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


def bot_settings(standin: SlackStandIn, database_url: str, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "bot_token": standin.bot_token,
        "signing_secret": SIGNING_SECRET,
        "api_url": standin.api_url,
        "database_url": database_url,
        "host": "127.0.0.1",
        "port": 0,
        "ta_provider_ids": (TA,),
        "default_timezone": "America/Chicago",
        "scheduler": False,
    }
    values.update(overrides)
    return Settings(**values)


class BotHarness:
    """The bot under test, restartable on the same database (to show nothing is lost)."""

    def __init__(self, settings: Settings, clock: FakeClock) -> None:
        self.settings = settings
        self.clock = clock
        self.process = BotProcess(settings, clock)

    @property
    def url(self) -> str:
        return self.process.url

    @property
    def runtime(self) -> Any:
        return self.process.runtime

    async def start(self) -> None:
        await self.process.start()

    async def restart(self) -> None:
        port = self.process.port
        await self.process.stop()
        self.process = BotProcess(self.settings, self.clock)
        await self.process.start(port=port)


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


class Person:
    """Someone in the workspace typing `/plan …`; `plan()` returns what they were shown."""

    def __init__(self, user_id: str, slack: SlackDriver, standin: SlackStandIn) -> None:
        self.user_id = user_id
        self.slack = slack
        self.standin = standin

    async def plan(self, text: str, channel_id: str = "C0GENERAL") -> str:
        replies = await self.plan_replies(text, channel_id)
        return "\n".join(visible(reply) for reply in replies)

    async def plan_replies(
        self, text: str, channel_id: str = "C0GENERAL", count: int = 1
    ) -> list[dict[str, Any]]:
        response = await self.slack.command(self.user_id, text, channel_id=channel_id)
        assert response.status == 200, (response.status, response.body)
        assert "Traceback" not in response.body
        url = response.response_url
        assert url is not None

        def arrived() -> list[dict[str, Any]] | None:
            found = self.standin.responses_to(url)
            return found if len(found) >= count else None

        return await self.standin.wait_for(arrived)


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
