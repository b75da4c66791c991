"""Time in people's words: parsing, formatting and DST-safe scheduling.

Everything stored is UTC; people think in local dates and wall-clock times. This module is the
only place that translates between the two. The current time is always passed in (``today``,
``candidate_utc``), never read, so every rule here is a pure function that tests can pin down.
"""

from __future__ import annotations

import difflib
import re
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from babel.dates import get_month_names

from core.i18n import _, current_language
from core.time_es import month_and_day, spanish_date

__all__ = [
    "ClockError",
    "DateError",
    "QuietWindowError",
    "TimeInputError",
    "TimezoneError",
    "WeekdayError",
    "days_between",
    "format_day",
    "format_moment",
    "in_quiet_hours",
    "local_to_utc",
    "next_send_slot",
    "parse_clock",
    "parse_date",
    "parse_quiet_window",
    "parse_timezone",
    "parse_weekday",
    "to_local",
]

WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY_SHORT = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTH_NAMES = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_MONTH_SHORT = tuple(name[:3].capitalize() for name in _MONTH_NAMES)
_DEFAULT_MORNING = time(9, 0)
_MAX_DAYS_AHEAD = 3660  # ten years: further than any collaborative plans, well inside date's range
_TRAILING_PUNCTUATION = ".,;!?"
#: A date typed without a year up to this many days back is that recent day (and so in the
#: past), not the same day next year: half a year either way is the nearest reading.
_NEAREST_BEHIND = 182


class TimeInputError(ValueError):
    """A date, time, weekday or zone someone typed is unreadable; the message says how to fix it."""


class DateError(TimeInputError):
    """A date could not be read or does not exist."""


class ClockError(TimeInputError):
    """A time of day could not be read."""


class WeekdayError(TimeInputError):
    """A weekday name could not be read."""


class TimezoneError(TimeInputError):
    """A time-zone name is not a known IANA zone."""


class QuietWindowError(TimeInputError):
    """A quiet-hours window could not be read."""


# --------------------------------------------------------------------------- lookup tables


def _weekday_words() -> dict[str, int]:
    """Full names, 3-letter abbreviations and the few longer abbreviations people actually type."""
    words: dict[str, int] = {}
    for index, name in enumerate(WEEKDAY_NAMES):
        words[name] = index
        words[name[:3]] = index
    words.update({"tues": 1, "weds": 2, "thur": 3, "thurs": 3})
    # Spanish, for the collaborative's Spanish-speaking members (with and without accents).
    spanish = ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo")
    for index, name in enumerate(spanish):
        words[name] = index
        words[name.replace("é", "e").replace("á", "a")] = index
    return words


_WEEKDAYS = _weekday_words()
_MONTHS = {name: i + 1 for i, name in enumerate(_MONTH_NAMES)} | {
    name[:3]: i + 1 for i, name in enumerate(_MONTH_NAMES)
}
_MONTHS["sept"] = 9
_NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}

_ISO_RE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_SLASH_RE = re.compile(r"(\d{1,2})/(\d{1,2})(?:/(\d{4}|\d{2}))?")
_RELATIVE_RE = re.compile(r"in\s+([0-9]{1,6}|[a-z]+)\s+(days?|weeks?)")
_MONTH_DAY_RE = re.compile(
    r"(?:([a-z]+)\.?,?\s+)?([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(\d{4}))?"
)
#: "next friday", "this friday", "on friday", "el viernes", "el próximo viernes": the weekday.
_WEEKDAY_PREFIXES = frozenset(
    {"next", "this", "on", "coming", "el", "este", "próximo", "proximo", "el próximo", "el proximo"}
)
_WEEKDAY_PHRASE_RE = re.compile(r"(?:(.+?)\s+)?([a-záéíóú]+)")
_END_OF_RE = re.compile(r"(?:the\s+)?end\s+of\s+(?:the\s+|this\s+)?(next\s+)?(month|week)")
_SAME_AS = {"hoy": "today", "mañana": "tomorrow", "manana": "tomorrow"}
_CLOCK_24_RE = re.compile(r"(\d{1,2}):(\d{2})")
_CLOCK_12_RE = re.compile(r"(\d{1,2})(?::(\d{2}))?\s*([ap])\.?\s*m\.?")


# --------------------------------------------------------------------------- dates


