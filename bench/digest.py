"""Benchmark: the weekly digest job for a large collaborative, next to a 10-organization one.

The large case is 1,000 organizations x 20 commitments with a week of updates, blocked steps
with long help notes, and quiet organizations; the baseline is 10 organizations of the same
shape, measured in the same run. For each, the digest job itself runs once
(`jobs.digest_job.run_digests`: find the due period, read it, build it, render it, post the
summary and its thread to the stand-in, read the figures for the chart and share it), with a
`before_cursor_execute` listener on the engine counting every SQL statement it sends. The
count must not grow with the organizations: a query per organization (N+1) would show here
long before it shows in a timing.

Then `render_digest` (read + build + render, what the job does per digest before posting) is
timed a few times, the pure part (build + render, no database) on its own so a slow query and
a slow renderer can be told apart, and its peak memory is taken once more under tracemalloc:
Python allocations at their peak during one read + build + render, in this process (not RSS,
which would also count the interpreter and the seeded data the process holds).

Every message is also checked against Slack's limits with the stand-in's own validator: the
large digest must split into messages Slack accepts, with no fallback text clipped.
"""

from __future__ import annotations

import asyncio
import importlib
import statistics
import time
import tracemalloc
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy import event, update
from sqlalchemy.ext.asyncio import AsyncEngine

from bench.databases import Fresh
from bench.report import Row, mib, ms, ratio
from bench.seed import TEAM_ID, Size, add_people, seed
from bot.blocks.digest import DigestMessages, digest_messages
from bot.blocks.reply import TEXT_LIMIT
from bot.delivery.digest import digest_input, render_digest
from bot.delivery.digest_chart import chart_input
from bot.delivery.pacing import Pacer, PostingRates
from core import digest as content
from jobs.digest_job import run_digests
from sandbox.api import SlackStandIn
from sandbox.limits import MAX_MESSAGE_TEXT, check_message
from storage.db import create_engine, session_factory
from storage.models import Collaborative, CommitmentUpdate
from storage.uow import UnitOfWorkFactory

# Monday Nov 30 2026, 09:00 in Chicago: the digest covering the week from Mon Nov 23.
START = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)
END = datetime(2026, 11, 30, 15, 0, tzinfo=UTC)
JOB_AT = END + timedelta(minutes=5)  # the scheduler's tick after the digest hour
BEFORE = START - timedelta(days=3)  # when the collaborative was imported
SESSIONS = [datetime(2026, 11, 17, 16, 0, tzinfo=UTC), datetime(2026, 12, 8, 16, 0, tzinfo=UTC)]
CHANNEL = "C0DIGEST01"
JOB_TARGET_SECONDS = 60.0  # the job posts a digest a week: a minute for the largest is plenty
HELP_NOTE = (
    "We need help from the TA team & our <labor> partners: HR won't share the schedules, "
    "the union hall wants a letter first, and the board meets only next month. "
) * 2
#: The digest's own posts are not what is measured: no pacing (the stand-in enforces no limit).
UNPACED = PostingRates(per_channel_per_second=1e6, workspace_per_second=1e6, workspace_burst=10**6)


@dataclass(frozen=True)
class DigestConfig:
    large: Size = field(default_factory=lambda: Size(1000, commitments_per_org=20))
    baseline: Size = field(default_factory=lambda: Size(10, commitments_per_org=20))
    repeats: int = 3
    budget_seconds: float = 120.0


@dataclass
class Drawn:
    """One collaborative's digest: the job's queries and time, render timings (medians), its
    peak memory, and what it came to."""

    queries: int
    job: float
    total: float
    pure: float
    peak_bytes: int
    messages: int
    blocks: int
    problems: list[str]


