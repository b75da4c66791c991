"""Trigger ids: the three-second, single-use tickets Slack hands out with each interaction.

The driver issues one with every command and click; `views.open`/`views.push` exchange it. A bot
that does slow work before opening its modal fails here as it would in Slack.
"""

from __future__ import annotations

import itertools
import secrets
from collections.abc import Callable
from dataclasses import dataclass

from sandbox.errors import SlackError

TRIGGER_LIFETIME_SECONDS = 3.0


@dataclass
class _Trigger:
    user_id: str
    issued: float
    exchanged: bool = False


class Triggers:
    """Issues and exchanges trigger ids against an injectable monotonic clock."""

    def __init__(self, clock: Callable[[], float]) -> None:
        self._clock = clock
        self._issued: dict[str, _Trigger] = {}
        self._counter = itertools.count(1)

    def issue(self, user_id: str) -> str:
        """A fresh trigger id for an interaction by `user_id`."""
        trigger_id = f"{next(self._counter)}.{secrets.randbelow(10**9)}.{secrets.token_hex(16)}"
        self._issued[trigger_id] = _Trigger(user_id, self._clock())
        return trigger_id

    def exchange(self, trigger_id: str | None) -> str:
        """Use a trigger once; returns whose interaction it came from."""
        trigger = self._issued.get(trigger_id or "")
        if trigger is None:
            raise SlackError("invalid_trigger_id")
        if trigger.exchanged:
            raise SlackError("exchanged_trigger_id")
        if self._clock() - trigger.issued > TRIGGER_LIFETIME_SECONDS:
            raise SlackError("expired_trigger_id")
        trigger.exchanged = True
        return trigger.user_id

    def reset(self) -> None:
        """Forget every trigger."""
        self._issued.clear()
