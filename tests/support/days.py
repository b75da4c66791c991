"""The dates a test is pinned to, and the collaborative's rules worked out by hand for them.

A test that passes only on the weekday it was written on is a test of the calendar. The rhythm
and sandbox tests run from each of seven consecutive days and from just before both US
daylight-saving changes in America/Chicago; what they expect is computed here from the SPEC's
rules (check-in from 10:00, no Saturdays or Sundays, quiet 18:00-09:00, digest Mondays 09:00),
written independently of `core/`, so a bug there is not copied into the expectation.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

CHICAGO = ZoneInfo("America/Chicago")
SATURDAY, SUNDAY, MONDAY, THURSDAY = 5, 6, 0, 3
CHECKIN_TIME = time(10, 0)
DIGEST_TIME = time(9, 0)
DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")

#: Seven consecutive local days (Mon 2026-11-30 .. Sun 2026-12-06), then the Saturday before
#: fall-back (Sun 2026-11-01, CDT -> CST) and before spring-forward (Sun 2027-03-14).
WEEK = tuple(date(2026, 11, 30) + timedelta(days=n) for n in range(7))
FALL_BACK = date(2026, 10, 31)
SPRING_FORWARD = date(2027, 3, 13)
START_DAYS = (*WEEK, FALL_BACK, SPRING_FORWARD)


def day_id(day: date) -> str:
    if day == FALL_BACK:
        return "sat-before-fall-back"
    if day == SPRING_FORWARD:
        return "sat-before-spring-forward"
    return f"{DAY_NAMES[day.weekday()].lower()}-{day.isoformat()}"


def start_days() -> list[object]:
    """`pytest.mark.parametrize` values for every pinned start day, with readable ids."""
    return [pytest.param(day, id=day_id(day)) for day in START_DAYS]


def at(day: date, clock: time, tz: ZoneInfo = CHICAGO) -> datetime:
    """A local wall time on a local day, as a UTC instant (DST resolved by zoneinfo)."""
    return datetime.combine(day, clock, tzinfo=tz).astimezone(UTC)


def local_day(moment: datetime, tz: ZoneInfo = CHICAGO) -> date:
    return moment.astimezone(tz).date()


def is_weekend(day: date) -> bool:
    return day.weekday() in (SATURDAY, SUNDAY)


def first_weekday_from(day: date) -> date:
    """`day` itself, or the Monday after it when it is a Saturday or Sunday."""
    while is_weekend(day):
        day += timedelta(days=1)
    return day


def next_monday_digest(after: datetime, tz: ZoneInfo = CHICAGO) -> datetime:
    """The first Monday 09:00 (collaborative's zone) strictly after `after`."""
    day = local_day(after, tz)
    while True:
        if day.weekday() == MONDAY and at(day, DIGEST_TIME, tz) > after:
            return at(day, DIGEST_TIME, tz)
        day += timedelta(days=1)
