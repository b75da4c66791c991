"""What the Slack edge needs at run time, built once by the composition root."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from config.settings import Settings
from storage.uow import UnitOfWorkFactory


def system_clock() -> datetime:
    """The only place the bot reads the wall clock; tests and the sandbox pass their own."""
    return datetime.now(UTC)


def started_clock(start: datetime) -> Callable[[], datetime]:
    """A clock that reads `start` now and advances in real time (monotonic, so a wall-clock
    adjustment does not jump it): what `CLOCK_START` gives a whole process, so a rehearsal or
    a test of real subprocesses can stand on a chosen Monday morning."""
    origin = time.monotonic()

    def now() -> datetime:
        return start + timedelta(seconds=time.monotonic() - origin)

    return now


def process_clock(settings: Settings) -> Callable[[], datetime]:
    """The clock a whole process runs on: the wall clock, or `CLOCK_START`'s when set."""
    return system_clock if settings.clock_start is None else started_clock(settings.clock_start)


@dataclass
class Runtime:
    settings: Settings
    uow: UnitOfWorkFactory
    clock: Callable[[], datetime] = system_clock
