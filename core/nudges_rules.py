"""The rules behind each kind of nudge: when a person may be messaged, and what is due.

Every rule is a *window* of local days rather than one exact day, so a day that is missed
(a weekend, quiet hours, a pause, the bot being down) is caught up on the next allowed day;
each item's key is recorded per recipient once delivered, so it is never sent twice.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from core.nudges_model import (
    STALE_HORIZON_DAYS,
    STALE_QUIET_DAYS,
    CommitmentSnap,
    NudgeItem,
    SentItem,
    SessionSnap,
    Settings,
)
from core.time import local_to_utc, next_send_slot, to_local
from core.vocabulary import ACTIVE_STATUSES

__all__ = [
    "Calendar",
    "SentIndex",
    "commitment_items",
    "group_items",
    "is_active",
    "is_snoozed",
    "may_send_now",
    "next_allowed",
    "send_time_on",
    "zone",
]


# --------------------------------------------------------------------------- zones and send time


@lru_cache(maxsize=256)
def _load_zone(name: str) -> ZoneInfo | None:
    """A zone by IANA name, or None when the name is unknown (a stale profile value)."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None


def zone(name: str | None, fallback: str) -> ZoneInfo:
    """The person's zone, or the collaborative's when theirs is missing or unreadable."""
    found = _load_zone(name) if name else None
    if found is not None:
        return found
    return ZoneInfo(fallback)


def _quiet(settings: Settings) -> tuple[time, time] | None:
    """Quiet hours as core.time expects them; missing or empty windows mean none."""
    if settings.quiet_start is None or settings.quiet_end is None:
        return None
    if settings.quiet_start == settings.quiet_end:
        return None
    return (settings.quiet_start, settings.quiet_end)


def _slot(day: date, tz: ZoneInfo, settings: Settings) -> datetime:
    """``checkin_time`` on ``day``, pushed out of quiet hours and weekends (UTC)."""
    candidate = local_to_utc(day, settings.checkin_time, tz)
    return next_send_slot(candidate, tz, _quiet(settings), settings.skip_weekends)


def send_time_on(day: date, tz: ZoneInfo, settings: Settings) -> datetime | None:
    """When nudges may start going out on local ``day``, or None if not on that day at all.

    Normally ``checkin_time`` that day. If that time falls in quiet hours it is pushed to their
    end; a weekend day has no send time (its nudges wait for Monday). When ``checkin_time`` itself
    lies in the evening quiet hours (a misconfiguration), the previous day's pushed slot lands on
    this morning and is used, so nudges still go out rather than never.
    """
    for candidate_day in (day, day - timedelta(days=1)):
        slot = _slot(candidate_day, tz, settings)
        if to_local(slot, tz).date() == day:
            return slot
    return None


def may_send_now(now: datetime, tz: ZoneInfo, settings: Settings) -> bool:
    """Whether ``now`` is a moment this person may get a nudge: past today's send time,
    outside quiet hours and not on a skipped weekend day (all in their own zone)."""
    if next_send_slot(now, tz, _quiet(settings), settings.skip_weekends) != now:
        return False
    start = send_time_on(to_local(now, tz).date(), tz, settings)
    return start is not None and start <= now


def next_allowed(now: datetime, tz: ZoneInfo, settings: Settings) -> datetime:
    """The first instant at or after ``now`` outside this person's quiet hours and skipped
    weekend (in their zone): when a TA's share or nudge, or a relayed answer, may reach them.

    Unlike the scheduled nudges this does not wait for ``checkin_time``: a message a person
    asked for, or a TA sent on purpose, goes as soon as their quiet hours are over.
    """
    return next_send_slot(now, tz, _quiet(settings), settings.skip_weekends)


# --------------------------------------------------------------------------- what was sent


@dataclass(frozen=True)
class SentIndex:
    """Delivered item keys per recipient, with the latest time each was sent."""

    by_recipient: dict[str, dict[str, datetime]]

    @classmethod
    def build(cls, sent: Iterable[SentItem]) -> SentIndex:
        """Index SentItems; a key sent twice keeps its latest time."""
        index: dict[str, dict[str, datetime]] = {}
        for item in sent:
            keys = index.setdefault(item.recipient, {})
            previous = keys.get(item.item_key)
            if previous is None or item.sent_at > previous:
                keys[item.item_key] = item.sent_at
        return cls(index)

    def has(self, recipient: str, key: str) -> bool:
        """Whether this item already reached this person."""
        return key in self.by_recipient.get(recipient, {})

    def latest(self, recipient: str, prefix: str) -> datetime | None:
        """When this person last got an item whose key starts with ``prefix``."""
        keys = self.by_recipient.get(recipient, {})
        times = [at for key, at in keys.items() if key.startswith(prefix)]
        return max(times, default=None)


