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
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from bench.report import Row, ratio
from bench.seed import TA, TIMEZONE, Size, add_people, participants, seed
from bot.delivery.pacing import Pacer, PostingRates
from bot.serve import BotProcess
from config.settings import Settings
from jobs.nudge_job import run_nudges
from sandbox.api import SlackStandIn
from sandbox.ratelimit import RateLimit, Rules, slack_like_limits

SESSION = datetime(2026, 12, 1, 16, 0, tzinfo=UTC)  # Tue 10:00 in Chicago
CHECKIN = datetime(2026, 12, 3, 16, 30, tzinfo=UTC)  # Thu 10:30: the check-in is due
# Of the workspace limit, after the burst. The sender paces itself just under the limit
# (bot.delivery.pacing) instead of waiting out whole-second Retry-Afters after each burst.
RATE_TARGET = 0.95
POST = "chat.postMessage"
UNPACED = PostingRates(per_channel_per_second=1e6, workspace_per_second=1e6, workspace_burst=10**6)


@dataclass(frozen=True)
class OutboxConfig:
    """300 people at 20 messages a second: about 15 s of sending, long enough that the rate after
    the burst is the sender's steady pace, not its start."""

    organizations: int = 100
    people_per_org: int = 3
    per_second: float = 20.0
    burst: int = 20
    budget_seconds: float = 60.0

    @property
    def size(self) -> Size:
        return Size(self.organizations, commitments_per_org=2, people_per_org=self.people_per_org)


@dataclass
class OutboxResult:
    config: OutboxConfig
    expected: int
    delivered: int
    duplicates: int
    missing: int
    throttled: int
    job_seconds: float
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
        name = f"outbox, {self.expected} DMs"
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
    """The limited run, and the same job with no limits: how fast the sender is on its own."""

    limited: OutboxResult
    unlimited: OutboxResult

    def rows(self) -> list[Row]:
        rows = self.limited.rows()
        free = self.unlimited
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


async def run(config: OutboxConfig, workdir: Path) -> OutboxBench:
    """The nudge job once against the limits, and once with none, each on a fresh database."""
    # Unlimited first: it also warms the process (imports, SQLAlchemy's statement cache), so
    # the limited run's burst is not slowed by a cold start the limit has nothing to do with.
    unlimited = await run_once(config, workdir, limited=False)
    limited = await run_once(config, workdir, limited=True)
    return OutboxBench(limited=limited, unlimited=unlimited)


async def run_once(config: OutboxConfig, workdir: Path, *, limited: bool) -> OutboxResult:
    """Seed, limit the stand-in, run the nudge job once, and read what reached the stand-in."""
    name = "outbox-limited" if limited else "outbox-unlimited"
    database_url = f"sqlite+aiosqlite:///{workdir / name}.sqlite3"
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
    settings = Settings(
        bot_token=standin.bot_token,
        signing_secret="bench-signing-secret",
        api_url=standin.api_url,
        database_url=database_url,
        host="127.0.0.1",
        port=0,
        ta_provider_ids=(TA,),
        default_timezone=TIMEZONE,
        scheduler=False,
    )
    process = BotProcess(settings, lambda: CHECKIN)  # not started: the job needs no HTTP edge
    # The limited run paces to the limit the stand-in enforces; the other only to measure speed.
    rates = (
        PostingRates(workspace_per_second=config.per_second, workspace_burst=config.burst)
        if limited
        else UNPACED
    )
    try:
        started = time.monotonic()
        report = await asyncio.wait_for(
            run_nudges(process.runtime.uow, process.app.client, CHECKIN, pacer=Pacer(rates)),
            timeout=config.budget_seconds,
        )
        job_seconds = time.monotonic() - started
        posts = standin.calls_to(POST)
    finally:
        await process.stop()
        await standin.stop()
    accepted = [c for c in posts if c.ok]
    per_recipient = Counter(str(c.args.get("channel")) for c in accepted)
    people = participants(size)
    return OutboxResult(
        config=config,
        expected=len(people),
        delivered=sum(1 for p in people if per_recipient[p] >= 1),
        duplicates=sum(n - 1 for n in per_recipient.values() if n > 1),
        missing=sum(1 for p in people if per_recipient[p] == 0),
        throttled=sum(1 for c in posts if c.status == 429),
        job_seconds=job_seconds,
        first_post=posts[0].at if posts else 0.0,
        last_post=accepted[-1].at if accepted else 0.0,
        sent_report=len(report.sent),
        retry_report=len(report.retry),
        failed_report=len(report.failed),
        per_recipient=per_recipient,
    )
