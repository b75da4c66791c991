"""Confirmation buttons on `/plan` replies (e.g. removing a session others point at).

The confirm button carries the `/plan` text to run, so a click goes through exactly the grammar,
roles and rules that typing it would; the answer replaces the question in place, so the buttons
can't be clicked twice. "Keep it" changes nothing and says so.
"""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.blocks.reply import Reply, section
from bot.commands.calendar import ACTION_CANCEL, ACTION_CONFIRM
from bot.dispatch import run_command
from bot.edge import team_of
from bot.runtime import Runtime
from core.i18n import _


def register(app: AsyncApp, rt: Runtime) -> None:
    @app.action(ACTION_CONFIRM)
    async def on_confirm(
        ack: AsyncAck,
        body: dict[str, Any],
        action: dict[str, Any],
        respond: AsyncRespond,
        client: AsyncWebClient,
    ) -> None:
        await ack()
        replies = await run_command(
            rt,
            client,
            team_id=team_of(body),
            user_id=body["user"]["id"],
            text=str(action.get("value") or ""),
            channel_id=(body.get("channel") or {}).get("id"),
        )
        first, *rest = replies
        await respond(replace_original=True, **first.payload())
        for reply in rest:
            await respond(response_type="ephemeral", **reply.payload())

    @app.action(ACTION_CANCEL)
    async def on_cancel(ack: AsyncAck, action: dict[str, Any], respond: AsyncRespond) -> None:
        await ack()
        text = _cancelled(str(action.get("value") or ""))
        await respond(replace_original=True, **Reply(text=text, blocks=[section(text)]).payload())


def _cancelled(command: str) -> str:
    """What "Keep it" says, with what to do next for the command that was not run."""
    if command.startswith(("forget", "member forget")):
        return _("Nothing was changed: nothing was forgotten. `/plan privacy` says what is kept.")
    return _("Nothing was changed. `/plan session list` shows the calendar.")
