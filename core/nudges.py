"""What nudge messages are due to whom at a given instant (pure; the caller passes ``now``).

A job calls :func:`plan_nudges` every few minutes. Repeating it is harmless: what was already
delivered is in the state (``sent``, ``messages_sent_on``), and every message carries a
``dedupe_key`` unique per person and local day, so the outbox keeps one message however often
the same one is planned. The rules of each kind live in :mod:`core.nudges_rules`; this module
applies the person-level gates (closed, paused, send time, one message a day, the spacing
between automatic nudges) and combines everything due to one person into one message.

Spacing, so nudges don't nag: after an automatic nudge the next waits ``NUDGE_GAP_DAYS`` local
days (never two days running, at most two in any seven). To lose nothing meanwhile, a message
that goes anyway also carries what would fall due before the next one could come (a due date
or the next session up to that day), instead of a message of its own a day or two later. Only
an urgent reminder (a commitment due today or tomorrow the person has not heard about, say
one added or moved since) comes inside the gap; still one message a day at most.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from core.nudges_model import (
    KIND_ORDER,
    MAX_WITH_BUTTONS,
    NUDGE_GAP_DAYS,
    URGENCY_ORDER,
    URGENT_DUE_DAYS,
    CommitmentSnap,
    NudgeItem,
    NudgeKind,
    PersonSnap,
    PlannedMessage,
    PlanningState,
    ResourceSnap,
    SentItem,
    SessionSnap,
    Settings,
    SharedResource,
)
from core.nudges_rules import (
    Calendar,
    SentIndex,
    commitment_items,
    group_items,
    is_active,
    is_snoozed,
    may_send_now,
    send_time_on,
    zone,
)
from core.time import to_local

#: The kinds about the organization's rhythm rather than one step: a message with one of these
#: also names the steps waiting for the TA team's help.
RHYTHM_KINDS = ("checkin", "monthly", "before-session")

__all__ = [
    "MAX_WITH_BUTTONS",
    "CommitmentSnap",
    "NudgeItem",
    "NudgeKind",
    "PersonSnap",
    "PlannedMessage",
    "PlanningState",
    "ResourceSnap",
    "SentItem",
    "SessionSnap",
    "Settings",
    "SharedResource",
    "dedupe_key",
    "plan_nudges",
    "send_time_on",
]


def dedupe_key(recipient: str, local_date: date) -> str:
    """The outbox key of a person's nudge message for a local day: one message a day at most."""
    return f"nudge:{recipient}:{local_date.isoformat()}"


@dataclass(frozen=True)
class _Plan:
    """The state indexed once per call, so each person's message is a few look-ups."""

    state: PlanningState
    now: datetime
    calendar: Calendar
    sent: SentIndex
    members: dict[int, frozenset[str]]
    active: dict[int, tuple[CommitmentSnap, ...]]
    shared: frozenset[tuple[int, int]]
    automatic: dict[str, tuple[date, ...]]

    @classmethod
    def build(cls, state: PlanningState, now: datetime) -> _Plan:
        members: dict[int, set[str]] = {}
        for person in state.people:
            members.setdefault(person.organization_id, set()).add(person.slack_user_id)
        active: dict[int, list[CommitmentSnap]] = {}
        for commitment in sorted(state.commitments, key=lambda c: c.number):
            if is_active(commitment):
                active.setdefault(commitment.organization_id, []).append(commitment)
        return cls(
            state=state,
            now=now,
            calendar=Calendar.build(state.sessions, now, state.settings),
            sent=SentIndex.build(state.sent),
            members={org: frozenset(ids) for org, ids in members.items()},
            active={org: tuple(found) for org, found in active.items()},
            shared=frozenset((s.resource_id, s.organization_id) for s in state.shared),
            automatic=_days_by_recipient(state.automatic_sent_on),
        )

    @property
    def settings(self) -> Settings:
        return self.state.settings

    def recipients(self, commitment: CommitmentSnap) -> frozenset[str]:
        """The owner when they are a member of the organization, else every member."""
        members = self.members.get(commitment.organization_id, frozenset())
        if commitment.owner_slack_id in members:
            return frozenset({commitment.owner_slack_id})
        return members

    def unsnoozed(self, organization_id: int) -> tuple[CommitmentSnap, ...]:
        """The organization's active commitments that may be nudged about now."""
        found = self.active.get(organization_id, ())
        return tuple(c for c in found if not is_snoozed(c, self.now) and not c.awaiting_help)

    def waiting(self, organization_id: int) -> tuple[int, ...]:
        """The organization's unsnoozed steps waiting for the TA team's help, by number."""
        found = self.active.get(organization_id, ())
        return tuple(c.number for c in found if c.awaiting_help and not is_snoozed(c, self.now))

    def last_automatic(self, recipient: str, day: date) -> date | None:
        """The local day of this person's latest automatic nudge up to ``day``."""
        return max((d for d in self.automatic.get(recipient, ()) if d <= day), default=None)

    def new_resources(self, organization_id: int) -> tuple[int, ...]:
        """The last held session's resources this organization has not received yet."""
        last = self.calendar.last
        if last is None:
            return ()
        ordered = sorted(self.state.resources, key=lambda r: r.number)
        return tuple(
            r.id
            for r in ordered
            if r.session_id == last.id and (r.id, organization_id) not in self.shared
        )