def _date_hint(today: date) -> str:
    """Examples for error messages, computed from today so they never look stale."""
    example = today + timedelta(days=14)
    return _("Try {iso}, {month}/{day}, tomorrow, friday or in 2 weeks.").format(
        iso=example.isoformat(), month=example.month, day=example.day
    )


def _month_name(month: int) -> str:
    """A month's name for an error message, in the reader's language ("February", "febrero")."""
    if current_language() == "en":
        return _MONTH_NAMES[month - 1].capitalize()
    return str(get_month_names("wide", locale=current_language())[month])


def _unreadable(typed: str, today: date) -> str:
    return _("I couldn't read “{typed}” as a date. {hint}").format(
        typed=typed, hint=_date_hint(today)
    )


def _normalize(text: str) -> str:
    """Lower-case, collapse whitespace and drop the sentence punctuation people end a line with."""
    return " ".join(text.split()).lower().rstrip(_TRAILING_PUNCTUATION).strip()


def _checked_date(year: int, month: int, day: int, typed: str) -> date:
    """Build a date or explain, in one line, why that day does not exist."""
    if not 1 <= month <= 12:
        raise DateError(_("“{typed}” isn't a date: months go from 1 to 12.").format(typed=typed))
    try:
        return date(year, month, day)
    except ValueError:
        raise DateError(
            _("There's no such date as “{typed}”: {month} {year} has no day {day}.").format(
                typed=typed, month=_month_name(month), year=year, day=day
            )
        ) from None


def _next_month_day(month: int, day: int, today: date, typed: str) -> date:
    """The M/D nearest to today, before or after (Feb 29 waits for the next leap year).

    In December "1/5" is next January; on Nov 30 "11/1" is the Nov 1 just gone, not one eleven
    months ahead: the caller refuses a past date where it needs a future one, as the form does,
    instead of the date silently landing a year out.
    """
    if not 1 <= month <= 12:
        raise DateError(_("“{typed}” isn't a date: months go from 1 to 12.").format(typed=typed))
    if not 1 <= day <= _days_in_month(2000, month):
        raise DateError(
            _("There's no such date as “{typed}”: {month} has no day {day}.").format(
                typed=typed, month=_month_name(month), day=day
            )
        )
    recent = today - timedelta(days=_NEAREST_BEHIND)
    for year in range(today.year - 1, today.year + 9):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue  # Feb 29 outside a leap year
        if candidate >= recent:
            return candidate
    raise DateError(_("“{typed}” is too far ahead.").format(typed=typed))  # pragma: no cover


def _days_in_month(year: int, month: int) -> int:
    """Length of a month; 2000 is a leap year, so it gives the most days February can have."""
    following = date(year + (month == 12), month % 12 + 1, 1)
    return (following - timedelta(days=1)).day


def _relative(amount_text: str, unit: str, today: date, typed: str) -> date:
    """``in N days|weeks`` (``a``/``one`` count as 1)."""
    amount = int(amount_text) if amount_text.isdigit() else _NUMBER_WORDS.get(amount_text)
    if amount is None:
        raise DateError(_unreadable(typed, today))
    days = amount * (7 if unit.startswith("week") else 1)
    if days > _MAX_DAYS_AHEAD:
        raise DateError(
            _("“{typed}” is too far ahead; pick a date within ten years.").format(typed=typed)
        )
    return today + timedelta(days=days)


def _month_day(match: re.Match[str], today: date, typed: str) -> date | None:
    """``Dec 18``, ``Fri Dec 18``, ``December 18, 2027``: the forms format_day prints, read back."""
    weekday_word, month_word, day_text, year_text = match.groups()
    month = _MONTHS.get(month_word)
    if month is None or (weekday_word is not None and weekday_word not in _WEEKDAYS):
        return None
    if year_text is not None:
        return _checked_date(int(year_text), month, int(day_text), typed)
    return _next_month_day(month, int(day_text), today, typed)


def _weekday_phrase(words: str, today: date) -> date | None:
    """``friday``, ``next friday``, ``el viernes``: the next such weekday strictly after today.

    "next friday" is read as the coming Friday, the way a due date is usually meant in a chat
    ("by next friday"), so it and "friday" never disagree.
    """
    match = _WEEKDAY_PHRASE_RE.fullmatch(words)
    if match is None or match[2] not in _WEEKDAYS:
        return None
    if match[1] is not None and match[1] not in _WEEKDAY_PREFIXES:
        return None
    ahead = (_WEEKDAYS[match[2]] - today.weekday() - 1) % 7 + 1
    return today + timedelta(days=ahead)


