"""Dates and times for people, in the reader's language (see :mod:`core.i18n`).

Why a module apart from :mod:`core.time`: English output must stay exactly what
``core.time.format_day`` / ``format_moment`` have always printed (hundreds of tests and
people's habits read it), so English goes through them unchanged; Spanish is written by Babel's
CLDR data (``vie 18 dic``, ``mar 15 dic, 10:00 CST``, ``dentro de 3 días``), which knows the
month and weekday names and their order better than a table of ours would. The language is the
one the edge set with ``speaking()``, read at call time like ``_``.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_timedelta

from core.i18n import DEFAULT_LANGUAGE, current_language
from core.time import format_day, format_moment, to_local

__all__ = ["day", "in_days", "long_day", "moment", "month_day", "short_day"]


def _spanish() -> bool:
    return current_language() != DEFAULT_LANGUAGE


def day(d: date, today: date) -> str:
    """A date relative to ``today``: ``today``/``hoy``, ``tomorrow``/``mañana``, ``Fri Dec 18`` /
    ``vie 18 dic``, and with its year when it is not this year's (``18 dic 2027``)."""
    if not _spanish():
        return format_day(d, today)
    if d == today:
        return "hoy"
    if d == today + timedelta(days=1):
        return "mañana"
    if d.year != today.year:
        return format_date(d, "d MMM y", locale=current_language())
    return format_date(d, "EEE d MMM", locale=current_language())


def month_day(d: date) -> str:
    """A month and day with no weekday, for labels read week by week (a chart's weeks, its
    title): ``Dec 7`` / ``7 dic``."""
    if not _spanish():
        return f"{d:%b} {d.day}"
    return format_date(d, "d MMM", locale=current_language())


def short_day(d: date) -> str:
    """A weekday, month and day, never relative: ``Tue Jan 5`` / ``mar 5 ene``."""
    if not _spanish():
        return f"{d:%a %b} {d.day}"
    return format_date(d, "EEE d MMM", locale=current_language())


def long_day(d: date) -> str:
    """A weekday and date spelled out: ``Friday, December 18`` / ``viernes 18 de diciembre``."""
    if not _spanish():
        return format_date(d, "EEEE, MMMM d", locale="en")
    return format_date(d, "EEEE d 'de' MMMM", locale=current_language())


def moment(moment_utc: datetime, tz: ZoneInfo) -> str:
    """An instant in a person's zone with the zone's abbreviation: ``Tue Dec 15, 10:00 CST`` /
    ``mar 15 dic, 10:00 CST`` (24-hour clock in both; zones without letters show ``UTC-03``)."""
    if not _spanish():
        return format_moment(moment_utc, tz)
    local = to_local(moment_utc, tz)
    abbreviation = local.tzname() or ""
    if abbreviation[:1] in ("+", "-"):
        abbreviation = f"UTC{abbreviation}"
    shown = format_date(local.date(), "EEE d MMM", locale=current_language())
    return f"{shown}, {local:%H:%M} {abbreviation}".rstrip()


def in_days(days: int) -> str:
    """How far a day is from today: ``today``/``hoy``, ``tomorrow``/``mañana``,
    ``yesterday``/``ayer``, ``in 3 days``/``dentro de 3 días``, ``2 days ago``/``hace 2 días``.
    Always counted in days (two weeks is "in 14 days"), as people count to a deadline."""
    spanish = _spanish()
    if days == 0:
        return "hoy" if spanish else "today"
    if days == 1:
        return "mañana" if spanish else "tomorrow"
    if days == -1:
        return "ayer" if spanish else "yesterday"
    return format_timedelta(
        timedelta(days=days),
        granularity="day",
        threshold=100_000,  # never round 14 days up to "2 weeks"
        add_direction=True,
        locale=current_language(),
    )
