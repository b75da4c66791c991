"""A person's reply in the thread of their check-in: recorded on the commitments it is about.

"#2 done, #15 in progress - called them" marks #2 done and #15 in progress with its note, as
the buttons would (a part that turns a commitment blocked alerts the TA team, as typing
`blocked` does), and the bot says in the thread exactly what it recorded. When the check-in
lists several commitments and the reply doesn't say which, the bot asks back once and keeps
the text (in the database, so a restart loses nothing); further unclear replies are kept too,
quietly, and a reply that is only a number records every kept text on that commitment, in
order, as the same kind of update each would have been. Kept texts expire a day after the
latest, or when a newer check-in arrives.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from bot.blocks.alerts import help_request
from bot.blocks.commitments import title_mrkdwn
from bot.delivery.outbox import queue_for_ta_team
from bot.mrkdwn import escape
from bot.shorten import shorten
from core import commitments
from core.context import Context
from core.errors import Refusal
from core.i18n import _
from core.replies import (
    ReplyPart,
    answered_number,
    mentioned_numbers,
    still_pending,
    understand,
)
from core.vocabulary import status_label
from storage.models import Commitment, OutboxMessage, PendingReply
from storage.pending_repo import kept_texts
from storage.uow import UnitOfWork

#: How much of a note the thread's confirmation quotes back (the whole note is kept).
QUOTED_NOTE = 200


@dataclass(frozen=True)
class NudgeReplied:
    """What a reply in a check-in's thread led to: a line to say in the thread (an ask-back, a
    refusal, or what was recorded), whether a commitment changed (then the check-in is redrawn
    and the reply gets the ✅), and alerts for the TA team to deliver (a part saying blocked)."""

    said: str | None = None
    changed: bool = False
    alerts: list[OutboxMessage] = field(default_factory=list)


def which_one(listed: Sequence[Commitment]) -> str:
    """The ask-back: the numbers to answer with, and that what they wrote is kept meanwhile."""
    numbers = _either(listed) or _("its number")
    return _(
        "Thanks! Which commitment is this about? Reply here with just its number ({numbers}) "
        "and I'll add what you wrote to it. I keep it for a day, or until your next check-in; "
        "anything else you write here before then waits for the same number."
    ).format(numbers=numbers)


def _either(listed: Sequence[Commitment]) -> str:
    """`#2` or `#15`: the numbers a person may answer with."""
    return _(" or ").join(f"`#{c.number}`" for c in listed)


class _Held(UnitOfWork):
    """The reply's unit of work with each service's commit held back until the whole reply is
    recorded: a reply about several commitments is one change, all of it or none, and a retry
    of the event finds it done."""

    def __init__(self, uow: UnitOfWork) -> None:
        self.session, self.repos = uow.session, uow.repos

    async def commit(self, *, repeatable: bool = False) -> None:
        await self.session.flush()


@dataclass(frozen=True)
class _Done:
    """One part as recorded (or refused), for the thread's confirmation."""

    number: int
    title: str
    status: str | None
    previous: str | None
    note: str | None
    refused: str | None = None


def _said(done: _Done) -> str:
    what = f"`#{done.number}` {title_mrkdwn(done.number, done.title)}"
    quoted = f"“{shorten(escape(' '.join(done.note.split())), QUOTED_NOTE)}”" if done.note else ""
    if done.refused:
        return _("couldn't record on `#{number}`: {reason}").format(
            number=done.number, reason=done.refused
        )
    if done.status and done.status != done.previous:
        status = status_label(done.status)
        if quoted:
            return _("marked {what} *{status}*, noting {note}").format(
                what=what, status=status, note=quoted
            )
        return _("marked {what} *{status}*").format(what=what, status=status)
    if done.status:
        status = status_label(done.status)
        if quoted:
            return _("{what} was already *{status}*; noted {note}").format(
                what=what, status=status, note=quoted
            )
        return _("{what} was already *{status}*: nothing to change").format(
            what=what, status=status
        )
    return _("noted on {what}: {note}").format(what=what, note=quoted)


def recorded(done: Sequence[_Done]) -> str:
    """One line saying exactly what each part of the reply did: "Marked `#2` … *Done* and
    noted on `#15` …: “called them”"."""
    lines = [_said(d) for d in done]
    joined = (
        lines[0]
        if len(lines) == 1
        else _("{earlier} and {last}").format(earlier="; ".join(lines[:-1]), last=lines[-1])
    )
    mark = ":white_check_mark:" if any(not d.refused for d in done) else ":warning:"
    return f"{mark} {joined[0].upper()}{joined[1:]}."


