"""Thread replies to a nudge: which commitments a reply is about, and what it says to do.

People answer a check-in the way they'd answer a colleague: "done", "#2 done", "#2: done",
"done #2 sent it", "#15 in progress - called them", "#4 blocked on legal" (or "hecho",
"en curso", "bloqueado"), and sometimes about several at once ("#2 done, #15 in progress").
Each `#N` of the check-in starts a part of the reply; a part's status word sets that status,
as the buttons do, and the rest of the part is its note. A part with no status word is a note.

A reply that names none of the check-in's commitments, when it could be about several, is kept
(storage's `pending_replies`) while the bot asks "which one?", and a bare number answers that
question: see `answered_number` and `still_pending`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from storage.models import Commitment

#: "3", "#3", "#3." or "3!": the whole reply is a number, the answer to "which commitment?".
BARE_NUMBER = re.compile(r"^\s*#?\s*(\d{1,9})\s*[.!]?\s*$")
#: How long an unclear reply waits for its number (a newer check-in ends the wait sooner).
PENDING_FOR = timedelta(days=1)

#: The words that set a status, in English and Spanish, as a person would type them.
STATUS_WORDS: dict[str, str] = {
    r"done|finished|completed|hech[oa]|terminad[oa]|complet(?:ad[oa]|o)": "done",
    r"in[\s-]progress|en\s+curso|en\s+progreso|en\s+proceso": "in-progress",
    r"blocked|stuck|bloquead[oa]": "blocked",
}
_STATUS = "|".join(f"(?:{words})" for words in STATUS_WORDS)
_GAP = r"[\s:\-–—]*"  # between a number and its status word: "#2 done", "#2: done", "#2 - done"
_REST = re.compile(r"^[\s.!:,;\-–—]*")
_NUMBER = re.compile(r"(?<![\w#/])#(\d{1,9})\b")
#: A status word just before a part's number ("done #2 …"), after a separator or the start.
_STATUS_BEFORE = re.compile(rf"(?:^|[,;.\n]|\band\b|\by\b)\s*((?:{_STATUS})){_GAP}$", re.I)
_STATUS_AFTER_PART = re.compile(rf"(?:[,;.\n]|\band\b|\by\b)\s*((?:{_STATUS})){_GAP}$", re.I)
#: Where one part ends and the next begins: separators and joining words are not notes.
_JOINING = re.compile(r"(?:[\s,;]|\band\s*$|\by\s*$)+$", re.I)


@dataclass(frozen=True)
class ReplyPart:
    """What one part of a reply says about one commitment: a status to set (None: a note only)
    and the note (None when the part is only a status, as a button press would be)."""

    commitment: Commitment
    status: str | None
    note: str | None


def status_of(word: str) -> str:
    for words, status in STATUS_WORDS.items():
        if re.fullmatch(words, word.strip(), re.I):
            return status
    raise ValueError(word)


def _rest(text: str) -> str | None:
    return _REST.sub("", text, count=1).strip() or None


def read_part(text: str, number: int | None) -> tuple[str | None, str | None]:
    """A part's status and note. `number` is the commitment the part names (its `#N`), or None
    when the reply names none and the commitment is implied."""
    text = text.strip().rstrip(",;").strip()
    if number is not None:
        token = rf"#{number}\b"
        found = re.match(rf"^({_STATUS}){_GAP}{token}(.*)$", text, re.I | re.S)
        if found:  # "done #2 sent it"
            return status_of(found.group(1)), _rest(found.group(2))
        found = re.match(rf"^{token}{_GAP}({_STATUS})\b(.*)$", text, re.I | re.S)
        if found:  # "#2 done", "#2: done, sent it"
            return status_of(found.group(1)), _rest(found.group(2))
        found = re.match(rf"^{token}(.*)$", text, re.S)
        if found:  # "#2 sent it": a note
            return None, _rest(found.group(1))
        found = re.search(rf"{token}{_GAP}({_STATUS})\b", text, re.I)
        if found:  # "Update: #2 done": the status, and all of it kept as the note
            return status_of(found.group(1)), text
        return None, text or None
    found = re.match(rf"^({_STATUS})\b(.*)$", text, re.I | re.S)
    if found:  # "done", "Done! the survey is out"
        return status_of(found.group(1)), _rest(found.group(2))
    return None, text or None


def _starts(text: str, listed: dict[int, Commitment]) -> list[tuple[int, int]]:
    """Where each part begins, with its number: at a `#N` of the check-in, or at the status
    word just before it."""
    starts: list[tuple[int, int]] = []
    previous_end = 0
    for found in _NUMBER.finditer(text):
        number = int(found.group(1))
        if number not in listed:
            continue
        start = found.start()
        # after an earlier part, only past a separator: "#2 done #15 …" is #2's "done"
        pattern = _STATUS_AFTER_PART if starts else _STATUS_BEFORE
        before = pattern.search(text[previous_end:start])
        if before:
            start = previous_end + before.start(1)
        starts.append((start, number))
        previous_end = found.end()
    return starts


def mentioned_numbers(text: str) -> list[int]:
    """Every `#N` in the reply, so the caller can look up those not in the check-in."""
    return [int(n) for n in _NUMBER.findall(text)]


def understand(
    text: str, listed: Sequence[Commitment], replier: str, also: Sequence[Commitment] = ()
) -> list[ReplyPart]:
    """Read a reply the way a TA provider would, into one part per commitment it is about.

    Each `#N` of the check-in (or of `also`: commitments it names that the check-in doesn't
    list, such as one added since) starts a part; the text before the first goes with it. A
    reply naming none is about the check-in's only commitment, or the only one the replier
    owns; when it could be any of several, the answer is empty and the bot asks instead of
    guessing.
    """
    by_number = {c.number: c for c in [*listed, *also]}
    starts = _starts(text, by_number)
    if starts:
        ends = [start for start, _ in starts[1:]] + [len(text)]
        parts = []
        for index, ((start, number), end) in enumerate(zip(starts, ends, strict=True)):
            part = text[0 if index == 0 else start : end]
            if end < len(text):  # "#2 done, and #15 …": the joining words belong to neither
                part = _JOINING.sub("", part)
            status, note = read_part(part, number)
            parts.append(ReplyPart(by_number[number], status, note))
        return parts
    owned = [c for c in listed if c.owner_slack_id == replier]
    implied = listed[0] if len(listed) == 1 else owned[0] if len(owned) == 1 else None
    if implied is None:
        return []
    status, note = read_part(text, None)
    return [ReplyPart(implied, status, note)]


def answered_number(text: str) -> int | None:
    """The number when the reply is nothing but a commitment's number, else None."""
    found = BARE_NUMBER.match(text)
    return int(found.group(1)) if found else None


def still_pending(kept_at: datetime, now: datetime, nudged_since: bool) -> bool:
    """A kept reply waits a day, and no longer than until the next check-in arrives: after
    that a bare number would more likely answer the new check-in than the old question."""
    return not nudged_since and now - kept_at < PENDING_FOR
