"""Pacing posts to Slack's published rates before Slack has to answer 429.

Slack allows `chat.postMessage` about one message a second per conversation plus a
workspace-wide ceiling, and answers 429 with a whole-second `Retry-After` beyond them. Waiting
that second after every burst wastes most of it, so the sender keeps its own buckets just under
the limits and sends each message as soon as both allow it; a 429 that still comes (another
process posting too) holds every send for `Retry-After`.

The clock and sleep are injected: tests pin them, the bench measures the real thing.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace


@dataclass(frozen=True)
class PostingRates:
    """The limits to stay under. `margin` paces a little below them and `reserve` keeps a few
    burst tokens unspent, so arrival jitter on the network never tips a send over Slack's
    bucket."""

    per_channel_per_second: float = 1.0
    workspace_per_second: float = 20.0
    workspace_burst: int = 20
    margin: float = 0.98
    reserve: int = 2

    def faster(self, factor: float) -> PostingRates:
        """The same limits `factor` times faster, bursts unchanged: the tests that do not measure
        pacing run it (and any limit they set on the stand-in) at one faster scale, so a DM
        conversation of five messages takes 0.1 s instead of 4 and nothing else changes."""
        return replace(
            self,
            per_channel_per_second=self.per_channel_per_second * factor,
            workspace_per_second=self.workspace_per_second * factor,
        )


#: Conversations remembered before those whose spacing has passed are forgotten.
PRUNE_AT = 10_000

#: What Slack (and the stand-in's `slack_like_limits`) allows for `chat.postMessage`.
SLACK_POSTING = PostingRates()


class Pacer:
    """Decides when the next post may go; `wait(channel)` sleeps until it may, then counts it."""

    def __init__(
        self,
        rates: PostingRates = SLACK_POSTING,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.rates = rates
        self.clock = clock
        self._sleep = sleep
        self._interval = 1.0 / (rates.workspace_per_second * rates.margin)
        self._channel_interval = 1.0 / (rates.per_channel_per_second * rates.margin)
        self._tolerance = max(0, rates.workspace_burst - rates.reserve - 1) * self._interval
        #: The theoretical time of the next workspace send (GCRA): at most `_tolerance` ahead.
        self._next: float | None = None
        self._channel_next: dict[str, float] = {}
        self._held_until = 0.0

    def _earliest(self, channel: str, now: float) -> float:
        workspace = now if self._next is None else max(now, self._next - self._tolerance)
        return max(workspace, self._channel_next.get(channel, now), self._held_until)

    async def wait(self, channel: str) -> None:
        """Sleep until a post to `channel` fits under both limits, and take its place."""
        # No lock (it would bind to one event loop): the check and the take below run with no
        # await between them, and a waiter that slept checks again before it takes a place.
        while True:
            now = self.clock()
            at = self._earliest(channel, now)
            if at <= now:
                break
            await self._sleep(at - now)
        self._next = max(now, self._next if self._next is not None else now) + self._interval
        if len(self._channel_next) >= PRUNE_AT:  # a long-lived process meets many conversations
            self._channel_next = {c: t for c, t in self._channel_next.items() if t > now}
        self._channel_next[channel] = now + self._channel_interval

    @property
    def held_until(self) -> float:
        """Until when (on `clock`) a 429 holds every send; in the past when none does."""
        return self._held_until

    async def wait_held(self) -> None:
        """Sleep out a `Retry-After` hold; done before claiming a row, so a long hold never
        keeps a row leased (and its lease expiring) while nothing is being sent."""
        while (now := self.clock()) < self._held_until:
            await self._sleep(self._held_until - now)

    def hold(self, seconds: float) -> None:
        """Slack said 429: nothing goes for `seconds`, and no burst is spent right after."""
        until = self.clock() + max(0.0, seconds)
        self._held_until = max(self._held_until, until)
        self._next = max(self._next or 0.0, until + self._tolerance)


_shared: Pacer | None = None


def shared_pacer() -> Pacer:
    """One pacer per process, so commands posting right away and the scheduled runs share the
    limit (it holds no event-loop state, so tests on fresh loops may share it too)."""
    global _shared
    if _shared is None:
        _shared = Pacer()
    return _shared


def use_posting_rates(rates: PostingRates) -> Pacer:
    """Start this process's shared pacer afresh at `rates` and return it.

    Fresh, so nothing a previous test posted is still counted against the next one; the tests
    call it before each test (see tests/conftest.py), the bot itself never needs to.
    """
    global _shared
    _shared = Pacer(rates)
    return _shared
