"""Benchmark 2: sending a run of nudges against Slack-like rate limits.

N participants each get the check-in after a session, through the real nudge job
(`jobs.nudge_job.run_nudges`: plan, outbox, send) with the sender's own pacer, against a
stand-in that enforces `chat.postMessage` per channel *and* across the workspace. What
matters: how close the send rate comes to the workspace limit (1.0 = the limit is used fully),
how many 429s that cost, and that every person got the message exactly once — no message lost
to a 429, none sent twice by a retry.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from bench.children import run_reporting_child
from bench.databases import Fresh
from bench.report import Row, ratio
from bench.seed import Size, add_people, participants, seed
from bot.delivery.pacing import Pacer, PostingRates
from jobs.nudge_job import run_nudges
from sandbox.api import SlackStandIn
from sandbox.ratelimit import WORKSPACE_POSTS, RateLimit, Rules, slack_like_limits
from storage.db import create_engine, session_factory
from storage.uow import UnitOfWorkFactory

ROOT = Path(__file__).resolve().parents[1]
SESSION = datetime(2026, 12, 1, 16, 0, tzinfo=UTC)  # Tue 10:00 in Chicago
CHECKIN = datetime(2026, 12, 3, 16, 30, tzinfo=UTC)  # Thu 10:30: the check-in is due
# Of the workspace limit, after the burst. The sender paces itself just under the limit
# (bot.delivery.pacing) instead of waiting out whole-second Retry-Afters after each burst.
RATE_TARGET = 0.95
POST = "chat.postMessage"
UNPACED = PostingRates(per_channel_per_second=1e6, workspace_per_second=1e6, workspace_burst=10**6)


@dataclass(frozen=True)
class OutboxConfig:
    """5,000 people at 100 messages a second: about 50 s of sending, long enough that the rate
    after the burst is the sender's steady pace, not its start."""

    organizations: int = 1000
    people_per_org: int = 5
    per_second: float = 100.0
    burst: int = 20
    budget_seconds: float = 900.0
    #: Also run the job with no limit at all, to show the sender's own ceiling (a second
    #: seeding and fan-out: off by default, the limited run's rate already shows it).
    unpaced: bool = False
    #: Organizations (of `people_per_org`) of a second fan-out at the stand-in's Slack-like
    #: workspace rate (`WORKSPACE_POSTS`, 20/s): the same 5,000 people, about 250 s of sending.
    #: Slack's own ceiling is what a real fan-out meets, so the issue's 0.95 is asked of this
    #: run as well as of the 100/s one, which shows one sender's ceiling. Run only when the main
    #: rate is above that one (the quick plan already runs at 20/s); 0: never.
    slack_rate_organizations: int = 1000

    def at_slack_rate(self) -> OutboxConfig | None:
        """The same job at Slack's workspace rate with fewer people, if it is to run."""
        rate = WORKSPACE_POSTS.per_second
        if self.slack_rate_organizations <= 0 or self.per_second <= rate:
            return None
        return replace(
            self,
            organizations=self.slack_rate_organizations,
            per_second=rate,
            burst=WORKSPACE_POSTS.burst,
            unpaced=False,
            slack_rate_organizations=0,
        )

    @property
    def size(self) -> Size:
        return Size(self.organizations, commitments_per_org=2, people_per_org=self.people_per_org)


