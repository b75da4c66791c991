"""Reading Slack's escaped command text: tokens, markup, free text and sub-command dispatch.

Slack sends slash-command text with ``should_escape: true``: mentions and links arrive as
``<…>`` markup and the ``&``, ``<``, ``>`` people typed arrive as entities. These helpers turn
that into tokens the grammar can match, and free text back into what the person typed, so the
rest of the bot never sees Slack's escaping.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import NoReturn, TypeAlias

from bot.grammar_commands import Command
from bot.grammar_usage import GROUP_USAGE, HELP_HINT, USAGE
from bot.mrkdwn import escape
from core.i18n import _

QUOTES = '"“”„'

_MARKUP_OR_ENTITY_RE = re.compile(r"<([^<>]*)>|&(amp|lt|gt);")
_ENTITIES = {"amp": "&", "lt": "<", "gt": ">"}
_QUOTED_TYPED_RE = re.compile(r"“([^”]*)”")


class ParseError(ValueError):
    """A `/plan` text that cannot be read: one friendly line plus the usage line concerned."""

    def __init__(self, message: str, usage: str) -> None:
        message = " ".join(message.split())  # one line, whatever the person typed inside it
        # What the person typed is always quoted “like this” in a message; it is shown in
        # mrkdwn, so it is escaped there like people's text everywhere (no ping, no forged link).
        message = _QUOTED_TYPED_RE.sub(lambda m: f"“{escape(m[1])}”", message)
        super().__init__(message)
        self.message = message
        self.usage = usage

    def __str__(self) -> str:
        return f"{self.message}\n{self.usage}"


def usage_for(key: str) -> str:
    """The usage line for a group (all its forms), a sub-command key, or the overall help hint."""
    group_name = key.split(" ", 1)[0]
    return GROUP_USAGE.get(key) or USAGE.get(key) or GROUP_USAGE.get(group_name) or HELP_HINT


def fail(key: str, message: str) -> NoReturn:
    """Raise the ParseError for ``key`` (a USAGE or GROUP_USAGE key)."""
    raise ParseError(message, usage_for(key))


# --------------------------------------------------------------------------- decoding


def decode_entities(text: str) -> str:
    """Undo Slack's escaping of ``&``, ``<``, ``>`` in one pass (so ``&amp;lt;`` stays ``&lt;``)."""
    return re.sub(r"&(amp|lt|gt);", lambda m: _ENTITIES[m[1]], text)


def _markup_as_typed(inner: str) -> str:
    """What the person saw for one piece of ``<…>`` markup.

    Named mentions read ``@name``/``#name``; bare ones keep Slack's ``<@U…>``/``<#C…>`` form so the
    id is not lost (escaped on display like any typed text). Broadcasts like ``<!here>`` become
    plain ``@here`` so stored text can never ping a channel. Links read as the person typed them.
    """
    target, _bar, label = inner.partition("|")
    label = decode_entities(label)
    if not target:
        return label
    if target[:1] in ("@", "#"):
        return f"{target[0]}{label}" if label else f"<{target}>"
    if target.startswith("!"):
        return label or "@" + target[1:].split("^")[0]
    url = decode_entities(target)
    if not label or label == url:
        return url
    if label == url.split(":", 1)[-1].removeprefix("//"):
        return label  # Slack auto-linked what was typed (x.org -> http://x.org|x.org)
    return f"{label} ({url})"


def plain_text(raw: str) -> str:
    """Free text as the person typed it: markup resolved, entities decoded (single pass)."""

    def replace(match: re.Match[str]) -> str:
        if match[2] is not None:
            return _ENTITIES[match[2]]
        return _markup_as_typed(match[1])

    return _MARKUP_OR_ENTITY_RE.sub(replace, raw)


def one_line(text: str) -> str:
    """Collapse runs of whitespace: titles and names are single lines."""
    return " ".join(text.split())


# --------------------------------------------------------------------------- tokens


@dataclass(frozen=True)
class Token:
    """One word or quoted phrase, with where it sits in the source (for raw rest-of-text)."""

    raw: str
    inner: str
    quoted: bool
    start: int
    end: int
    unterminated: bool = False

    def is_word(self, *words: str) -> bool:
        """Whether this is an unquoted keyword (case-insensitive); quoting turns keywords off."""
        return not self.quoted and self.inner.lower() in words

    @property
    def text(self) -> str:
        """The token's value as the person typed it (quotes removed, markup resolved)."""
        return plain_text(self.inner)


def _quote_end(source: str, start: int) -> int:
    """Index of the closing quote after ``start``, or -1 (straight and curly quotes pair freely)."""
    for index in range(start + 1, len(source)):
        if source[index] in QUOTES:
            return index
    return -1


def _word_end(source: str, start: int) -> int:
    """End of a bare word; ``<…>`` markup is kept whole since link labels may contain spaces."""
    index = start
    while index < len(source) and not source[index].isspace():
        if source[index] == "<" and (close := source.find(">", index)) != -1:
            index = close + 1
        else:
            index += 1
    return index


