"""Reading a collaborative's evidence from the database: a fixed handful of bulk queries, however
many organizations there are, grouped in Python by :mod:`core.figures`."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select

from core.figures import (
    CommitmentRow,
    Evidence,
    EvidenceInput,
    HelpRow,
    IntroRow,
    NudgeRow,
    OpenRow,
    OrgRow,
    QuestionRow,
    ShareRow,
    UpdateRow,
)
from storage.models import (
    Collaborative,
    Commitment,
    OutboxMessage,
    Question,
    Resource,
    ResourceOpen,
    ResourceShare,
)
from storage.uow import UnitOfWork

#: The outbox kinds the figures read: nudges, help requests and their answers, introductions.
_OUTBOX_KINDS = ("nudge", "help", "answer", "intro")


def _utc(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; every stored time is UTC."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


async def load_evidence(uow: UnitOfWork, collaborative: Collaborative, now: datetime) -> Evidence:
    """The figures of ``collaborative`` as of ``now``."""
    return Evidence(await read_input(uow, collaborative), now)


async def read_input(uow: UnitOfWork, collaborative: Collaborative) -> EvidenceInput:
    cid = collaborative.id
    session = uow.session
    organizations = tuple(
        OrgRow(o.id, o.name, o.handle, o.sphere) for o in await uow.repos.organizations.all(cid)
    )
    members = {
        p.slack_user_id: p.organization_id
        for p in await uow.repos.people.all(cid)
        if p.organization_id is not None
    }
    rows = list(await session.scalars(select(Commitment).where(Commitment.collaborative_id == cid)))
    commitments = tuple(
        CommitmentRow(c.id, c.organization_id, c.status, c.due, _utc(c.created_at)) for c in rows
    )
    numbers = {c.number: c.organization_id for c in rows}
    updates = tuple(
        UpdateRow(u.commitment_id, u.actor_slack_id, _utc(u.at), u.kind, u.new_status)
        for u in await uow.repos.commitments.all_updates(cid)
    )
    outbox = list(
        await session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.collaborative_id == cid, OutboxMessage.kind.in_(_OUTBOX_KINDS))
            .order_by(OutboxMessage.created_at, OutboxMessage.id)
        )
    )
    shares = tuple(
        ShareRow(s.resource_id, s.organization_id, s.person_slack_id, _utc(s.at))
        for s in await session.scalars(
            select(ResourceShare)
            .join(Resource, Resource.id == ResourceShare.resource_id)
            .where(Resource.collaborative_id == cid)
        )
    )
    opens = tuple(
        OpenRow(o.resource_id, o.person_slack_id, _utc(o.at))
        for o in await session.scalars(
            select(ResourceOpen)
            .join(Resource, Resource.id == ResourceOpen.resource_id)
            .where(Resource.collaborative_id == cid)
        )
    )
    questions = tuple(
        QuestionRow(
            q.organization_id,
            _utc(q.asked_at),
            _utc(q.answered_at) if q.answered_at else None,
        )
        for q in await session.scalars(select(Question).where(Question.collaborative_id == cid))
    )
    return EvidenceInput(
        timezone=collaborative.timezone,
        organizations=organizations,
        members=members,
        commitments=commitments,
        updates=updates,
        nudges=_nudges(outbox, members),
        shares=shares,
        opens=opens,
        questions=questions,
        help_requests=_help_requests(outbox, numbers),
        introductions=_introductions(outbox),
    )


def _payload(row: OutboxMessage) -> dict[str, Any]:
    return row.payload or {}


def _nudges(outbox: list[OutboxMessage], members: dict[str, int]) -> tuple[NudgeRow, ...]:
    """Delivered nudges; one planned but never delivered reached nobody and counts for nothing."""
    found = []
    for row in outbox:
        if row.kind != "nudge" or row.status != "sent" or not row.recipient_slack_id:
            continue
        if row.sent_at is None:
            continue
        org = _payload(row).get("organization_id") or members.get(row.recipient_slack_id)
        found.append(NudgeRow(row.recipient_slack_id, org, _utc(row.sent_at)))
    return tuple(found)


def _help_requests(outbox: list[OutboxMessage], numbers: dict[int, int]) -> tuple[HelpRow, ...]:
    """One request per (person, commitment, moment): without a TA channel the same request goes
    to each TA provider's DM. Answered by the TA team's first advice to that person on that
    commitment after it, before they asked again."""
    asked: dict[tuple[str, int], list[datetime]] = defaultdict(list)
    advice: dict[tuple[str, int], list[datetime]] = defaultdict(list)
    for row in outbox:
        payload = _payload(row)
        number = payload.get("number")
        if not isinstance(number, int):
            continue
        if row.kind == "help" and payload.get("requester"):
            asked[(str(payload["requester"]), number)].append(_utc(row.created_at))
        elif row.kind == "answer" and row.recipient_slack_id:
            advice[(row.recipient_slack_id, number)].append(_utc(row.created_at))
    found = []
    for key, moments in asked.items():
        distinct = sorted(set(moments))
        for index, at in enumerate(distinct):
            following = distinct[index + 1] if index + 1 < len(distinct) else None
            first = min(
                (
                    a
                    for a in advice.get(key, [])
                    if a >= at and (following is None or a < following)
                ),
                default=None,
            )
            found.append(HelpRow(numbers.get(key[1]), at, first))
    return tuple(found)


def _introductions(outbox: list[OutboxMessage]) -> tuple[IntroRow, ...]:
    found = []
    for row in outbox:
        if row.kind != "intro" or row.status != "sent" or row.sent_at is None:
            continue
        ids = _payload(row).get("organization_ids") or []
        found.append(IntroRow(tuple(int(i) for i in ids), _utc(row.sent_at)))
    return tuple(found)