@dataclass
class OutboxResult:
    config: OutboxConfig
    database: str
    expected: int
    delivered: int
    duplicates: int
    missing: int
    throttled: int
    job_seconds: float
    #: CPU seconds the job's process spent in the job (planning and sending).
    job_cpu: float
    first_post: float
    last_post: float
    sent_report: int
    retry_report: int
    failed_report: int
    per_recipient: Counter[str] = field(default_factory=Counter)

    @property
    def sustained_rate(self) -> float | None:
        """Messages per second once the burst is spent (None if the run fit in the burst)."""
        after_burst = self.delivered - self.config.burst
        span = self.last_post - self.first_post
        return after_burst / span if after_burst > 0 and span > 0 else None

    @property
    def ideal_seconds(self) -> float:
        """The shortest run the limit allows: the burst at once, the rest at the limit."""
        return max(0, self.expected - self.config.burst) / self.config.per_second

    @property
    def exactly_once(self) -> bool:
        return self.delivered == self.expected and self.duplicates == 0 and self.missing == 0

    def rows(self) -> list[Row]:
        name = f"outbox, {self.expected} DMs at {self.config.per_second:g}/s, {self.database}"
        limit = self.config.per_second
        rate = self.sustained_rate
        limit_text = f"{limit:g}/s (burst {self.config.burst}) limit"
        overall = self.delivered / self.job_seconds if self.job_seconds > 0 else 0.0
        return [
            Row(
                bench=name,
                metric="msgs/s after the burst",
                ours="(fits in burst)" if rate is None else f"{rate:.1f}/s",
                baseline=limit_text,
                ratio=None if rate is None else ratio(rate, limit),
                target=f">= {RATE_TARGET:g}x limit",
                ok=None if rate is None else rate >= RATE_TARGET * limit,
            ),
            Row(
                bench=name,
                metric="whole job (plan + send)",
                ours=f"{self.job_seconds:.2f} s, {overall:.1f}/s",
                baseline=f"{self.ideal_seconds:.2f} s at the limit",
                ratio=ratio(self.job_seconds, self.ideal_seconds),
                target="-",
                ok=None,
            ),
            Row(
                bench=name,
                metric="429 answers",
                ours=str(self.throttled),
                baseline=f"{self.expected} messages",
                ratio=ratio(self.throttled, self.expected),
                target="-",
                ok=None,
            ),
            Row(
                bench=name,
                metric="delivered exactly once",
                ours=(
                    f"{self.delivered}/{self.expected}, dup {self.duplicates}, "
                    f"missing {self.missing}"
                ),
                baseline=f"{self.expected} people",
                ratio=ratio(self.delivered, self.expected),
                target="all, once",
                ok=self.exactly_once,
            ),
        ]


@dataclass
class OutboxBench:
    """The limited run, and (if asked) the same job with no limits: the sender on its own."""

    limited: OutboxResult
    unlimited: OutboxResult | None = None
    #: The same job at Slack's own workspace rate (20/s), with fewer people.
    slack_rate: OutboxResult | None = None

    def rows(self) -> list[Row]:
        rows = self._main_rows()
        if self.slack_rate is not None:
            rows += [r for r in self.slack_rate.rows() if r.metric != "whole job (plan + send)"]
        return rows

    def _main_rows(self) -> list[Row]:
        rows = self.limited.rows()
        mine = self.limited
        per_message = mine.job_cpu / mine.delivered if mine.delivered else 0.0
        rows.insert(
            2,
            Row(
                bench=rows[0].bench,
                metric="sender CPU per message",
                ours=f"{per_message * 1000:.1f} ms",
                baseline=f"{1000 / mine.config.per_second:.1f} ms between posts at the limit",
                ratio=ratio(per_message, 1 / mine.config.per_second),
                target="-",
                ok=None,
            ),
        )
        free = self.unlimited
        if free is None:
            return rows
        span = free.last_post - free.first_post
        rate = free.delivered / span if span > 0 else None
        limit = self.limited.config.per_second
        rows.insert(
            1,
            Row(
                bench=rows[0].bench,
                metric="msgs/s with no limit",
                ours="-" if rate is None else f"{rate:.1f}/s",
                baseline=f"{limit:g}/s limit",
                ratio=None if rate is None else ratio(rate, limit),
                target="-",
                ok=None,
            ),
        )
        return rows


async def run(config: OutboxConfig, fresh: Fresh, database: str = "SQLite") -> OutboxBench:
    """The nudge job once against the limits (and once with none if asked), each on a fresh
    database, each in a fresh process."""
    unlimited = None
    if config.unpaced:
        async with fresh("outbox-unlimited") as url:
            unlimited = await run_once(config, url, database, limited=False)
    async with fresh("outbox-limited") as url:
        limited = await run_once(config, url, database, limited=True)
    slack_rate = None
    if (slower := config.at_slack_rate()) is not None:
        print(
            f"[{database}] outbox: {slower.size.organizations * slower.people_per_org} nudges"
            f" at {slower.per_second:g}/s (Slack-like)",
            file=sys.stderr,
        )
        async with fresh("outbox-slack-rate") as url:
            slack_rate = await run_once(slower, url, database, limited=True)
    return OutboxBench(limited=limited, unlimited=unlimited, slack_rate=slack_rate)


