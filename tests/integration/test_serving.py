"""How the bot runs: Socket Mode with the same listeners, /healthz, url_verification."""

from __future__ import annotations

from datetime import UTC, datetime

import aiohttp
from sqlalchemy import select

from bot.serve import BotProcess
from sandbox.api import SlackStandIn
from sandbox.driver import SlackDriver
from storage.models import Organization
from tests.conftest import HEALTH_1, SIGNING_SECRET, TA, BotHarness, Person, bot_settings
from tests.support import FakeClock, visible
from tests.support.rhythm import setup_rhythm


async def test_healthz_answers_once_the_database_does(bot: BotHarness) -> None:
    async with aiohttp.ClientSession() as session, session.get(f"{bot.url}/healthz") as resp:
        assert resp.status == 200
        assert await resp.json() == {
            "ok": True,
            "database": "ok",
            "clock": "off",  # SCHEDULER=off in the tests' settings
            "last_tick": None,
            "outbox": {"pending": 0, "oldest_age_seconds": None},
        }


async def test_url_verification_echoes_the_challenge(slack: SlackDriver) -> None:
    response = await slack.url_verification("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P")
    assert response.status == 200
    assert "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P" in response.body


async def test_socket_mode_serves_the_same_commands(
    standin: SlackStandIn, sqlite_url: str, clock: FakeClock
) -> None:
    settings = bot_settings(standin, sqlite_url, app_token="xapp-sandbox", signing_secret=None)
    process = BotProcess(settings, clock)
    await process.start(port=0)
    try:
        await standin.socket.wait_connected()
        async with SlackDriver("", "", standin, socket_mode=True) as driver:
            response = await driver.command(TA, 'org add "Mercy Health Clinic" sphere health')
            url = response.response_url
            assert url is not None
            replies = await standin.wait_for(lambda: standin.responses_to(url))
            assert "Added *Mercy Health Clinic*" in visible(replies[0])
        async with process.runtime.uow() as uow:
            names = (await uow.session.scalars(select(Organization.name))).all()
        assert names == ["Mercy Health Clinic"]
    finally:
        await process.stop()


async def test_the_in_process_scheduler_sends_due_nudges(
    standin: SlackStandIn, sqlite_url: str, clock: FakeClock
) -> None:
    """SCHEDULER=on: the bot's own scheduler runs the nudge job at start (and every 5 minutes)."""
    process = BotProcess(bot_settings(standin, sqlite_url), clock)
    await process.start(port=0)
    async with SlackDriver(process.url, SIGNING_SECRET, standin) as driver:
        people = {
            name: Person(uid, driver, standin)
            for name, uid in {
                "ta": TA,
                "maria": HEALTH_1,
                "sam": "UHEALTH002",
                "jorge": "ULABOR0001",
            }.items()
        }
        await setup_rhythm(people)
    await process.stop()
    clock.set(datetime(2026, 12, 3, 16, 30, tzinfo=UTC))
    scheduled = BotProcess(bot_settings(standin, sqlite_url, scheduler=True), clock)
    await scheduled.start(port=0)
    try:
        nudges = await standin.wait_for(lambda: standin.dm_messages(HEALTH_1), timeout=10)
        assert "Check-in after Session 1" in visible(nudges[0])
    finally:
        await scheduled.stop()
