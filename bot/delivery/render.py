"""Drawing an outbox message from the database as it is now (at send time and after a click)."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime
from typing import TypeVar, cast
from zoneinfo import ZoneInfo

from sqlalchemy import select

from bot.blocks.nudge import NudgeView, nudge_message, share_message
from bot.blocks.reply import Reply, section
from core.calendar import NumberedSession, numbered_sessions
from core.history import snap
from core.i18n import speaking
from core.languages import person_language
from core.nudges_progress import awaiting_help
from storage.models import Collaborative, Commitment, Organization, OutboxMessage, Person, Resource
from storage.uow import UnitOfWork

_T = TypeVar("_T")

#: How long a run keeps what it read for drawing before reading it again (seconds of its clock).
FRESH_FOR = 30.0


class DrawCache:
    """What one sender run draws its messages from and no message changes: the calendar, the
    library, the organizations' names, and each recipient's person row (language, time zone,
    whether they were told the privacy notice). Read once per run instead of once per row,
    which was most of a fan-out's statements.

    Kept at most `FRESH_FOR` seconds, so an edit made during a long run (a resource removed, a
    language changed) reaches the messages drawn after it within that time; a click redraws
    without a cache. Shares never use it: whether a share is empty is read at its claim. The
    notice stays exact with a stale person: a cached "never told" only makes the conditional
    UPDATE try, and that UPDATE decides; "told" never goes back.
    """

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self._read_at = clock()
        self._values: dict[tuple[object, ...], object] = {}

    async def get(self, key: tuple[object, ...], read: Callable[[], Awaitable[_T]]) -> _T:
        """The value under `key`, read when missing or when the cache is too old."""
        now = self.clock()
        if now - self._read_at > FRESH_FOR:
            self._values.clear()
            self._read_at = now
        if key not in self._values:
            self._values[key] = await read()
        return cast(_T, self._values[key])

    def put(self, key: tuple[object, ...], value: object) -> None:
        """Keep a value read in bulk (as `get` would have read it) until the next refresh."""
        if self.clock() - self._read_at <= FRESH_FOR:
            self._values[key] = value


async def _cached(
    cache: DrawCache | None, key: tuple[object, ...], read: Callable[[], Awaitable[_T]]
) -> _T:
    return await read() if cache is None else await cache.get(key, read)


async def recipient_of(
    uow: UnitOfWork, collaborative_id: int, user_id: str, cache: DrawCache | None = None
) -> Person | None:
    """The person a message goes to (read once per run with a cache)."""
    found: Person | None = await _cached(
        cache,
        ("person", collaborative_id, user_id),
        lambda: uow.repos.people.by_slack_id(collaborative_id, user_id),
    )
    return found


async def prefetch_recipients(uow: UnitOfWork, cache: DrawCache, outbox_ids: list[int]) -> None:
    """The people these outbox rows go to, in one query, into the run's cache: the sender reads
    a batch's recipients together instead of one per message."""
    found = await uow.session.execute(
        select(Person)
        .join(
            OutboxMessage,
            (OutboxMessage.collaborative_id == Person.collaborative_id)
            & (OutboxMessage.recipient_slack_id == Person.slack_user_id),
        )
        .where(OutboxMessage.id.in_(outbox_ids))
    )
    for person in found.scalars():
        cache.put(("person", person.collaborative_id, person.slack_user_id), person)


async def person_zone(
    uow: UnitOfWork, collaborative: Collaborative, user_id: str, cache: DrawCache | None = None
) -> ZoneInfo:
    person = await recipient_of(uow, collaborative.id, user_id, cache)
    return ZoneInfo((person.timezone if person else None) or collaborative.timezone)


