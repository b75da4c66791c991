"""Every message has English and Spanish, and the Spanish keeps what the code fills in.

The English text is the source (in the code, marked with `_`, `N_` or `ngettext`); the Spanish
lives in core/locale/es/*.po. Read from the source with Babel's extractor, so a message added
without its translation fails here, not in front of a Spanish-speaking participant.
"""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from core.i18n import LOCALE_DIR, N_, _, ngettext, speaking

ROOT = Path(__file__).resolve().parents[2]
SOURCE_DIRS = ("bot", "core", "jobs")
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
PLACEHOLDER = re.compile(r"\{[a-z_][a-z0-9_]*(?:![rsa])?(?::[^{}]*)?\}")
COMMAND = re.compile(r"`/plan [a-z-]+(?: [a-z-]+)?")


def source_messages() -> dict[str, tuple[str, ...]]:
    """msgid → every form (singular, plural) the code marks, with where it is."""
    found: dict[str, tuple[str, ...]] = {}
    for folder in SOURCE_DIRS:
        for _filename, _line, message, _comments, _context in extract_from_dir(
            ROOT / folder, method_map=[("**.py", "python")], keywords=KEYWORDS
        ):
            forms = (message,) if isinstance(message, str) else tuple(message)
            found[forms[0]] = forms
    return found


def spanish() -> dict[str, str | tuple[str, ...]]:
    merged: dict[str, str | tuple[str, ...]] = {}
    for path in sorted((LOCALE_DIR / "es").glob("*.po")):
        with path.open("rb") as handle:
            for message in read_po(handle, locale="es"):
                if message.id:
                    key = message.id if isinstance(message.id, str) else message.id[0]
                    text = message.string
                    merged[key] = text if isinstance(text, str) else tuple(text)
    return merged


def test_every_message_in_the_code_has_its_spanish() -> None:
    catalog = spanish()
    missing = [m for m in source_messages() if not catalog.get(m)]
    assert not missing, f"{len(missing)} messages lack Spanish, e.g. {missing[:5]}"


def test_the_spanish_keeps_every_placeholder_and_command() -> None:
    catalog = spanish()
    wrong = []
    for msgid, forms in source_messages().items():
        translated = catalog.get(msgid)
        if not translated:
            continue
        texts = (translated,) if isinstance(translated, str) else translated
        for english, text in zip(
            forms + forms[-1:] * (len(texts) - len(forms)), texts, strict=False
        ):
            if sorted(PLACEHOLDER.findall(english)) != sorted(PLACEHOLDER.findall(text)):
                wrong.append((english, text))
            if set(COMMAND.findall(english)) - set(COMMAND.findall(text)):
                wrong.append((english, text))
    assert not wrong, wrong[:5]


def test_no_translation_is_left_for_a_message_the_code_no_longer_has() -> None:
    stale = set(spanish()) - set(source_messages())
    assert not stale, sorted(stale)[:5]


def test_english_is_the_source_and_unknown_text_stays_english() -> None:
    text = N_("A text nobody translated")
    with speaking("es"):
        assert _(text) == text
        assert ngettext("one step", "{n} steps", 2) == "{n} steps"
    with speaking(None):
        assert _(text) == text
