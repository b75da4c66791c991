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
from collections.abc import Iterator
from typing import Final

ELLIPSIS: Final = "…"

# One unit of mrkdwn: an escaped entity, a piece of markup, or any single character.
_UNIT = re.compile(r"&(?:amp|lt|gt);|<[^<>\s][^<>]*>|.", re.DOTALL)
# Punctuation that reads badly right before an ellipsis.
_TRAILING = " \t\n,;:–-"


def _units(text: str, *, as_sent: bool = False) -> Iterator[tuple[int, int, int]]:
    """(start, end, width) of each unit, lazily (a cut stops reading early). Read, an entity
    is one character; sent (what Slack's limits count), it is all five of ``&amp;``."""
    for match in _UNIT.finditer(text):
        piece = match.group()
        entity = piece.startswith("&") and len(piece) > 1
        yield match.start(), match.end(), 1 if entity and not as_sent else len(piece)


def visible_length(text: str) -> int:
    """How many characters a reader sees: ``&amp;`` counts as one."""
    return sum(width for _, _, width in _units(text))


def _cut(text: str, budget: int, *, as_sent: bool = False) -> int:
    """The end offset of the longest prefix of whole units within `budget`, moved back to the
    last word boundary when there is one in its second half (else cut inside the word)."""
    end = 0
    used = 0
    last_space = -1
    for start, stop, width in _units(text, as_sent=as_sent):
        if used + width > budget:
            if text[start:stop].isspace():
                last_space = start  # the cut falls exactly on a word boundary
            break
        if text[start:stop].isspace():
            last_space = start
        used += width
        end = stop
    else:
        return len(text)
    if last_space > 0 and last_space >= end // 2:
        return last_space
    return end


def shorten(text: str, limit: int) -> str:
    """`text` (mrkdwn) in at most `limit` visible characters, cut at a word boundary with "…".

    Text that fits is returned unchanged. A single word longer than the limit is cut inside
    the word (still never inside an entity or markup). The ellipsis counts toward the limit.
    """
    if limit < 2:
        raise ValueError("shorten needs room for at least one character and the ellipsis")
    if len(text) <= limit or _cut(text, limit) == len(text):
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
        end = max(_cut(rest, limit, as_sent=True), 1)
        piece = rest[:end].rstrip()
        pieces.append(piece or rest[:end])
        rest = rest[end:].lstrip() if piece else rest[end:]
    if rest or not pieces:
        pieces.append(rest)
    return pieces
