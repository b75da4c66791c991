"""core.history: the help a blocked step asks for, read through Undo."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from core.history import UpdateSnap, help_request, latest_request

T0 = datetime(2026, 12, 4, 16, 0, tzinfo=UTC)


def _at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


def test_an_undone_slip_brings_back_the_help_asked_for() -> None:
    history = [
        UpdateSnap(1, _at(0), "status", "U1", "blocked", "A training deck"),
        UpdateSnap(2, _at(10), "status", "U1", "in-progress"),
        UpdateSnap(3, _at(11), "status", "U1", "blocked", source_key="undo:2"),
    ]
    asked = help_request("blocked", history)
    assert asked is not None and (asked.note, asked.asker) == ("A training deck", "U1")


def test_an_undone_block_leaves_the_earlier_request() -> None:
    history = [
        UpdateSnap(1, _at(0), "status", "U1", "blocked", "A training deck"),
        UpdateSnap(2, _at(5), "status", "U2", "blocked", "Wrong step, sorry"),
        UpdateSnap(3, _at(6), "status", "U2", "blocked", source_key="undo:2"),
    ]
    asked = latest_request(history)
    assert asked is not None and asked.note == "A training deck"


def test_no_help_once_it_is_not_blocked_and_none_when_blocked_without_a_note() -> None:
    history = [
        UpdateSnap(1, _at(0), "status", "U1", "blocked", "A training deck"),
        UpdateSnap(2, _at(10), "status", "U1", "in-progress"),
        UpdateSnap(3, _at(20), "status", "U1", "blocked"),
    ]
    assert help_request("in-progress", history[:2]) is None
    asked = help_request("blocked", history)
    assert asked is not None and asked.note is None
