"""Dates people read, in their language: English exactly as before, Spanish from Babel."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from core.i18n import speaking
from core.i18n_dates import day, in_days, long_day, moment, short_day
from core.time import format_day, format_moment

TODAY = date(2026, 11, 30)  # a Monday
CHICAGO = ZoneInfo("America/Chicago")
AT = datetime(2026, 12, 15, 16, 0, tzinfo=UTC)


def test_english_is_what_core_time_always_printed() -> None:
    with speaking("en"):
        for d in (TODAY, date(2026, 12, 1), date(2026, 12, 18), date(2027, 1, 4)):
            assert day(d, TODAY) == format_day(d, TODAY)
        assert moment(AT, CHICAGO) == format_moment(AT, CHICAGO) == "Tue Dec 15, 10:00 CST"
        assert long_day(date(2026, 12, 18)) == "Friday, December 18"
        assert [in_days(n) for n in (0, 1, -1, 3, 14, -2)] == [
            "today",
            "tomorrow",
            "yesterday",
            "in 3 days",
            "in 14 days",
            "2 days ago",
        ]


def test_spanish_names_days_and_months_in_spanish() -> None:
    with speaking("es"):
        assert day(TODAY, TODAY) == "hoy"
        assert day(date(2026, 12, 1), TODAY) == "mañana"
        assert day(date(2026, 12, 18), TODAY) == "vie 18 dic"
        assert day(date(2027, 1, 4), TODAY) == "4 ene 2027"
        assert moment(AT, CHICAGO) == "mar 15 dic, 10:00 CST"
        assert long_day(date(2026, 12, 18)) == "viernes 18 de diciembre"
        assert [in_days(n) for n in (0, 1, -1, 3, -2)] == [
            "hoy",
            "mañana",
            "ayer",
            "dentro de 3 días",
            "hace 2 días",
        ]


def test_a_stamp_never_says_today_and_reads_the_readers_way() -> None:
    """`/plan report`'s "As of" line: a fixed date, not "today", in the reader's language."""
    assert short_day(date(2027, 1, 5)) == "Tue Jan 5"
    with speaking("es"):
        assert short_day(date(2027, 1, 5)) == "mar 5 ene"