def _end_of(unit: str, following: bool, today: date) -> date:
    """The last day of this (or next) month, or the Friday ending this (or next) work week."""
    if unit == "week":
        friday = today + timedelta(days=(4 - today.weekday()) % 7)
        return friday + timedelta(days=7 if following else 0)
    year, month = today.year, today.month
    if following:
        year, month = year + (month == 12), month % 12 + 1
    return date(year, month, _days_in_month(year, month))


def parse_date(text: str, today: date) -> date:
    """Read a date the way people write it in Slack, relative to ``today`` (the caller's local day).

    Accepts ``YYYY-MM-DD``, ``M/D`` (the nearest such date: a recent one is in the past, for the
    caller to refuse), ``M/D/YYYY``, ``today``, ``tomorrow``, a weekday (the next one strictly
    after today; also ``next friday``, and in Spanish ``viernes``, ``el viernes``), ``end of
    month``, ``end of next month``, ``end of week``, ``in N days|weeks`` and ``Dec 18`` (what
    :func:`format_day` prints). Raises :class:`DateError` with one line a participant can act
    on.
    """
    typed = " ".join(text.split()).rstrip(_TRAILING_PUNCTUATION)
    words = _normalize(text)
    if not words:
        raise DateError(_("Give a date. {hint}").format(hint=_date_hint(today)))
    words = _SAME_AS.get(words, words)
    if words == "today":
        return today
    if words == "tomorrow":
        return today + timedelta(days=1)
    if found := spanish_date(words, today):
        return found
    if found := _weekday_phrase(words, today):
        return found
    if match := _END_OF_RE.fullmatch(words):
        return _end_of(match[2], bool(match[1]), today)
    if match := _ISO_RE.fullmatch(words):
        year, month, day = (int(part) for part in match.groups())
        return _checked_date(year, month, day, typed)
    if match := _SLASH_RE.fullmatch(words):
        month, day = month_and_day(int(match[1]), int(match[2]))
        if match[3] is None:
            return _next_month_day(month, day, today, typed)
        year = int(match[3]) + (2000 if len(match[3]) == 2 else 0)
        return _checked_date(year, month, day, typed)
    if match := _RELATIVE_RE.fullmatch(words):
        return _relative(match[1], match[2], today, typed)
    if (match := _MONTH_DAY_RE.fullmatch(words)) and (found := _month_day(match, today, typed)):
        return found
    raise DateError(_unreadable(typed, today))


# --------------------------------------------------------------------------- clock, weekday, zone


def parse_clock(text: str) -> time:
    """Read a time of day: ``17:30``, ``9:00``, ``9am``, ``5:30pm``, ``noon``, ``midnight``."""
    words = _normalize(text)
    hint = _("I couldn't read “{typed}” as a time of day. Try 09:00, 17:30 or 9am.").format(
        typed=text.strip()
    )
    if words == "noon":
        return time(12, 0)
    if words == "midnight":
        return time(0, 0)
    if match := _CLOCK_24_RE.fullmatch(words):
        hour, minute = int(match[1]), int(match[2])
        if hour > 23 or minute > 59:
            raise ClockError(hint)
        return time(hour, minute)
    if match := _CLOCK_12_RE.fullmatch(words):
        hour, minute = int(match[1]), int(match[2] or 0)
        if not 1 <= hour <= 12 or minute > 59:
            raise ClockError(hint)
        return time(hour % 12 + (12 if match[3] == "p" else 0), minute)
    raise ClockError(hint)


def parse_weekday(text: str) -> int:
    """Read a weekday name (``monday``, ``mon``, ``Mondays``); 0 is Monday, like date.weekday()."""
    words = _normalize(text)
    if words in _WEEKDAYS:
        return _WEEKDAYS[words]
    if words.endswith("s") and words[:-1] in WEEKDAY_NAMES:
        return WEEKDAY_NAMES.index(words[:-1])
    raise WeekdayError(
        _("I couldn't read “{typed}” as a weekday. Try monday or mon.").format(typed=text.strip())
    )


