"""Everything a Web API handler may touch, gathered so handlers stay plain functions."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sandbox.faults import Faults
from sandbox.ratelimit import RateLimiter
from sandbox.triggers import Triggers
from sandbox.workspace import Workspace


@dataclass(frozen=True)
class RecordedCall:
    """One Web API call or response-URL post, as the stand-in saw and answered it.

    `method` is the Web API method, or `response_url` for posts to a response URL (then
    `args["response_url"]` says which). `at` is on the stand-in's monotonic clock.
    """

    method: str
    args: dict[str, Any]
    ok: bool
    error: str | None
    status: int
    at: float
    response: dict[str, Any] = field(default_factory=dict)
    #: False when a fault dropped the connection instead of sending `response`.
    answered: bool = True


@dataclass
class StandInState:
    """The workspace plus the machinery around it (tokens, triggers, limits, the call log)."""

    workspace: Workspace
    bot_token: str
    app_token: str | None
    limiter: RateLimiter
    triggers: Triggers
    clock: Callable[[], float]
    base_url: str = ""
    calls: list[RecordedCall] = field(default_factory=list)
    faults: Faults = field(default_factory=Faults)
    #: Called after each recorded call, e.g. so the sandbox page can refresh what it shows.
    listeners: list[Callable[[RecordedCall], None]] = field(default_factory=list)

    def record(self, call: RecordedCall) -> None:
        """Append to the call log that tests read, then tell whoever listens."""
        self.calls.append(call)
        for listener in list(self.listeners):
            listener(call)
