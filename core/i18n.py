"""Messages in the reader's language: English (the source text) or Spanish.

Why a context variable: a message is written deep inside the rules (a refusal in core, a line
of a nudge) by code that should not have to pass a language around. The edge that knows who
will read it (the `/plan` dispatcher, a listener, the sender rendering one recipient's nudge,
the digest for the collaborative) wraps the work in ``speaking(language)``; ``_`` then looks
the English text up in that language's catalog. Text with no translation stays English, so a
missing entry degrades to the source text instead of failing (a test keeps the catalogs
complete).

The catalogs are gettext ``.po`` files under ``core/locale/<language>/``, one per area of
the code (``core.po``, ``commands.po``, ...) so that several people can translate at once;
they are read with Babel when first needed and merged. Placeholders are ``str.format``
names (``{number}``, ``{name}``): a translation may move them, never rename or drop them.

Module-level texts are marked with ``N_`` (kept English, found by the extractor) and
translated where they are used, with ``_(TEXT)``, because a module is imported once for
every reader.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path
from typing import Final

LANGUAGES: Final = ("en", "es")
DEFAULT_LANGUAGE: Final = "en"
LOCALE_DIR: Final = Path(__file__).with_name("locale")

_language: ContextVar[str] = ContextVar("follow_through_language", default=DEFAULT_LANGUAGE)


def language_of_locale(locale: str | None) -> str | None:
    """The language a Slack locale (``es-ES``, ``es-LA``, ``en-US``) means to us, if any."""
    if not locale:
        return None
    code = locale.replace("_", "-").split("-")[0].lower()
    return code if code in LANGUAGES else DEFAULT_LANGUAGE


def current_language() -> str:
    return _language.get()


@contextmanager
def speaking(language: str | None) -> Iterator[None]:
    """Everything written inside is in ``language`` (None or unknown: English)."""
    token = _language.set(language if language in LANGUAGES else DEFAULT_LANGUAGE)
    try:
        yield
    finally:
        _language.reset(token)


def speak_from_here(language: str | None) -> None:
    """Everything written from here to the end of the enclosing ``speaking()`` block is in
    ``language``: for an edge that learns who reads only partway through (a Slack listener
    knows who clicked once it has opened the database; what it says after that, and after the
    unit of work closes, is for that person)."""
    _language.set(language if language in LANGUAGES else DEFAULT_LANGUAGE)


def N_(message: str) -> str:  # gettext's name for "mark, do not translate here"
    """Mark a module-level text for the catalogs; translate it where it is shown, with ``_``."""
    return message


def _(message: str) -> str:
    """``message`` in the current language."""
    language = _language.get()
    if language == DEFAULT_LANGUAGE:
        return message
    found = _catalog(language).get(message)
    return found if isinstance(found, str) and found else message


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form for ``n`` in the current language (English and Spanish
    both use "one" for exactly 1 and "other" for everything else)."""
    language = _language.get()
    if language != DEFAULT_LANGUAGE:
        found = _catalog(language).get(singular)
        if isinstance(found, tuple) and all(found):
            return found[0] if n == 1 else found[1]
    return singular if n == 1 else plural


@cache
def _catalog(language: str) -> dict[str, str | tuple[str, ...]]:
    """Every ``.po`` file of ``language`` merged: msgid → translation (a tuple for plurals)."""
    from babel.messages.pofile import read_po

    merged: dict[str, str | tuple[str, ...]] = {}
    for path in sorted((LOCALE_DIR / language).glob("*.po")):
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=language)
        for message in catalog:
            if not message.id or message.fuzzy:
                continue
            key = message.id[0] if isinstance(message.id, tuple | list) else message.id
            text = message.string
            if isinstance(text, tuple | list):
                merged[key] = tuple(text)
            elif text:
                merged[key] = text
    return merged