def tokenize(source: str) -> list[Token]:
    """Split on whitespace, keeping double-quoted phrases (also “curly”) together.

    An unterminated quote becomes a token flagged ``unterminated`` running to the end, so it is an
    error only if the grammar reads it as a token, not when it is the tail of a free-text note.
    """
    tokens: list[Token] = []
    index = 0
    while index < len(source):
        if source[index].isspace():
            index += 1
            continue
        start = index
        if source[index] in QUOTES:
            close = _quote_end(source, start)
            if close == -1:
                tokens.append(
                    Token(source[start:], source[start + 1 :], True, start, len(source), True)
                )
                break
            tokens.append(
                Token(source[start : close + 1], source[start + 1 : close], True, start, close + 1)
            )
            index = close + 1
            continue
        index = _word_end(source, start)
        tokens.append(Token(source[start:index], source[start:index], False, start, index))
    return tokens


class Args:
    """A cursor over one sub-command's tokens; its mistakes carry that sub-command's usage."""

    def __init__(self, source: str, key: str) -> None:
        self.source = source
        self.key = key
        self.tokens = tokenize(source)
        self.position = 0

    def fail(self, message: str) -> NoReturn:
        """Raise a ParseError with this sub-command's usage line."""
        fail(self.key, message)

    def _checked(self, token: Token) -> Token:
        if token.unterminated:
            start = one_line(token.inner)[:30]
            self.fail(
                _("The quote before “{start}” is never closed; add the closing quote mark.").format(
                    start=start
                )
            )
        return token

    def peek(self) -> Token | None:
        """The next token without consuming it."""
        if self.position >= len(self.tokens):
            return None
        return self._checked(self.tokens[self.position])

    def next(self, missing: str) -> Token:
        """Consume the next token, or fail with ``missing`` when there is none."""
        token = self.peek()
        if token is None:
            self.fail(missing)
        self.position += 1
        return token

    def take(self) -> Token | None:
        """Consume the next token if there is one."""
        token = self.peek()
        if token is not None:
            self.position += 1
        return token

    def remaining(self) -> list[Token]:
        """Consume and return every remaining token (checking quotes)."""
        tokens = [self._checked(token) for token in self.tokens[self.position :]]
        self.position = len(self.tokens)
        return tokens

    def empty(self) -> bool:
        """Whether nothing is left."""
        return self.position >= len(self.tokens)

    def rest_text(self) -> str | None:
        """Consume the rest as typed free text (a lone quoted phrase unwrapped); None if empty."""
        if self.empty():
            return None
        raw = self.source[self.tokens[self.position].start :]
        self.position = len(self.tokens)
        return free_text(raw)

    def done(self) -> None:
        """Fail if anything is left: extra arguments are mistakes, not silently ignored."""
        if not self.empty():
            self.fail(_("`/plan {command}` takes nothing after it.").format(command=self.key))


def free_text(raw: str) -> str | None:
    """Free text from a raw slice: a single fully quoted phrase loses its quotes; None if blank."""
    tokens = tokenize(raw)
    if len(tokens) == 1 and tokens[0].quoted and not tokens[0].unterminated:
        raw = tokens[0].inner
    text = plain_text(raw).strip()
    return text or None


def span_text(source: str, tokens: Sequence[Token]) -> str:
    """The text of a run of tokens as typed (a lone quoted phrase loses its quotes), one line."""
    if len(tokens) == 1 and tokens[0].quoted:
        return one_line(tokens[0].text)
    return one_line(plain_text(source[tokens[0].start : tokens[-1].end]))


# --------------------------------------------------------------------------- dispatch

Handler: TypeAlias = Callable[[Args, date], Command]


def group(
    name: str,
    subs: dict[str, Handler],
    aliases: dict[str, str] | None = None,
    default: Command | None = None,
) -> Handler:
    """A handler for ``/plan <name> <sub> …`` that hands the rest to the sub-command's handler.

    The sub-command's Args carry the key ``"<name> <sub>"`` so its mistakes show its own usage;
    mistakes at the group level show every form of the group. ``default`` answers the bare group.
    """
    known = aliases or {}

    def handler(args: Args, today: date) -> Command:
        token = args.peek()
        if token is None:
            if default is not None:
                return default
            args.fail(
                _("`/plan {group}` needs one of: {choices}.").format(
                    group=name, choices=", ".join(subs)
                )
            )
        word = "" if token.quoted else token.inner.lower()
        word = known.get(word, word)
        sub = subs.get(word)
        if sub is None:
            args.fail(
                _("I don't know `/plan {group} {typed}`.").format(group=name, typed=token.text)
            )
        return sub(Args(args.source[token.end :], f"{name} {word}"), today)

    return handler


def no_arguments(command: Command) -> Handler:
    """A handler for a sub-command that takes nothing after it."""

    def handler(args: Args, today: date) -> Command:
        args.done()
        return command

    return handler
