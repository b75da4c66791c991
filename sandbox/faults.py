"""Faults the stand-in can inject, per method and count, to show what the bot does when Slack
misbehaves: a message stored whose answer never arrives, a 429, a 503.

`standin.faults.lose_answer("chat.postMessage", times=5, every=20)` loses the answer to every
20th post, five times; `standin.faults.unavailable("chat.postMessage")` answers the next post
503 without storing it. Faults only act on calls that pass authentication and the rate limits,
so the stand-in's own Slack limits keep working alongside them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

FaultKind = Literal["lose_answer", "ratelimited", "unavailable"]


@dataclass
class Fault:
    """Act on every `every`-th matching call, `times` times in all (None: without end)."""

    kind: FaultKind
    method: str
    times: int | None
    every: int = 1
    retry_after: int = 1
    seen: int = 0
    fired: int = 0

    def fires(self) -> bool:
        self.seen += 1
        if self.times is not None and self.fired >= self.times:
            return False
        if self.seen % self.every != 0:
            return False
        self.fired += 1
        return True

    @property
    def spent(self) -> bool:
        return self.times is not None and self.fired >= self.times


class Faults:
    """The faults armed on one stand-in; the first armed fault for a method that fires wins."""

    def __init__(self) -> None:
        self._armed: list[Fault] = []

    def lose_answer(self, method: str, *, times: int | None = 1, every: int = 1) -> Fault:
        """Carry the call out (a post is stored), then drop the connection without answering."""
        return self._arm(Fault("lose_answer", method, times, every))

    def ratelimit(
        self, method: str, *, times: int | None = 1, every: int = 1, retry_after: int = 1
    ) -> Fault:
        """Answer 429 `ratelimited` with `Retry-After`, storing nothing."""
        return self._arm(Fault("ratelimited", method, times, every, retry_after=retry_after))

    def unavailable(self, method: str, *, times: int | None = 1, every: int = 1) -> Fault:
        """Answer 503 `service_unavailable`, storing nothing."""
        return self._arm(Fault("unavailable", method, times, every))

    def clear(self) -> None:
        self._armed.clear()

    def take(self, method: str) -> Fault | None:
        """The fault this call meets, if any (counting the call for every armed fault)."""
        hit: Fault | None = None
        for fault in self._armed:
            if fault.method != method:
                continue
            if hit is None:
                hit = fault if fault.fires() else None
            else:
                fault.seen += 1
        self._armed = [f for f in self._armed if not f.spent]
        return hit

    def _arm(self, fault: Fault) -> Fault:
        self._armed.append(fault)
        return fault
