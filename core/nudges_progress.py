"""What counts as progress on a commitment, and whether its owner is waiting for the TA team.

The stale and overdue-repeat rules ask "has anything moved since?". An edit (title, owner, due
date, level of change) or a snooze is kept in the history but moves nothing, so it must not
restart the stale clock: only a status change, a note (a thread reply, a TA's advice), asking
for help and the commitment's creation do. A status change taken back with Undo moved nothing
either, so neither the slip nor its undo counts.

A commitment blocked with a help request is waiting for the TA team: asking its owner "still
on it?" again would only repeat the question they asked. It stays out of automatic nudges
until someone other than the asker adds a note (the TA team's advice reaches the owner that
way) or its status changes.

Pure: the planner's job passes the history rows in as :class:`UpdateSnap` values.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

__all__ = ["PROGRESS_KINDS", "UpdateSnap", "awaiting_help", "last_progress"]

#: The history kinds that are progress. Not "edit", "snooze" or "unsnooze".
PROGRESS_KINDS = ("created", "status", "note")

_UNDO_PREFIX = "undo:"


@dataclass(frozen=True)
class UpdateSnap:
    """One row of a commitment's history, as these rules need it."""

    id: int
    at: datetime
    kind: str
    actor: str | None = None
    new_status: str | None = None
    note: str | None = None
    source_key: str | None = None


def _undone_ids(updates: Iterable[UpdateSnap]) -> set[int]:
    """The ids of changes an Undo took back (the undo's source key names them)."""
    found: set[int] = set()
    for update in updates:
        key = update.source_key or ""
        if key.startswith(_UNDO_PREFIX) and key[len(_UNDO_PREFIX) :].isdigit():
            found.add(int(key[len(_UNDO_PREFIX) :]))
    return found


def _moves(updates: Iterable[UpdateSnap]) -> list[UpdateSnap]:
    """The updates that are progress, in time order: no edit or snooze, no undone slip and
    no undo."""
    updates = list(updates)
    undone = _undone_ids(updates)
    return sorted(
        (
            u
            for u in updates
            if u.kind in PROGRESS_KINDS
            and u.id not in undone
            and not (u.source_key or "").startswith(_UNDO_PREFIX)
        ),
        key=lambda u: (u.at, u.id),
    )


def last_progress(updates: Iterable[UpdateSnap], created_at: datetime) -> datetime:
    """When the commitment last moved: its latest progress update, else its creation."""
    moves = _moves(updates)
    return max(moves[-1].at, created_at) if moves else created_at


def awaiting_help(status: str, updates: Iterable[UpdateSnap]) -> bool:
    """Blocked with a help request nobody else has answered with a note since."""
    if status != "blocked":
        return False
    moves = _moves(updates)
    asks = [i for i, u in enumerate(moves) if u.new_status == "blocked"]
    if not asks:
        return False
    ask = moves[asks[-1]]
    if not (ask.note or "").strip():
        return False
    later = moves[asks[-1] + 1 :]
    return not any(u.kind == "note" and u.actor != ask.actor for u in later)
