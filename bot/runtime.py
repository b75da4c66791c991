"""What the Slack edge needs at run time, built once by the composition root."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from config.settings import Settings
from storage.uow import UnitOfWorkFactory


def system_clock() -> datetime:
    """The only place the bot reads the wall clock; tests and the sandbox pass their own."""
    return datetime.now(UTC)


@dataclass
class Runtime:
    settings: Settings
    uow: UnitOfWorkFactory
    clock: Callable[[], datetime] = system_clock
