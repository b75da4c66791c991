"""Thread replies to a nudge: which commitment a reply is about, and what it says to do.

An unclear reply is kept (storage's `pending_replies`) while the bot asks "which one?", and a
bare number answers that question: see `answered_number` and `still_pending`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from storage.models import Commitment

NUMBER = re.compile(r"(?:^|\s)#(\d{1,9})\b")
#: "3", "#3", "#3." or "3!": the whole reply is a number, the answer to "which commitment?".
BARE_NUMBER = re.compile(r"^\s*#?\s*(\d{1,9})\s*[.!]?\s*$")
#: How long an unclear reply waits for its number (a newer check-in ends the wait sooner).
PENDING_FOR = timedelta(days=1)
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


def answered_number(text: str) -> int | None:
    """The number when the reply is nothing but a commitment's number, else None."""
    found = BARE_NUMBER.match(text)
    return int(found.group(1)) if found else None


def still_pending(kept_at: datetime, now: datetime, nudged_since: bool) -> bool:
    """A kept reply waits a day, and no longer than until the next check-in arrives: after
    that a bare number would more likely answer the new check-in than the old question."""
    return not nudged_since and now - kept_at < PENDING_FOR
