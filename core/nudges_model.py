"""The values nudge planning works on: plain snapshots in, planned messages out.

The planner never touches the database, so these frozen dataclasses are the whole contract
between it and the job that calls it: the job builds a :class:`PlanningState` from the tables,
calls :func:`core.nudges.plan_nudges` and writes each :class:`PlannedMessage` to the outbox.
All datetimes are aware UTC instants; all dates are local calendar days.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Literal

__all__ = [
    "KIND_ORDER",
    "MAX_WITH_BUTTONS",
    "NUDGE_GAP_DAYS",
    "STALE_HORIZON_DAYS",
    "STALE_QUIET_DAYS",
    "URGENCY_ORDER",
    "URGENT_DUE_DAYS",
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
]

NudgeKind = Literal["checkin", "due-soon", "overdue", "stale", "before-session", "monthly"]

# The order items appear in a combined message: the session rhythm first, then the reminders
# about single commitments, most urgent first.
KIND_ORDER: tuple[NudgeKind, ...] = (
    "checkin",
    "monthly",
    "before-session",
    "overdue",
    "due-soon",
    "stale",
)


#: A nudge shows at most this many commitments with buttons; the rest get one line that points
#: to the Home tab. Eight commitments with four buttons each read as a form, not a nudge.
MAX_WITH_BUTTONS = 3

#: Which commitments get the buttons first: the most urgent reason a commitment is named.
URGENCY_ORDER: tuple[NudgeKind, ...] = ("overdue", "due-soon", "stale")

#: A commitment due more than this many days ahead is on schedule, not stale, however quiet it is.
STALE_HORIZON_DAYS = 28

#: After an automatic nudge, the next one to the same person waits this many local days, so
#: nobody hears from the bot on its own two days running and at most twice in any seven days.
#: What would have fallen due in between rides along in the earlier message (see core.nudges).
NUDGE_GAP_DAYS = 4

#: A reminder about a commitment due within this many days (today or tomorrow) that the person
#: has not had yet is urgent: it comes on the next allowed day even inside the gap above.
URGENT_DUE_DAYS = 1

#: After a stale reminder about a commitment, no other one about it to the same person for this
#: long, even if an update restarted the clock in between.
STALE_QUIET_DAYS = 14


@dataclass(frozen=True)
class Settings:
    """The collaborative's nudge settings; defaults are the SPEC's.

    ``checkin_time`` is both when a check-in opens and the daily local time any nudge goes out.
    ``quiet_start``/``quiet_end`` of None (or equal) means no quiet hours. A ``stale_days`` of 0
    switches stale reminders off, and an ``overdue_repeat_days`` of 0 means one overdue reminder.
    """

    timezone: str
    checkin_days: int = 2
    checkin_time: time = time(10, 0)
    due_soon_days: int = 2
    overdue_repeat_days: int = 7
    stale_days: int = 10
    before_session_days: int = 2
    quiet_start: time | None = time(18, 0)
    quiet_end: time | None = time(9, 0)
    skip_weekends: bool = True
    closed: bool = False


@dataclass(frozen=True)
class SessionSnap:
    """A session on the calendar; ``number`` is its place in time order (1-based)."""

    id: int
    number: int
    starts_at: datetime
    title: str


@dataclass(frozen=True)
class PersonSnap:
    """A participant: a member of one organization. TA providers are not planned for."""

    slack_user_id: str
    organization_id: int
    timezone: str | None = None
    paused_until: datetime | None = None


@dataclass(frozen=True)
class CommitmentSnap:
    """One commitment as the planner needs it; ``status`` is one of the vocabulary's STATUSES.

    ``updated_at`` is when it last *moved* (core.nudges_progress.last_progress): a status
    change, a note or reply, a help request, its creation; not an edit or a snooze.
    ``awaiting_help`` marks one blocked with a help request the TA team has not answered yet:
    automatic nudges leave it out.
    """

    id: int
    number: int
    organization_id: int
    title: str
    owner_slack_id: str | None
    due: date | None
    status: str
    updated_at: datetime
    snoozed_until: datetime | None = None
    awaiting_help: bool = False


@dataclass(frozen=True)
class ResourceSnap:
    """A library link, optionally tied to the session it belongs to."""

    id: int
    number: int
    session_id: int | None
    title: str
    url: str


@dataclass(frozen=True)
class SentItem:
    """An item already delivered (or planned) to a person in an earlier message."""

    recipient: str
    item_key: str
    sent_at: datetime


@dataclass(frozen=True)
class SharedResource:
    """A resource an organization has already received."""

    resource_id: int
    organization_id: int


@dataclass(frozen=True)
class PlanningState:
    """Everything the planner looks at; ``messages_sent_on`` holds (recipient, local date) pairs
    of every nudge message (a TA's too), ``automatic_sent_on`` those of the planner's own, which
    the spacing between automatic nudges counts from.

    ``people`` should hold the participants of the collaborative (organization members) only.
    ``held_for`` are the people a TA's nudge is still waiting to reach (their quiet hours, a
    weekend): the automatic nudge waits until it went, then for the next day, rather than
    arriving with it as a second check-in about the same steps.
    """

    settings: Settings
    sessions: tuple[SessionSnap, ...] = ()
    people: tuple[PersonSnap, ...] = ()
    commitments: tuple[CommitmentSnap, ...] = ()
    resources: tuple[ResourceSnap, ...] = ()
    sent: tuple[SentItem, ...] = ()
    shared: tuple[SharedResource, ...] = ()
    messages_sent_on: frozenset[tuple[str, date]] = frozenset()
    automatic_sent_on: frozenset[tuple[str, date]] = frozenset()
    held_for: frozenset[str] = frozenset()


@dataclass(frozen=True)
class NudgeItem:
    """One reason for a message.

    ``key`` is recorded per recipient once delivered, so the item never comes again.
    ``commitment_numbers`` are the commitments this item is about (a check-in lists the
    organization's; a reminder names one). ``session_id`` is the session a check-in follows or a
    before-session reminder announces, else None.
    """

    kind: NudgeKind
    key: str
    commitment_numbers: tuple[int, ...]
    session_id: int | None = None


@dataclass(frozen=True)
class PlannedMessage:
    """One person's nudge message for one local day: everything due to them, combined.

    ``commitment_numbers`` are those to show with buttons (the recipient's own first), and
    ``resource_ids`` the resources of the session just held that the organization hasn't had.
    ``waiting_numbers`` are the organization's steps waiting for the TA team's help: a check-in
    or session reminder names them in one line each, without buttons or questions.
    """

    recipient: str
    organization_id: int
    local_date: date
    dedupe_key: str
    items: tuple[NudgeItem, ...]
    commitment_numbers: tuple[int, ...]
    resource_ids: tuple[int, ...]
    session_id: int | None
    next_session_id: int | None
    waiting_numbers: tuple[int, ...] = ()

    @property
    def item_keys(self) -> tuple[str, ...]:
        """The keys to record as SentItems for this recipient once the message is delivered."""
        return tuple(item.key for item in self.items)
