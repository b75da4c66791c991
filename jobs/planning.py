"""From the database to the pure planner and back: due nudges become outbox rows."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from core import nudges
from core.calendar import numbered_sessions
from core.nudge_payload import message_payload
from core.nudges_progress import UpdateSnap, awaiting_help, last_progress
from core.nudges_rules import zone
from core.nudges_settings import planner_settings
from core.vocabulary import ACTIVE_STATUSES
from storage.models import (
    Collaborative,
    Commitment,
    CommitmentUpdate,
    OutboxMessage,
    ResourceShare,
)

__all__ = [
    "SentHistory",
    "enqueue_due_nudges",
    "planner_settings",
    "planning_state",
    "sent_history",
]
from storage.uow import UnitOfWork

#: How far back the planner looks at what was already sent; windows are shorter than this.
HISTORY = timedelta(days=120)
NUDGE_KINDS = ("nudge",)


@dataclass(frozen=True)
class SentHistory:
    """What the outbox says was already sent: items, the days each person got a nudge (a TA's
    too) and the days they got an automatic one (the spacing counts from those). Read from the
    outbox rows, so the limits hold across restarts and between processes."""

    items: tuple[nudges.SentItem, ...]
    days: frozenset[tuple[str, date]]
    automatic_days: frozenset[tuple[str, date]]
    held_for: frozenset[str] = frozenset()


#: Outbox states of a message not delivered yet (nor given up on).
UNDELIVERED = ("pending", "sending", "unknown")


def sent_history(
    rows: list[OutboxMessage], zones: Mapping[str, ZoneInfo] | None = None
) -> SentHistory:
    """Items already delivered or on their way, the days each person already got one, and who
    has a TA's nudge still waiting to go out (the automatic one waits for it).

    A TA's nudge counts on the day it was planned for and, with the recipient's zone in
    ``zones``, on the local day it was actually delivered: one held past a night the send job
    did not run arrives on a later morning, and that morning's automatic nudge must not follow
    it a second later."""
    items: list[nudges.SentItem] = []
    days: set[tuple[str, date]] = set()
    automatic: set[tuple[str, date]] = set()
    held: set[str] = set()
    for row in rows:
        if row.kind not in NUDGE_KINDS or row.status in ("failed", "cancelled"):
            continue
        recipient = row.recipient_slack_id
        if not recipient:
            continue
        payload = row.payload or {}
        at = row.sent_at or row.created_at
        for item in payload.get("items", []):
            items.append(nudges.SentItem(recipient, item["key"], at))
        manual = bool(payload.get("sender"))  # a TA's `/plan nudge` names its sender
        if payload.get("local_date"):
            day = (recipient, date.fromisoformat(payload["local_date"]))
            days.add(day)
            if not manual:
                automatic.add(day)
        if manual and row.status in UNDELIVERED:
            held.add(recipient)
        elif manual and row.sent_at is not None and zones and recipient in zones:
            sent_at = row.sent_at if row.sent_at.tzinfo else row.sent_at.replace(tzinfo=UTC)
            days.add((recipient, sent_at.astimezone(zones[recipient]).date()))
    return SentHistory(tuple(items), frozenset(days), frozenset(automatic), frozenset(held))


async def _progress(
    uow: UnitOfWork, collaborative_id: int, found: list[Commitment]
) -> dict[int, tuple[datetime, bool]]:
    """Per commitment id: when it last moved, and whether it waits for the TA team's help.

    One query joined on the collaborative's active commitments (not an IN list, which SQLite
    caps at a few thousand ids)."""
    history: dict[int, list[UpdateSnap]] = {c.id: [] for c in found}
    u = CommitmentUpdate
    rows = await uow.session.execute(
        select(
            u.commitment_id,
            u.id,
            u.at,
            u.kind,
            u.actor_slack_id,
            u.new_status,
            u.note,
            u.source_key,
        )
        .join(Commitment, Commitment.id == u.commitment_id)
        .where(
            Commitment.collaborative_id == collaborative_id,
            Commitment.status.in_(ACTIVE_STATUSES),
        )
    )
    for row in rows:
        if row.commitment_id in history:
            history[row.commitment_id].append(
                UpdateSnap(
                    row.id,
                    row.at,
                    row.kind,
                    row.actor_slack_id,
                    row.new_status,
                    row.note,
                    row.source_key,
                )
            )
    return {
        c.id: (last_progress(history[c.id], c.created_at), awaiting_help(c.status, history[c.id]))
        for c in found
    }


async def planning_state(
    uow: UnitOfWork, collaborative: Collaborative, now: datetime
) -> nudges.PlanningState:
    repos = uow.repos
    cid = collaborative.id
    sessions = await numbered_sessions(uow, cid)
    people = [
        nudges.PersonSnap(
            slack_user_id=p.slack_user_id,
            organization_id=p.organization_id,
            timezone=p.timezone,
            paused_until=p.paused_until,
        )
        for p in await repos.people.all(cid)
        if p.organization_id is not None
    ]
    active = list(await repos.commitments.all(cid, ACTIVE_STATUSES))
    progress = await _progress(uow, cid, active)
    commitments = [
        nudges.CommitmentSnap(
            id=c.id,
            number=c.number,
            organization_id=c.organization_id,
            title=c.title,
            owner_slack_id=c.owner_slack_id,
            due=c.due,
            status=c.status,
            updated_at=progress[c.id][0],
            snoozed_until=c.snoozed_until,
            awaiting_help=progress[c.id][1],
        )
        for c in active
    ]
    resources = [
        nudges.ResourceSnap(r.id, r.number, r.session_id, r.title, r.url)
        for r in await repos.resources.all(cid)
    ]
    shares = (
        await uow.session.scalars(
            select(ResourceShare).where(ResourceShare.organization_id.is_not(None))
        )
    ).all()
    settings = planner_settings(collaborative)
    zones = {p.slack_user_id: zone(p.timezone, settings.timezone) for p in people}
    history = sent_history(list(await repos.outbox.since(cid, now - HISTORY)), zones)
    return nudges.PlanningState(
        settings=planner_settings(collaborative),
        sessions=tuple(
            nudges.SessionSnap(s.session.id, s.number, s.starts_at, s.session.title)
            for s in sessions
        ),
        people=tuple(people),
        commitments=tuple(commitments),
        resources=tuple(resources),
        sent=history.items,
        shared=tuple(
            nudges.SharedResource(s.resource_id, s.organization_id)
            for s in shares
            if s.organization_id is not None
        ),
        messages_sent_on=history.days,
        automatic_sent_on=history.automatic_days,
        held_for=history.held_for,
    )


async def enqueue_due_nudges(
    uow: UnitOfWork, collaborative: Collaborative, now: datetime, *, commit: bool = True
) -> list[OutboxMessage]:
    """Plan and store; the dedupe key makes a second run (or a second process) add nothing."""
    state = await planning_state(uow, collaborative, now)
    added = []
    for message in nudges.plan_nudges(state, now):
        row = OutboxMessage(
            collaborative_id=collaborative.id,
            dedupe_key=f"{collaborative.id}:{message.dedupe_key}",
            kind="nudge",
            recipient_slack_id=message.recipient,
            payload=message_payload(message),
            due_at=now,
            status="pending",
            attempts=0,
            created_at=now,
        )
        if await uow.repos.outbox.add_if_new(row):
            added.append(row)
    if commit:
        await uow.commit()
    else:
        await uow.flush()
    return added
