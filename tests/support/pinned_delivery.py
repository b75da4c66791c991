"""Delivery runs on pinned clocks, shared by the delivery tests: the pacer's clock moved only by
its own sleeps, the nudge job and the resend at a given instant, and the outbox rows to check.

They lived in test_delivery_errors.py and were imported from there (or copied) by the other
delivery tests; a test module is no library, so they are here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy import select

from bot.delivery.outbox import queue
from bot.delivery.pacing import Pacer
from bot.delivery.records import SendReport
from bot.delivery.sender import send_due
from jobs.nudge_job import run_nudges
from sandbox.api import SlackStandIn
from storage.models import OutboxMessage
from tests.support.harness import BotHarness, Person
from tests.support.rhythm import CHECKIN, setup_rhythm

POST = "chat.postMessage"


@dataclass
class FakeTime:
    """The pacer's monotonic clock, moved only by its sleeps (recorded)."""

    now: float = 0.0
    sleeps: list[float] = field(default_factory=list)

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def pinned_pacer() -> tuple[Pacer, FakeTime]:
    time = FakeTime()
    return Pacer(clock=time, sleep=time.sleep), time


async def nudges(bot: BotHarness, now: datetime, pacer: Pacer | None = None) -> SendReport:
    """The nudge job at `now`, the bot's clock there, paced without waiting."""
    bot.clock.set(now)
    return await run_nudges(
        bot.runtime.uow, bot.process.app.client, now, pacer=pacer or pinned_pacer()[0]
    )


async def resend(
    bot: BotHarness, now: datetime, client: AsyncWebClient | None = None
) -> SendReport:
    """A later run of the outbox: whatever is due at `now` is sent (or settled) again."""
    return await send_due(
        bot.runtime.uow, client or bot.process.app.client, now, pacer=pinned_pacer()[0]
    )


async def outbox_row(bot: BotHarness, recipient: str) -> OutboxMessage:
    async with bot.runtime.uow() as uow:
        row = await uow.session.scalar(
            select(OutboxMessage).where(OutboxMessage.recipient_slack_id == recipient)
        )
    assert row is not None
    return row


async def queue_notices(bot: BotHarness, payloads: list[dict[str, Any]], **where: Any) -> None:
    """Messages waiting in the outbox at CHECKIN (`channel_id=` or `recipient=`), as a TA's
    intro would leave them."""
    async with bot.runtime.uow() as uow:
        collaborative = (await uow.repos.collaboratives.all())[0]
        for payload in payloads:
            await queue(uow, collaborative, CHECKIN, kind="intro", payload=payload, **where)
        await uow.commit()


async def check_in_losing_one_answer(
    bot: BotHarness,
    people: dict[str, Person],
    standin: SlackStandIn,
    failing: str | None = None,
) -> SendReport:
    """The first check-in run with one post's answer lost on the way back, and the Web API
    method `failing` (the look-up that would settle it) rate-limited for good."""
    await setup_rhythm(people)
    standin.faults.lose_answer(POST, times=1)
    if failing is not None:
        standin.faults.ratelimit(failing, times=None, retry_after=0)
    return await nudges(bot, CHECKIN)