@dataclass
class DigestResult:
    config: DigestConfig
    large: Drawn
    baseline: Drawn
    database: str = "SQLite"

    def rows(self) -> list[Row]:
        size, base = self.config.large, self.config.baseline
        name = f"digest {size.organizations}x{size.commitments_per_org}, {self.database}"
        trivial = f"{base.organizations} orgs"
        big, small = self.large, self.baseline
        return [
            Row(
                bench=name,
                metric="SQL queries, whole job",
                ours=str(big.queries),
                baseline=f"{small.queries} {trivial}",
                ratio=ratio(big.queries, small.queries),
                target="= baseline",
                ok=big.queries == small.queries,
            ),
            Row(
                bench=name,
                metric="whole job (read..post)",
                ours=ms(big.job),
                baseline=f"{ms(small.job)} {trivial}",
                ratio=ratio(big.job, small.job),
                target=f"< {JOB_TARGET_SECONDS:g} s",
                ok=big.job < JOB_TARGET_SECONDS,
            ),
            Row(
                bench=name,
                metric="read + build + render",
                ours=ms(big.total),
                baseline=f"{ms(small.total)} {trivial}",
                ratio=ratio(big.total, small.total),
                target="-",
                ok=None,
            ),
            Row(
                bench=name,
                metric="build + render only",
                ours=ms(big.pure),
                baseline=f"{ms(small.pure)} {trivial}",
                ratio=ratio(big.pure, small.pure),
                target="-",
                ok=None,
            ),
            Row(
                bench=name,
                metric="peak memory (tracemalloc)",
                ours=mib(big.peak_bytes),
                baseline=f"{mib(small.peak_bytes)} {trivial}",
                ratio=ratio(big.peak_bytes, small.peak_bytes),
                target="-",
                ok=None,
            ),
            Row(
                bench=name,
                metric="messages (blocks)",
                ours=f"{big.messages} ({big.blocks})",
                baseline=f"{small.messages} ({small.blocks}) {trivial}",
                ratio=ratio(big.messages, small.messages),
                target="-",
                ok=None,
            ),
            Row(
                bench=name,
                metric="within Slack's limits",
                ours="yes" if not big.problems else f"{len(big.problems)} problems",
                baseline=f"yes {trivial}" if not small.problems else f"NO {trivial}",
                ratio=None,
                target="every message",
                ok=not big.problems and not small.problems,
            ),
        ]


def slack_problems(messages: DigestMessages) -> list[str]:
    """What Slack would refuse, clip or truncate in these messages (empty when all is well)."""
    problems = []
    for i, reply in enumerate(messages.all):
        payload = reply.payload()
        rejection = check_message(payload.get("text"), payload.get("blocks"))
        if rejection is not None:
            problems.append(f"message {i}: {str(rejection)[:300]}")
        if len(reply.text) > TEXT_LIMIT:
            problems.append(f"message {i}: fallback text of {len(reply.text)} would be clipped")
        if len(str(payload.get("text") or "")) > MAX_MESSAGE_TEXT:
            problems.append(f"message {i}: text over {MAX_MESSAGE_TEXT} would be truncated")
    return problems


