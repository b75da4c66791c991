"""Events: replies in a nudge's thread, TA answers in a question's thread, replies to those
answers, plain DMs to the bot, the Home tab.

Bolt acknowledges events before this code runs and Slack retries slow deliveries, so each
event's effect is committed together with its event id: a retry finds the id and does nothing
new, and the acknowledgement (a reaction) is idempotent by nature.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any
from zoneinfo import ZoneInfo

from slack_bolt.async_app import AsyncApp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.blocks.alerts import answer_message, participant_reply, relay_outcome
from bot.blocks.commitments import title_mrkdwn
from bot.delivery.outbox import deliver, queue
from bot.delivery.records import SendReport
from bot.edge import retried, team_of, use_case
from bot.grammar_text import plain_text
from bot.home import publish_home
from bot.listeners.actions import redraw
from bot.listeners.dm import answer_dm, is_plain_dm
from bot.listeners.nudge_replies import nudge_reply
from bot.relay import recipient_language, relay_coaching, ta_thread_language
from bot.runtime import Runtime
from bot.views.blocked_reason import Origin
from core import commitments
from core.context import Context
from core.errors import Refusal
from core.i18n import N_, _, current_language, speaking
from core.i18n_dates import moment
from core.languages import shared_language
from core.questions import mark_answered
from storage.models import OutboxMessage, Question
from storage.uow import UnitOfWork

log = logging.getLogger(__name__)

#: Outbox kinds whose threads carry meaning: check-ins, alerts to the TA team, relayed answers.
THREADS_WE_READ = ("nudge", "question", "help", "answer")

ACK_REACTION = "white_check_mark"
CANNOT_RELAY = N_(
    "I can't pass replies to this message on. To reach the TA team, use `/plan ask <question>`."
)


async def react(client: AsyncWebClient, channel: str, ts: str) -> None:
    try:
        await client.reactions_add(channel=channel, timestamp=ts, name=ACK_REACTION)
    except SlackApiError as error:
        if error.response.get("error") != "already_reacted":
            log.warning("could not acknowledge %s/%s: %s", channel, ts, error)


async def thread_reply(client: AsyncWebClient, channel: str, thread_ts: str, text: str) -> None:
    await client.chat_postMessage(channel=channel, thread_ts=thread_ts, text=text)


async def _answer(
    uow: UnitOfWork, ctx: Context, row: OutboxMessage, text: str, event_id: str
) -> OutboxMessage | None:
    """A TA provider's reply goes back to the asker; the first one marks the question answered."""
    if not ctx.is_ta:
        return None
    question = await uow.session.get(Question, (row.payload or {}).get("question_id") or -1)
    if question is None:
        return None
    mark_answered(question, ctx.user_id, ctx.now)
    # the framing in the asker's language; the TA provider's own words stay as typed
    with speaking(await recipient_language(uow, ctx.collaborative, question.asker_slack_id)):
        reply = answer_message(ctx.user_id, question.text, text)
    answer = await queue(
        uow,
        ctx.collaborative,
        ctx.now,
        kind="answer",
        payload={
            "text": reply.text,
            "blocks": reply.blocks,
            "question_id": question.id,
            **_way_back(ctx, row),
        },
        recipient=question.asker_slack_id,
    )
    await uow.commit()
    return answer


async def _coach(
    uow: UnitOfWork, ctx: Context, row: OutboxMessage, text: str, event_id: str
) -> OutboxMessage | None:
    """The coaching loop: a TA provider's reply to a help request reaches the person who asked,
    and is kept in the commitment's history as a note."""
    payload = row.payload or {}
    requester, number = payload.get("requester"), payload.get("number")
    if not ctx.is_ta or not requester or not number:
        return None
    commitment = await uow.repos.commitments.by_number(ctx.collaborative.id, int(number))
    if commitment is None:
        return None
    key = f"event:{event_id}" if event_id else None
    return await relay_coaching(
        uow,
        ctx,
        commitment,
        text,
        str(requester),
        _way_back(ctx, row),
        source="thread",
        source_key=key,
    )


