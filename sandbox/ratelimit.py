"""Token buckets standing in for Slack's rate limits.

Off unless configured, because most tests want to see what the bot sends, not its pacing. When a
test does configure them, the clock is injectable so a 429 and its recovery can be shown without
waiting on the wall clock.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class RateLimit:
    """`per_second` tokens refill a bucket of `burst`; `per_channel` keys it by channel too.

    Slack limits `chat.postMessage` to about one message a second *per channel*, so that method
    is usually configured with `per_channel=True`.
    """

    per_second: float
    burst: int = 1
    per_channel: bool = False

    @classmethod
    def per_minute(cls, count: float, burst: int | None = None) -> RateLimit:
        """Slack's tiers are stated per minute (Tier 3: 50+, Tier 4: 100+)."""
        return cls(count / 60.0, burst if burst is not None else max(1, int(count // 10)))


#: `chat.postMessage` across the workspace: Slack publishes no exact figure ("several hundred
#: messages a minute"); the stand-in enforces this one, and the bot's pacer is set to match it.
WORKSPACE_POSTS = RateLimit(20.0, burst=20)


def slack_like_limits() -> dict[str, Rules]:
    """Roughly what Slack enforces for the methods the bot uses."""
    tier3 = RateLimit.per_minute(50)
    tier4 = RateLimit.per_minute(100)
    return {
        "chat.postMessage": (RateLimit(1.0, burst=1, per_channel=True), WORKSPACE_POSTS),
        "chat.update": tier3,
        "conversations.open": tier3,
        "conversations.history": tier3,
        "chat.postEphemeral": tier4,
        "views.publish": tier4,
        "users.info": tier4,
    }


@dataclass
class _Bucket:
    tokens: float
    updated: float


#: One rule, or several that must all admit a call: Slack limits `chat.postMessage` per channel
#: *and* workspace-wide, and a run of nudges to many DMs meets the workspace ceiling.
Rules = RateLimit | Sequence[RateLimit]


class RateLimiter:
    """Decides whether a call may proceed now and, if not, how long Slack would say to wait."""

    def __init__(
        self,
        limits: Mapping[str, Rules] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.limits = dict(limits or {})
        self._clock = clock
        self._buckets: dict[tuple[str, int, str | None], _Bucket] = {}

    def reset(self) -> None:
        """Refill every bucket, e.g. between phases of a test."""
        self._buckets.clear()

    def _rules(self, method: str) -> Sequence[RateLimit]:
        rules = self.limits.get(method)
        if rules is None:
            return ()
        return (rules,) if isinstance(rules, RateLimit) else tuple(rules)

    def _refilled(self, key: tuple[str, int, str | None], limit: RateLimit, now: float) -> _Bucket:
        bucket = self._buckets.get(key)
        if bucket is None:
            bucket = self._buckets[key] = _Bucket(float(limit.burst), now)
        elapsed = max(0.0, now - bucket.updated)
        bucket.tokens = min(float(limit.burst), bucket.tokens + elapsed * limit.per_second)
        bucket.updated = now
        return bucket

    def check(self, method: str, channel: str | None = None) -> int | None:
        """Take a token for this call; None if allowed, else whole seconds for `Retry-After`.

        A call refused by any rule takes no token from the others, as a refused call costs
        nothing in Slack's accounting.
        """
        now = self._clock()
        buckets: list[_Bucket] = []
        waits: list[float] = []
        for index, limit in enumerate(self._rules(method)):
            key = (method, index, channel if limit.per_channel else None)
            bucket = self._refilled(key, limit, now)
            buckets.append(bucket)
            if bucket.tokens < 1.0:
                waits.append((1.0 - bucket.tokens) / limit.per_second)
        if waits:
            return max(1, math.ceil(max(waits)))
        for bucket in buckets:
            bucket.tokens -= 1.0
        return None