@lru_cache(maxsize=1)
def _zone_names() -> dict[str, str]:
    """Known IANA names by lower-case spelling (scanning the zone database once is enough)."""
    ignored = {"localtime", "factory", "posixrules"}
    return {name.lower(): name for name in available_timezones() if name.lower() not in ignored}


def parse_timezone(name: str) -> ZoneInfo:
    """Resolve an IANA zone name case-insensitively (``america/chicago`` works).

    Only names from the zone database are accepted, so a typed value never becomes a file path.
    The canonical name is the returned zone's ``key``.
    """
    typed = name.strip()
    canonical = _zone_names().get(typed.lower())
    if canonical is not None:
        try:
            return ZoneInfo(canonical)
        except (ZoneInfoNotFoundError, ValueError, OSError):  # pragma: no cover - broken tzdata
            pass
    close = difflib.get_close_matches(typed.lower(), _zone_names().keys(), n=1, cutoff=0.8)
    unknown = _("I don't know the time zone “{typed}”.").format(typed=typed)
    if close:
        unknown += " " + _("Did you mean {zone}?").format(zone=_zone_names()[close[0]])
    raise TimezoneError(
        unknown + " " + _("Use an Area/City name such as America/Chicago or Europe/London.")
    )


def parse_quiet_window(text: str) -> tuple[time, time]:
    """Read ``18:00-09:00`` (also ``6pm to 9am``, en dash) into (start, end) local times."""
    parts = re.split(r"\s*(?:-|–|—|\bto\b)\s*", text.strip(), maxsplit=1)
    if len(parts) != 2 or not all(parts):
        raise QuietWindowError(
            _("I couldn't read “{typed}” as quiet hours. Try 18:00-09:00.").format(
                typed=text.strip()
            )
        )
    try:
        return parse_clock(parts[0]), parse_clock(parts[1])
    except ClockError as error:
        raise QuietWindowError(
            _("{problem} Quiet hours look like 18:00-09:00.").format(problem=error)
        ) from error


# --------------------------------------------------------------------------- UTC <-> local


