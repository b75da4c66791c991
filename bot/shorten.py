"""Shortening and splitting mrkdwn without breaking it: the one place long text is cut.

Commitment titles may be thousands of characters long (action steps as people write them in
spreadsheets), but a listing line, a nudge or a digest bullet has room for a sentence or two.
`shorten` cuts escaped mrkdwn at a word boundary and ends it with an ellipsis; `split` spreads
text too long for one section over several. Both treat an escape sequence (``&amp;``) and a
piece of markup (``<@U123>``, ``<#C1|x>``, ``<https://…|label>``) as one indivisible unit, so
a cut never leaves half an entity or a broken mention behind. The full text always stays in
the database; callers that shorten also say where to read the rest (`/plan show #N`).
"""

from __future__ import annotations

import re
from typing import Final

ELLIPSIS: Final = "…"

# One unit of mrkdwn: an escaped entity, a piece of markup, or any single character.
_UNIT = re.compile(r"&(?:amp|lt|gt);|<[^<>\s][^<>]*>|.", re.DOTALL)
# Punctuation that reads badly right before an ellipsis.
_TRAILING = " \t\n,;:–-"


def _units(text: str) -> list[tuple[int, int, int]]:
    """(start, end, visible width) of every unit; an entity shows as one character."""
    units = []
    for match in _UNIT.finditer(text):
        piece = match.group()
        width = 1 if piece.startswith("&") and len(piece) > 1 else len(piece)
        units.append((match.start(), match.end(), width))
    return units


def visible_length(text: str) -> int:
    """How many characters a reader sees: ``&amp;`` counts as one."""
    return sum(width for _, _, width in _units(text))


def _cut(text: str, budget: int, *, words: bool = True) -> int:
    """The end offset of the longest prefix of whole units within `budget` visible characters,
    moved back to the last word boundary when there is one in its second half."""
    end = 0
    seen = 0
    last_space = -1
    for start, stop, width in _units(text):
        if seen + width > budget:
            if text[start:stop].isspace():
                last_space = start  # the cut falls exactly on a word boundary
            break
        if text[start:stop].isspace():
            last_space = start
        seen += width
        end = stop
    else:
        return len(text)
    if words and last_space > 0 and last_space >= end // 2:
        return last_space
    return end


def shorten(text: str, limit: int) -> str:
    """`text` (mrkdwn) in at most `limit` visible characters, cut at a word boundary with "…".

    Text that fits is returned unchanged. A single word longer than the limit is cut inside
    the word (still never inside an entity or markup). The ellipsis counts toward the limit.
    """
    if limit < 2:
        raise ValueError("shorten needs room for at least one character and the ellipsis")
    if visible_length(text) <= limit:
        return text
    kept = text[: _cut(text, limit - 1)]
    while len(kept) > 1 and kept[-1] in _TRAILING and not _ends_in_entity(kept):
        kept = kept[:-1]
    return kept + ELLIPSIS


def _ends_in_entity(text: str) -> bool:
    return text.endswith(("&amp;", "&lt;", "&gt;"))


def split(text: str, limit: int) -> list[str]:
    """`text` (mrkdwn) in pieces of at most `limit` characters (as sent, entities in full),
    split at spaces or line breaks when possible and never inside an entity or markup.

    Nothing is dropped: joining the pieces with the whitespace they were split at gives the
    text back. Used for whole titles, details and notes shown by `/plan show`.
    """
    pieces: list[str] = []
    rest = text
    while len(rest) > limit:
        end = _cut_sent(rest, limit)
        piece = rest[:end].rstrip()
        pieces.append(piece or rest[:end])
        rest = rest[end:].lstrip() if piece else rest[end:]
    if rest or not pieces:
        pieces.append(rest)
    return pieces


def _cut_sent(text: str, limit: int) -> int:
    """Like `_cut`, but counting characters as sent (Slack's limits count `&amp;` as five)."""
    end = 0
    last_space = -1
    for match in _UNIT.finditer(text):
        if match.end() > limit:
            if match.group().isspace():
                last_space = match.start()
            break
        if match.group().isspace():
            last_space = match.start()
        end = match.end()
    if last_space > 0 and last_space >= end // 2:
        return last_space
    return max(end, 1)
