"""The grammar's refusals in the reader's language: Spanish with its placeholders filled, English
unchanged; Spanish words for common sub-commands; the language commands."""

from __future__ import annotations

from datetime import date

import pytest

from bot.grammar import (
    DoneCmd,
    HelpCmd,
    LanguageCmd,
    ListCmd,
    NoteCmd,
    ParseError,
    SettingsLanguageCmd,
    parse,
)
from bot.grammar_usage import USAGE, translated_usage, with_usage
from core.i18n import speaking

TODAY = date(2026, 12, 1)


def _refusal(text: str) -> ParseError:
    with pytest.raises(ParseError) as caught:
        parse(text, TODAY)
    return caught.value


def test_refusals_are_spanish_with_their_placeholders_filled() -> None:
    with speaking("es"):
        assert _refusal("done").message == (
            "¿Cuál compromiso? Indique su número, por ejemplo `/plan done #12`."
        )
        assert _refusal("status #3 finished").message == (
            "“finished” no es un estado. Use uno de estos: open, in-progress, blocked, done, "
            "dropped."
        )
        assert _refusal("show #0").message == "No existe compromiso #0; los números empiezan en 1."
        assert _refusal("session remove 0").message == (
            "No existe sesión #0; los números empiezan en 1."
        )
        assert _refusal("dne #3").message == "No conozco `/plan dne`. ¿Quiso decir `/plan done`?"
        assert translated_usage(USAGE["done"]) == "Uso: `/plan done #N [note]`"
        assert with_usage("No.", "note") == "No. Uso: `/plan note #N <text>`"


def test_english_is_unchanged() -> None:
    with speaking("en"):
        assert _refusal("done").message == (
            "Which commitment? Give its number, like `/plan done #12`."
        )
        assert _refusal("show #0").message == "There is no commitment #0; numbers start at 1."
        assert _refusal("dne #3").message == "I don't know `/plan dne`. Did you mean `/plan done`?"
        assert translated_usage(USAGE["done"]) == USAGE["done"]


def test_spanish_words_for_common_sub_commands() -> None:
    assert parse("lista", TODAY) == ListCmd("default", None)
    assert parse("hecho #3 listo", TODAY) == DoneCmd(3, "listo")
    assert parse("nota #3 Hablamos con la junta", TODAY) == NoteCmd(3, "Hablamos con la junta")
    assert parse("ayuda", TODAY) == HelpCmd(None)
    assert parse("pregunta ¿Hay una plantilla?", TODAY).question == "¿Hay una plantilla?"  # type: ignore[union-attr]


def test_the_language_commands() -> None:
    assert parse("language es", TODAY) == LanguageCmd("es")
    assert parse("idioma English", TODAY) == LanguageCmd("en")
    assert parse("idioma español", TODAY) == LanguageCmd("es")
    assert parse("settings language es", TODAY) == SettingsLanguageCmd("es")
    assert parse("settings idioma en", TODAY) == SettingsLanguageCmd("en")
    refused = _refusal("language fr")
    assert refused.message == (
        "“fr” isn't a language I write in: use `es` (Spanish) or `en` (English)."
    )
    assert refused.usage == "Usage: `/plan language <es|en>`"
