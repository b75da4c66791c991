"""One clock leads at a time: two clocks on one PostgreSQL database, only the leader's jobs
reach Slack; when the leader's lock connection goes, the other takes over at its next tick."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import aiohttp
import pytest
from sqlalchemy import text

from bot.app import build_client
from jobs.leader import CLOCK_LOCK_KEY, AdvisoryLockLeader, AlwaysLeader, leadership_for
from jobs.scheduler import JobScheduler
from sandbox.api import SlackStandIn
from sandbox.driver import SlackDriver
from storage.db import create_engine
from tests.conftest import (
    HEALTH_1,
    HEALTH_2,
    LABOR_1,
    SIGNING_SECRET,
    TA,
    TA2,
    BotHarness,
    Person,
    _truncate,
    bot_settings,
)
from tests.support import FakeClock, visible
from tests.support.rhythm import CHECKIN, setup_rhythm
from tests.support.workspace import START

#: Monday 09:05 in Chicago: the week's digest is due.
DIGEST_DUE = datetime(2026, 12, 7, 15, 5, tzinfo=UTC)

LOCK_HOLDER = text(
    "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted"
    " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
    " AND ((classid::bigint << 32) | objid::bigint) = :key AND objsubid = 1"
)


async def other_slack() -> SlackStandIn:
    """A second Slack with the same people: where the standby clock's posts would land."""
    server = SlackStandIn()
    ws = server.workspace
    for uid, name, tz in (
        (TA, "tessa", "America/Chicago"),
        (TA2, "lorraine", "America/Chicago"),
        (HEALTH_1, "maria", "America/Chicago"),
        (HEALTH_2, "sam", "America/New_York"),
        (LABOR_1, "jorge", "America/Chicago"),
    ):
        ws.add_user(uid, name, tz=tz)
    ws.add_channel("C0DIGEST01", "collaborative", members=[TA, TA2, HEALTH_1, LABOR_1])
    ws.add_channel("C0TATEAM01", "ta-team", members=[TA, TA2])
    await server.start()
    return server


@pytest.fixture
async def pg_url(postgres_url: str) -> str:
    await _truncate(postgres_url)
    return postgres_url


@pytest.fixture
async def seeded(pg_url: str, standin: SlackStandIn, clock: FakeClock) -> AsyncIterator[BotHarness]:
    harness = BotHarness(bot_settings(standin, pg_url), clock)
    await harness.start()
    async with SlackDriver(harness.url, SIGNING_SECRET, standin) as driver:
        ids = {"ta": TA, "maria": HEALTH_1, "sam": HEALTH_2, "jorge": LABOR_1}
        await setup_rhythm({n: Person(uid, driver, standin) for n, uid in ids.items()})
    yield harness
    await harness.process.stop()


def checkins(slack: SlackStandIn, uid: str) -> list[str]:
    return [visible(m) for m in slack.dm_messages(uid) if "Check-in" in visible(m)]


def digests(slack: SlackStandIn) -> list[dict[str, object]]:
    return [m for m in slack.messages("C0DIGEST01") if m.get("thread_ts") in (None, m["ts"])]


async def test_only_the_leader_runs_the_jobs_and_a_standby_takes_over(
    seeded: BotHarness, standin: SlackStandIn, pg_url: str, clock: FakeClock
) -> None:
    second = await other_slack()
    engines = [create_engine(pg_url), create_engine(pg_url)]
    leaders = [AdvisoryLockLeader(e, name=f"clock-{i}") for i, e in enumerate(engines, 1)]
    clocks = [
        JobScheduler(seeded.runtime, build_client(slack.bot_token, slack.api_url))
        for slack in (standin, second)
    ]
    for scheduler, leader in zip(clocks, leaders, strict=True):
        scheduler.leadership = leader
    first_clock, second_clock = clocks
    try:
        assert [c.clock_state for c in clocks] == ["standby", "standby"]
        clock.set(CHECKIN)
        await first_clock.tick()
        await second_clock.tick()
        assert [c.clock_state for c in clocks] == ["leader", "standby"]
        for uid in (HEALTH_1, HEALTH_2, LABOR_1):
            assert len(checkins(standin, uid)) == 1
            assert checkins(second, uid) == []  # the standby ran nothing

        # The leader's lock connection goes (what a SIGKILL or a lost network does).
        async with engines[1].connect() as admin:
            pid = await admin.scalar(LOCK_HOLDER, {"key": CLOCK_LOCK_KEY})
            assert pid is not None
            await admin.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
            # pg_terminate_backend only signals: the lock goes when that backend has exited,
            # as it does when a process dies. Take over at the first tick after that.
            for _ in range(200):
                if await admin.scalar(LOCK_HOLDER, {"key": CLOCK_LOCK_KEY}) is None:
                    break
                await asyncio.sleep(0.05)
        clock.set(DIGEST_DUE)
        await second_clock.tick()
        await first_clock.tick()
        assert [c.clock_state for c in clocks] == ["standby", "leader"]
        assert len(digests(second)) == 1
        assert digests(standin) == []  # the old leader noticed and stood by
        async with engines[0].connect() as probe:
            holder = await probe.scalar(LOCK_HOLDER, {"key": CLOCK_LOCK_KEY})
            assert holder is not None and holder != pid
    finally:
        for leader in leaders:
            await leader.release()
        for engine in engines:
            await engine.dispose()
        await second.stop()


async def test_a_clean_stop_hands_the_lead_over_at_once(pg_url: str) -> None:
    engines = [create_engine(pg_url), create_engine(pg_url)]
    first, second = (AdvisoryLockLeader(e) for e in engines)
    try:
        assert await first.check() is True
        assert await second.check() is False
        assert await first.check() is True  # still held: nothing to renew
        await first.release()
        assert await second.check() is True
        assert await first.check() is False
    finally:
        await first.release()
        await second.release()
        for engine in engines:
            await engine.dispose()


async def test_on_sqlite_the_one_process_leads(sqlite_url: str) -> None:
    engine = create_engine(sqlite_url)
    try:
        leadership = leadership_for(engine)
        assert isinstance(leadership, AlwaysLeader)
        assert await leadership.check() is True and leadership.leading
    finally:
        await engine.dispose()


async def test_healthz_reports_the_leading_clock_and_its_last_tick(
    standin: SlackStandIn, pg_url: str
) -> None:
    """A web process that leads says `leader`; the tick it completed is on every /healthz."""
    clock = FakeClock(START)
    harness = BotHarness(
        bot_settings(standin, pg_url, scheduler=True, clock_tick_seconds=3600), clock
    )
    await harness.start()
    try:
        async with aiohttp.ClientSession() as session:
            body: dict[str, object] = {}
            for _ in range(600):  # the first tick runs at start; a loaded machine is slow
                async with session.get(f"{harness.url}/healthz") as resp:
                    body = await resp.json()
                if body["last_tick"] is not None:
                    break
                await asyncio.sleep(0.05)
        assert body["clock"] == "leader"
        assert body["last_tick"] == START.isoformat()
    finally:
        await harness.process.stop()
