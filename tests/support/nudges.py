"""A small collaborative for the nudge-planning tests, and a helper that records deliveries.

The calendar (collaborative in America/Chicago; CST is UTC-6 until 2026-03-08, CDT UTC-5 after):
- session 1 (id 11): Tue 2026-03-03 14:00 CST = 20:00 UTC; its check-in opens Thu 2026-03-05;
- session 2 (id 12): Tue 2026-03-24 14:00 CDT = 19:00 UTC;
- session 3 (id 13): Tue 2026-04-14 14:00 CDT = 19:00 UTC.
Organization 1 has U1 and U2 (commitments #1 owned by U1, #2 by U2, #4 done); organization 2
has U3 (#3, blocked); organization 3 has U4 and no commitments.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from datetime import UTC, date, datetime

from core.nudges import (
    CommitmentSnap,
    PersonSnap,
    PlannedMessage,
    PlanningState,
    ResourceSnap,
    SentItem,
    SessionSnap,
    Settings,
    SharedResource,
)


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


S1 = SessionSnap(11, 1, utc(2026, 3, 3, 20), "Kick-off")
S2 = SessionSnap(12, 2, utc(2026, 3, 24, 19), "Scheduling and precarious work")
S3 = SessionSnap(13, 3, utc(2026, 4, 14, 19), "Policy wins")

U1, U2, U3, U4 = "U1", "U2", "U3", "U4"
PEOPLE = (
    PersonSnap(U1, 1, None, None),
    PersonSnap(U2, 1, "America/Chicago", None),
    PersonSnap(U3, 2, None, None),
    PersonSnap(U4, 3, None, None),
)


def commitment(
    id: int,
    number: int,
    org: int,
    owner: str | None,
    *,
    due: date | None = None,
    status: str = "open",
    updated_at: datetime = S1.starts_at,
    snoozed_until: datetime | None = None,
) -> CommitmentSnap:
    return CommitmentSnap(
        id=id,
        number=number,
        organization_id=org,
        title=f"Commitment {number}",
        owner_slack_id=owner,
        due=due,
        status=status,
        updated_at=updated_at,
        snoozed_until=snoozed_until,
    )


C1 = commitment(101, 1, 1, U1)
C2 = commitment(102, 2, 1, U2, status="in-progress")
C3 = commitment(103, 3, 2, U3, status="blocked")
C4 = commitment(104, 4, 1, U1, status="done")

RESOURCES = (
    ResourceSnap(201, 1, S1.id, "Fair scheduling toolkit", "https://example.org/1"),
    ResourceSnap(202, 2, S1.id, "Worker voice guide", "https://example.org/2"),
    ResourceSnap(203, 3, None, "Glossary", "https://example.org/3"),
    ResourceSnap(204, 4, S2.id, "Policy brief", "https://example.org/4"),
)


def make_state(
    *,
    settings: Settings | None = None,
    sessions: tuple[SessionSnap, ...] = (S1, S2, S3),
    people: tuple[PersonSnap, ...] = PEOPLE,
    commitments: tuple[CommitmentSnap, ...] = (C1, C2, C3, C4),
    shared: tuple[SharedResource, ...] = (SharedResource(202, 2),),
) -> PlanningState:
    return PlanningState(
        settings=settings or Settings(timezone="America/Chicago"),
        sessions=sessions,
        people=people,
        commitments=commitments,
        resources=RESOURCES,
        sent=(),
        shared=shared,
        messages_sent_on=frozenset(),
    )


def record(state: PlanningState, messages: Iterable[PlannedMessage], at: datetime) -> PlanningState:
    """What the caller does once messages are in the outbox: items, days and resources."""
    messages = list(messages)
    sent = tuple(SentItem(m.recipient, key, at) for m in messages for key in m.item_keys)
    days = frozenset((m.recipient, m.local_date) for m in messages)
    shared = {(r, m.organization_id) for m in messages for r in m.resource_ids}
    return dataclasses.replace(
        state,
        sent=state.sent + sent,
        messages_sent_on=state.messages_sent_on | days,
        automatic_sent_on=state.automatic_sent_on | days,
        shared=state.shared + tuple(SharedResource(r, o) for r, o in sorted(shared)),
    )


def by_recipient(messages: Iterable[PlannedMessage]) -> dict[str, PlannedMessage]:
    found: dict[str, PlannedMessage] = {}
    for message in messages:
        assert message.recipient not in found, "one message per person per call"
        found[message.recipient] = message
    return found


def keys(message: PlannedMessage) -> list[str]:
    return list(message.item_keys)
