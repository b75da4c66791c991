"""Waiting for the effect of one particular event, never for something an earlier one did.

Bolt acknowledges first and runs the listener in a background task, so a test must wait before
it asserts. Waiting for "some reaction" or "some chat.update" is satisfied by an earlier event;
these helpers wait for the reaction on *this* message, *this* event id's row, or for the bot to
have finished every event it was handed (before asserting that nothing happened).
"""

from __future__ import annotations

import asyncio
from typing import Any

from sqlalchemy import select

from sandbox.api import SlackStandIn
from storage.models import ProcessedEvent
from tests.support.harness import BotHarness

#: Bolt runs each listener in a task whose coroutine has this name (slack_bolt's asyncio_runner).
BOLT_LISTENER_TASK = "run_ack_function_asynchronously"


def message_with_text(standin: SlackStandIn, channel: str, text: str) -> dict[str, Any]:
    """The one message in `channel` (threads included) whose text is exactly `text`."""
    found = [m for m in standin.messages(channel) if m.get("text") == text]
    assert len(found) == 1, (text, [m.get("text") for m in standin.messages(channel)])
    return found[0]


async def reaction_on(standin: SlackStandIn, channel: str, text: str) -> list[str]:
    """Wait for the bot's reaction on the message whose text is `text`; its reaction names."""

    def reacted() -> list[str] | None:
        message = message_with_text(standin, channel, text)
        return [r["name"] for r in message.get("reactions", [])] or None

    reacted.__name__ = f"a reaction on {text!r}"
    return await standin.wait_for(reacted)


async def event_recorded(bot: BotHarness, event_id: str) -> None:
    """Wait until the bot committed this event id (with the event's effect, in one transaction)."""

    async def has_row() -> bool:
        async with bot.runtime.uow() as uow:
            found = await uow.session.scalar(
                select(ProcessedEvent.event_id).where(ProcessedEvent.event_id == event_id)
            )
        return found is not None

    loop = asyncio.get_running_loop()
    deadline = loop.time() + 5.0
    while not await has_row():
        assert loop.time() < deadline, f"event {event_id} was never recorded as handled"
        await asyncio.sleep(0.01)


def _bolt_listeners() -> list[asyncio.Task[Any]]:
    current = asyncio.current_task()
    return [
        task
        for task in asyncio.all_tasks()
        if task is not current
        and not task.done()
        and BOLT_LISTENER_TASK in getattr(task.get_coro(), "__qualname__", "")
    ]


async def listeners_finished(standin: SlackStandIn) -> None:
    """Wait until no Bolt listener task is running: every delivered event is fully handled.

    The bot runs in this process and this event loop, so its listener tasks are visible here;
    a negative check ("nothing was recorded") made after this cannot pass merely because the
    listener had not got to it yet.
    """

    def idle() -> bool:
        return not _bolt_listeners()

    idle.__name__ = "every Bolt listener finished"
    await standin.wait_for(idle)


async def bot_knows_message(bot: BotHarness, channel: str, ts: str) -> None:
    """Wait until the bot has recorded that it posted this message (its outbox row has the ts).

    The bot posts first and records the ts after, so a reply sent the instant the message shows
    up in Slack can find no row and be taken for a thread that isn't the bot's. A person cannot
    reply that fast; a test can, so it waits for the bot's record first.
    """

    async def known() -> bool:
        async with bot.runtime.uow() as uow:
            return await uow.repos.outbox.by_message(channel, ts) is not None

    loop = asyncio.get_running_loop()
    deadline = loop.time() + 5.0
    while not await known():
        assert loop.time() < deadline, f"the bot never recorded posting {channel}/{ts}"
        await asyncio.sleep(0.01)
