"""Benchmark: how long a crash holds messages back.

A 300-person check-in against the stand-in's Slack-like limits; the sender (`python -m jobs
nudges`, a real process) is SIGKILLed when a third of the posts are stored and restarted at the
next tick. Measured side by side: how many messages the crash held back (claimed, in flight),
and the time from the restart to the last stranded message delivered, against the time the
stranded messages need at the enforced limit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from bench.crash import CrashResult, crash_and_restart
from bench.databases import Fresh
from bench.report import Row, ratio
from bench.seed import Size, add_people, participants, seed
from sandbox.api import SlackStandIn
from sandbox.ratelimit import WORKSPACE_POSTS, slack_like_limits

SESSION = datetime(2026, 12, 1, 16, 0, tzinfo=UTC)
CHECKIN = datetime(2026, 12, 3, 16, 30, tzinfo=UTC)


@dataclass(frozen=True)
class RecoveryConfig:
    organizations: int = 100
    people_per_org: int = 3
    kill_at: int = 100
    lose_answers: int = 5

    @property
    def size(self) -> Size:
        return Size(self.organizations, commitments_per_org=1, people_per_org=self.people_per_org)


@dataclass
class RecoveryResult:
    config: RecoveryConfig
    crash: CrashResult
    people: list[str]
    database: str = "SQLite"

    def rows(self) -> list[Row]:
        name = f"crash, {len(self.people)} DMs, {self.database}"
        killed, restart = self.crash.runs[0], self.crash.runs[-1]
        stranded = [p for p in self.people if self.crash.delivered_at.get(p, 0) >= restart.started]
        last = max((self.crash.delivered_at[p] for p in stranded), default=restart.started)
        delay = last - restart.started
        first = (restart.first_post or restart.started) - restart.started
        ideal = len(stranded) / WORKSPACE_POSTS.per_second
        once = self.crash.exactly_once(self.people)
        return [
            Row(
                bench=name,
                metric="held back by the crash",
                ours=f"{killed.held_back} in flight",
                baseline=f"{len(stranded)} not yet sent",
                ratio=None,
                target="<= 1",
                ok=killed.held_back <= 1,
            ),
            Row(
                bench=name,
                metric="restart -> first post",
                ours=f"{first:.2f} s",
                baseline="process start + plan",
                ratio=None,
                target="-",
                ok=None,
            ),
            Row(
                bench=name,
                metric="restart -> last stranded delivered",
                ours=f"{delay:.2f} s",
                baseline=f"{ideal:.2f} s at the limit",
                ratio=ratio(delay, ideal),
                target="first run",
                ok=self.crash.statuses == {"sent": len(self.people)},
            ),
            Row(
                bench=name,
                metric="delivered exactly once",
                ours=f"{sum(self.crash.per_recipient.values())} msgs, "
                f"{self.crash.lost_answers} answers lost",
                baseline=f"{len(self.people)} people",
                ratio=None,
                target="all, once",
                ok=once,
            ),
        ]


async def run(config: RecoveryConfig, fresh: Fresh, database: str = "SQLite") -> RecoveryResult:
    async with fresh("recovery") as database_url:
        return await _run(config, database_url, database)


async def _run(config: RecoveryConfig, database_url: str, database: str) -> RecoveryResult:
    await seed(database_url, config.size, SESSION, sessions=[SESSION], statuses_open_only=True)
    people = participants(config.size)
    async with SlackStandIn(rate_limits=slack_like_limits()) as standin:
        add_people(standin, config.size)
        crash = await crash_and_restart(
            standin,
            database_url,
            people,
            CHECKIN,
            kill_after=(config.kill_at,),
            lose_answers=config.lose_answers,
            lose_every=max(1, len(people) // (config.lose_answers + 1)),
        )
    return RecoveryResult(config, crash, people, database)
