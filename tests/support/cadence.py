"""Counting the automatic nudges people receive while the nudge job runs day after day."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sandbox.api import SlackStandIn
from tests.support import visible
from tests.support.harness import BotHarness
from tests.support.rhythm import nudges_at

#: The fallback texts a nudge DM starts with (bot/blocks/nudge.py's titles).
NUDGE_TITLES = (
    "Check-in after Session",
    "Session ",
    "Monthly check-in",
    "A quick reminder",
    "A check-in from your TA team",
)


def is_nudge(message: dict[str, Any]) -> bool:
    return bool(message.get("blocks")) and str(message.get("text") or "").startswith(NUDGE_TITLES)


def nudges_to(standin: SlackStandIn, user_id: str) -> list[dict[str, Any]]:
    """Every nudge DM this person has received, oldest first."""
    return [m for m in standin.dm_messages(user_id) if is_nudge(m)]


@dataclass
class Received:
    """The nudges each person got, by the local day (their zone) they arrived, as they read."""

    zones: dict[str, ZoneInfo]
    by_day: dict[str, dict[date, list[str]]] = field(default_factory=dict)

    def days(self, who: str) -> list[date]:
        return sorted(self.by_day.get(who, {}))

    def texts(self, who: str) -> list[tuple[date, str]]:
        return [(d, text) for d in self.days(who) for text in self.by_day[who][d]]

    def first_day_showing(self, who: str, words: str) -> date | None:
        """The first day a nudge to this person showed these words."""
        return next((d for d, text in self.texts(who) if words in text), None)

    def first_day_with_line(self, who: str, *words: str) -> date | None:
        """The first day a nudge to this person had one line holding all these words."""
        return next(
            (
                d
                for d, text in self.texts(who)
                for line in text.splitlines()
                if all(w in line for w in words)
            ),
            None,
        )


async def run_days(
    bot: BotHarness, standin: SlackStandIn, runs: Iterable[datetime], received: Received
) -> None:
    """Run the nudge job at each instant, as the scheduler would, noting what arrived."""
    for now in runs:
        before = {who: len(nudges_to(standin, who)) for who in received.zones}
        await nudges_at(bot, now)
        for who, tz in received.zones.items():
            for message in nudges_to(standin, who)[before[who] :]:
                day = now.astimezone(tz).date()
                received.by_day.setdefault(who, {}).setdefault(day, []).append(visible(message))
