"""Thread replies to a nudge: which commitment a reply is about, and what it says to do."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from storage.models import Commitment

NUMBER = re.compile(r"(?:^|\s)#(\d{1,9})\b")
DONE = re.compile(r"^\s*(done|finished|completed)\b[\s.!:,-]*", re.IGNORECASE)


@dataclass(frozen=True)
class ReplyMeaning:
    commitment: Commitment | None
    status: str | None
    note: str


def understand(text: str, listed: Sequence[Commitment], replier: str) -> ReplyMeaning:
    """Read a reply the way a TA provider would.

    A `#12` in the text names the commitment; otherwise a nudge about one commitment, or the
    only one the replier owns, is clearly meant. A reply starting with "done" completes it. When
    it could be any of several, the commitment is None and the bot asks instead of guessing.
    """
    by_number = {c.number: c for c in listed}
    named = [by_number[int(n)] for n in NUMBER.findall(text) if int(n) in by_number]
    status = "done" if DONE.match(text) else None
    note = text.strip()
    if len(named) == 1:
        return ReplyMeaning(named[0], status, note)
    if len(named) > 1:
        return ReplyMeaning(None, status, note)
    if len(listed) == 1:
        return ReplyMeaning(listed[0], status, note)
    owned = [c for c in listed if c.owner_slack_id == replier]
    if len(owned) == 1:
        return ReplyMeaning(owned[0], status, note)
    return ReplyMeaning(None, status, note)
