"""APScheduler wiring: UTC, explicit job ids, generous misfire grace, one failure isolated.

The scheduler only decides *when* to look; what is due is decided by the database (outbox keys,
digest periods), so two schedulers running by mistake still send everything once.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger
from slack_sdk.web.async_client import AsyncWebClient

from bot.delivery.workspace_clients import WorkspaceClients, as_workspace_clients
from bot.runtime import Runtime
from jobs.digest_job import run_digests
from jobs.nudge_job import run_nudges
from jobs.retention_job import run_retention

log = logging.getLogger(__name__)

TICK_MINUTES = 5


class JobScheduler:
    """The scheduler plus the ticks in flight, so stopping lets a half-sent batch finish.

    APScheduler's asyncio executor cancels running jobs on shutdown; cancelling a sender in the
    middle of a commit would leave a row claimed and a connection half-closed.
    """

    def __init__(self, rt: Runtime, client: AsyncWebClient | WorkspaceClients) -> None:
        self.rt = rt
        #: One client (token mode) or each installed workspace's (OAuth).
        self.client = as_workspace_clients(client)
        self.running: set[asyncio.Task[None]] = set()
        self.scheduler = AsyncIOScheduler(
            timezone=UTC,
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 15 * 60},
        )

    async def _tick(self, name: str, job: Callable[[], Awaitable[object]]) -> None:
        task = asyncio.current_task()
        if task is not None:
            self.running.add(task)
        try:
            await job()
        except Exception:
            log.exception("the %s job failed; it runs again in %s minutes", name, TICK_MINUTES)
        finally:
            if task is not None:
                self.running.discard(task)

    async def nudges(self) -> None:
        await self._tick("nudge", lambda: run_nudges(self.rt.uow, self.client, self.rt.clock()))

    async def digests(self) -> None:
        await self._tick("digest", lambda: run_digests(self.rt.uow, self.client, self.rt.clock()))

    async def retention(self) -> None:
        await self._tick(
            "retention", lambda: run_retention(self.rt.uow, self.client, self.rt.clock())
        )

    def start(self) -> None:
        jobs = (("nudges", self.nudges), ("digest", self.digests), ("retention", self.retention))
        for job_id, func in jobs:
            self.scheduler.add_job(
                func,
                IntervalTrigger(minutes=TICK_MINUTES, timezone=UTC),
                id=job_id,
                replace_existing=True,
                # APScheduler counts in real time; the jobs themselves read `rt.clock()`.
                next_run_time=datetime.now(UTC),
            )
        self.scheduler.start()

    async def stop(self) -> None:
        self.scheduler.pause()
        if self.running:
            await asyncio.gather(*self.running, return_exceptions=True)
        self.scheduler.shutdown(wait=False)


def start_scheduler(rt: Runtime, client: AsyncWebClient | WorkspaceClients) -> JobScheduler:
    scheduler = JobScheduler(rt, client)
    scheduler.start()
    return scheduler
