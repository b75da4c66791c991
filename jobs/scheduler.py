"""APScheduler wiring: UTC, explicit job ids, generous misfire grace, one failure isolated.

The scheduler only decides *when* to look; what is due is decided by the database (outbox keys,
digest periods), so two schedulers running by mistake still send everything once.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger
from slack_sdk.web.async_client import AsyncWebClient

from bot.runtime import Runtime
from jobs.digest_job import run_digests
from jobs.nudge_job import run_nudges

log = logging.getLogger(__name__)

TICK_MINUTES = 5


async def nudge_tick(rt: Runtime, client: AsyncWebClient) -> None:
    try:
        report = await run_nudges(rt.uow, client, rt.clock())
        if report.sent or report.failed:
            log.info("nudges: %d sent, %d failed", len(report.sent), len(report.failed))
    except Exception:
        log.exception("the nudge job failed; it runs again in %s minutes", TICK_MINUTES)


async def digest_tick(rt: Runtime, client: AsyncWebClient) -> None:
    try:
        await run_digests(rt.uow, client, rt.clock())
    except Exception:
        log.exception("the digest job failed; it runs again in %s minutes", TICK_MINUTES)


def start_scheduler(rt: Runtime, client: AsyncWebClient) -> AsyncIOScheduler:
    scheduler = AsyncIOScheduler(
        timezone=UTC,
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 15 * 60},
    )
    for job_id, func in (("nudges", nudge_tick), ("digest", digest_tick)):
        scheduler.add_job(
            func,
            IntervalTrigger(minutes=TICK_MINUTES, timezone=UTC),
            id=job_id,
            replace_existing=True,
            args=[rt, client],
            # APScheduler counts in real time; the jobs themselves read `rt.clock()`.
            next_run_time=datetime.now(UTC),
        )
    scheduler.start()
    return scheduler
