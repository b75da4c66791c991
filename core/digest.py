"""What a period's digest says: pure rules over snapshots the caller reads from the database.

The digest is the collaborative's shared mirror: what each organization moved forward, where it
needs help, what is coming up, and what the TA team gave back. Everything here is a pure function
of a :class:`DigestInput`, so the scheduler, ``/plan digest preview`` and the tests all get the
same answer for the same period; the clock is never read. "Now" is the moment the digest is
read (``read_at``): the period's end, unless the digest goes out late (the bot was down at its
hour and catches up a day or two later). A late digest still covers its own week (what was done,
who was quiet), but what it says about the present is as of when people read it: the help a
blocked step asks for now, whenever it was written, and every countdown.

Dates people see are local dates in the collaborative's time zone: a commitment due on the day
the digest is read is not overdue, and "in 3 days" counts calendar days, not 72-hour blocks (a
digest read after a daylight-saving change counts the same).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from core import history
from core.figures import TaFigures
from core.time import to_local
from core.vocabulary import ACTIVE_STATUSES, STATUSES

__all__ = [
    "CommitmentSnap",
    "Digest",
    "DigestInput",
    "DigestItem",
    "NextSession",
    "OrgSection",
    "OrgSnap",
    "PausedMember",
    "Period",
    "PersonSnap",
    "QuestionSnap",
    "SessionSnap",
    "ShareSnap",
    "TaDelivery",
    "Totals",
    "UpdateSnap",
    "build_digest",
]

NOTHING_GIVEN = TaFigures(0, 0, 0, None, 0, 0)
WEEKLY_DUE_SOON_DAYS = 7
# A monthly digest is the only reminder for a month, so "due soon" looks a month ahead.
MONTHLY_DUE_SOON_DAYS = 31


# --------------------------------------------------------------------------- input snapshots


@dataclass(frozen=True)
class OrgSnap:
    id: int
    name: str
    handle: str
    sphere: str


@dataclass(frozen=True)
class CommitmentSnap:
    id: int
    number: int
    organization_id: int
    title: str
    owner_slack_id: str | None
    due: date | None
    status: str
    updated_at: datetime


@dataclass(frozen=True)
class UpdateSnap:
    """One history row; ``id`` and ``source_key`` let an Undo be seen through (core.history)."""

    commitment_id: int
    at: datetime
    kind: str  # "created" | "status" | "note" | "snooze"
    new_status: str | None
    note: str | None
    actor_slack_id: str | None
    id: int = 0
    source_key: str | None = None


@dataclass(frozen=True)
class PersonSnap:
    slack_user_id: str
    organization_id: int | None
    paused_until: datetime | None
    display_name: str | None


@dataclass(frozen=True)
class SessionSnap:
    number: int
    title: str
    starts_at: datetime


@dataclass(frozen=True)
class ShareSnap:
    resource_title: str
    organization_id: int | None
    at: datetime


@dataclass(frozen=True)
class QuestionSnap:
    asked_at: datetime
    answered_at: datetime | None


@dataclass(frozen=True)
class DigestInput:
    """Everything one digest needs; the period is [period_start, period_end), aware UTC.

    ``updates`` holds the period's updates and, for each step blocked at ``read_at``, its
    history up to then, however old: only those inside the period count as news.
    ``read_at`` (default: the period's end) is when the digest is posted or previewed.
    """

    collaborative_name: str
    timezone: str
    period_start: datetime
    period_end: datetime
    organizations: tuple[OrgSnap, ...]
    commitments: tuple[CommitmentSnap, ...]
    updates: tuple[UpdateSnap, ...]
    people: tuple[PersonSnap, ...]
    sessions: tuple[SessionSnap, ...]
    resources_shared: tuple[ShareSnap, ...]
    questions: tuple[QuestionSnap, ...]
    monthly: bool = False
    read_at: datetime | None = None
    #: What the TA team gave in the period, from core.figures (the same counts `/plan report`
    #: shows); ``resources_shared`` and ``questions`` above only add who was reached and what
    #: is still open, which are the digest's own.
    ta_given: TaFigures = NOTHING_GIVEN


# --------------------------------------------------------------------------- output


@dataclass(frozen=True)
class Period:
    """The instants covered and the local days people read them as.

    ``first_day``–``last_day`` is the label ("Nov 23 – Nov 29"): the day the period ends on is
    the digest's own day, not part of the week it looks back on. ``read_at`` is when the digest
    is read (the period's end, or later for a late digest); its local day ``as_of`` is what
    "overdue", "due soon" and "next session in N days" are measured from.
    """

    start: datetime
    end: datetime
    first_day: date
    last_day: date
    as_of: date
    monthly: bool
    read_at: datetime


@dataclass(frozen=True)
class DigestItem:
    """One commitment as a digest line shows it."""

    number: int
    title: str
    status: str
    due: date | None
    owner_slack_id: str | None
    owner_name: str | None
    days_late: int = 0
    help_needed: str | None = None


@dataclass(frozen=True)
class PausedMember:
    slack_user_id: str
    name: str | None
    until: date  # local date the pause ends


@dataclass(frozen=True)
class OrgSection:
    """One organization's part of the digest.

    Each active commitment appears in exactly one of blocked, overdue, due_soon, in_progress or
    planned (in that order of precedence), so nobody reads the same item twice; done lists only
    what was finished in the period. ``quiet`` means no update at all in the period.
    """

    organization: OrgSnap
    done: tuple[DigestItem, ...]
    in_progress: tuple[DigestItem, ...]
    overdue: tuple[DigestItem, ...]
    blocked: tuple[DigestItem, ...]
    due_soon: tuple[DigestItem, ...]
    planned: tuple[DigestItem, ...]
    quiet: bool
    paused: tuple[PausedMember, ...]
    commitment_count: int
    update_count: int

    @property
    def items(self) -> tuple[DigestItem, ...]:
        """Every commitment this section shows, whatever its group."""
        return (
            self.done
            + self.blocked
            + self.overdue
            + self.due_soon
            + self.in_progress
            + self.planned
        )


@dataclass(frozen=True)
class NextSession:
    number: int
    title: str
    starts_at: datetime
    days_until: int  # local calendar days from the day the digest is read (``as_of``)


@dataclass(frozen=True)
class TaDelivery:
    """The TA team's side of the bargain, made visible: what it gave back this period."""

    resources_shared: int  # distinct resources
    shares: int  # deliveries (one resource to three organizations is three)
    organizations_reached: int
    questions_answered: int
    median_hours_to_answer: float | None
    questions_open: int
    help_answered: int = 0
    introductions: int = 0

    @property
    def anything(self) -> bool:
        return bool(
            self.shares
            or self.questions_answered
            or self.questions_open
            or self.help_answered
            or self.introductions
        )


@dataclass(frozen=True)
class Totals:
    by_status: Mapping[str, int]
    commitments: int
    percent_done: int  # done / (all − dropped): dropping a step is a decision, not a failure
    done_in_period: int
    organizations: int
    organizations_active: int


@dataclass(frozen=True)
class Digest:
    collaborative_name: str
    timezone: str
    period: Period
    organizations: tuple[OrgSection, ...]
    next_session: NextSession | None
    ta: TaDelivery
    totals: Totals
    due_soon_days: int


# --------------------------------------------------------------------------- rules


def build_digest(data: DigestInput) -> Digest:
    """What the digest for ``data``'s period says. Pure: ``read_at`` stands in for now."""
    tz = ZoneInfo(data.timezone)
    period = _period(data, tz)
    due_soon_days = MONTHLY_DUE_SOON_DAYS if data.monthly else WEEKLY_DUE_SOON_DAYS
    in_period = [u for u in data.updates if _within(u.at, period)]
    names = {p.slack_user_id: p.display_name for p in data.people}
    by_org: dict[int, list[CommitmentSnap]] = defaultdict(list)
    for commitment in data.commitments:
        by_org[commitment.organization_id].append(commitment)
    facts = _Facts(
        period=period,
        tz=tz,
        due_soon_days=due_soon_days,
        names=names,
        updated=_count_by_commitment(in_period),
        done_now={u.commitment_id for u in in_period if u.new_status == "done"},
        help=_help_needed(data.updates, period),
    )
    sections = tuple(
        _org_section(org, by_org.get(org.id, []), data.people, facts) for org in data.organizations
    )
    return Digest(
        collaborative_name=data.collaborative_name,
        timezone=data.timezone,
        period=period,
        organizations=sections,
        next_session=_next_session(data.sessions, period, tz),
        ta=_ta_delivery(data.ta_given, data.resources_shared, data.questions, period),
        totals=_totals(data.commitments, sections),
        due_soon_days=due_soon_days,
    )


@dataclass(frozen=True)
class _Facts:
    """What every organization's section is measured against, computed once."""

    period: Period
    tz: ZoneInfo
    due_soon_days: int
    names: Mapping[str, str | None]
    updated: Mapping[int, int]
    done_now: set[int]
    help: Mapping[int, str | None]


def _period(data: DigestInput, tz: ZoneInfo) -> Period:
    if data.period_end <= data.period_start:
        raise ValueError("a digest period must end after it starts")
    read_at = data.read_at or data.period_end
    if read_at < data.period_end:
        raise ValueError("a digest is read once its period is over")
    first_day = to_local(data.period_start, tz).date()
    last_day = max(first_day, to_local(data.period_end, tz).date() - timedelta(days=1))
    return Period(
        start=data.period_start,
        end=data.period_end,
        first_day=first_day,
        last_day=last_day,
        as_of=to_local(read_at, tz).date(),
        monthly=data.monthly,
        read_at=read_at,
    )


def _within(moment: datetime, period: Period) -> bool:
    return period.start <= moment < period.end


def _count_by_commitment(updates: Iterable[UpdateSnap]) -> dict[int, int]:
    counts: dict[int, int] = defaultdict(int)
    for update in updates:
        counts[update.commitment_id] += 1
    return counts


def _help_needed(updates: Iterable[UpdateSnap], period: Period) -> dict[int, str | None]:
    """What each step asked for help with, as the history reads when the digest is read
    (core.history.latest_request: what an Undo took back is gone, the request it brought back
    is not).

    Any update the caller passes counts, not only the period's: a step blocked three weeks ago
    still needs the help it asked for, and a late digest shows help asked after its period ended
    (the step is shown as blocked because it is blocked when people read it).
    """
    rows: dict[int, list[history.UpdateSnap]] = defaultdict(list)
    for u in updates:
        if u.at <= period.read_at:
            rows[u.commitment_id].append(
                history.UpdateSnap(
                    u.id, u.at, u.kind, u.actor_slack_id, u.new_status, u.note, u.source_key
                )
            )
    found = {cid: history.latest_request(snaps) for cid, snaps in rows.items()}
    return {cid: asked.note for cid, asked in found.items() if asked is not None}


def _item(commitment: CommitmentSnap, facts: _Facts) -> DigestItem:
    due = commitment.due
    late = (facts.period.as_of - due).days if due is not None else 0
    owner = commitment.owner_slack_id
    return DigestItem(
        number=commitment.number,
        title=commitment.title,
        status=commitment.status,
        due=due,
        owner_slack_id=owner,
        owner_name=facts.names.get(owner) if owner else None,
        days_late=max(late, 0) if commitment.status in ACTIVE_STATUSES else 0,
        help_needed=facts.help.get(commitment.id) if commitment.status == "blocked" else None,
    )


def _group(item: DigestItem, facts: _Facts) -> str | None:
    """Which single group an active commitment is shown in (blocked first: it needs people)."""
    if item.status == "blocked":
        return "blocked"
    if item.status not in ACTIVE_STATUSES:
        return None
    if item.days_late > 0:
        return "overdue"
    horizon = facts.period.as_of + timedelta(days=facts.due_soon_days)
    if item.due is not None and item.due < horizon:
        return "due_soon"
    return "in_progress" if item.status == "in-progress" else "planned"


def _org_section(
    org: OrgSnap,
    commitments: list[CommitmentSnap],
    people: Iterable[PersonSnap],
    facts: _Facts,
) -> OrgSection:
    groups: dict[str, list[DigestItem]] = defaultdict(list)
    for commitment in sorted(commitments, key=lambda c: c.number):
        item = _item(commitment, facts)
        if commitment.status == "done" and commitment.id in facts.done_now:
            groups["done"].append(item)
        group = _group(item, facts)
        if group is not None:
            groups[group].append(item)
    by_due = _by_due_then_number
    update_count = sum(facts.updated.get(c.id, 0) for c in commitments)
    return OrgSection(
        organization=org,
        done=tuple(groups["done"]),
        in_progress=tuple(groups["in_progress"]),
        overdue=tuple(sorted(groups["overdue"], key=by_due)),
        blocked=tuple(groups["blocked"]),
        due_soon=tuple(sorted(groups["due_soon"], key=by_due)),
        planned=tuple(groups["planned"]),
        quiet=update_count == 0,
        paused=_paused(org, people, facts),
        commitment_count=len(commitments),
        update_count=update_count,
    )


def _by_due_then_number(item: DigestItem) -> tuple[date, int]:
    return (item.due or date.max, item.number)


def _paused(org: OrgSnap, people: Iterable[PersonSnap], facts: _Facts) -> tuple[PausedMember, ...]:
    """Members still paused when the digest is read, so nobody wonders why they are quiet."""
    paused = [
        PausedMember(p.slack_user_id, p.display_name, to_local(p.paused_until, facts.tz).date())
        for p in people
        if p.organization_id == org.id
        and p.paused_until is not None
        and p.paused_until > facts.period.read_at
    ]
    return tuple(sorted(paused, key=lambda m: (m.until, (m.name or "").casefold())))


def _next_session(
    sessions: Iterable[SessionSnap], period: Period, tz: ZoneInfo
) -> NextSession | None:
    """The first session not yet started when the digest is read, counted from that day."""
    upcoming = sorted(
        (s for s in sessions if s.starts_at >= period.read_at), key=lambda s: s.starts_at
    )
    if not upcoming:
        return None
    session = upcoming[0]
    days = (to_local(session.starts_at, tz).date() - period.as_of).days
    return NextSession(session.number, session.title, session.starts_at, days)


def _ta_delivery(
    given: TaFigures,
    shares: Iterable[ShareSnap],
    questions: Iterable[QuestionSnap],
    period: Period,
) -> TaDelivery:
    shared = [s for s in shares if _within(s.at, period)]
    still_open = [
        q
        for q in questions
        if q.asked_at < period.end and (q.answered_at is None or q.answered_at >= period.read_at)
    ]
    return TaDelivery(
        resources_shared=given.resources_shared,
        shares=given.shares,
        organizations_reached=len({s.organization_id for s in shared} - {None}),
        questions_answered=given.questions_answered,
        median_hours_to_answer=given.median_hours_to_answer,
        questions_open=len(still_open),
        help_answered=given.help_answered,
        introductions=given.introductions,
    )


def _totals(commitments: Iterable[CommitmentSnap], sections: tuple[OrgSection, ...]) -> Totals:
    counts: dict[str, int] = dict.fromkeys(STATUSES, 0)
    for commitment in commitments:
        counts[commitment.status] = counts.get(commitment.status, 0) + 1
    total = sum(counts.values())
    counted = total - counts["dropped"]
    return Totals(
        by_status=counts,
        commitments=total,
        percent_done=round(100 * counts["done"] / counted) if counted else 0,
        done_in_period=sum(len(s.done) for s in sections),
        organizations=len(sections),
        organizations_active=sum(1 for s in sections if not s.quiet),
    )
