"""The nudge rules at their edges, written to kill what mutation testing found surviving
(`mutmut` on core/nudges_rules.py and core/nudges.py against the unit tests): local dates that
differ from UTC dates, the exact instant a rule starts or stops, the year's end, and settings
at their smallest values.
"""

from __future__ import annotations

import dataclasses
from datetime import date, time, timedelta

from core.nudges import PersonSnap, SentItem, SessionSnap, Settings, plan_nudges
from core.nudges_rules import Calendar, SentIndex, is_snoozed
from tests.support.nudges import (
    PEOPLE,
    S1,
    S2,
    S3,
    U1,
    U2,
    commitment,
    keys,
    make_state,
    record,
    utc,
)

CHICAGO = Settings(timezone="America/Chicago")


def planned(state: object, now: object) -> dict[str, list[str]]:
    return {m.recipient: keys(m) for m in plan_nudges(state, now)}  # type: ignore[arg-type]


# ----------------------------------------------------- local dates that are not UTC dates


def test_someone_in_auckland_gets_the_checkin_at_ten_on_their_own_thursday() -> None:
    """Thu Mar 5 10:00 in Auckland is Wed Mar 4 21:00 UTC: the person's local day, not the UTC
    date, decides whether the check-in (open from Thursday) and the send time have come."""
    kiwi = PersonSnap(U1, 1, "Pacific/Auckland", None)
    state = make_state(people=(kiwi,))
    assert planned(state, utc(2026, 3, 4, 20, 30)) == {}  # 09:30 there: not yet
    assert planned(state, utc(2026, 3, 4, 21, 0)) == {U1: ["checkin:11"]}  # 10:00 there


def test_an_evening_session_opens_its_checkin_two_local_days_later() -> None:
    """A Tuesday 19:30 session in Chicago is Wednesday 01:30 UTC: its check-in opens Thursday."""
    evening = dataclasses.replace(S1, starts_at=utc(2026, 3, 4, 1, 30))
    state = make_state(sessions=(evening, S2, S3), people=PEOPLE[:1])
    assert planned(state, utc(2026, 3, 5, 16)) == {U1: ["checkin:11"]}  # Thu 10:00 CST


def test_before_an_evening_session_the_reminder_opens_exactly_two_local_days_ahead() -> None:
    """Session 2 moved to Thursday Mar 26 19:30 CDT (Friday 00:30 UTC): the reminder opens on
    Tuesday Mar 24, its first day, not on Wednesday."""
    thursday_evening = dataclasses.replace(S2, starts_at=utc(2026, 3, 27, 0, 30))
    state = make_state(sessions=(S1, thursday_evening, S3), people=PEOPLE[:1])
    assert Calendar.build(state.sessions, utc(2026, 3, 24, 15), CHICAGO).before_from == date(
        2026, 3, 24
    )
    # the check-in and stale reminders went the Thursday before, so Monday has nothing of its
    # own (a message going anyway on Monday would carry the reminder early: see test_cadence)
    thursday = utc(2026, 3, 19, 15)
    state = record(state, plan_nudges(state, thursday), thursday)
    assert "before-session:12" in planned(state, utc(2026, 3, 24, 15))[U1]  # Tue 10:00 CDT
    assert "before-session:12" not in planned(state, utc(2026, 3, 23, 15)).get(U1, [])


# ---------------------------------------------------------------- exact instants


def test_a_session_starting_now_is_held() -> None:
    calendar = Calendar.build((S1, S2, S3), S2.starts_at, CHICAGO)
    assert (calendar.last, calendar.upcoming) == (S2, S3)


def test_the_monthly_rhythm_takes_over_on_its_first_day() -> None:
    calendar = Calendar.build((S1,), utc(2026, 3, 20), CHICAGO)
    assert calendar.monthly_from == date(2026, 4, 1)
    assert calendar.checkin_open(date(2026, 3, 31)) and not calendar.monthly_open(date(2026, 3, 31))
    assert not calendar.checkin_open(date(2026, 4, 1)) and calendar.monthly_open(date(2026, 4, 1))