async def run_once(
    config: OutboxConfig, database_url: str, database: str, *, limited: bool
) -> OutboxResult:
    """Seed, limit the stand-in, run the nudge job once, and read what reached the stand-in.

    The job runs in a process of its own (`python -m bench.outbox`), as the clock process runs
    it: the stand-in answering thousands of posts in the job's own process would take half of
    the job's CPU, and the rate measured would be the stand-in's, not the sender's.
    """
    size = config.size
    await seed(database_url, size, SESSION, sessions=[SESSION], statuses_open_only=True)
    standin = SlackStandIn()
    add_people(standin, size)
    await standin.start()
    if limited:
        limits: dict[str, Rules] = dict(slack_like_limits())
        # chat.postMessage: 1/s per channel (burst 1) and the workspace-wide ceiling on top
        limits[POST] = (
            RateLimit(1.0, burst=1, per_channel=True),
            RateLimit(config.per_second, burst=config.burst),
        )
        standin.set_rate_limits(limits)
    # The limited run paces to the limit the stand-in enforces; the other only to measure speed.
    rates = (
        PostingRates(workspace_per_second=config.per_second, workspace_burst=config.burst)
        if limited
        else UNPACED
    )
    try:
        report = await _run_child(standin, database_url, rates, config.budget_seconds)
        posts = standin.calls_to(POST)
    finally:
        await standin.stop()
    accepted = [c for c in posts if c.ok]
    per_recipient = Counter(str(c.args.get("channel")) for c in accepted)
    people = participants(size)
    return OutboxResult(
        config=config,
        database=database,
        expected=len(people),
        delivered=sum(1 for p in people if per_recipient[p] >= 1),
        duplicates=sum(n - 1 for n in per_recipient.values() if n > 1),
        missing=sum(1 for p in people if per_recipient[p] == 0),
        throttled=sum(1 for c in posts if c.status == 429),
        job_seconds=float(report["seconds"]),
        job_cpu=float(report["cpu"]),
        first_post=posts[0].at if posts else 0.0,
        last_post=accepted[-1].at if accepted else 0.0,
        sent_report=int(report["sent"]),
        retry_report=int(report["retry"]),
        failed_report=int(report["failed"]),
        per_recipient=per_recipient,
    )


async def _run_child(
    standin: SlackStandIn,
    database_url: str,
    rates: PostingRates,
    budget: float,
) -> dict[str, Any]:
    """`python -m bench.outbox <database> <api> <token> <per_second> <burst>`: its JSON report."""
    args = [
        database_url,
        standin.api_url,
        standin.bot_token,
        repr(rates.workspace_per_second),
        str(rates.workspace_burst),
        repr(rates.per_channel_per_second),
    ]
    return await run_reporting_child("bench.outbox", args, budget, "the nudge job")


async def _child(argv: list[str]) -> dict[str, Any]:
    """The nudge job at `CHECKIN`, exactly as the scheduler runs it, with a pacer at the rates
    given; returns what it reported and how long it took (process start-up excluded)."""
    database_url, api_url, token, per_second, burst, per_channel = argv
    rates = PostingRates(
        per_channel_per_second=float(per_channel),
        workspace_per_second=float(per_second),
        workspace_burst=int(burst),
    )
    engine = create_engine(database_url)
    try:
        uow_factory = UnitOfWorkFactory(session_factory(engine))
        client = AsyncWebClient(token=token, base_url=api_url)
        started, cpu = time.monotonic(), time.process_time()
        report = await run_nudges(uow_factory, client, CHECKIN, pacer=Pacer(rates))
        seconds, cpu = time.monotonic() - started, time.process_time() - cpu
    finally:
        await engine.dispose()
    return {
        "seconds": seconds,
        "cpu": cpu,
        "sent": len(report.sent),
        "retry": len(report.retry),
        "failed": len(report.failed),
    }


if __name__ == "__main__":
    print(json.dumps(asyncio.run(_child(sys.argv[1:]))))
