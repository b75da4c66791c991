"""A plain DM to the bot: answered once, with a button that relays it to the TA team.

A message to the bot outside any thread used to get no answer at all. Now every such DM gets
one short reply (committed with the event id, so a Slack retry doesn't answer twice), and the
button turns the DM into a question through the same path as `/plan ask`.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.blocks.direct import ACTION_SEND_TO_TA, dm_sent, dm_welcome
from bot.blocks.reply import Reply, section
from bot.delivery.outbox import deliver, queue
from bot.edge import retried, team_of, use_case
from bot.grammar_text import plain_text
from bot.grammar_usage import with_usage
from bot.listeners.actions import tell
from bot.relay import relay_question, what_happens_next
from bot.runtime import Runtime
from bot.views.blocked_reason import Origin
from core.errors import Refusal
from core.i18n import N_, _
from storage.models import OutboxMessage

log = logging.getLogger(__name__)

#: The outbox kind of the bot's answer to a plain DM; its payload keeps what the person wrote.
DM_REPLY = "dm-reply"
SENT = N_(":white_check_mark: Sent to the TA team.")
GONE = N_("I can't find that message any more. Ask with `/plan ask <question>` instead.")


def is_plain_dm(event: dict[str, Any]) -> bool:
    """A person's own message in their DM with the bot, not a reply in a thread."""
    return (
        event.get("channel_type") == "im"
        and event.get("thread_ts") in (None, event.get("ts"))
        and not event.get("bot_id")
        and not event.get("subtype")
    )


async def answer_dm(
    rt: Runtime,
    client: AsyncWebClient,
    body: dict[str, Any],
    event: dict[str, Any],
    thread_ts: str | None = None,
) -> None:
    """Reply once to a person's DM (in the thread it was written in, if any): a message to the
    bot that no rule reads still gets an answer saying what they can do next."""
    user_id = event.get("user") or ""
    typed = plain_text(event.get("text") or "").strip()
    event_id = str(body.get("event_id") or "")
    async with use_case(rt, team_of(body), user_id) as (uow, ctx):
        if event_id and not await uow.repos.events.record_first(event_id, ctx.now):
            return  # a retry: the first delivery answered
        actor = ctx.actor
        known = actor is not None and (actor.is_ta or actor.organization_id is not None)
        reply = dm_welcome(known, typed)
        row = await queue(
            uow,
            ctx.collaborative,
            ctx.now,
            kind=DM_REPLY,
            payload={
                "text": reply.text,
                "blocks": reply.blocks,
                "asked": typed,
                **({"thread_ts": thread_ts} if thread_ts else {}),
            },
            recipient=user_id,
        )
        await uow.commit()
    await deliver(rt, client, [row])


def register(app: AsyncApp, rt: Runtime) -> None:
    @app.action(ACTION_SEND_TO_TA)
    @retried
    async def on_send_to_ta(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        user_id, team_id = body["user"]["id"], team_of(body)
        container = body.get("container") or {}
        channel = container.get("channel_id") or (body.get("channel") or {}).get("id") or ""
        ts = container.get("message_ts") or (body.get("message") or {}).get("ts") or ""
        rows: list[OutboxMessage] = []
        confirmed, thread_ts = "", None
        try:
            async with use_case(rt, team_id, user_id) as (uow, ctx):
                welcome = await uow.repos.outbox.by_message(channel, ts)
                mine = welcome is not None and welcome.recipient_slack_id == user_id
                if welcome is None or welcome.kind != DM_REPLY or not mine:
                    raise Refusal(_(GONE))  # it already says how to ask instead
                payload = dict(welcome.payload or {})
                # one question per DM, however often the button is pressed
                if await uow.repos.events.record_first(f"dm-ask:{welcome.id}", ctx.now):
                    rows = await relay_question(uow, ctx, str(payload.get("asked") or ""))
                    shown = dm_sent(str(payload.get("asked") or ""), what_happens_next(ctx))
                    welcome.payload = {**payload, "text": shown.text, "blocks": shown.blocks}
                    confirmed = f"{_(SENT)} {what_happens_next(ctx)}"
                    thread_ts = payload.get("thread_ts")
                    await uow.commit()
                else:
                    # the press that sent it may have committed since this one read the row
                    await uow.session.refresh(welcome)
                    payload = dict(welcome.payload or {})
                    shown = Reply(
                        text=str(payload.get("text") or ""),
                        blocks=payload.get("blocks") or [section(str(payload.get("text")))],
                    )
        except Refusal as refusal:
            origin = Origin(number=0, channel_id=channel, message_ts=ts)
            told = with_usage(refusal.message, refusal.usage_key)
            await tell(client, origin, user_id, told)
            return
        await deliver(rt, client, rows)
        await client.chat_update(channel=channel, ts=ts, **shown.payload())
        if confirmed:  # only for the press that sent it: a second press just redraws
            await _confirm(client, channel, user_id, confirmed, thread_ts)


async def _confirm(
    client: AsyncWebClient, channel: str, user_id: str, text: str, thread_ts: str | None
) -> None:
    """A line under the press, where the person is looking (in the thread, if the welcome was
    in one): a message redrawn further up is easy to miss."""
    try:
        await client.chat_postEphemeral(
            channel=channel, user=user_id, text=text, thread_ts=thread_ts
        )
    except SlackApiError as error:
        log.warning("could not confirm the question to %s: %s", user_id, error)
