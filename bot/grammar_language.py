"""`/plan language es|en` (also `/plan idioma`), `/plan settings language es|en`, and the Spanish
words for the common sub-commands.

Kept apart from the other grammar modules because it is the one place where what people type
depends on the language they speak: a Spanish speaker may type `/plan lista` or `/plan hecho #3`
and mean `list` and `done`. The sub-commands stay English in help and in every reply, so one
way of writing a command works for everyone and the aliases are only a courtesy.
"""

from __future__ import annotations

from datetime import date

from bot.grammar_commands import LanguageCmd, SettingsLanguageCmd
from bot.grammar_text import Args
from core.i18n import N_, _

#: What people type for each language: its code, its name in either language.
_LANGUAGE_WORDS = {
    "en": "en",
    "english": "en",
    "inglés": "en",
    "ingles": "en",
    "es": "es",
    "spanish": "es",
    "español": "es",
    "espanol": "es",
    "castellano": "es",
}

#: Spanish sub-command words → the English sub-command they mean.
SPANISH_ALIASES = {
    "lista": "list",
    "listar": "list",
    "hecho": "done",
    "ayuda": "help",
    "agregar": "add",
    "añadir": "add",
    "nota": "note",
    "pregunta": "ask",
    "preguntar": "ask",
    "idioma": "language",
}

_MISSING = N_("Which language? `es` for Spanish or `en` for English, like `/plan language es`.")


def _language_code(args: Args) -> str:
    token = args.next(_(_MISSING))
    code = None if token.quoted else _LANGUAGE_WORDS.get(token.inner.lower().rstrip(".!"))
    if code is None:
        args.fail(
            _(
                "“{typed}” isn't a language I write in: use `es` (Spanish) or `en` (English)."
            ).format(typed=token.text)
        )
    args.done()
    return code


def language(args: Args, today: date) -> LanguageCmd:
    """``language es|en`` (``idioma`` is the same command)."""
    return LanguageCmd(_language_code(args))


def settings_language(args: Args, today: date) -> SettingsLanguageCmd:
    """``settings language es|en``."""
    return SettingsLanguageCmd(_language_code(args))
