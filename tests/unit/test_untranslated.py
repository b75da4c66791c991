"""No English sentence reaches a message without passing through the catalogs.

Why: fixes merged after the translators finished wrote new texts straight into ``section()``
and friends, and a Spanish-speaking participant read them in English; the catalog test
(test_catalogs.py) cannot see them, because it only knows the texts marked with ``_``. This
scan reads the source of the code that draws messages (bot/blocks, bot/home.py, bot/views,
bot/commands) and fails on a string literal of three or more words passed to one of the
functions that put text in front of people — ``section()``, ``context()``, ``header()``,
``button()``, ``say()``, ``error_reply()`` (its message, not its usage line) and
``Reply(text=...)`` — unless ``_``, ``N_`` or ``ngettext`` is around it.

What counts as a word: a run of non-space characters with a letter in it, once backticked
commands (```/plan add <title>```), Slack markup (``<@U1>``, ``<url|label>``) and ``{placeholders}``
are taken out: those stay as they are in both languages.

Limits (it is a tripwire, not a proof):
- Only literals written inside the call: a text built in a variable first (``line = "..."``
  then ``section(line)``) or a module constant passed by name is not seen; nor a text given
  to Slack as a raw block dict (``{"type": "plain_text", "text": ...}``).
- One- and two-word literals (``"Done"``, ``"Not now"``) are let through, to stay clear of
  emoji, separators and ids; the button labels of that size are checked by eye and by the
  Spanish rendering tests.
- help_topics.py is skipped: its examples are commands people type, the same in both
  languages, and its usage lines are command syntax.
- Other directories (listeners, delivery, core) are not scanned.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCANNED = (
    *sorted((ROOT / "bot" / "blocks").glob("*.py")),
    ROOT / "bot" / "home.py",
    *sorted((ROOT / "bot" / "views").glob("*.py")),
    *sorted(p for p in (ROOT / "bot" / "commands").glob("*.py") if p.name != "help_topics.py"),
)
SHOWN_IN_FULL = {"section", "context", "header"}  # every positional argument is text
FIRST_ARGUMENT = {"button", "error_reply", "say", "Reply"}  # the first one (or text=)
WRAPPERS = {"_", "N_", "ngettext"}
NOT_WORDS = re.compile(r"`[^`]*`|<[^<>]*>|\{[^{}]*\}")


def _name(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Name):
        return call.func.id
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return None


def _shown(call: ast.Call) -> list[ast.expr]:
    """The arguments of ``call`` that people read, if it is one of the functions that show text."""
    name = _name(call)
    if name in SHOWN_IN_FULL:
        return list(call.args)
    if name in FIRST_ARGUMENT:
        texts = [k.value for k in call.keywords if k.arg in ("text", "message")]
        return texts + call.args[:1]
    return []


def _literals(node: ast.AST) -> Iterator[tuple[int, str]]:
    """String literals in ``node`` that no ``_``/``N_``/``ngettext`` wraps."""
    if isinstance(node, ast.Call) and _name(node) in WRAPPERS:
        return
    if isinstance(node, ast.JoinedStr):
        parts = [v.value if isinstance(v, ast.Constant) else "{}" for v in node.values]
        yield node.lineno, "".join(str(p) for p in parts)
        return
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        yield node.lineno, node.value
        return
    for child in ast.iter_child_nodes(node):
        yield from _literals(child)


def _is_sentence(text: str) -> bool:
    words = [w for w in NOT_WORDS.sub(" ", text).split() if re.search(r"[^\W\d_]", w)]
    return len(words) >= 3


def untranslated(source: str) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            for argument in _shown(node):
                found += [(n, t) for n, t in _literals(argument) if _is_sentence(t)]
    return sorted(set(found))


def test_every_sentence_shown_to_people_goes_through_the_catalogs() -> None:
    found = [
        f"{path.relative_to(ROOT)}:{line}: {text!r}"
        for path in SCANNED
        for line, text in untranslated(path.read_text(encoding="utf-8"))
    ]
    assert not found, "\n".join(["English text not wrapped in _():", *found])


def test_the_scan_catches_a_bare_sentence_and_lets_a_wrapped_one_through() -> None:
    source = """
section("Your step is done now.")
context(f"Due {day}, ask the TA team")
Reply(text=f"Added #{n} to your plan")
error_reply("That is not a number.", "Usage: `/plan done #N`")
button("Not now", "ft_snooze")
section(_("Your step is done now."))
context(ngettext("{count} step left", "{count} steps left", n).format(count=n))
section(f"`/plan add <title>` · {title}")
error_reply(_("That is not a number."), "Usage: `/plan done #N` or `/plan done all`")
"""
    assert [line for line, _text in untranslated(source)] == [2, 3, 4, 5]
