"""Drawing an outbox message from the database as it is now (at send time and after a click)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.blocks.nudge import NudgeView, nudge_message, share_message
from bot.blocks.reply import Reply, section
from core.calendar import numbered_sessions
from core.history import snap
from core.i18n import speaking
from core.languages import person_language
from core.nudges_progress import awaiting_help
from storage.models import Collaborative, Commitment, OutboxMessage
from storage.uow import UnitOfWork


async def person_zone(uow: UnitOfWork, collaborative: Collaborative, user_id: str) -> ZoneInfo:
    person = await uow.repos.people.by_slack_id(collaborative.id, user_id)
    return ZoneInfo((person.timezone if person else None) or collaborative.timezone)


async def _awaiting_help(uow: UnitOfWork, commitment: Commitment) -> bool:
    """Whether the step waits for the TA team's help now, by the planner's rule (read through
    any Undo): a TA's `/plan nudge` and a redraw after a click treat it as a check-in does."""
    if commitment.status != "blocked":
        return False
    history = await uow.repos.commitments.history(commitment.id)
    return awaiting_help(commitment.status, [snap(u) for u in history])


async def nudge_view(
    uow: UnitOfWork, collaborative: Collaborative, row: OutboxMessage, now: datetime
) -> NudgeView:
    payload = row.payload or {}
    recipient = row.recipient_slack_id or ""
    tz = await person_zone(uow, collaborative, recipient)
    numbers = payload.get("commitment_numbers") or []
    commitments = [
        c
        for n in numbers
        if (c := await uow.repos.commitments.by_number(collaborative.id, n)) is not None
    ]
    sessions = {s.session.id: s for s in await numbered_sessions(uow, collaborative.id)}
    resources = {r.id: r for r in await uow.repos.resources.all(collaborative.id)}
    items = payload.get("items") or []
    waiting = [
        c
        for n in payload.get("waiting_numbers") or []
        if (c := await uow.repos.commitments.by_number(collaborative.id, n)) is not None
    ]

    awaiting = frozenset(
        [c.number for c in [*commitments, *waiting] if await _awaiting_help(uow, c)]
    )

    def numbers_of(kind: str) -> list[int]:
        return [n for item in items if item["kind"] == kind for n in item["commitment_numbers"]]

    session = sessions.get(payload.get("session_id") or -1)
    upcoming = sessions.get(payload.get("next_session_id") or -1)
    organization = await uow.repos.organizations.get(payload.get("organization_id") or -1)
    return NudgeView(
        recipient=recipient,
        kinds=tuple(item["kind"] for item in items),
        commitments=commitments,
        today=now.astimezone(tz).date(),
        tz=tz,
        session=(session.number, session.session) if session else None,
        next_session=(upcoming.number, upcoming.session) if upcoming else None,
        resources=[resources[i] for i in payload.get("resource_ids") or [] if i in resources],
        due_soon=numbers_of("due-soon"),
        overdue=numbers_of("overdue"),
        stale=numbers_of("stale"),
        note=payload.get("note"),
        sender=payload.get("sender"),
        organization_name=organization.name if organization else "",
        waiting=waiting,
        awaiting=awaiting,
    )


async def empty_share(uow: UnitOfWork, collaborative: Collaborative, row: OutboxMessage) -> bool:
    """A share whose resources all left the library since it was queued: drawn now it would
    say "shared something" with no link, so the sender cancels it instead."""
    if row.kind != "share":
        return False
    wanted = set((row.payload or {}).get("resource_ids") or [])
    return not any(r.id in wanted for r in await uow.repos.resources.all(collaborative.id))


async def render(
    uow: UnitOfWork, collaborative: Collaborative, row: OutboxMessage, now: datetime
) -> Reply:
    """The row's message; a nudge or a share is drawn now, in its recipient's language (rows
    queued with their text were written in their reader's language when queued)."""
    recipient = (
        await uow.repos.people.by_slack_id(collaborative.id, row.recipient_slack_id)
        if row.recipient_slack_id and row.kind in ("nudge", "share")
        else None
    )
    with speaking(person_language(recipient)):
        return await _draw(uow, collaborative, row, now)


async def _draw(
    uow: UnitOfWork, collaborative: Collaborative, row: OutboxMessage, now: datetime
) -> Reply:
    if row.kind == "nudge":
        return nudge_message(await nudge_view(uow, collaborative, row, now))
    payload = row.payload or {}
    if row.kind == "share":
        wanted = payload.get("resource_ids") or []
        resources = [r for r in await uow.repos.resources.all(collaborative.id) if r.id in wanted]
        return share_message(resources, payload.get("sender"), payload.get("note"))
    text = str(payload.get("text") or "")
    blocks = payload.get("blocks")
    return Reply(text=text, blocks=blocks or [section(text)])
