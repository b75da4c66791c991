"""Questions on their way to the TA team and the TA team's advice on its way back, whichever
way they were asked or given (a command, a thread reply, a button on Home)."""

from __future__ import annotations

from typing import Any

from bot.blocks.alerts import coaching_message, question_message
from bot.blocks.reply import context, section
from bot.delivery.outbox import queue, queue_for_ta_team
from bot.mrkdwn import clip, escape
from core import commitments, questions
from core.context import Context
from core.errors import Refusal
from storage.models import Commitment, OutboxMessage
from storage.uow import UnitOfWork

NO_TA = "There is no TA provider to ask yet."
ANSWER_COMES_HERE = "The answer will come to you here in a DM; reply in its thread to keep talking."
NEWCOMER_NEXT = (
    "You're in no organization yet, so the TA team sees that too and can add you to yours."
)
NO_THREAD = (
    "To answer, add a note with `/plan note #{number} <text>` or ask with `/plan ask <question>`."
)


async def relay_question(uow: UnitOfWork, ctx: Context, text: str) -> list[OutboxMessage]:
    """Record the question and queue it for the TA channel (or each TA provider's DM); the
    caller commits and delivers, so both ways of asking are counted and answered alike."""
    question = await questions.ask(uow, ctx, text)
    organization = (
        await uow.repos.organizations.get(question.organization_id)
        if question.organization_id
        else None
    )
    rows = await queue_for_ta_team(
        uow,
        ctx.collaborative,
        ctx.now,
        "question",
        question_message(
            ctx.user_id, organization, question.text, newcomer=questions.is_newcomer(ctx)
        ),
        question_id=question.id,
    )
    if not rows:
        raise Refusal(NO_TA, "ask")
    return rows


def what_happens_next(ctx: Context) -> str:
    """After asking: where the answer comes, and for a newcomer that they can be added."""
    if questions.is_newcomer(ctx):
        return f"{NEWCOMER_NEXT} {ANSWER_COMES_HERE}"
    return ANSWER_COMES_HERE


async def relay_coaching(
    uow: UnitOfWork,
    ctx: Context,
    commitment: Commitment,
    text: str,
    requester: str,
    way_back: dict[str, Any],
    *,
    source: str,
    source_key: str | None = None,
) -> OutboxMessage:
    """A TA provider's advice on a blocked step, from the help alert's thread or the Home tab:
    queued to the person who asked (held past their quiet hours like any answer), and kept on
    the commitment as a note. `way_back` says where that person's reply to it should go; with
    none, the message says how else to answer instead of promising a thread."""
    reply = coaching_message(ctx.user_id, commitment.number, commitment.title, text)
    if not way_back.get("ta_thread_ts"):
        reply.blocks[-1] = context(NO_THREAD.format(number=commitment.number))
    relayed = await queue(
        uow,
        ctx.collaborative,
        ctx.now,
        kind="answer",
        payload={
            "text": reply.text,
            "blocks": reply.blocks,
            "number": commitment.number,
            "ta": ctx.user_id,
            **way_back,
        },
        recipient=requester,
    )
    await commitments.add_note(uow, ctx, commitment.number, text, source, source_key=source_key)
    return relayed


async def echo_in_alert_thread(
    uow: UnitOfWork,
    ctx: Context,
    commitment: Commitment,
    text: str,
    requester: str,
    alert: OutboxMessage,
) -> OutboxMessage | None:
    """An answer given from the Home tab, posted in the help alert's thread too: the thread is
    where the TA team looks, so another TA provider sees it was answered (and what was said)
    instead of answering a second time. Queued for the caller to commit and deliver."""
    if not alert.channel_id or not alert.ts:
        return None
    quoted = "\n".join(f"> {line}" for line in escape(clip(text, 2500)).splitlines())
    body = (
        f":speech_balloon: Answered by <@{ctx.user_id}> from their Home tab; it went to "
        f"<@{requester}> as a DM and is kept on `#{commitment.number}` as a note:\n{quoted}"
    )
    follow_up = f"Reply in this thread to add more: it goes to <@{requester}>."
    return await queue(
        uow,
        ctx.collaborative,
        ctx.now,
        kind="reply",
        payload={
            "text": f"Answered by <@{ctx.user_id}> from Home about #{commitment.number}",
            "blocks": [section(body), context(follow_up)],
            "thread_ts": alert.ts,
        },
        channel_id=alert.channel_id,
    )
