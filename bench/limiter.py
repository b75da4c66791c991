"""A per-channel limit *and* a workspace-wide limit on the same method, as Slack has.

The stand-in's `RateLimiter` holds one bucket rule per method, either per channel or for the
whole workspace. Slack limits `chat.postMessage` both ways at once (about 1 a second per
channel, plus a workspace-wide ceiling), and the workspace ceiling is what a run of nudges to
many people's DMs meets, one message per DM. This limiter layers a second `RateLimiter` over the
first and is installed in place of the stand-in's own; it lives in bench/ because only the
benchmark needs both layers.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping

from sandbox.api import SlackStandIn
from sandbox.ratelimit import RateLimit, RateLimiter


class LayeredRateLimiter(RateLimiter):
    """Per-method limits (the stand-in's rules) plus workspace-wide ones checked first.

    A call refused by the workspace layer takes no per-channel token. A call the workspace layer
    admits but its channel refuses has used a workspace token; with one message per DM, as in a
    run of nudges, that never happens.
    """

    def __init__(
        self,
        limits: Mapping[str, RateLimit] | None,
        workspace_limits: Mapping[str, RateLimit],
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(limits, clock)
        self.workspace = RateLimiter(
            {m: RateLimit(rule.per_second, rule.burst) for m, rule in workspace_limits.items()},
            clock,
        )

    def reset(self) -> None:
        super().reset()
        # The stand-in resets its limiter when it is built; the workspace layer may not exist yet.
        workspace = getattr(self, "workspace", None)
        if workspace is not None:
            workspace.reset()

    def check(self, method: str, channel: str | None = None) -> int | None:
        wait = self.workspace.check(method)
        if wait is not None:
            return wait
        return super().check(method, channel)


def install(
    standin: SlackStandIn,
    limits: Mapping[str, RateLimit],
    workspace_limits: Mapping[str, RateLimit],
) -> LayeredRateLimiter:
    """Replace the stand-in's limiter (on its own clock) with a layered one."""
    limiter = LayeredRateLimiter(limits, workspace_limits, standin.state.clock)
    standin.state.limiter = limiter
    return limiter
