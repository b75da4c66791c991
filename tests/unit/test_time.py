"""core.time: dates in people's words, quiet hours and DST-safe send slots."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from core.time import (
    ClockError,
    DateError,
    QuietWindowError,
    TimeInputError,
    TimezoneError,
    WeekdayError,
    days_between,
    format_day,
    format_moment,
    in_quiet_hours,
    local_to_utc,
    next_send_slot,
    parse_clock,
    parse_date,
    parse_quiet_window,
    parse_timezone,
    parse_weekday,
    to_local,
)

CHICAGO = ZoneInfo("America/Chicago")
LONDON = ZoneInfo("Europe/London")
QUIET = (time(18, 0), time(9, 0))
TUESDAY = date(2026, 12, 15)  # a Tuesday


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


# --------------------------------------------------------------------------- parse_date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-12-20", date(2026, 12, 20)),
        ("2027-1-5", date(2027, 1, 5)),
        ("12/20", date(2026, 12, 20)),
        ("12/15", date(2026, 12, 15)),  # on or after today: today counts
        ("12/14", date(2026, 12, 14)),  # yesterday, not next year: the caller refuses it
        ("1/5", date(2027, 1, 5)),  # in December, January is next year
        ("1/5/2027", date(2027, 1, 5)),
        ("1/5/27", date(2027, 1, 5)),
        ("today", TUESDAY),
        ("Tomorrow", date(2026, 12, 16)),
        ("TODAY", TUESDAY),
        ("friday", date(2026, 12, 18)),
        ("Fri", date(2026, 12, 18)),
        ("tuesday", date(2026, 12, 22)),  # strictly after today
        ("tue", date(2026, 12, 22)),
        ("wednesday", date(2026, 12, 16)),
        ("monday", date(2026, 12, 21)),
        ("thurs", date(2026, 12, 17)),
        ("in 3 days", date(2026, 12, 18)),
        ("in 1 day", date(2026, 12, 16)),
        ("in 2 weeks", date(2026, 12, 29)),
        ("in a week", date(2026, 12, 22)),
        ("In  One   Week", date(2026, 12, 22)),
        ("in 0 days", TUESDAY),
        ("friday.", date(2026, 12, 18)),
        ("  friday  ", date(2026, 12, 18)),
        ("Dec 18", date(2026, 12, 18)),
        ("Fri Dec 18", date(2026, 12, 18)),
        ("december 18", date(2026, 12, 18)),
        ("Dec 18, 2027", date(2027, 12, 18)),
        ("jan 5", date(2027, 1, 5)),
        ("next friday", date(2026, 12, 18)),
        ("this friday", date(2026, 12, 18)),
        ("viernes", date(2026, 12, 18)),
        ("el viernes", date(2026, 12, 18)),
        ("el próximo viernes", date(2026, 12, 18)),
        ("miercoles", date(2026, 12, 16)),
        ("mañana", date(2026, 12, 16)),
        ("end of month", date(2026, 12, 31)),
        ("end of the month", date(2026, 12, 31)),
        ("end of next month", date(2027, 1, 31)),
        ("end of week", date(2026, 12, 18)),
        ("Dec 1", date(2026, 12, 1)),  # two weeks ago: in the past, not Dec 1 2027
    ],
)
def test_parse_date_accepts_peoples_forms(text: str, expected: date) -> None:
    assert parse_date(text, TUESDAY) == expected


def test_leap_day_waits_for_a_leap_year() -> None:
    assert parse_date("2/29", date(2026, 3, 1)) == date(2028, 2, 29)


def test_unknown_date_is_one_friendly_line() -> None:
    with pytest.raises(DateError) as caught:
        parse_date("funday", TUESDAY)
    message = str(caught.value)
    assert message.startswith("I couldn't read “funday” as a date.")
    assert "tomorrow, friday or in 2 weeks" in message
    assert "\n" not in message
    assert isinstance(caught.value, ValueError)
    assert isinstance(caught.value, TimeInputError)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("2026-02-30", "no such date as “2026-02-30”: February 2026 has no day 30"),
        ("2026-13-01", "months go from 1 to 12"),
        ("13/1", "“13/1” isn't a date: months go from 1 to 12"),
        ("2/30", "February has no day 30"),
        ("4/31/2027", "April 2027 has no day 31"),
        ("0/5", "months go from 1 to 12"),
        ("", "Give a date"),
        ("   ", "Give a date"),
        ("next funday", "couldn't read"),
        ("a friday", "couldn't read"),
        ("in many days", "couldn't read"),
        ("in 99999 days", "too far ahead"),
        ("Dec 40", "December has no day 40"),
        ("blah 5", "couldn't read"),
    ],
)
def test_impossible_or_unreadable_dates_say_why(text: str, fragment: str) -> None:
    with pytest.raises(DateError, match=fragment):
        parse_date(text, TUESDAY)


def test_date_hint_is_relative_to_today() -> None:
    with pytest.raises(DateError, match=r"Try 2026-12-29, 12/29, tomorrow"):
        parse_date("soon", TUESDAY)


# --------------------------------------------------------------------------- clock, weekday, zone


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("09:00", time(9, 0)),
        ("9:00", time(9, 0)),
        ("17:30", time(17, 30)),
        ("0:00", time(0, 0)),
        ("23:59", time(23, 59)),
        ("9am", time(9, 0)),
        ("9 AM", time(9, 0)),
        ("5:30pm", time(17, 30)),
        ("12am", time(0, 0)),
        ("12pm", time(12, 0)),
        ("12:15 a.m.", time(0, 15)),
        ("noon", time(12, 0)),
        ("midnight", time(0, 0)),
    ],
)
def test_parse_clock(text: str, expected: time) -> None:
    assert parse_clock(text) == expected


@pytest.mark.parametrize("text", ["24:00", "9:60", "13pm", "0am", "9", "nine", "", "9:5"])
def test_parse_clock_rejects(text: str) -> None:
    with pytest.raises(ClockError, match="Try 09:00, 17:30 or 9am"):
        parse_clock(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("monday", 0),
        ("Mon", 0),
        ("TUESDAY", 1),
        ("wed", 2),
        ("thurs", 3),
        ("sun", 6),
        ("mondays", 0),
    ],
)
def test_parse_weekday(text: str, expected: int) -> None:
    assert parse_weekday(text) == expected


def test_parse_weekday_rejects() -> None:
    with pytest.raises(WeekdayError, match="“someday” as a weekday"):
        parse_weekday("someday")


def test_parse_timezone_is_case_insensitive_and_canonical() -> None:
    assert parse_timezone("America/Chicago").key == "America/Chicago"
    assert parse_timezone("  america/chicago ").key == "America/Chicago"
    assert parse_timezone("UTC").key == "UTC"


@pytest.mark.parametrize("name", ["Mars/Base", "", "../../etc/passwd", "localtime", "America"])
def test_parse_timezone_rejects_unknown_names(name: str) -> None:
    with pytest.raises(TimezoneError, match="Area/City"):
        parse_timezone(name)


def test_parse_timezone_suggests_a_close_name() -> None:
    with pytest.raises(TimezoneError, match="Did you mean America/Chicago"):
        parse_timezone("America/Chicgo")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("18:00-09:00", (time(18, 0), time(9, 0))),
        ("18:00 - 09:00", (time(18, 0), time(9, 0))),
        ("6pm–9am", (time(18, 0), time(9, 0))),
        ("22:00 to 7:00", (time(22, 0), time(7, 0))),
    ],
)
def test_parse_quiet_window(text: str, expected: tuple[time, time]) -> None:
    assert parse_quiet_window(text) == expected


@pytest.mark.parametrize("text", ["18:00", "18:00-", "evening-morning", ""])
def test_parse_quiet_window_rejects(text: str) -> None:
    with pytest.raises(QuietWindowError):
        parse_quiet_window(text)


# --------------------------------------------------------------------------- local <-> UTC


def test_local_to_utc_plain_days() -> None:
    assert local_to_utc(date(2026, 12, 15), time(10, 0), CHICAGO) == utc(2026, 12, 15, 16, 0)
    assert local_to_utc(date(2026, 7, 15), time(10, 0), CHICAGO) == utc(2026, 7, 15, 15, 0)
    assert local_to_utc(date(2026, 7, 15), time(10, 0), LONDON) == utc(2026, 7, 15, 9, 0)


def test_local_to_utc_spring_forward_gap_moves_to_first_valid_instant() -> None:
    # 2026-03-08 02:00 CST jumps to 03:00 CDT (08:00 UTC).
    moment = local_to_utc(date(2026, 3, 8), time(2, 30), CHICAGO)
    assert moment == utc(2026, 3, 8, 8, 0)
    assert to_local(moment, CHICAGO).replace(tzinfo=None) == datetime(2026, 3, 8, 3, 0)
    # London: 2026-03-29 01:00 GMT jumps to 02:00 BST (01:00 UTC).
    assert local_to_utc(date(2026, 3, 29), time(1, 15), LONDON) == utc(2026, 3, 29, 1, 0)


def test_local_to_utc_fall_back_takes_first_occurrence() -> None:
    # 2026-11-01 01:30 happens twice in Chicago: first as CDT (06:30 UTC).
    assert local_to_utc(date(2026, 11, 1), time(1, 30), CHICAGO) == utc(2026, 11, 1, 6, 30)
    assert local_to_utc(date(2026, 10, 25), time(1, 30), LONDON) == utc(2026, 10, 25, 0, 30)


def test_local_to_utc_refuses_aware_times_and_datetimes() -> None:
    with pytest.raises(ValueError):
        local_to_utc(date(2026, 1, 1), time(9, 0, tzinfo=UTC), CHICAGO)
    with pytest.raises(ValueError):
        local_to_utc(datetime(2026, 1, 1, tzinfo=UTC), time(9, 0), CHICAGO)


def test_to_local_and_naive_refusal() -> None:
    local = to_local(utc(2026, 12, 15, 16, 0), CHICAGO)
    assert (local.hour, local.tzname()) == (10, "CST")
    eastern = datetime(2026, 12, 15, 11, 0, tzinfo=timezone(timedelta(hours=-5)))
    assert to_local(eastern, CHICAGO).hour == 10
    with pytest.raises(ValueError, match="timezone-aware"):
        to_local(datetime(2026, 12, 15, 16, 0), CHICAGO)


# --------------------------------------------------------------------------- quiet hours


@pytest.mark.parametrize(
    ("local", "quiet"),
    [
        (time(18, 0), True),
        (time(23, 59), True),
        (time(0, 0), True),
        (time(8, 59), True),
        (time(9, 0), False),
        (time(12, 0), False),
        (time(17, 59), False),
    ],
)
def test_in_quiet_hours_wrapping_midnight(local: time, quiet: bool) -> None:
    assert in_quiet_hours(local, time(18, 0), time(9, 0)) is quiet


def test_in_quiet_hours_same_day_window_and_disabled() -> None:
    assert in_quiet_hours(time(12, 30), time(12, 0), time(13, 0))
    assert not in_quiet_hours(time(13, 0), time(12, 0), time(13, 0))
    assert not in_quiet_hours(time(11, 59), time(12, 0), time(13, 0))
    assert not in_quiet_hours(time(3, 0), time(9, 0), time(9, 0))


# --------------------------------------------------------------------------- next_send_slot


def test_slot_outside_quiet_hours_is_unchanged() -> None:
    candidate = utc(2026, 12, 15, 16, 0)  # Tue 10:00 CST
    assert next_send_slot(candidate, CHICAGO, QUIET, skip_weekends=True) == candidate


def test_slot_in_evening_waits_for_next_morning() -> None:
    candidate = utc(2026, 12, 16, 1, 0)  # Tue 19:00 CST
    assert next_send_slot(candidate, CHICAGO, QUIET, True) == utc(2026, 12, 16, 15, 0)


def test_slot_before_dawn_waits_same_day() -> None:
    candidate = utc(2026, 12, 15, 12, 0)  # Tue 06:00 CST
    assert next_send_slot(candidate, CHICAGO, QUIET, True) == utc(2026, 12, 15, 15, 0)


def test_slot_exactly_at_quiet_end_is_allowed() -> None:
    candidate = utc(2026, 12, 15, 15, 0)  # Tue 09:00 CST
    assert next_send_slot(candidate, CHICAGO, QUIET, True) == candidate


def test_weekend_waits_for_monday_morning() -> None:
    saturday_noon = utc(2026, 12, 19, 18, 0)
    monday_nine = utc(2026, 12, 21, 15, 0)
    assert next_send_slot(saturday_noon, CHICAGO, QUIET, True) == monday_nine
    friday_evening = utc(2026, 12, 19, 1, 0)  # Fri 19:00 CST: quiet, then the weekend
    assert next_send_slot(friday_evening, CHICAGO, QUIET, True) == monday_nine
    assert next_send_slot(saturday_noon, CHICAGO, QUIET, False) == saturday_noon


def test_weekend_without_quiet_hours_waits_until_nine() -> None:
    sunday = utc(2026, 12, 20, 3, 0)  # Sat 21:00 CST
    assert next_send_slot(sunday, CHICAGO, None, True) == utc(2026, 12, 21, 15, 0)
    disabled = (time(0, 0), time(0, 0))
    assert next_send_slot(sunday, CHICAGO, disabled, True) == utc(2026, 12, 21, 15, 0)
    assert next_send_slot(sunday, CHICAGO, None, False) == sunday


def test_weekend_uses_end_of_overnight_quiet_hours() -> None:
    saturday = utc(2026, 12, 19, 18, 0)
    quiet = (time(20, 0), time(7, 30))
    assert next_send_slot(saturday, CHICAGO, quiet, True) == utc(2026, 12, 21, 13, 30)


def test_weekend_with_daytime_quiet_window_starting_at_nine() -> None:
    saturday = utc(2026, 12, 19, 18, 0)
    quiet = (time(8, 0), time(10, 0))  # 09:00 Monday is quiet, so 10:00
    assert next_send_slot(saturday, CHICAGO, quiet, True) == utc(2026, 12, 21, 16, 0)


def test_weekend_is_judged_in_the_persons_zone() -> None:
    # Monday 02:00 UTC is still Sunday 20:00 in Chicago.
    candidate = utc(2026, 12, 21, 2, 0)
    assert next_send_slot(candidate, CHICAGO, QUIET, True) == utc(2026, 12, 21, 15, 0)
    assert next_send_slot(candidate, ZoneInfo("UTC"), None, True) == candidate


def test_slot_across_spring_forward_chicago() -> None:
    # Sat 2026-03-07 20:00 CST; Monday 09:00 is CDT (14:00 UTC), not 15:00.
    candidate = utc(2026, 3, 8, 2, 0)
    assert next_send_slot(candidate, CHICAGO, QUIET, True) == utc(2026, 3, 9, 14, 0)
    # Sunday night 2026-03-08 (DST change day) without weekend skipping: 09:00 CDT.
    assert next_send_slot(candidate, CHICAGO, QUIET, False) == utc(2026, 3, 8, 14, 0)


def test_slot_across_fall_back_chicago() -> None:
    # Sat 2026-10-31 22:00 CDT; the next morning 09:00 is CST (15:00 UTC).
    candidate = utc(2026, 11, 1, 3, 0)
    assert next_send_slot(candidate, CHICAGO, QUIET, False) == utc(2026, 11, 1, 15, 0)
    assert next_send_slot(candidate, CHICAGO, QUIET, True) == utc(2026, 11, 2, 15, 0)


def test_slot_across_dst_london() -> None:
    # Sat 2026-03-28 23:00 GMT; Monday 09:00 BST is 08:00 UTC.
    assert next_send_slot(utc(2026, 3, 28, 23, 0), LONDON, QUIET, True) == utc(2026, 3, 30, 8, 0)
    # Sat 2026-10-24 19:00 BST; Monday 09:00 GMT is 09:00 UTC.
    assert next_send_slot(utc(2026, 10, 24, 18, 0), LONDON, QUIET, True) == utc(2026, 10, 26, 9, 0)


def test_quiet_end_in_a_dst_gap_moves_to_first_valid_instant() -> None:
    quiet = (time(0, 0), time(2, 30))  # 02:30 does not exist on 2026-03-08 in Chicago
    candidate = utc(2026, 3, 8, 7, 0)  # 01:00 CST
    assert next_send_slot(candidate, CHICAGO, quiet, False) == utc(2026, 3, 8, 8, 0)


def test_next_send_slot_refuses_naive() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        next_send_slot(datetime(2026, 12, 15, 16, 0), CHICAGO, QUIET, True)


def test_next_send_slot_returns_utc() -> None:
    eastern = datetime(2026, 12, 15, 11, 0, tzinfo=timezone(timedelta(hours=-5)))
    result = next_send_slot(eastern, CHICAGO, QUIET, True)
    assert result == utc(2026, 12, 15, 16, 0)
    assert result.tzinfo is UTC


# --------------------------------------------------------------------------- formatting


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (TUESDAY, "today"),
        (date(2026, 12, 16), "tomorrow"),
        (date(2026, 12, 18), "Fri Dec 18"),
        (date(2026, 12, 5), "Sat Dec 5"),
        (date(2027, 12, 18), "Dec 18, 2027"),
        (date(2027, 1, 4), "Jan 4, 2027"),
    ],
)
def test_format_day(day: date, expected: str) -> None:
    assert format_day(day, TUESDAY) == expected


def test_format_day_round_trips_through_parse_date() -> None:
    for offset in range(2, 400, 7):
        day = TUESDAY + timedelta(days=offset)
        assert parse_date(format_day(day, TUESDAY), TUESDAY) == day


def test_format_moment() -> None:
    assert format_moment(utc(2026, 12, 15, 16, 0), CHICAGO) == "Tue Dec 15, 10:00 CST"
    assert format_moment(utc(2026, 7, 1, 14, 5), CHICAGO) == "Wed Jul 1, 09:05 CDT"
    assert format_moment(utc(2026, 7, 1, 14, 5), LONDON) == "Wed Jul 1, 15:05 BST"
    sao_paulo = ZoneInfo("America/Sao_Paulo")
    assert format_moment(utc(2026, 7, 1, 14, 5), sao_paulo) == "Wed Jul 1, 11:05 UTC-03"
    with pytest.raises(ValueError):
        format_moment(datetime(2026, 7, 1, 14, 5), CHICAGO)


def test_days_between() -> None:
    assert days_between(date(2026, 12, 15), date(2026, 12, 18)) == 3
    assert days_between(date(2026, 12, 18), date(2026, 12, 15)) == -3
    assert days_between(date(2026, 3, 7), date(2026, 3, 9)) == 2  # DST is irrelevant to dates
    with pytest.raises(ValueError):
        days_between(utc(2026, 12, 15), date(2026, 12, 18))