def test_after_a_december_session_the_monthly_rhythm_starts_in_january() -> None:
    december = SessionSnap(21, 1, utc(2026, 12, 8, 16), "Last session")
    calendar = Calendar.build((december,), utc(2026, 12, 20), CHICAGO)
    assert calendar.monthly_from == date(2027, 1, 1)


def test_a_snooze_ending_now_is_over() -> None:
    now = utc(2026, 3, 10, 16)
    assert not is_snoozed(commitment(101, 1, 1, U1, snoozed_until=now), now)
    assert is_snoozed(commitment(101, 1, 1, U1, snoozed_until=now + timedelta(seconds=1)), now)


def test_a_pause_ending_now_is_over() -> None:
    now = utc(2026, 3, 5, 16)  # Thu 10:00 CST, the check-in's first morning
    back = PersonSnap(U1, 1, None, now)
    assert planned(make_state(people=(back,)), now) == {U1: ["checkin:11"]}


def test_stale_exactly_ten_days_after_the_last_update() -> None:
    updated = utc(2026, 3, 6, 16)
    quiet = commitment(101, 1, 1, U1, updated_at=updated)
    state = make_state(sessions=(), people=PEOPLE[:1], commitments=(quiet,))
    assert planned(state, updated + timedelta(days=10)) == {U1: ["stale:101:2026-03-06"]}
    assert planned(state, updated + timedelta(days=10, seconds=-1)) == {}


# ------------------------------------------------------------ settings at their smallest


def test_a_stale_setting_of_one_day_means_one_day() -> None:
    settings = Settings(timezone="America/Chicago", stale_days=1)
    quiet = commitment(101, 1, 1, U1, updated_at=utc(2026, 3, 9, 16))
    state = make_state(settings=settings, sessions=(), people=PEOPLE[:1], commitments=(quiet,))
    assert planned(state, utc(2026, 3, 10, 16)) == {U1: ["stale:101:2026-03-09"]}


def test_daily_overdue_reminders_when_repeat_is_one_and_a_single_one_when_zero() -> None:
    due = date(2026, 3, 12)  # Thursday
    late = commitment(101, 1, 1, U1, due=due)
    daily = Settings(timezone="America/Chicago", stale_days=0, overdue_repeat_days=1)
    state = make_state(settings=daily, sessions=(), people=PEOPLE[:1], commitments=(late,))
    friday = utc(2026, 3, 13, 15)
    assert planned(state, friday) == {U1: ["overdue:101:2026-03-12:0"]}
    state = record(state, plan_nudges(state, friday), friday)
    monday = utc(2026, 3, 16, 15)
    # daily repeats, but automatic nudges keep four days apart: Tuesday gets the current one
    assert planned(state, monday) == {}
    tuesday = utc(2026, 3, 17, 15)
    assert planned(state, tuesday) == {U1: ["overdue:101:2026-03-12:4"]}

    once = dataclasses.replace(daily, overdue_repeat_days=0)
    state = make_state(settings=once, sessions=(), people=PEOPLE[:1], commitments=(late,))
    assert planned(state, friday) == {U1: ["overdue:101:2026-03-12:0"]}
    state = record(state, plan_nudges(state, friday), friday)
    assert planned(state, monday) == {}


def test_quiet_hours_with_one_end_missing_are_no_quiet_hours() -> None:
    early = Settings(timezone="America/Chicago", checkin_time=time(7, 0), quiet_start=None)
    state = make_state(settings=early, people=PEOPLE[:1])
    assert planned(state, utc(2026, 3, 5, 13)) == {U1: ["checkin:11"]}  # Thu 07:00 CST


# ---------------------------------------------------------------------- what was sent


def test_the_latest_send_of_a_key_counts_whatever_order_the_rows_come_in() -> None:
    """The overdue follow-up compares updates with the *latest* reminder; rows come back from
    the database in no promised order."""
    first, second = utc(2026, 3, 13, 15), utc(2026, 3, 20, 15)
    key = "overdue:101:2026-03-12:1"
    index = SentIndex.build([SentItem(U1, key, second), SentItem(U1, key, first)])
    assert index.latest(U1, "overdue:101:") == second
    assert index.has(U1, key) and not index.has(U2, key)