def _require_aware(moment: datetime, what: str) -> datetime:
    """Naive datetimes are ambiguous: refuse them rather than guess a zone."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{what} must be timezone-aware (UTC), got naive {moment!r}")
    return moment.astimezone(UTC)


def local_to_utc(day: date, at: time, tz: ZoneInfo) -> datetime:
    """The UTC instant of a local wall-clock time, safe across daylight-saving changes.

    A time skipped by spring-forward moves to the first valid instant after the gap (02:30 on
    the change day in Chicago becomes 03:00 CDT); a time repeated by fall-back takes its first
    occurrence (fold=0).
    """
    if at.tzinfo is not None:
        raise ValueError("local_to_utc takes a naive wall-clock time; the zone is passed as tz")
    if isinstance(day, datetime):
        raise ValueError("local_to_utc takes a date, not a datetime")
    wall = datetime.combine(day, at.replace(fold=0))
    first = wall.replace(tzinfo=tz).astimezone(UTC)
    if first.astimezone(tz).replace(tzinfo=None) == wall:
        return first
    return _end_of_gap(wall, tz)


def _end_of_gap(wall: datetime, tz: ZoneInfo) -> datetime:
    """Find the spring-forward transition instant for a wall time that falls in the gap.

    The two offsets around the gap give UTC bounds; the transition is the first instant whose
    local wall time is past ``wall``. A binary search to the second avoids assuming the gap's
    length or that transitions fall on the hour.
    """
    early = wall.replace(tzinfo=tz, fold=1).astimezone(UTC)
    late = wall.replace(tzinfo=tz, fold=0).astimezone(UTC)
    low, high = min(early, late), max(early, late)
    while high - low > timedelta(seconds=1):
        middle = low + (high - low) / 2
        if middle.astimezone(tz).replace(tzinfo=None) > wall:
            high = middle
        else:
            low = middle
    return high.replace(microsecond=0)


def to_local(moment_utc: datetime, tz: ZoneInfo) -> datetime:
    """The aware local datetime of a UTC instant."""
    return _require_aware(moment_utc, "moment_utc").astimezone(tz)


# --------------------------------------------------------------------------- quiet hours


def in_quiet_hours(local: time, start: time, end: time) -> bool:
    """Whether a local time falls in [start, end); the window may wrap midnight.

    ``start == end`` means there are no quiet hours (an empty window, not a full day), so a TA
    provider can switch them off without a separate flag.
    """
    now, start, end = (t.replace(tzinfo=None) for t in (local, start, end))
    if start == end:
        return False
    if start < end:
        return start <= now < end
    return now >= start or now < end


def _quiet_end_after(local: datetime, quiet: tuple[time, time]) -> date:
    """The local date on which the quiet window containing ``local`` ends."""
    start, end = quiet
    wraps = start > end
    if wraps and local.time().replace(tzinfo=None) >= start:
        return local.date() + timedelta(days=1)
    return local.date()


def _monday_morning(quiet: tuple[time, time] | None) -> time:
    """When a weekend nudge goes out on Monday: the end of the overnight quiet hours, else 09:00."""
    if quiet is None or quiet[0] == quiet[1]:
        return _DEFAULT_MORNING
    start, end = quiet
    if start > end or start == time(0, 0):
        return end
    return _DEFAULT_MORNING


def next_send_slot(
    candidate_utc: datetime,
    tz: ZoneInfo,
    quiet: tuple[time, time] | None,
    skip_weekends: bool,
) -> datetime:
    """The first instant at or after ``candidate_utc`` when a person may be nudged.

    Outside quiet hours (which end at their end time, local) and, when ``skip_weekends``, not on a
    local Saturday or Sunday (those wait for Monday at the end of the overnight quiet hours, or
    09:00). All arithmetic is on local wall-clock dates, converted back with :func:`local_to_utc`,
    so a 09:00 slot stays 09:00 across DST changes. Returns UTC.
    """
    moment = _require_aware(candidate_utc, "candidate_utc")
    for _attempt in range(8):  # each step lands on a valid slot or a strictly later wall time
        local = moment.astimezone(tz)
        if quiet is not None and in_quiet_hours(local.time(), *quiet):
            moment = max(moment, local_to_utc(_quiet_end_after(local, quiet), quiet[1], tz))
            continue
        if skip_weekends and local.weekday() >= 5:
            monday = local.date() + timedelta(days=7 - local.weekday())
            moment = max(moment, local_to_utc(monday, _monday_morning(quiet), tz))
            continue
        return moment
    raise RuntimeError("next_send_slot did not settle")  # pragma: no cover - defensive


# --------------------------------------------------------------------------- formatting


def format_day(d: date, today: date) -> str:
    """A date for people: ``today``, ``tomorrow``, ``Fri Dec 18``, ``Dec 18, 2027`` (other year).

    Names are spelled out here rather than with strftime so the output does not depend on locale.
    """
    if d == today:
        return "today"
    if d == today + timedelta(days=1):
        return "tomorrow"
    if d.year != today.year:
        return f"{_MONTH_SHORT[d.month - 1]} {d.day}, {d.year}"
    return f"{_WEEKDAY_SHORT[d.weekday()]} {_MONTH_SHORT[d.month - 1]} {d.day}"


def format_moment(moment_utc: datetime, tz: ZoneInfo) -> str:
    """An instant in a person's zone: ``Tue Dec 15, 10:00 CST`` (24-hour clock, zone abbreviation).

    Zones without a letter abbreviation (tzdata writes ``-03``) are shown as ``UTC-03``.
    """
    local = to_local(moment_utc, tz)
    abbreviation = local.tzname() or ""
    if abbreviation[:1] in ("+", "-"):
        abbreviation = f"UTC{abbreviation}"
    weekday, month = _WEEKDAY_SHORT[local.weekday()], _MONTH_SHORT[local.month - 1]
    return f"{weekday} {month} {local.day}, {local:%H:%M} {abbreviation}".rstrip()


def days_between(a: date, b: date) -> int:
    """Whole days from ``a`` to ``b`` (positive when b is later), e.g. days late or days to go.

    Datetimes are refused: which local day an instant falls on depends on a zone, so convert with
    :func:`to_local` first and pass ``.date()``.
    """
    if isinstance(a, datetime) or isinstance(b, datetime):
        raise ValueError("days_between takes dates; convert instants with to_local(...).date()")
    return (b - a).days
