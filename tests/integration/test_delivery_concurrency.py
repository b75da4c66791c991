"""Two senders on one database (two schedulers started by mistake, or a command's send racing
the scheduled run): the claims let each message out once."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import timedelta

from bot.delivery.outbox import queue
from bot.delivery.records import LEASE
from bot.delivery.sender import send_due
from core.context import ensure_collaborative
from sandbox.api import SlackStandIn
from storage.db import create_engine, session_factory
from storage.uow import UnitOfWorkFactory
from tests.conftest import HEALTH_1, HEALTH_2, LABOR_1, BotHarness
from tests.support.pinned_delivery import pinned_pacer
from tests.support.rhythm import CHECKIN

ROWS = 30


async def test_two_senders_racing_on_one_database_post_each_message_once(
    bot: BotHarness, standin: SlackStandIn, database_url: str
) -> None:
    async with bot.runtime.uow() as uow:
        collaborative, _ = await ensure_collaborative(uow, "T0SANDBOX", CHECKIN, "America/Chicago")
        await uow.commit()
        for n in range(ROWS):
            await queue(
                uow,
                collaborative,
                CHECKIN,
                kind="intro",
                payload={"text": f"Message {n}"},
                recipient=(HEALTH_1, HEALTH_2, LABOR_1)[n % 3],
            )
        await uow.commit()
    other_engine = create_engine(database_url)
    try:
        other = UnitOfWorkFactory(session_factory(other_engine))
        client = bot.process.app.client
        first, second = await asyncio.gather(
            send_due(bot.runtime.uow, client, CHECKIN, pacer=pinned_pacer()[0]),
            send_due(other, client, CHECKIN, pacer=pinned_pacer()[0]),
        )
    finally:
        await other_engine.dispose()
    texts = Counter(
        m["text"] for user in (HEALTH_1, HEALTH_2, LABOR_1) for m in standin.dm_messages(user)
    )
    assert texts == Counter({f"Message {n}": 1 for n in range(ROWS)})
    assert sorted(first.sent + second.sent) == sorted(set(first.sent + second.sent))
    assert len(first.sent) + len(second.sent) == ROWS


async def test_a_slow_senders_late_failure_cannot_free_a_row_another_sender_holds(
    bot: BotHarness, standin: SlackStandIn
) -> None:
    """A sender claimed the row and hung past its lease; another run took the row over and is
    posting it now. When the slow sender finally records its own failed post, the row must stay
    with the run that holds it: were it freed, a third run would post the message again."""
    async with bot.runtime.uow() as uow:
        collaborative, _ = await ensure_collaborative(uow, "T0SANDBOX", CHECKIN, "America/Chicago")
        row = await queue(
            uow, collaborative, CHECKIN, kind="intro", payload={"text": "Hi"}, recipient=HEALTH_1
        )
        await uow.commit()
        assert await uow.repos.outbox.claim(row.id, CHECKIN)  # the slow sender's claim
        await uow.commit()
    later = CHECKIN + LEASE + timedelta(minutes=1)
    async with bot.runtime.uow() as uow:  # the run that took it over, posting it right now
        stale = await uow.repos.outbox.get(row.id)
        assert stale is not None and await uow.repos.outbox.take_over(stale, later)
        await uow.commit()
    async with bot.runtime.uow() as uow:  # the slow sender records its 503
        recorded = await uow.repos.outbox.settle(row.id, CHECKIN, status="pending", due_at=later)
        await uow.commit()
    assert not recorded
    await send_due(bot.runtime.uow, bot.process.app.client, later, pacer=pinned_pacer()[0])
    assert standin.calls_to("chat.postMessage") == []  # nothing posted over the live lease
