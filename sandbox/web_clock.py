"""The sandbox's clock and its fast-forward buttons.

Nudges and digests are about days and weeks; nobody trying the bot will wait for them. The
sandbox clock is real time plus an offset, the bot reads it as its `clock`, and moving it runs
the very jobs production runs (`run_nudges`, `run_digests`, `run_retention`) with the new
`now`, so what arrives is what the scheduler would have sent at that instant.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from slack_sdk.web.async_client import AsyncWebClient

from bot.runtime import system_clock
from core.calendar import numbered_sessions
from core.nudges_rules import send_time_on, zone
from core.time import local_to_utc, to_local
from jobs.digest_job import due_period, run_digests
from jobs.nudge_job import run_nudges
from jobs.planning import planner_settings
from jobs.retention_job import run_retention
from storage.models import Collaborative
from storage.uow import UnitOfWork, UnitOfWorkFactory

log = logging.getLogger(__name__)

Target = Literal["day", "session", "digest"]
TARGETS: tuple[Target, ...] = ("day", "session", "digest")
#: How far ahead to look for a day on which nudges may go out (weekends, odd settings).
SEARCH_DAYS = 14
#: How far ahead to look for the next digest (a monthly one is at most five weeks away).
DIGEST_SEARCH_WEEKS = 6
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


class SandboxClock:
    """Real time plus an offset that only moves forward, so signed requests stay valid.

    Slack's signatures carry the real time (the bot refuses one five minutes off), so only the
    bot's idea of "now" is shifted; the driver keeps signing with the wall clock.
    """

    def __init__(
        self, real: Callable[[], datetime] = system_clock, start: datetime | None = None
    ) -> None:
        """`start` pins the instant the sandbox begins at (then time runs on from there), so
        a demo or a test sees the same weekday and session calendar whatever today is."""
        self._real = real
        self._start = start
        self.offset = self._initial_offset()

    def __call__(self) -> datetime:
        return self._real() + self.offset

    def _initial_offset(self) -> timedelta:
        return timedelta(0) if self._start is None else self._start - self._real()

    def move_to(self, moment: datetime) -> None:
        self.offset = max(self.offset, moment - self._real())

    def reset(self) -> None:
        """Back to the pinned start if there is one, else to real time."""
        self.offset = self._initial_offset()


class NothingAhead(Exception):
    """There is no moment to fast-forward to (no session left, no collaborative)."""


@dataclass(frozen=True)
class JobReport:
    """What one fast-forward did, for the page to say."""

    target: Target
    now: datetime
    nudges_sent: int
    nudges_failed: int
    digests_posted: int
    error: str | None = None


async def _collaborative(uow: UnitOfWork) -> Collaborative:
    found = list(await uow.repos.collaboratives.all())
    if not found:
        raise NothingAhead("There is no collaborative yet.")
    return found[0]


async def _member_zones(uow: UnitOfWork, c: Collaborative) -> list[ZoneInfo]:
    people = await uow.repos.people.all(c.id)
    names = {p.timezone for p in people if p.organization_id is not None}
    return [zone(name, c.timezone) for name in sorted(n or "" for n in names)] or [
        ZoneInfo(c.timezone)
    ]


def _sending_moment(c: Collaborative, zones: list[ZoneInfo], day: date) -> datetime | None:
    """When everyone's nudges may go out on `day` (the latest of their local send times)."""
    settings = planner_settings(c)
    moments = [send_time_on(day, tz, settings) for tz in zones]
    if any(m is None for m in moments):
        return None
    return max(m for m in moments if m is not None)


def _first_sending_moment(
    c: Collaborative, zones: list[ZoneInfo], day: date, after: datetime
) -> datetime:
    for offset in range(SEARCH_DAYS):
        moment = _sending_moment(c, zones, day + timedelta(days=offset))
        if moment is not None and moment > after:
            return moment
    raise NothingAhead("No day ahead on which nudges may go out: check the quiet hours.")


async def target_moment(uow: UnitOfWork, target: Target, now: datetime) -> datetime:
    """The instant a fast-forward button moves to.

    "day": the next day on which nudges may go out, once every member's send time has come;
    "session": the next session's check-in (its second day after, at check-in time);
    "digest": the next scheduled digest (Monday 09:00 by default, in the collaborative's zone).
    """
    c = await _collaborative(uow)
    tz = ZoneInfo(c.timezone)
    today = to_local(now, tz).date()
    if target == "digest":
        return await _next_digest(uow, c, now)
    zones = await _member_zones(uow, c)
    if target == "day":
        return _first_sending_moment(c, zones, today + timedelta(days=1), now)
    upcoming = next((s for s in await numbered_sessions(uow, c.id) if s.starts_at > now), None)
    if upcoming is None:
        raise NothingAhead("No session is scheduled after now: add one with /plan session add.")
    session_day = to_local(upcoming.starts_at, tz).date()
    return _first_sending_moment(
        c, zones, session_day + timedelta(days=c.checkin_days), upcoming.starts_at
    )


async def _next_digest(uow: UnitOfWork, c: Collaborative, now: datetime) -> datetime:
    """The next instant the digest job would post a new period, weekly or (after the last
    session) monthly, found by asking the job's own rule at each digest weekday ahead."""
    tz = ZoneInfo(c.timezone)
    today = to_local(now, tz).date()
    first = today + timedelta(days=(c.digest_weekday - today.weekday()) % 7)
    for week in range(DIGEST_SEARCH_WEEKS):
        moment = local_to_utc(first + timedelta(days=7 * week), c.digest_time, tz)
        if moment <= now:
            continue
        period = await due_period(uow, c, moment)
        if period is not None and period.end == moment:
            return moment
    raise NothingAhead("No digest is due in the coming weeks: is the collaborative closed?")


async def digest_label(uow: UnitOfWork, now: datetime) -> str:
    """The digest button's words: "Next Monday 9:00" weekly, "Next monthly digest" after."""
    try:
        c = await _collaborative(uow)
        moment = await _next_digest(uow, c, now)
    except NothingAhead:
        return "Next digest"
    if moment - now > timedelta(days=7):
        return "Next monthly digest"
    at = c.digest_time
    return f"Next {WEEKDAYS[c.digest_weekday]} {at.hour}:{at.minute:02d}"


async def fast_forward(
    clock: SandboxClock,
    uow_factory: UnitOfWorkFactory,
    client: AsyncWebClient,
    target: Target,
) -> JobReport:
    """Move the clock to the target, then run the nudge and digest jobs at that instant."""
    async with uow_factory() as uow:
        moment = await target_moment(uow, target, clock())
    clock.move_to(moment)
    now = moment
    sent = failed = posted = 0
    error = None
    try:
        report = await run_nudges(uow_factory, client, now)
        sent, failed = len(report.sent), len(report.failed)
        posted = len(await run_digests(uow_factory, client, now))
        sent += len((await run_retention(uow_factory, client, now)).sent)
    except Exception as exc:  # shown on the page: the point of the sandbox is to see failures
        log.exception("a job failed at %s", now.isoformat())
        error = f"{type(exc).__name__}: {exc}"
    return JobReport(target, now, sent, failed, posted, error)
