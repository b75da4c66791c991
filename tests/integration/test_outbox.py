"""The outbox: rate limits honoured, and a sender that died mid-send never sends twice."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.delivery.sender import METADATA_TYPE, send_due
from jobs.planning import enqueue_due_nudges
from sandbox.api import SlackStandIn
from sandbox.ratelimit import RateLimit
from storage.models import OutboxMessage
from tests.conftest import HEALTH_1, HEALTH_2, LABOR_1, BotHarness
from tests.conftest import Person as Someone
from tests.support.rhythm import CHECKIN, nudges_at, setup_rhythm


@pytest.mark.real_pacing  # the stand-in's limit meets the bot's pacer at Slack's own rates
async def test_rate_limited_sends_wait_and_all_arrive_once(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn
) -> None:
    await setup_rhythm(people)
    standin.set_rate_limits({"chat.postMessage": RateLimit(per_second=2.0, burst=1)})
    report = await nudges_at(bot, CHECKIN)
    assert len(report.sent) == 3 and not report.failed
    refused = [c for c in standin.calls_to("chat.postMessage") if c.status == 429]
    assert refused, "the limit should have been hit at least once"
    for user_id in (HEALTH_1, HEALTH_2, LABOR_1):
        assert len(standin.dm_messages(user_id)) == 1


async def claimed_but_unrecorded(bot: BotHarness) -> OutboxMessage:
    """Plan the check-ins, then leave one row as a sender that died mid-send would."""
    async with bot.runtime.uow() as uow:
        collaborative = (await uow.repos.collaboratives.all())[0]
        rows = await enqueue_due_nudges(uow, collaborative, CHECKIN)
        row = next(r for r in rows if r.recipient_slack_id == HEALTH_1)
        row.status, row.claimed_at, row.attempts = "sending", CHECKIN, 1
        await uow.commit()
        return row


async def test_a_message_posted_before_the_crash_is_found_not_resent(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn
) -> None:
    await setup_rhythm(people)
    row = await claimed_but_unrecorded(bot)
    client = bot.process.app.client
    posted = await client.chat_postMessage(
        channel=HEALTH_1,
        text="Check-in after Session 1",
        metadata={"event_type": METADATA_TYPE, "event_payload": {"outbox_id": row.id}},
    )
    later = CHECKIN + timedelta(minutes=20)
    await send_due(bot.runtime.uow, client, later)
    assert len(standin.dm_messages(HEALTH_1)) == 1  # found through its metadata, not re-sent
    async with bot.runtime.uow() as uow:
        found = await uow.session.scalar(select(OutboxMessage).where(OutboxMessage.id == row.id))
    assert found is not None and (found.status, found.ts) == ("sent", posted["ts"])


async def test_a_message_lost_in_the_crash_is_sent_once(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn
) -> None:
    await setup_rhythm(people)
    await claimed_but_unrecorded(bot)
    later = CHECKIN + timedelta(minutes=20)
    await send_due(bot.runtime.uow, bot.process.app.client, later)
    await send_due(bot.runtime.uow, bot.process.app.client, later + timedelta(minutes=5))
    assert len(standin.dm_messages(HEALTH_1)) == 1
    assert len(standin.dm_messages(HEALTH_2)) == 1