async def _commitments(
    uow: UnitOfWork, collaborative_id: int, numbers: Sequence[int]
) -> list[Commitment]:
    """The commitments with these numbers, in their order, in one query (missing ones left
    out: deleted since the message was queued)."""
    if not numbers:
        return []
    found = {
        c.number: c
        for c in await uow.session.scalars(
            select(Commitment).where(
                Commitment.collaborative_id == collaborative_id,
                Commitment.number.in_(list(numbers)),
            )
        )
    }
    return [found[n] for n in numbers if n in found]


async def _awaiting_help(uow: UnitOfWork, commitment: Commitment) -> bool:
    """Whether the step waits for the TA team's help now, by the planner's rule (read through
    any Undo): a TA's `/plan nudge` and a redraw after a click treat it as a check-in does."""
    if commitment.status != "blocked":
        return False
    history = await uow.repos.commitments.history(commitment.id)
    return awaiting_help(commitment.status, [snap(u) for u in history])


async def nudge_view(
    uow: UnitOfWork,
    collaborative: Collaborative,
    row: OutboxMessage,
    now: datetime,
    cache: DrawCache | None = None,
) -> NudgeView:
    payload = row.payload or {}
    recipient = row.recipient_slack_id or ""
    tz = await person_zone(uow, collaborative, recipient, cache)
    numbers = list(payload.get("commitment_numbers") or [])
    waiting_numbers = list(payload.get("waiting_numbers") or [])
    everything = await _commitments(uow, collaborative.id, [*numbers, *waiting_numbers])
    by_number = {c.number: c for c in everything}
    commitments = [by_number[n] for n in numbers if n in by_number]
    calendar: list[NumberedSession] = await _cached(
        cache,
        ("sessions", collaborative.id),
        lambda: numbered_sessions(uow, collaborative.id),
    )
    sessions = {s.session.id: s for s in calendar}
    library: Sequence[Resource] = await _cached(
        cache,
        ("resources", collaborative.id),
        lambda: uow.repos.resources.all(collaborative.id),
    )
    resources = {r.id: r for r in library}
    items = payload.get("items") or []
    waiting = [by_number[n] for n in waiting_numbers if n in by_number]

    awaiting = frozenset(
        [c.number for c in [*commitments, *waiting] if await _awaiting_help(uow, c)]
    )

    def numbers_of(kind: str) -> list[int]:
        return [n for item in items if item["kind"] == kind for n in item["commitment_numbers"]]

    session = sessions.get(payload.get("session_id") or -1)
    upcoming = sessions.get(payload.get("next_session_id") or -1)
    organization_id = payload.get("organization_id") or -1
    organization: Organization | None = await _cached(
        cache,
        ("organization", organization_id),
        lambda: uow.repos.organizations.get(organization_id),
    )
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
    uow: UnitOfWork,
    collaborative: Collaborative,
    row: OutboxMessage,
    now: datetime,
    cache: DrawCache | None = None,
) -> Reply:
    """The row's message; a nudge or a share is drawn now, in its recipient's language (rows
    queued with their text were written in their reader's language when queued). The sender
    passes its run's `cache`; a redraw after a click reads everything afresh."""
    recipient = (
        await recipient_of(uow, collaborative.id, row.recipient_slack_id, cache)
        if row.recipient_slack_id and row.kind in ("nudge", "share")
        else None
    )
    with speaking(person_language(recipient)):
        return await _draw(uow, collaborative, row, now, cache)


async def _draw(
    uow: UnitOfWork,
    collaborative: Collaborative,
    row: OutboxMessage,
    now: datetime,
    cache: DrawCache | None,
) -> Reply:
    if row.kind == "nudge":
        return nudge_message(await nudge_view(uow, collaborative, row, now, cache))
    payload = row.payload or {}
    if row.kind == "share":
        wanted = payload.get("resource_ids") or []
        resources = [r for r in await uow.repos.resources.all(collaborative.id) if r.id in wanted]
        return share_message(resources, payload.get("sender"), payload.get("note"))
    text = str(payload.get("text") or "")
    blocks = payload.get("blocks")
    return Reply(text=text, blocks=blocks or [section(text)])
