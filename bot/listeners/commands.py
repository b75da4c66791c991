"""The `/plan` slash command: acknowledge at once, then answer through the response URL."""

from __future__ import annotations

import asyncio
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.blocks.reply import RESPONSE_URL_USES, Reply, section
from bot.dispatch import run_command
from bot.runtime import Runtime
from core.i18n import _


def _fit_response_url(replies: list[Reply]) -> list[Reply]:
    """A response URL takes five posts; say so rather than drop the rest silently."""
    if len(replies) <= RESPONSE_URL_USES:
        return replies
    rest = len(replies) - (RESPONSE_URL_USES - 1)
    note = _(
        "…and {count} more messages. Narrow it down, e.g. `/plan list <organization>`."
    ).format(count=rest)
    return [*replies[: RESPONSE_URL_USES - 1], Reply(text=note, blocks=[section(note)])]


#: How many `/plan` commands one process works on at once; the others, already acknowledged,
#: wait their turn. The work is mostly CPU on one event loop, so running more at once does not
#: finish them sooner; it only puts more work ahead of every new request's ack on the loop
#: (issue 11: under 16 at once, acks were 3x a bare Bolt app's at p50, 6x at p99).
COMMANDS_AT_ONCE = 8


def register(app: AsyncApp, rt: Runtime) -> None:
    at_once = asyncio.Semaphore(COMMANDS_AT_ONCE)

    @app.command("/plan")
    async def plan(
        ack: AsyncAck, body: dict[str, Any], respond: AsyncRespond, client: AsyncWebClient
    ) -> None:
        await ack()
        async with at_once:
            replies = await run_command(
                rt,
                client,
                team_id=body.get("team_id") or "",
                user_id=body["user_id"],
                text=body.get("text") or "",
                trigger_id=body.get("trigger_id"),
                channel_id=body.get("channel_id"),
            )
        for reply in _fit_response_url(replies):
            await respond(response_type="ephemeral", **reply.payload())