def _way_back(ctx: Context, alert: OutboxMessage) -> dict[str, Any]:
    """What a relayed answer keeps so a reply to it finds its way back: the TA provider who
    answered and the thread of the alert (in the TA channel, or that TA provider's DM)."""
    return {"ta": ctx.user_id, "ta_channel": alert.channel_id, "ta_thread_ts": alert.ts}


async def _reply_to_ta(
    uow: UnitOfWork, ctx: Context, row: OutboxMessage, text: str, event_id: str
) -> OutboxMessage | None:
    """A participant's reply to a relayed answer goes into the thread the TA provider answered
    in, where their next reply comes back the same way; about a commitment, it is also a note."""
    payload = row.payload or {}
    channel, thread = payload.get("ta_channel"), payload.get("ta_thread_ts")
    if not payload.get("ta") or not channel or not thread or ctx.user_id != row.recipient_slack_id:
        return None
    commitment = None
    if payload.get("number"):
        commitment = await uow.repos.commitments.by_number(
            ctx.collaborative.id, int(payload["number"])
        )
    # the TA thread's language (the collaborative's, or the TA provider's in their DM)
    with speaking(
        await ta_thread_language(uow, ctx.collaborative, str(channel), str(payload["ta"]))
    ):
        about = (
            _(" about `#{number}` {title}").format(
                number=commitment.number,
                title=title_mrkdwn(commitment.number, commitment.title),
            )
            if commitment is not None
            else ""
        )
        message = participant_reply(ctx.user_id, about, text)
    relayed = await queue(
        uow,
        ctx.collaborative,
        ctx.now,
        kind="reply",
        payload={"text": message.text, "blocks": message.blocks, "thread_ts": thread},
        channel_id=str(channel),
    )
    if commitment is not None:
        key = f"event:{event_id}" if event_id else None
        try:
            await commitments.add_note(uow, ctx, commitment.number, text, "thread", source_key=key)
        except Refusal as refusal:  # no longer theirs to change: the TA provider still hears
            log.info("reply relayed without a note on #%s: %s", commitment.number, refusal)
    await uow.commit()
    return relayed


async def _confirm_relay(
    rt: Runtime,
    client: AsyncWebClient,
    channel: str,
    thread_ts: str,
    outbox_id: int,
    report: SendReport,
) -> None:
    """Tell the TA provider, in the alert's thread, whether their reply reached the person: a
    reaction alone doesn't say it arrived, and a failure would otherwise go unseen."""
    async with rt.uow() as uow:
        sent = await uow.repos.outbox.get(outbox_id)
        if sent is None or not sent.recipient_slack_id:
            return
        recipient, error = sent.recipient_slack_id, sent.error or ""
        collaborative = await uow.repos.collaboratives.get(sent.collaborative_id)
        # in the TA channel, the collaborative's language; in a TA's DM, the replier's own
        in_channel = collaborative is not None and channel == collaborative.ta_channel_id
        language = shared_language(collaborative) if in_channel else current_language()
        held_until = ""
        if outbox_id in report.sent:
            status = "sent"
        elif outbox_id in report.failed:
            status = "failed"
        elif sent.status == "pending" and not report.retry and not report.unknown:
            status = "held"  # not due yet: the send job delivers it after their quiet hours
            person = await uow.repos.people.by_slack_id(sent.collaborative_id, recipient)
            zone = (person.timezone if person else None) or (
                collaborative.timezone if collaborative else "UTC"
            )
            with speaking(language):
                held_until = moment(sent.due_at, ZoneInfo(zone))
        else:
            status = "retry"
    with speaking(language):
        text = relay_outcome(recipient, status, held_until=held_until, error=error)
    try:
        await thread_reply(client, channel, thread_ts, text)
    except SlackApiError as failure:
        log.warning("could not confirm a relay in %s/%s: %s", channel, thread_ts, failure)


#: How long a reply waits for the bot to finish recording the message it answers.
IN_FLIGHT_POLLS = 50
IN_FLIGHT_PAUSE = 0.1


