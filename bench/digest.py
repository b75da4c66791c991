"""Benchmark 4: drawing the weekly digest of a large collaborative, next to a trivial one.

The digest job reads the period from the database, builds it (`core.digest`) and renders it to
Block Kit (`bot.blocks.digest`); the large case is 60 organizations × 30 commitments with a week
of updates, blocked steps with long help notes, and quiet organizations. Both timings come from
`bot.delivery.digest.render_digest`, the function the job itself calls, and the pure part (build and
render, no database) is timed on its own so a slow query and a slow renderer can be told apart.

Every message is also checked against Slack's limits with the stand-in's own validator: the
large digest must split into messages Slack accepts, with no fallback text clipped.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench.report import Row, below, ms, ratio
from bench.seed import Size, seed
from bot.blocks.digest import DigestMessages, digest_messages
from bot.blocks.reply import TEXT_LIMIT
from bot.delivery.digest import digest_input, render_digest
from core import digest as content
from sandbox.limits import MAX_MESSAGE_TEXT, check_message
from storage.db import create_engine, session_factory
from storage.models import Collaborative, CommitmentUpdate
from storage.uow import UnitOfWorkFactory

# Monday Nov 30 2026, 09:00 in Chicago: the digest covering the week from Mon Nov 23.
START = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)
END = datetime(2026, 11, 30, 15, 0, tzinfo=UTC)
BEFORE = START - timedelta(days=3)  # when the collaborative was imported
SESSIONS = [datetime(2026, 11, 17, 16, 0, tzinfo=UTC), datetime(2026, 12, 8, 16, 0, tzinfo=UTC)]
BUILD_TARGET_SECONDS = 2.0  # well inside the job's grace: a digest is due once a week
HELP_NOTE = (
    "We need help from the TA team & our <labor> partners: HR won't share the schedules, "
    "the union hall wants a letter first, and the board meets only next month. "
) * 2


@dataclass(frozen=True)
class DigestConfig:
    large: Size = field(default_factory=lambda: Size(60, commitments_per_org=30, people_per_org=2))
    trivial: Size = field(default_factory=lambda: Size(1, commitments_per_org=1))
    large_repeats: int = 5
    trivial_repeats: int = 20
    budget_seconds: float = 30.0


@dataclass
class Drawn:
    """One collaborative's timings (medians) and what its digest came to."""

    total: float
    pure: float
    messages: int
    blocks: int
    problems: list[str]


@dataclass
class DigestResult:
    config: DigestConfig
    large: Drawn
    trivial: Drawn

    def rows(self) -> list[Row]:
        size = self.config.large
        name = f"digest {size.organizations}x{size.commitments_per_org}"
        big, small = self.large, self.trivial
        return [
            Row(
                bench=name,
                metric="read + build + render",
                ours=ms(big.total),
                baseline=f"{ms(small.total)} trivial",
                ratio=ratio(big.total, small.total),
                target=below(BUILD_TARGET_SECONDS, "s"),
                ok=big.total < BUILD_TARGET_SECONDS,
            ),
            Row(
                bench=name,
                metric="build + render only",
                ours=ms(big.pure),
                baseline=f"{ms(small.pure)} trivial",
                ratio=ratio(big.pure, small.pure),
                target="-",
                ok=None,
            ),
            Row(
                bench=name,
                metric="messages (blocks)",
                ours=f"{big.messages} ({big.blocks})",
                baseline=f"{small.messages} ({small.blocks}) trivial",
                ratio=ratio(big.messages, small.messages),
                target="-",
                ok=None,
            ),
            Row(
                bench=name,
                metric="within Slack's limits",
                ours="yes" if not big.problems else f"{len(big.problems)} problems",
                baseline="yes trivial" if not small.problems else "NO trivial",
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


async def _add_week_of_updates(uow_factory: UnitOfWorkFactory) -> None:
    """Updates inside the period for two organizations in three (the third stays quiet):
    done ones completed this week, blocked ones with a long plea for help, notes on the rest."""
    async with uow_factory() as uow:
        collaborative = (await uow.repos.collaboratives.all())[0]
        at = START + timedelta(days=2)
        for c in await uow.repos.commitments.all(collaborative.id):
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
    """Seed a collaborative of `size`, then time its digest, whole and pure, `repeats` times."""
    await seed(database_url, size, BEFORE, sessions=SESSIONS)
    engine = create_engine(database_url)
    try:
        uow_factory = UnitOfWorkFactory(session_factory(engine))
        await _add_week_of_updates(uow_factory)
        async with uow_factory() as uow:
            collaborative: Collaborative = (await uow.repos.collaboratives.all())[0]
            data = await digest_input(uow, collaborative, START, END, False)
        messages = digest_messages(content.build_digest(data))

        async def whole() -> DigestMessages:
            async with uow_factory() as uow:
                return await render_digest(uow, collaborative, START, END, False)

        async def pure() -> DigestMessages:
            return digest_messages(content.build_digest(data))

        total = await _median_time(whole, repeats, deadline)
        pure_time = await _median_time(pure, repeats, deadline)
    finally:
        await engine.dispose()
    return Drawn(
        total=total,
        pure=pure_time,
        messages=len(messages.all),
        blocks=sum(len(m.blocks) for m in messages.all),
        problems=slack_problems(messages),
    )


async def run(config: DigestConfig, workdir: Path) -> DigestResult:
    deadline = time.monotonic() + config.budget_seconds
    trivial = await draw(
        f"sqlite+aiosqlite:///{workdir / 'digest-trivial.sqlite3'}",
        config.trivial,
        config.trivial_repeats,
        deadline,
    )
    large = await draw(
        f"sqlite+aiosqlite:///{workdir / 'digest-large.sqlite3'}",
        config.large,
        config.large_repeats,
        deadline,
    )
    return DigestResult(config=config, large=large, trivial=trivial)
