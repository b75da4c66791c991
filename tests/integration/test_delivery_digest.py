"""The weekly digest under lost answers: the channel ends up with one summary and each part of
the details once, whichever post's answer was lost; a failing look-up posts nothing blindly."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select

from bot.delivery.pacing import Pacer
from jobs.digest_job import run_digests
from sandbox.api import SlackStandIn
from storage.models import Digest
from tests.conftest import BotHarness
from tests.conftest import Person as Someone
from tests.support.pinned_delivery import FakeTime
from tests.support.rhythm import setup_rhythm

MONDAY = datetime(2026, 12, 7, 15, 5, tzinfo=UTC)  # Mon 09:05 in Chicago: the digest is due
CHANNEL = "C0DIGEST01"
POST = "chat.postMessage"


def pinned() -> Pacer:
    time = FakeTime()
    return Pacer(clock=time, sleep=time.sleep)


async def digests(bot: BotHarness, now: datetime) -> None:
    bot.clock.set(now)
    await run_digests(bot.runtime.uow, bot.process.app.client, now, pacer=pinned())


def summaries(standin: SlackStandIn) -> list[dict[str, Any]]:
    return [
        m
        for m in standin.messages(CHANNEL)
        if not m.get("thread_ts") or m.get("thread_ts") == m.get("ts")
    ]


def parts(standin: SlackStandIn) -> list[str]:
    """The details in the summary's thread, as a reader sees their labels."""
    (summary,) = summaries(standin)
    return [
        str(m.get("text"))
        for m in standin.thread(CHANNEL, summary["ts"])
        if m["ts"] != summary["ts"]
    ]


async def status(bot: BotHarness) -> str:
    async with bot.runtime.uow() as uow:
        row = await uow.session.scalar(select(Digest))
    assert row is not None
    return row.status


async def test_a_lost_answer_to_the_summary_is_found_and_the_details_follow_once(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn
) -> None:
    await setup_rhythm(people)
    standin.faults.lose_answer(POST, times=1)
    await digests(bot, MONDAY)
    assert len(summaries(standin)) == 1 and parts(standin) == []
    assert await status(bot) == "unknown"
    await digests(bot, MONDAY + timedelta(minutes=5))
    assert len(summaries(standin)) == 1
    details = parts(standin)
    assert details and len(details) == len(set(details))
    assert await status(bot) == "posted"
    await digests(bot, MONDAY + timedelta(minutes=10))
    assert len(summaries(standin)) == 1 and parts(standin) == details


async def test_a_lost_answer_to_a_detail_is_not_posted_again(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn
) -> None:
    await setup_rhythm(people)
    standin.faults.lose_answer(POST, times=1, every=2)  # the first detail
    await digests(bot, MONDAY)
    first = parts(standin)
    assert len(first) == 1 and await status(bot) == "unknown"
    await digests(bot, MONDAY + timedelta(minutes=5))
    details = parts(standin)
    assert details[0] == first[0] and len(details) == len(set(details))
    assert len(summaries(standin)) == 1 and await status(bot) == "posted"


async def test_a_failing_look_up_leaves_the_digest_unknown_and_posts_nothing(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn
) -> None:
    await setup_rhythm(people)
    standin.faults.lose_answer(POST, times=1)
    await digests(bot, MONDAY)
    standin.faults.ratelimit("conversations.history", times=None, retry_after=0)
    posts = len(standin.calls_to(POST))
    await digests(bot, MONDAY + timedelta(minutes=5))
    assert len(standin.calls_to(POST)) == posts and await status(bot) == "unknown"
    standin.faults.clear()
    await digests(bot, MONDAY + timedelta(minutes=10))
    assert len(summaries(standin)) == 1 and parts(standin)
    assert await status(bot) == "posted"
