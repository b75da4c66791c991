"""Dates typed in Spanish, where a date is expected, and which language a Slack locale means."""

from __future__ import annotations

from datetime import date

import pytest

from bot.grammar import AddCmd, PauseCmd, parse
from core.i18n import language_of_locale, speaking
from core.languages import person_language
from core.time import parse_date
from storage.models import Person

MONDAY = date(2026, 11, 30)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("viernes", date(2026, 12, 4)),
        ("el viernes", date(2026, 12, 4)),
        ("próximo viernes", date(2026, 12, 4)),
        ("el próximo viernes", date(2026, 12, 4)),
        ("hoy", MONDAY),
        ("mañana", date(2026, 12, 1)),
        ("pasado mañana", date(2026, 12, 2)),
        ("en 3 días", date(2026, 12, 3)),
        ("en 2 semanas", date(2026, 12, 14)),
        ("dentro de una semana", date(2026, 12, 7)),
        ("fin de mes", date(2026, 11, 30)),
        ("a fin de mes", date(2026, 11, 30)),
        ("fin del próximo mes", date(2026, 12, 31)),
        ("15/12", date(2026, 12, 15)),
        ("12/1", date(2027, 1, 12)),  # day first for a Spanish speaker: January 12
        ("12/15", date(2026, 12, 15)),  # only one date it can be
        ("1/2/2027", date(2027, 2, 1)),
    ],
)
def test_spanish_date_phrases(typed: str, expected: date) -> None:
    with speaking("es"):
        assert parse_date(typed, MONDAY) == expected


def test_an_english_speaker_still_writes_the_month_first() -> None:
    with speaking("en"):
        assert parse_date("12/1", MONDAY) == date(2026, 12, 1)
        assert parse_date("1/2/2027", MONDAY) == date(2027, 1, 2)


def test_the_grammar_reads_spanish_dates_after_due_and_at_the_end_of_a_title() -> None:
    with speaking("es"):
        assert parse("add Llamar a la junta due viernes", MONDAY) == AddCmd(
            None, "Llamar a la junta", date(2026, 12, 4), None
        )
        assert parse("agregar Enviar el informe en 2 semanas", MONDAY) == AddCmd(
            None, "Enviar el informe", date(2026, 12, 14), None
        )
        assert parse("add Cerrar el presupuesto a fin de mes", MONDAY) == AddCmd(
            None, "Cerrar el presupuesto", date(2026, 11, 30), None
        )
        assert parse("add Llamar a Rosa pasado mañana", MONDAY) == AddCmd(
            None, "Llamar a Rosa", date(2026, 12, 2), None
        )
        assert parse("pause until 15/12", MONDAY) == PauseCmd(date(2026, 12, 15))


@pytest.mark.parametrize(
    ("locale", "language"),
    [("es-ES", "es"), ("es-LA", "es"), ("es_MX", "es"), ("en-US", "en"), ("fr-FR", "en")],
)
def test_a_slack_locale_means_a_language(locale: str, language: str) -> None:
    assert language_of_locale(locale) == language


def test_a_chosen_language_beats_the_slack_locale_which_beats_english() -> None:
    assert person_language(None) == "en"
    assert person_language(Person(slack_locale=None)) == "en"
    assert person_language(Person(slack_locale="es-LA")) == "es"
    assert person_language(Person(slack_locale="es-LA", language="en")) == "en"
    assert person_language(Person(slack_locale="en-US", language="es")) == "es"
