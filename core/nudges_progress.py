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
from datetime import datetime

from core.history import UpdateSnap, help_request, standing

__all__ = ["PROGRESS_KINDS", "UpdateSnap", "awaiting_help", "last_progress"]

#: The history kinds that are progress. Not "edit", "snooze" or "unsnooze".
PROGRESS_KINDS = ("created", "status", "note")


def _moves(updates: Iterable[UpdateSnap]) -> list[UpdateSnap]:
    """The updates that are progress, in time order: no edit or snooze, no undone slip and
    no undo."""
    return [u for u in standing(updates) if u.kind in PROGRESS_KINDS]


def last_progress(updates: Iterable[UpdateSnap], created_at: datetime) -> datetime:
    """When the commitment last moved: its latest progress update, else its creation."""
    moves = _moves(updates)
    return max(moves[-1].at, created_at) if moves else created_at


def awaiting_help(status: str, updates: Iterable[UpdateSnap]) -> bool:
    """Blocked with a help request (core.history.help_request) nobody else has answered with
    a note since."""
    updates = list(updates)
    asked = help_request(status, updates)
    if asked is None or asked.note is None:
        return False
    later = [u for u in _moves(updates) if (u.at, u.id) > (asked.at, asked.update_id)]
    return not any(u.kind == "note" and u.actor != asked.asker for u in later)