async def _thread_row(
    rt: Runtime, channel: str, thread_ts: str, user_id: str
) -> OutboxMessage | None:
    """The outbox row of the message this reply is in the thread of.

    The sender posts first and records the message's `ts` after; a reply that arrives in
    between (a busy database, a quick reader) would find nothing and be dropped as "not our
    thread". While a post to this conversation is still in flight, wait for it to be recorded.
    """
    for _attempt in range(IN_FLIGHT_POLLS):
        async with rt.uow() as uow:
            row = await uow.repos.outbox.by_message(channel, thread_ts)
            if row is not None or not await uow.repos.outbox.in_flight_to(channel, user_id):
                return row
        await asyncio.sleep(IN_FLIGHT_PAUSE)
    log.warning(
        "a reply in %s/%s came while a post was still in flight; gave up", channel, thread_ts
    )
    return None


def register(app: AsyncApp, rt: Runtime) -> None:
    @app.event("message")
    @retried
    async def on_message(
        event: dict[str, Any], body: dict[str, Any], client: AsyncWebClient
    ) -> None:
        if is_plain_dm(event):
            await answer_dm(rt, client, body, event)
            return
        thread_ts = event.get("thread_ts")
        if (
            event.get("bot_id")
            or event.get("subtype")
            or not thread_ts
            or thread_ts == event.get("ts")
        ):
            return  # only people's replies in a thread can mean anything to us
        channel, ts, user_id = event["channel"], event["ts"], event.get("user") or ""
        text = plain_text(event.get("text") or "").strip()
        event_id = str(body.get("event_id") or "")
        ask_back: str | None = None
        changed = False
        answer: OutboxMessage | None = None
        alerts: list[OutboxMessage] = []  # "#4 blocked …" in a check-in's thread asks for help
        redraw_origin: Origin | None = None
        found = await _thread_row(rt, channel, thread_ts, user_id)
        if found is None or found.kind not in THREADS_WE_READ:
            if event.get("channel_type") == "im":  # their DM with the bot: answered as a DM
                await answer_dm(rt, client, body, event, thread_ts=thread_ts)
            return  # elsewhere, a thread that is not one of ours: none of our business
        async with use_case(rt, team_of(body), user_id) as (uow, ctx):
            row = await uow.repos.outbox.by_message(channel, thread_ts)
            if row is None or row.kind not in THREADS_WE_READ or not text:
                return  # a thread that is not one of ours: none of our business
            if event_id and not await uow.repos.events.record_first(event_id, ctx.now):
                await react(client, channel, ts)  # a retry: make sure it was acknowledged
                return
            try:
                if row.kind == "nudge":
                    replied = await nudge_reply(uow, ctx, row, text, event_id)
                    ask_back, changed, alerts = replied.said, replied.changed, replied.alerts
                    if changed:
                        redraw_origin = Origin(number=0, channel_id=channel, message_ts=thread_ts)
                elif row.kind == "answer":
                    answer = await _reply_to_ta(uow, ctx, row, text, event_id)
                    if answer is None:
                        await uow.commit()  # handled: the person is told where to go instead
                        ask_back = _(CANNOT_RELAY)
                else:
                    relay = _answer if row.kind == "question" else _coach
                    answer = await relay(uow, ctx, row, text, event_id)
                    if answer is None:
                        return
            except Refusal as refusal:
                await uow.commit()  # refusals change nothing; the event id marks it handled
                ask_back = refusal.message
        if ask_back:
            await thread_reply(client, channel, thread_ts, ask_back)
        if changed or not ask_back:
            await react(client, channel, ts)
        if alerts:
            await deliver(rt, client, alerts)
        if answer is not None:
            report = await deliver(rt, client, [answer])
            if row.kind in (
                "question",
                "help",
            ):  # a TA's reply: say in the thread what became of it
                await _confirm_relay(rt, client, channel, thread_ts, answer.id, report)
        if redraw_origin is not None:
            await redraw(rt, client, team_of(body), user_id, redraw_origin)

    @app.event("app_home_opened")
    @retried
    async def on_home(event: dict[str, Any], body: dict[str, Any], client: AsyncWebClient) -> None:
        if event.get("tab", "home") == "home":
            await publish_home(rt, client, team_of(body), event["user"])