async def _apply(
    uow: UnitOfWork, ctx: Context, parts: Sequence[ReplyPart], event_id: str
) -> tuple[list[_Done], list[OutboxMessage]]:
    """Record each part the way its words say, in order: a status change (with the rest as its
    note) or a note. A part that can't be recorded is said so and the others still are; all of
    it is committed at once, with the event id the caller recorded."""
    held = _Held(uow)
    done: list[_Done] = []
    alerts: list[OutboxMessage] = []
    for index, part in enumerate(parts):
        number, title = part.commitment.number, part.commitment.title
        key = f"event:{event_id}" + (f":{index}" if index else "") if event_id else None
        try:
            if part.status:
                changed, previous = await commitments.set_status(
                    held, ctx, number, part.status, part.note, "thread", "status", source_key=key
                )
                if part.status == "blocked" and previous != "blocked" and not ctx.is_ta:
                    alerts += await _alert_ta_team(uow, ctx, changed, part.note)
                done.append(_Done(number, title, part.status, previous, part.note))
            elif part.note:
                await commitments.add_note(held, ctx, number, part.note, "thread", source_key=key)
                done.append(_Done(number, title, None, None, part.note))
            else:
                refused = _("say what to record after it")
                done.append(_Done(number, title, None, None, None, refused))
        except Refusal as refusal:
            done.append(_Done(number, title, None, None, None, refusal.message))
    await uow.commit()
    return done, alerts


async def _alert_ta_team(
    uow: UnitOfWork, ctx: Context, commitment: Commitment, note: str | None
) -> list[OutboxMessage]:
    """ "#4 blocked …" asks for help as the button and the typed `blocked` do."""
    organization = await uow.repos.organizations.get(commitment.organization_id)
    assert organization is not None
    return await queue_for_ta_team(
        uow,
        ctx.collaborative,
        ctx.now,
        "help",  # drawn in the TA channel's language, the reason too
        lambda: help_request(
            commitment,
            organization,
            ctx.user_id,
            note or _("No reason given yet: ask what would help."),
        ),
        requester=ctx.user_id,
        number=commitment.number,
    )


async def nudge_reply(
    uow: UnitOfWork, ctx: Context, row: OutboxMessage, text: str, event_id: str
) -> NudgeReplied:
    """Record the reply. When it could be about several of the check-in's commitments, keep it
    and ask which (once); a bare number then answers that, and every kept text is recorded."""
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
    # a number the check-in doesn't list (added since, say) still names that commitment:
    # recording it (or saying why not) beats asking "which one?" about a reply that said
    also = [
        c
        for n in dict.fromkeys(mentioned_numbers(text))
        if n not in numbers
        and (c := await uow.repos.commitments.by_number(ctx.collaborative.id, n)) is not None
    ]
    parts = understand(text, listed, ctx.user_id, also)
    if not parts:
        await uow.repos.pending.keep(
            ctx.collaborative.id, channel, thread_ts, ctx.user_id, text, ctx.now
        )
        await uow.commit()  # the event is handled: asking back (or the ✅) is the answer
        if pending is not None:  # already asked: this one waits for the same number
            return NudgeReplied()
        return NudgeReplied(said=which_one(listed))
    done, alerts = await _apply(uow, ctx, parts, event_id)
    said = recorded(done)
    if pending is not None:  # what they wrote before still waits for its number
        said += " " + _("What you wrote before still waits: reply with just its number to add it.")
    return NudgeReplied(said=said, changed=any(not d.refused for d in done), alerts=alerts)


async def _answer_which_one(
    uow: UnitOfWork,
    ctx: Context,
    listed: Sequence[Commitment],
    pending: PendingReply | None,
    number: int,
    expired: bool,
    event_id: str,
) -> NudgeReplied:
    """A reply that is only a number: the answer to "which commitment?" for the kept texts."""
    if pending is None:
        await uow.commit()  # handled: the person is told what to send instead
        if expired:
            said = _(
                "I kept your earlier message only for a day (or until your next check-in): "
                "reply with the number and what to record, e.g. `#{number} sent the draft to HR`."
            )
        else:
            said = _(
                "A number alone doesn't say what to record: reply with the number and what to "
                "record, e.g. `#{number} sent the draft to HR`."
            )
        return NudgeReplied(said=said.format(number=number))
    chosen = next((c for c in listed if c.number == number), None)
    if chosen is None:
        await uow.commit()  # the kept text keeps waiting for a number that matches
        return NudgeReplied(
            said=_(
                "`#{number}` isn't in this check-in: reply with {numbers} and I'll add what "
                "you wrote to it."
            ).format(number=number, numbers=_either(listed))
        )
    parts = [part for text in kept_texts(pending) for part in understand(text, [chosen], "")]
    await uow.repos.pending.drop(pending.channel_id, pending.thread_ts, ctx.user_id)
    done, alerts = await _apply(uow, ctx, parts, event_id)
    return NudgeReplied(
        said=recorded(done), changed=any(not d.refused for d in done), alerts=alerts
    )
