"""The collaborative's figures, each defined once: `/plan report`, `engagement.csv` and the digest
all read them from here, so they always agree.

Everything is a pure function of an :class:`EvidenceInput` (read in bulk by
:mod:`core.figures_load`) and an injected ``now``; nothing reads the clock. A figure is asked
for a set of organizations (one, a sphere, everyone) and a :class:`Window`: the whole
collaborative up to ``now``, or the last four weeks ending at ``now``.

The rules, as the README documents them:

- *commitments* are every commitment except dropped ones (dropping a step is a decision, not a
  failure); in a window, those made in it, with their status as of ``now``;
- *overdue*: not done, its due date before ``now``'s local date (due today is not late);
- a *nudge* is a nudge message delivered to a member; it is *answered* when its recipient
  changes or notes a commitment of the organization it was sent for (any way: button, thread
  reply, `/plan`, Home) at or after its delivery, within seven days (exactly seven counts) and
  before the next nudge delivered to them (an update at that very instant answers the next);
- *resources* are distinct resources shared with, or opened by, the organization's members;
- *questions* and *help requests* are those asked in the window, answered whenever since.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from core.time import to_local
from core.vocabulary import ACTIVE_STATUSES

__all__ = [
    "ANSWER_KINDS",
    "ANSWER_WITHIN",
    "FOUR_WEEKS",
    "CommitmentRow",
    "Evidence",
    "EvidenceInput",
    "Figures",
    "HelpRow",
    "IntroRow",
    "NudgeRow",
    "OpenRow",
    "OrgRow",
    "QuestionRow",
    "Ratio",
    "ShareRow",
    "TaFigures",
    "UpdateRow",
    "Window",
]

#: How long after a nudge an update still counts as its answer (inclusive).
ANSWER_WITHIN = timedelta(days=7)
WEEK = timedelta(days=7)
FOUR_WEEKS = 4 * WEEK
#: Updates that change or note a commitment. Creating one answers nothing (it is not a
#: commitment the nudge asked about); snoozing is "ask me later", not an update; undo reverts.
ANSWER_KINDS = frozenset({"status", "note", "edit"})


# --------------------------------------------------------------------------- input rows


@dataclass(frozen=True)
class OrgRow:
    id: int
    name: str
    handle: str
    sphere: str


@dataclass(frozen=True)
class CommitmentRow:
    id: int
    organization_id: int
    status: str
    due: date | None
    created_at: datetime


@dataclass(frozen=True)
class UpdateRow:
    commitment_id: int
    actor_slack_id: str | None
    at: datetime
    kind: str
    new_status: str | None = None


@dataclass(frozen=True)
class NudgeRow:
    """A delivered nudge; ``organization_id`` is the one it was sent for (its payload's)."""

    recipient: str
    organization_id: int | None
    sent_at: datetime


@dataclass(frozen=True)
class ShareRow:
    resource_id: int
    organization_id: int | None
    person_slack_id: str | None
    at: datetime


@dataclass(frozen=True)
class OpenRow:
    resource_id: int
    person_slack_id: str | None
    at: datetime


@dataclass(frozen=True)
class QuestionRow:
    organization_id: int | None
    asked_at: datetime
    answered_at: datetime | None


@dataclass(frozen=True)
class HelpRow:
    """One help request on a blocked step (however many TA DMs carried it) and its first
    answer from the TA team."""

    organization_id: int | None
    asked_at: datetime
    answered_at: datetime | None


@dataclass(frozen=True)
class IntroRow:
    organization_ids: tuple[int, ...]
    at: datetime


@dataclass(frozen=True)
class EvidenceInput:
    """Everything the figures are computed from, read once for the whole collaborative."""

    timezone: str
    organizations: tuple[OrgRow, ...]
    members: Mapping[str, int]  # Slack user id -> organization id, for current members
    commitments: tuple[CommitmentRow, ...]
    updates: tuple[UpdateRow, ...]
    nudges: tuple[NudgeRow, ...]
    shares: tuple[ShareRow, ...]
    opens: tuple[OpenRow, ...]
    questions: tuple[QuestionRow, ...]
    help_requests: tuple[HelpRow, ...]
    introductions: tuple[IntroRow, ...]


# --------------------------------------------------------------------------- output


@dataclass(frozen=True)
class Window:
    """The instants ``start < t <= end`` (no start: everything up to ``end``, inclusive, so
    what happened at ``now`` itself counts)."""

    end: datetime
    start: datetime | None = None

    @classmethod
    def whole(cls, now: datetime) -> Window:
        return cls(now)

    @classmethod
    def last_four_weeks(cls, now: datetime) -> Window:
        return cls(now, now - FOUR_WEEKS)

    def __contains__(self, moment: object) -> bool:
        if not isinstance(moment, datetime):
            return False
        return moment <= self.end and (self.start is None or moment > self.start)


@dataclass(frozen=True)
class Ratio:
    """``part`` of ``whole``; no percentage when there is nothing to divide."""

    part: int
    whole: int

    @property
    def percent(self) -> int | None:
        if not self.whole:
            return None
        return (200 * self.part + self.whole) // (2 * self.whole)  # rounded half up


@dataclass(frozen=True)
class Figures:
    """One set of organizations over one window."""

    commitments: int
    done: int
    overdue: int
    blocked: int
    nudges_sent: int
    nudges_answered: int
    median_hours_to_update: float | None
    resources_shared: int
    resources_opened: int
    questions_asked: int
    questions_answered: int
    median_hours_to_answer: float | None
    help_requests: int
    help_answered: int
    introductions: int

    @property
    def completion(self) -> Ratio:
        return Ratio(self.done, self.commitments)

    @property
    def nudge_answers(self) -> Ratio:
        return Ratio(self.nudges_answered, self.nudges_sent)

    @property
    def question_answers(self) -> Ratio:
        return Ratio(self.questions_answered, self.questions_asked)

    @property
    def help_answers(self) -> Ratio:
        return Ratio(self.help_answered, self.help_requests)


@dataclass(frozen=True)
class TaFigures:
    """What the TA team gave in a window: reciprocity, one of the things evaluators ask about."""

    resources_shared: int  # distinct resources
    shares: int  # deliveries: one resource to three organizations is three
    questions_answered: int
    median_hours_to_answer: float | None
    help_answered: int
    introductions: int


# --------------------------------------------------------------------------- rules


def _hours(start: datetime, end: datetime) -> float:
    return (end - start).total_seconds() / 3600


def _median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


@dataclass(frozen=True)
class _Answered:
    nudge: NudgeRow
    hours: float | None  # None: not answered


def answer_hours(
    nudges: Iterable[NudgeRow],
    updates: Iterable[UpdateRow],
    commitment_orgs: Mapping[int, int],
) -> list[_Answered]:
    """Each delivered nudge with the hours to the first update that answered it (or None)."""
    by_recipient: dict[str, list[NudgeRow]] = defaultdict(list)
    for nudge in nudges:
        by_recipient[nudge.recipient].append(nudge)
    changes: dict[tuple[str, int], list[datetime]] = defaultdict(list)
    for update in updates:
        org = commitment_orgs.get(update.commitment_id)
        if update.kind in ANSWER_KINDS and update.actor_slack_id and org is not None:
            changes[(update.actor_slack_id, org)].append(update.at)
    found: list[_Answered] = []
    for recipient, received in by_recipient.items():
        received.sort(key=lambda n: n.sent_at)
        for index, nudge in enumerate(received):
            limit = nudge.sent_at + ANSWER_WITHIN
            following = received[index + 1].sent_at if index + 1 < len(received) else None
            moments = (
                changes.get((recipient, nudge.organization_id), [])
                if nudge.organization_id is not None
                else []
            )
            first = min(
                (
                    at
                    for at in moments
                    if nudge.sent_at <= at <= limit and (following is None or at < following)
                ),
                default=None,
            )
            hours = _hours(nudge.sent_at, first) if first is not None else None
            found.append(_Answered(nudge, hours))
    return found


@dataclass
class Evidence:
    """The figures of one collaborative as of ``now``; ask it for any organizations and window."""

    data: EvidenceInput
    now: datetime
    _answers: list[_Answered] = field(init=False)
    _today: date = field(init=False)

    def __post_init__(self) -> None:
        orgs = {c.id: c.organization_id for c in self.data.commitments}
        self._answers = answer_hours(self.data.nudges, self.data.updates, orgs)
        self._today = to_local(self.now, ZoneInfo(self.data.timezone)).date()

    # the windows people read
    @property
    def whole(self) -> Window:
        return Window.whole(self.now)

    @property
    def recent(self) -> Window:
        return Window.last_four_weeks(self.now)

    # the groups people read
    def organization(self, organization_id: int, window: Window) -> Figures:
        return self.figures({organization_id}, window)

    def sphere(self, sphere: str, window: Window) -> Figures:
        ids = {o.id for o in self.data.organizations if o.sphere == sphere}
        return self.figures(ids, window)

    def everyone(self, window: Window) -> Figures:
        return self.figures({o.id for o in self.data.organizations}, window)

    def figures(self, organization_ids: Collection[int], window: Window) -> Figures:
        """Every figure for these organizations together (a sphere is not a sum of medians)."""
        ids = set(organization_ids)
        data = self.data
        commitments = [
            c
            for c in data.commitments
            if c.organization_id in ids and c.status != "dropped" and c.created_at in window
        ]
        answers = [
            a for a in self._answers if a.nudge.organization_id in ids and a.nudge.sent_at in window
        ]
        hours = [a.hours for a in answers if a.hours is not None]
        questions = [q for q in data.questions if q.organization_id in ids and q.asked_at in window]
        answered = [q for q in questions if q.answered_at is not None and q.answered_at <= self.now]
        helps = [h for h in data.help_requests if h.organization_id in ids and h.asked_at in window]
        return Figures(
            commitments=len(commitments),
            done=sum(1 for c in commitments if c.status == "done"),
            overdue=sum(1 for c in commitments if self._overdue(c)),
            blocked=sum(1 for c in commitments if c.status == "blocked"),
            nudges_sent=len(answers),
            nudges_answered=len(hours),
            median_hours_to_update=_median(hours),
            resources_shared=len(
                {
                    s.resource_id
                    for s in data.shares
                    if s.at in window
                    and (s.organization_id in ids or self._member_of(s.person_slack_id, ids))
                }
            ),
            resources_opened=len(
                {
                    o.resource_id
                    for o in data.opens
                    if o.at in window and self._member_of(o.person_slack_id, ids)
                }
            ),
            questions_asked=len(questions),
            questions_answered=len(answered),
            median_hours_to_answer=_median(
                [_hours(q.asked_at, q.answered_at) for q in answered if q.answered_at]
            ),
            help_requests=len(helps),
            help_answered=sum(
                1 for h in helps if h.answered_at is not None and h.answered_at <= self.now
            ),
            introductions=sum(
                1 for i in data.introductions if i.at in window and ids & set(i.organization_ids)
            ),
        )

    def ta(self, window: Window) -> TaFigures:
        """The TA team's side: what it shared, answered and introduced in the window."""
        data = self.data
        shares = [s for s in data.shares if s.at in window]
        answered = [
            q for q in data.questions if q.answered_at is not None and q.answered_at in window
        ]
        return TaFigures(
            resources_shared=len({s.resource_id for s in shares}),
            shares=len(shares),
            questions_answered=len(answered),
            median_hours_to_answer=_median(
                [_hours(q.asked_at, q.answered_at) for q in answered if q.answered_at]
            ),
            help_answered=sum(
                1
                for h in data.help_requests
                if h.answered_at is not None and h.answered_at in window
            ),
            introductions=sum(1 for i in data.introductions if i.at in window),
        )

    def statuses(self, organization_id: int) -> dict[str, int]:
        """The organization's commitments now, each counted once, for the digest's chart:
        done, in-progress, open, blocked, and overdue (an open or in-progress step past its
        due date, by the same rule as the *overdue* figure; a blocked one stays blocked, the
        help it asked for being the story). Dropped steps are left out, as in *commitments*."""
        counts = dict.fromkeys(("done", "in-progress", "open", "blocked", "overdue"), 0)
        for c in self.data.commitments:
            if c.organization_id != organization_id or c.status == "dropped":
                continue
            overdue = c.status != "blocked" and self._overdue(c)
            counts["overdue" if overdue else c.status] += 1
        return counts

    def done_by_week(self, weeks: int) -> list[tuple[datetime, int]]:
        """Commitments completed in each of the last ``weeks`` seven-day spans ending at
        ``now``, oldest first, by each span's start: a commitment done now counts once, in the
        span of its last change to done (one done, reopened and done again moves along)."""
        done_at: dict[int, datetime] = {}
        for update in self.data.updates:
            if update.new_status == "done" and update.at <= self.now:
                seen = done_at.get(update.commitment_id)
                done_at[update.commitment_id] = max(seen, update.at) if seen else update.at
        finished = [
            done_at[c.id] for c in self.data.commitments if c.status == "done" and c.id in done_at
        ]
        spans = []
        for index in range(weeks, 0, -1):
            window = Window(self.now - (index - 1) * WEEK, self.now - index * WEEK)
            spans.append((window.start or self.now, sum(1 for at in finished if at in window)))
        return spans

    def _overdue(self, commitment: CommitmentRow) -> bool:
        return (
            commitment.status in ACTIVE_STATUSES
            and commitment.due is not None
            and commitment.due < self._today
        )

    def _member_of(self, slack_user_id: str | None, ids: set[int]) -> bool:
        return slack_user_id is not None and self.data.members.get(slack_user_id) in ids