def _days_by_recipient(pairs: Iterable[tuple[str, date]]) -> dict[str, tuple[date, ...]]:
    """(recipient, day) pairs grouped by recipient, so each person's look-up is short."""
    found: dict[str, list[date]] = {}
    for recipient, day in pairs:
        found.setdefault(recipient, []).append(day)
    return {recipient: tuple(days) for recipient, days in found.items()}


def plan_nudges(state: PlanningState, now: datetime) -> list[PlannedMessage]:
    """The nudge messages due at ``now`` (aware), one per person at most, ordered by recipient.

    Nothing is planned for a closed collaborative. Each message holds every item due to that
    person today that they have not received (and what would fall due before their next
    possible nudge); the caller records its ``item_keys`` as SentItems and (recipient,
    local_date) in ``messages_sent_on`` and ``automatic_sent_on`` once it is in the outbox.
    """
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError(f"plan_nudges needs an aware 'now', got naive {now!r}")
    if state.settings.closed:
        return []
    plan = _Plan.build(state, now)
    messages = (_message_for(person, plan) for person in _unique_people(state.people))
    return [message for message in messages if message is not None]


def _unique_people(people: Iterable[PersonSnap]) -> list[PersonSnap]:
    """One entry per Slack user (the first wins), sorted so the output order is stable."""
    found: dict[str, PersonSnap] = {}
    for person in people:
        found.setdefault(person.slack_user_id, person)
    return sorted(found.values(), key=lambda p: (p.organization_id, p.slack_user_id))


def _local_day_if_sendable(person: PersonSnap, plan: _Plan) -> date | None:
    """The person's local date if they may get a nudge message right now, else None.

    Not while paused or while a TA's nudge to them waits to go out, not before today's send
    time, in quiet hours or on a skipped weekend (all in their own zone), and not if they
    already had a nudge message this local day.
    """
    if person.paused_until is not None and person.paused_until > plan.now:
        return None
    if person.slack_user_id in plan.state.held_for:
        return None  # a TA's check-in is on its way: this one waits, never arrives with it
    tz = zone(person.timezone, plan.settings.timezone)
    if not may_send_now(plan.now, tz, plan.settings):
        return None
    day = to_local(plan.now, tz).date()
    if (person.slack_user_id, day) in plan.state.messages_sent_on:
        return None
    return day


def _due_items(
    person: PersonSnap, day: date, plan: _Plan, horizon: date | None = None
) -> list[NudgeItem]:
    """Everything due to this person today that they have not received, in display order;
    with a ``horizon``, also what would fall due up to that day."""
    recipient, org = person.slack_user_id, person.organization_id
    listed = plan.unsnoozed(org)
    numbers = tuple(c.number for c in listed)
    waiting = plan.waiting(org)
    items = group_items(plan.calendar, day, bool(plan.active.get(org)), numbers, horizon, waiting)
    for commitment in listed:
        if recipient in plan.recipients(commitment):
            items += commitment_items(
                commitment, recipient, day, plan.now, plan.settings, plan.sent, horizon
            )
    fresh = [item for item in items if not plan.sent.has(recipient, item.key)]
    return sorted(fresh, key=lambda item: (KIND_ORDER.index(item.kind), item.commitment_numbers))


