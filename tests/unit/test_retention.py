"""When the purge's notice and the purge itself are due (core.retention), at pinned instants."""

from __future__ import annotations

from datetime import UTC, datetime

from core.retention import Step, announced_purge, due, purge_at
from storage.models import Collaborative

CLOSED = datetime(2026, 12, 1, 15, 0, tzinfo=UTC)


def closed(days: int | None, told: datetime | None = None) -> Collaborative:
    return Collaborative(
        timezone="America/Chicago", closed_at=CLOSED, retention_days=days, purge_notice_at=told
    )


def at(month: int, day: int, hour: int = 15) -> datetime:
    return datetime(2026 if month == 12 else 2027, month, day, hour, 0, tzinfo=UTC)


def test_the_default_retention_is_180_days_and_a_running_collaborative_has_no_purge() -> None:
    assert purge_at(closed(None)) == datetime(2027, 5, 30, 15, 0, tzinfo=UTC)
    running = Collaborative(timezone="America/Chicago", closed_at=None)
    assert purge_at(running) is None and due(running, at(12, 31)) == Step(False, False)


def test_the_notice_comes_fourteen_days_before_and_the_purge_never_without_it() -> None:
    c = closed(30)
    assert due(c, at(12, 17, 14)) == Step(notice=False, purge=False)
    assert due(c, at(12, 17)) == Step(notice=True, purge=False)
    assert due(c, at(12, 31)) == Step(notice=True, purge=False)  # not told yet: tell first
    told = closed(30, told=at(12, 17))
    assert due(told, at(12, 30)) == Step(notice=False, purge=False)
    assert due(told, at(12, 31)) == Step(notice=False, purge=True)


def test_a_late_notice_still_gives_people_fourteen_days() -> None:
    late = closed(30, told=at(12, 28))
    assert announced_purge(late, at(12, 28)) == at(1, 11)
    assert due(late, at(12, 31)) == Step(notice=False, purge=False)
    assert due(late, at(1, 11)) == Step(notice=False, purge=True)