# --------------------------------------------------------------------------- the session rhythm


def _first_of_next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


@dataclass(frozen=True)
class Calendar:
    """Where ``now`` sits in the session calendar, as local (collaborative) dates.

    ``checkin_from`` is the first local day of the check-in after the last held session; it runs
    until the next session starts, or, after the last session, to the end of that month
    (``monthly_from`` exclusive), when the monthly rhythm takes over.
    """

    last: SessionSnap | None
    upcoming: SessionSnap | None
    checkin_from: date | None
    monthly_from: date | None
    before_from: date | None
    session_day: date | None = None

    @classmethod
    def build(cls, sessions: Iterable[SessionSnap], now: datetime, settings: Settings) -> Calendar:
        """Find the last held and the next session and the days their nudges open."""
        ordered = sorted(sessions, key=lambda s: s.starts_at)
        held = [s for s in ordered if s.starts_at <= now]
        ahead = [s for s in ordered if s.starts_at > now]
        last = held[-1] if held else None
        upcoming = ahead[0] if ahead else None
        tz = ZoneInfo(settings.timezone)
        checkin_from = monthly_from = before_from = session_day = None
        if last is not None:
            checkin_from = to_local(last.starts_at, tz).date() + timedelta(
                days=settings.checkin_days
            )
            if upcoming is None:
                monthly_from = _first_of_next_month(checkin_from)
        if upcoming is not None:
            session_day = to_local(upcoming.starts_at, tz).date()
            before_from = session_day - timedelta(days=settings.before_session_days)
        return cls(last, upcoming, checkin_from, monthly_from, before_from, session_day)

    def checkin_open(self, day: date) -> bool:
        """Whether the last held session's check-in window includes this local day."""
        if self.checkin_from is None or day < self.checkin_from:
            return False
        return self.monthly_from is None or day < self.monthly_from

    def monthly_open(self, day: date) -> bool:
        """Whether the collaborative is in its monthly rhythm on this local day."""
        return self.monthly_from is not None and day >= self.monthly_from


def group_items(
    calendar: Calendar,
    day: date,
    has_active: bool,
    listed: tuple[int, ...],
    horizon: date | None = None,
    waiting: tuple[int, ...] = (),
) -> list[NudgeItem]:
    """Check-in, monthly and before-session items for an organization's member on ``day``.

    ``listed`` are the organization's active commitments that are not snoozed (nor waiting for
    the TA team). An organization with no active commitment still gets check-ins (inviting it
    to add one); one whose active commitments are all snoozed gets none, since its snoozes say
    "not now". Steps ``waiting`` for the TA team's help are not listed but still make the
    rhythm go (the message says they are with the TA team). The before-session reminder lists
    what is still open, so it goes only when there is something to list; with a ``horizon``
    (the day of the person's next possible nudge) it comes early when the session falls by
    then, since it could not come later.
    """
    items: list[NudgeItem] = []
    invited_or_listed = not has_active or bool(listed) or bool(waiting)
    last, upcoming = calendar.last, calendar.upcoming
    if last is not None and calendar.checkin_open(day) and invited_or_listed:
        items.append(NudgeItem("checkin", f"checkin:{last.id}", listed, last.id))
    if calendar.monthly_open(day) and invited_or_listed:
        items.append(NudgeItem("monthly", f"monthly:{day:%Y-%m}", listed, None))
    before_from = calendar.before_from
    reach = max(day, horizon or day)
    session_day = calendar.session_day
    opens = before_from is not None and (
        day >= before_from or (session_day is not None and session_day <= reach)
    )
    if upcoming is not None and opens and (listed or waiting):
        items.append(
            NudgeItem("before-session", f"before-session:{upcoming.id}", listed, upcoming.id)
        )
    return items


# --------------------------------------------------------------------------- single commitments


def is_active(commitment: CommitmentSnap) -> bool:
    """Open, in progress or blocked: the statuses that still need doing."""
    return commitment.status in ACTIVE_STATUSES


def is_snoozed(commitment: CommitmentSnap, now: datetime) -> bool:
    """A snoozed commitment is left out of every nudge until the snooze ends."""
    return commitment.snoozed_until is not None and commitment.snoozed_until > now