def _next_possible(day: date, plan: _Plan) -> date:
    """The first local day a next automatic nudge could come if one goes on ``day``: the end
    of the gap, moved past a skipped weekend."""
    after = day + timedelta(days=NUDGE_GAP_DAYS)
    while plan.settings.skip_weekends and after.weekday() >= 5:
        after += timedelta(days=1)
    return after


def _urgent(item: NudgeItem, day: date, plan: _Plan) -> bool:
    """A due-date reminder about a commitment due today or tomorrow: it may not wait."""
    if item.kind != "due-soon":
        return False
    dues = [c.due for c in plan.state.commitments if c.number in item.commitment_numbers]
    return any(d is not None and d <= day + timedelta(days=URGENT_DUE_DAYS) for d in dues)


def _spaced_items(person: PersonSnap, day: date, plan: _Plan) -> list[NudgeItem]:
    """What goes to this person today, given the gap since their last automatic nudge.

    Nothing when nothing is due by its own window (a look-ahead item never makes a message on
    its own). Inside the gap only an urgent reminder opens a message; whatever message goes
    carries everything due by the next day one could come, so those need no message of their
    own.
    """
    due_now = _due_items(person, day, plan)
    if not due_now:
        return []
    last = plan.last_automatic(person.slack_user_id, day)
    spaced = last is None or (day - last).days >= NUDGE_GAP_DAYS
    if not spaced and not any(_urgent(item, day, plan) for item in due_now):
        return []
    return _due_items(person, day, plan, horizon=_next_possible(day, plan))


def _urgency(number: int, items: list[NudgeItem], late: bool) -> int:
    """The rank of the most urgent reason to name this commitment (overdue first); one past
    the last for a commitment only listed by a check-in or before-session reminder. A ``late``
    commitment (past its due date) ranks as overdue even when only a check-in lists it (its
    weekly reminder already went), so it never sits below one merely due soon."""
    ranks = [
        URGENCY_ORDER.index(item.kind)
        for item in items
        if item.kind in URGENCY_ORDER and number in item.commitment_numbers
    ]
    if late:
        ranks.append(URGENCY_ORDER.index("overdue"))
    return min(ranks, default=len(URGENCY_ORDER))


def _ordered_numbers(
    recipient: str, items: list[NudgeItem], plan: _Plan, day: date
) -> tuple[int, ...]:
    """The commitments the items name, most urgent first (overdue, due soon, stale, the rest),
    then the recipient's own, then by number. The message gives buttons to the first
    ``MAX_WITH_BUTTONS`` and sums up the rest in one line."""
    wanted = {number for item in items for number in item.commitment_numbers}
    owners = {c.number: c.owner_slack_id for c in plan.state.commitments}
    late = {c.number for c in plan.state.commitments if c.due is not None and c.due < day}
    return tuple(
        sorted(
            wanted,
            key=lambda n: (_urgency(n, items, n in late), owners.get(n) != recipient, n),
        )
    )


def _message_for(person: PersonSnap, plan: _Plan) -> PlannedMessage | None:
    """This person's combined message for today, or None when nothing is due or allowed."""
    day = _local_day_if_sendable(person, plan)
    if day is None:
        return None
    items = _spaced_items(person, day, plan)
    if not items:
        return None
    rhythm = any(item.kind in RHYTHM_KINDS for item in items)
    last, upcoming = plan.calendar.last, plan.calendar.upcoming
    return PlannedMessage(
        recipient=person.slack_user_id,
        organization_id=person.organization_id,
        local_date=day,
        dedupe_key=dedupe_key(person.slack_user_id, day),
        items=tuple(items),
        commitment_numbers=_ordered_numbers(person.slack_user_id, items, plan, day),
        resource_ids=plan.new_resources(person.organization_id),
        session_id=last.id if last is not None else None,
        next_session_id=upcoming.id if upcoming is not None else None,
        waiting_numbers=plan.waiting(person.organization_id) if rhythm else (),
    )