@contextmanager
def counting_queries(engine: AsyncEngine) -> Iterator[list[str]]:
    """Every SQL statement `engine` sends inside the block, in order (BEGINs included)."""
    statements: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    event.listen(engine.sync_engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", record)


async def add_week_of_updates(uow_factory: UnitOfWorkFactory, collaborative_id: int) -> None:
    """Updates inside the period for two organizations in three (the third stays quiet):
    done ones completed this week, blocked ones with a long plea for help, notes on the rest."""
    async with uow_factory() as uow:
        at = START + timedelta(days=2)
        for c in await uow.repos.commitments.all(collaborative_id):
            if c.organization_id % 3 == 0:
                continue
            old = "in-progress" if c.status == "done" else c.status
            uow.session.add(
                CommitmentUpdate(
                    commitment_id=c.id,
                    actor_slack_id=c.owner_slack_id,
                    at=at + timedelta(minutes=c.number),
                    kind="status" if c.status in ("done", "blocked") else "note",
                    old_status=old,
                    new_status=c.status if c.status in ("done", "blocked") else None,
                    note=HELP_NOTE if c.status == "blocked" else f"Progress on #{c.number}.",
                    source="command",
                )
            )
        await uow.commit()


async def prepare(
    database_url: str, size: Size, team_id: str = TEAM_ID, channel: str = CHANNEL
) -> int:
    """A collaborative of `size` for `team_id` with a week of updates and a digest channel to
    post in; returns its id."""
    await seed(database_url, size, BEFORE, sessions=SESSIONS, team_id=team_id)
    engine = create_engine(database_url)
    try:
        uow_factory = UnitOfWorkFactory(session_factory(engine))
        async with uow_factory() as uow:
            workspace = await uow.repos.collaboratives.workspace(team_id)
            assert workspace is not None
            collaborative = await uow.repos.collaboratives.for_workspace(workspace.id)
            assert collaborative is not None
            collaborative_id = collaborative.id
        await add_week_of_updates(uow_factory, collaborative_id)
        async with uow_factory() as uow:
            await uow.session.execute(
                update(Collaborative)
                .where(Collaborative.id == collaborative_id)
                .values(digest_channel_id=channel)
            )
            await uow.commit()
    finally:
        await engine.dispose()
    return collaborative_id


async def job_queries(engine: AsyncEngine, standin: SlackStandIn) -> tuple[int, float]:
    """Run the digest job once at `JOB_AT` against the stand-in: (SQL statements, seconds)."""
    uow_factory = UnitOfWorkFactory(session_factory(engine))
    client = AsyncWebClient(token=standin.bot_token, base_url=standin.api_url)
    with counting_queries(engine) as statements:
        started = time.perf_counter()
        done = await run_digests(uow_factory, client, JOB_AT, pacer=Pacer(UNPACED))
        elapsed = time.perf_counter() - started
    if len(done) != 1 or not standin.messages(CHANNEL):
        raise RuntimeError(f"the digest job posted no digest ({len(done)} done)")
    return len(statements), elapsed


async def _median_time(
    work: Callable[[], Awaitable[object]], repeats: int, deadline: float
) -> float:
    times = []
    for _ in range(max(1, repeats)):
        started = time.perf_counter()
        await work()
        times.append(time.perf_counter() - started)
        if time.monotonic() > deadline:
            break
    return statistics.median(times)


async def draw(database_url: str, size: Size, repeats: int, deadline: float) -> Drawn:
    """Seed a collaborative of `size`, run its digest job once counting queries, then time its
    digest, whole and pure, `repeats` times, and take its peak memory once."""
    await prepare(database_url, size)
    engine = create_engine(database_url)
    try:
        async with SlackStandIn() as standin:
            standin.add_channel(CHANNEL, "collaborative-digest")
            add_people(standin, size)
            queries, job = await job_queries(engine, standin)
        uow_factory = UnitOfWorkFactory(session_factory(engine))
        async with uow_factory() as uow:
            collaborative: Collaborative = (await uow.repos.collaboratives.all())[0]
            data = await digest_input(uow, collaborative, START, END, False)
        messages = digest_messages(content.build_digest(data))

        async def whole() -> DigestMessages:
            async with uow_factory() as uow:
                drawn = await render_digest(uow, collaborative, START, END, False)
                await chart_input(uow, collaborative, END)
                return drawn

        async def pure() -> DigestMessages:
            return digest_messages(content.build_digest(data))

        total = await _median_time(whole, repeats, deadline)
        pure_time = await _median_time(pure, repeats, deadline)
        tracemalloc.start()
        try:
            await whole()
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    finally:
        await engine.dispose()
    return Drawn(
        queries=queries,
        job=job,
        total=total,
        pure=pure_time,
        peak_bytes=peak,
        messages=len(messages.all),
        blocks=sum(len(m.blocks) for m in messages.all),
        problems=slack_problems(messages),
    )


async def run(config: DigestConfig, fresh: Fresh, database: str = "SQLite") -> DigestResult:
    """The baseline first, then the large collaborative; matplotlib is imported beforehand so
    its one-off import (the clock process pays it once) is not charged to the baseline."""
    await asyncio.to_thread(importlib.import_module, "matplotlib.figure")
    deadline = time.monotonic() + config.budget_seconds
    async with fresh("digest-baseline") as url:
        baseline = await draw(url, config.baseline, config.repeats, deadline)
    async with fresh("digest-large") as url:
        large = await draw(url, config.large, config.repeats, deadline)
    return DigestResult(config=config, large=large, baseline=baseline, database=database)