def _due_soon(
    commitment: CommitmentSnap, day: date, settings: Settings, horizon: date
) -> NudgeItem | None:
    """From ``due_soon_days`` before the due date through the due date itself, or earlier
    when the due date is no later than ``horizon`` (the person's next possible nudge day)."""
    due = commitment.due
    if due is None or day > due:
        return None
    if due - timedelta(days=settings.due_soon_days) > day and due > horizon:
        return None
    return NudgeItem(
        "due-soon", f"due-soon:{commitment.id}:{due.isoformat()}", (commitment.number,)
    )


def _overdue(
    commitment: CommitmentSnap, recipient: str, day: date, settings: Settings, sent: SentIndex
) -> NudgeItem | None:
    """The day after the due date, then every ``overdue_repeat_days`` while still active.

    Only the current repeat is due (missed ones are not replayed). The key carries the due date,
    so moving the date gives a fresh series. A repeat is a follow-up: it goes only when nobody
    updated the commitment since this person's last overdue nudge about it; once someone has,
    the stale rule takes over (counting from that update). A person who never got an overdue
    nudge for this due date (paused, joined late) gets the current one regardless.
    """
    due = commitment.due
    if due is None or day <= due:
        return None
    repeat = settings.overdue_repeat_days
    n = ((day - due).days - 1) // repeat if repeat > 0 else 0
    prefix = f"overdue:{commitment.id}:{due.isoformat()}:"
    key = f"{prefix}{n}"
    if sent.has(recipient, key):
        return None
    last = sent.latest(recipient, prefix)
    if n >= 1 and last is not None and commitment.updated_at > last:
        return None
    return NudgeItem("overdue", key, (commitment.number,))


def _stale(
    commitment: CommitmentSnap,
    recipient: str,
    day: date,
    now: datetime,
    settings: Settings,
    sent: SentIndex,
) -> NudgeItem | None:
    """No update for ``stale_days``; keyed by the UTC date of the last update, so an update
    restarts the clock and silence earns one reminder per update.

    Not for a commitment due more than ``STALE_HORIZON_DAYS`` after ``day`` (it is on schedule,
    not forgotten), and not within ``STALE_QUIET_DAYS`` of this person's last stale reminder
    about it, so one commitment is called stale at most once a fortnight.
    """
    if settings.stale_days <= 0 or now - commitment.updated_at < timedelta(
        days=settings.stale_days
    ):
        return None
    if commitment.due is not None and commitment.due > day + timedelta(days=STALE_HORIZON_DAYS):
        return None
    prefix = f"stale:{commitment.id}:"
    last = sent.latest(recipient, prefix)
    if last is not None and now - last < timedelta(days=STALE_QUIET_DAYS):
        return None
    updated = commitment.updated_at.astimezone(UTC).date().isoformat()
    return NudgeItem("stale", f"{prefix}{updated}", (commitment.number,))


def commitment_items(
    commitment: CommitmentSnap,
    recipient: str,
    day: date,
    now: datetime,
    settings: Settings,
    sent: SentIndex,
    horizon: date | None = None,
) -> list[NudgeItem]:
    """Due-soon, overdue and stale items about one active, unsnoozed commitment.

    One reason per commitment in a message: overdue or due soon outranks stale, since a
    reminder about the deadline already asks where it stands (a commitment is never listed as
    both overdue and stale). A commitment waiting for the TA team (blocked with a help request)
    gets none: its owner already said what they need. ``horizon`` pulls a due date that falls
    before the person's next possible nudge into this one.
    """
    if commitment.awaiting_help:
        return []
    due_soon = _due_soon(commitment, day, settings, max(day, horizon or day))
    overdue = _overdue(commitment, recipient, day, settings, sent)
    if due_soon is not None or overdue is not None:
        return [item for item in (due_soon, overdue) if item is not None]
    stale = _stale(commitment, recipient, day, now, settings, sent)
    if stale is None or commitment.due is None or commitment.due >= day:
        return [stale] if stale is not None else []
    return _late_follow_up(commitment, recipient, stale, sent)


def _late_follow_up(
    commitment: CommitmentSnap, recipient: str, stale: NudgeItem, sent: SentIndex
) -> list[NudgeItem]:
    """A past-due commitment quiet long enough to be stale is reminded of as *overdue*: it is
    late, and "no update for a while" would hide that (a commitment is overdue or stale, never
    both). Only when it moved since this person's last overdue reminder, though: if nothing
    moved, the weekly overdue follow-up is the one that asks, and this would only repeat it.
    The stale key is kept, so the once-a-fortnight limit still holds."""
    assert commitment.due is not None
    last = sent.latest(recipient, f"overdue:{commitment.id}:{commitment.due.isoformat()}:")
    if last is not None and commitment.updated_at <= last:
        return []
    return [NudgeItem("overdue", stale.key, stale.commitment_numbers)]
