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
from core.i18n import N_, _, speaking
from core.languages import person_language, shared_language
from storage.models import Collaborative, Commitment, OutboxMessage
from storage.uow import UnitOfWork

NO_TA = N_("There is no TA provider to ask yet.")
ANSWER_COMES_HERE = N_(
    "The answer will come to you here in a DM; reply in its thread to keep talking."
)
NEWCOMER_NEXT = N_(
    "You're in no organization yet, so the TA team sees that too and can add you to yours."
)
NO_THREAD = N_(
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
        lambda: question_message(
            ctx.user_id, organization, question.text, newcomer=questions.is_newcomer(ctx)
        ),
        question_id=question.id,
    )
    if not rows:
        raise Refusal(_(NO_TA), "ask")
    return rows


def what_happens_next(ctx: Context) -> str:
    """After asking: where the answer comes, and for a newcomer that they can be added."""
    if questions.is_newcomer(ctx):
        return f"{_(NEWCOMER_NEXT)} {_(ANSWER_COMES_HERE)}"
    return _(ANSWER_COMES_HERE)


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
    with speaking(await recipient_language(uow, ctx.collaborative, requester)):
        reply = coaching_message(ctx.user_id, commitment.number, commitment.title, text)
        if not way_back.get("ta_thread_ts"):
            reply.blocks[-1] = context(_(NO_THREAD).format(number=commitment.number))
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
    ta = alert.recipient_slack_id or ctx.user_id
    with speaking(await ta_thread_language(uow, ctx.collaborative, alert.channel_id, ta)):
        said = _(
            ":speech_balloon: Answered by <@{ta}> from their Home tab; it went to "
            "<@{person}> as a DM and is kept on `#{number}` as a note:"
        ).format(ta=ctx.user_id, person=requester, number=commitment.number)
        follow_up = _("Reply in this thread to add more: it goes to <@{person}>.").format(
            person=requester
        )
        fallback = _("Answered by <@{ta}> from Home about #{number}").format(
            ta=ctx.user_id, number=commitment.number
        )
    return await queue(
        uow,
        ctx.collaborative,
        ctx.now,
        kind="reply",
        payload={
            "text": fallback,
            "blocks": [section(f"{said}\n{quoted}"), context(follow_up)],
            "thread_ts": alert.ts,
        },
        channel_id=alert.channel_id,
    )


async def recipient_language(uow: UnitOfWork, collaborative: Collaborative, slack_id: str) -> str:
    """The language a message queued for one person is drawn in: theirs, not the language of
    whoever caused it (a TA's answer reaches a participant framed in the participant's words)."""
    return person_language(await uow.repos.people.by_slack_id(collaborative.id, slack_id))


async def ta_thread_language(
    uow: UnitOfWork, collaborative: Collaborative, channel_id: str | None, ta: str
) -> str:
    """The language of a line in a TA thread: the collaborative's in the TA channel, which many
    read; in a TA provider's DM (no TA channel set), that TA provider's own."""
    if channel_id and channel_id == collaborative.ta_channel_id:
        return shared_language(collaborative)
    return await recipient_language(uow, collaborative, ta)
