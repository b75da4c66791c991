"""A commitment's history as it stands: what an Undo took back is gone, and so is the Undo.

An Undo restores the earlier state, everything in it: the status, and with a blocked step the
help it asked for. Both the slip and its undo stay in the stored history (`/plan show` and the
export tell what happened), so every rule that reads the history through for "what holds now"
(the help a blocked step asks for, whether it waits for the TA team, when it last moved) reads
it through :func:`standing` first. The one rule for "the help a blocked step asks for" is
:func:`help_request`: the digest, both Home tabs, the TA's Reply and the nudge planner use it.

Pure: callers pass the history rows in as :class:`UpdateSnap` values.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

__all__ = ["HelpRequest", "UpdateSnap", "help_request", "latest_request", "snap", "standing"]

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


@dataclass(frozen=True)
class HelpRequest:
    """What a blocked step asks for (`note`, None when nobody wrote it) and who asked (the
    person a TA's Reply goes to)."""

    note: str | None
    asker: str | None
    at: datetime
    update_id: int


def _is_undo(update: UpdateSnap) -> bool:
    return (update.source_key or "").startswith(_UNDO_PREFIX)


def _undone_ids(updates: Iterable[UpdateSnap]) -> set[int]:
    """The ids of changes an Undo took back (the undo's source key names them)."""
    found: set[int] = set()
    for update in updates:
        key = update.source_key or ""
        if _is_undo(update) and key[len(_UNDO_PREFIX) :].isdigit():
            found.add(int(key[len(_UNDO_PREFIX) :]))
    return found


def standing(updates: Iterable[UpdateSnap]) -> list[UpdateSnap]:
    """The history in time order without the changes an Undo took back and the undos
    themselves: as if the slip never happened."""
    updates = list(updates)
    undone = _undone_ids(updates)
    return sorted(
        (u for u in updates if u.id not in undone and not _is_undo(u)),
        key=lambda u: (u.at, u.id),
    )


def latest_request(updates: Iterable[UpdateSnap]) -> HelpRequest | None:
    """The latest standing update that set the step blocked (a help note on a step already
    blocked counts too), whatever its status now: who asked, when, and for what."""
    asks = [u for u in standing(updates) if u.new_status == "blocked"]
    if not asks:
        return None
    ask = asks[-1]
    return HelpRequest((ask.note or "").strip() or None, ask.actor, ask.at, ask.id)


def help_request(status: str, updates: Iterable[UpdateSnap]) -> HelpRequest | None:
    """The help a step asks for while it is blocked (None when it is not): the one rule the
    digest, both Home tabs and the nudge planner read."""
    return latest_request(updates) if status == "blocked" else None


class _Row(Protocol):
    """A stored history row (storage.models.CommitmentUpdate), as far as these rules read it."""

    id: int
    at: datetime
    kind: str
    actor_slack_id: str | None
    new_status: str | None
    note: str | None
    source_key: str | None


def snap(row: _Row) -> UpdateSnap:
    """A stored history row as these rules read it."""
    return UpdateSnap(
        row.id, row.at, row.kind, row.actor_slack_id, row.new_status, row.note, row.source_key
    )
