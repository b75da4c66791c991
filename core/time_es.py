"""Dates as Spanish speakers type them, read for :func:`core.time.parse_date`.

"viernes", "el viernes", "próximo viernes", "hoy" and "mañana" are read by core.time itself
(weekdays and their prefixes are one table there); this module adds the phrases that have a
shape of their own: "pasado mañana", "en 2 semanas", "dentro de 3 días", "fin de mes", and the
order of a slashed date.

Slashed dates: a Spanish speaker writes the day first, so for someone reading the bot in
Spanish "15/12" is December 15 and "12/1" is January 12 (not December 1, as it is for an English
speaker). When the day-first reading is impossible and the month-first one is not ("12/15"),
it is read month-first: there is only one date it can be.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from core.i18n import current_language

_MAX_DAYS_AHEAD = 3660  # as core.time: ten years
_NUMBERS = {
    "un": 1,
    "una": 1,
    "uno": 1,
    "dos": 2,
    "tres": 3,
    "cuatro": 4,
    "cinco": 5,
    "seis": 6,
    "siete": 7,
    "ocho": 8,
    "nueve": 9,
    "diez": 10,
}
_RELATIVE_RE = re.compile(r"(?:en|dentro\s+de)\s+([0-9]{1,6}|[a-z]+)\s+(d[ií]as?|semanas?)")
_END_OF_RE = re.compile(
    r"(?:(?:a|para|al)\s+)?(?:el\s+)?(?:fin|final)\s+(?:de|del)\s+(?:la\s+|el\s+|este\s+)?"
    r"(pr[oó]ximo\s+|siguiente\s+)?(mes|semana)(\s+que\s+viene|\s+pr[oó]xim[oa])?"
)
_DAY_AFTER_TOMORROW = ("pasado mañana", "pasado manana")


def _days_in_month(year: int, month: int) -> int:
    following = date(year + (month == 12), month % 12 + 1, 1)
    return (following - timedelta(days=1)).day


def spanish_date(words: str, today: date) -> date | None:
    """The date a Spanish phrase means (``words`` lower-cased, one space apart), else None."""
    if words in _DAY_AFTER_TOMORROW:
        return today + timedelta(days=2)
    if match := _RELATIVE_RE.fullmatch(words):
        amount_text, unit = match.groups()
        amount = int(amount_text) if amount_text.isdigit() else _NUMBERS.get(amount_text)
        if amount is None:
            return None
        days = amount * (7 if unit.startswith("semana") else 1)
        return today + timedelta(days=days) if days <= _MAX_DAYS_AHEAD else None
    if match := _END_OF_RE.fullmatch(words):
        following = bool(match[1] or match[3])
        if match[2] == "semana":  # the Friday that ends the work week, as "end of week"
            friday = today + timedelta(days=(4 - today.weekday()) % 7)
            return friday + timedelta(days=7 if following else 0)
        year, month = today.year, today.month
        if following:
            year, month = year + (month == 12), month % 12 + 1
        return date(year, month, _days_in_month(year, month))
    return None


def month_and_day(first: int, second: int) -> tuple[int, int]:
    """(month, day) of a slashed date as the reader writes it: ``M/D`` in English, ``D/M`` in
    Spanish (month-first only when day-first cannot be a date, like "12/15")."""
    if current_language() == "es" and (1 <= second <= 12 or first > 12):
        return second, first
    return first, second
