"""A person's reply in the thread of their check-in: recorded on the commitment it is about.

When the check-in lists several commitments and the reply doesn't say which, the bot asks back
and keeps the text (in the database, so a restart loses nothing); a reply that is only a number
answers the question and the kept text is recorded on that commitment, as the same kind of
update it would have been. The kept text expires after a day or when a newer check-in arrives.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.blocks.commitments import title_mrkdwn
from core import commitments
from core.context import Context
from core.replies import ReplyMeaning, answered_number, still_pending, understand
from core.vocabulary import STATUS_LABELS
from storage.models import Commitment, OutboxMessage, PendingReply
from storage.uow import UnitOfWork


@dataclass(frozen=True)
class NudgeReplied:
    """What a reply in a check-in's thread led to: a line to say in the thread (an ask-back, a
    refusal, or what was recorded), and whether a commitment changed (then the check-in is
    redrawn and the reply gets the ✅)."""

    said: str | None = None
    changed: bool = False


def which_one(listed: Sequence[Commitment]) -> str:
    """The ask-back: the numbers to answer with, and that what they wrote is kept meanwhile."""
    numbers = " or ".join(f"`#{c.number}`" for c in listed) or "its number"
    return (
        f"Thanks! Which commitment is this about? Reply here with just its number ({numbers}) "
        "and I'll add what you wrote to it. I keep it for a day, or until your next check-in."
    )


def _recorded(commitment: Commitment, status: str | None) -> str:
    title = f"`#{commitment.number}` {title_mrkdwn(commitment.number, commitment.title)}"
    if status:
        return f":white_check_mark: Marked {title} *{STATUS_LABELS[status]}*, with what you wrote."
    return f":white_check_mark: Added what you wrote to {title}."


async def _apply(uow: UnitOfWork, ctx: Context, meaning: ReplyMeaning, event_id: str) -> Commitment:
    """Record a reply the way its words say: a status change with a note, or a note."""
    assert meaning.commitment is not None
    number = meaning.commitment.number
    key = f"event:{event_id}" if event_id else None
    if meaning.status:
        await commitments.set_status(
            uow, ctx, number, meaning.status, meaning.note, "thread", "status", source_key=key
        )
    else:
        await commitments.add_note(uow, ctx, number, meaning.note, "thread", source_key=key)
    return meaning.commitment


async def nudge_reply(
    uow: UnitOfWork, ctx: Context, row: OutboxMessage, text: str, event_id: str
) -> NudgeReplied:
    """Record the reply. When it could be about several of the check-in's commitments, keep it
    and ask which; a bare number then answers that, and the kept text is recorded there."""
    numbers = (row.payload or {}).get("commitment_numbers") or []
    listed = [
        c
        for n in numbers
        if (c := await uow.repos.commitments.by_number(ctx.collaborative.id, n)) is not None
    ]
    channel, thread_ts = str(row.channel_id), str(row.ts)
    pending = await uow.repos.pending.get(channel, thread_ts, ctx.user_id)
    expired = False
    if pending is not None and not still_pending(
        pending.created_at,
        ctx.now,
        await uow.repos.pending.nudged_since(ctx.user_id, pending.created_at, thread_ts),
    ):
        await uow.repos.pending.drop(channel, thread_ts, ctx.user_id)
        pending, expired = None, True
    number = answered_number(text)
    if number is not None:
        return await _answer_which_one(uow, ctx, listed, pending, number, expired, event_id)
    meaning = understand(text, listed, ctx.user_id)
    if meaning.commitment is None:
        await uow.repos.pending.keep(
            ctx.collaborative.id, channel, thread_ts, ctx.user_id, text, ctx.now
        )
        await uow.commit()  # the event is handled: asking back is the answer
        return NudgeReplied(said=which_one(listed))
    await _apply(uow, ctx, meaning, event_id)
    if pending is not None:  # a reply naming its commitment settles the question asked
        await uow.repos.pending.drop(channel, thread_ts, ctx.user_id)
        await uow.commit()
    return NudgeReplied(changed=True)


async def _answer_which_one(
    uow: UnitOfWork,
    ctx: Context,
    listed: Sequence[Commitment],
    pending: PendingReply | None,
    number: int,
    expired: bool,
    event_id: str,
) -> NudgeReplied:
    """A reply that is only a number: the answer to "which commitment?" for the kept text."""
    if pending is None:
        await uow.commit()  # handled: the person is told what to send instead
        start = (
            "I kept your earlier message only for a day (or until your next check-in)"
            if expired
            else "A number alone doesn't say what to record"
        )
        return NudgeReplied(
            said=f"{start}: reply with the number and what to record, e.g. "
            f"`#{number} sent the draft to HR`."
        )
    chosen = next((c for c in listed if c.number == number), None)
    if chosen is None:
        await uow.commit()  # the kept text keeps waiting for a number that matches
        numbers = " or ".join(f"`#{c.number}`" for c in listed)
        return NudgeReplied(
            said=f"`#{number}` isn't in this check-in: reply with {numbers} and I'll add what "
            "you wrote to it."
        )
    meaning = understand(pending.text, [chosen], ctx.user_id)
    channel, thread_ts = pending.channel_id, pending.thread_ts
    commitment = await _apply(uow, ctx, meaning, event_id)
    await uow.repos.pending.drop(channel, thread_ts, ctx.user_id)
    await uow.commit()
    return NudgeReplied(said=_recorded(commitment, meaning.status), changed=True)
