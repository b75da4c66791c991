"""APScheduler wiring: UTC, explicit job ids, generous misfire grace, one failure isolated.

The scheduler only decides *when* to look; what is due is decided by the database (outbox keys,
digest periods), so two schedulers running by mistake still send everything once. Of several
clock processes one leads (see `jobs.leader`): each tick, every clock asks, and only the leader
runs the jobs and records the tick for /healthz.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger
from slack_sdk.web.async_client import AsyncWebClient

from bot.delivery.workspace_clients import WorkspaceClients, as_workspace_clients
from bot.runtime import Runtime
from config.logs import log_context
from jobs.digest_job import run_digests
from jobs.leader import AlwaysLeader, Leadership
from jobs.nudge_job import run_nudges
from jobs.retention_job import run_retention
from storage.clock_repo import record_tick

log = logging.getLogger(__name__)


def holder() -> str:
    """This process, as the clock_ticks row and the leadership log lines name it."""
    return f"{socket.gethostname()}:{os.getpid()}"


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

    #: Who runs the jobs; set by `start` (jobs called directly, as tests do, just run).
    leadership: Leadership | None = None
    #: The state last logged, so each change of leadership is logged once.
    _reported: str | None = None

    @property
    def clock_state(self) -> str:
        """What /healthz says of this process: `leader`, `standby`, or `off` (not started)."""
        if self.leadership is None:
            return "off"
        return "leader" if self.leadership.leading else "standby"

    async def _tick(self, name: str, job: Callable[[], Awaitable[object]]) -> None:
        task = asyncio.current_task()
        # A job inside a clock tick runs in the tick's task, which `stop` already waits for.
        if task in self.running:
            task = None
        if task is not None:
            self.running.add(task)
        try:
            with log_context(job=name, job_id=uuid.uuid4().hex[:12]):
                await job()
        except Exception:
            log.exception(
                "the %s job failed; it runs again in %g seconds",
                name,
                self.rt.settings.clock_tick_seconds,
            )
        finally:
            if task is not None:
                self.running.discard(task)

    async def tick(self) -> None:
        """One tick of the clock: lead or stand by, and when leading run every job in turn,
        then record the tick (on the process's clock) for every /healthz to report."""
        leadership = self.leadership or AlwaysLeader()
        try:
            leading = await leadership.check()
        except Exception:
            log.exception("could not tell whether this clock leads; standing by this tick")
            return
        if not leading:
            return
        await self.nudges()
        await self.digests()
        await self.retention()
        await self._tick("clock", self._record_tick)

    async def _record_tick(self) -> None:
        async with self.rt.uow() as uow:
            await record_tick(uow.session, self.rt.clock(), holder())
            await uow.commit(repeatable=True)

    async def nudges(self) -> None:
        await self._tick("nudge", lambda: run_nudges(self.rt.uow, self.client, self.rt.clock()))

    async def digests(self) -> None:
        await self._tick("digest", lambda: run_digests(self.rt.uow, self.client, self.rt.clock()))

    async def retention(self) -> None:
        await self._tick(
            "retention", lambda: run_retention(self.rt.uow, self.client, self.rt.clock())
        )

    def start(self, leadership: Leadership | None = None) -> None:
        self.leadership = leadership or AlwaysLeader()
        self.scheduler.add_job(
            self._guarded_tick,
            IntervalTrigger(seconds=self.rt.settings.clock_tick_seconds, timezone=UTC),
            id="clock",
            replace_existing=True,
            # APScheduler counts in real time; the jobs themselves read `rt.clock()`.
            next_run_time=datetime.now(UTC),
        )
        self.scheduler.start()

    async def _guarded_tick(self) -> None:
        task = asyncio.current_task()
        if task is not None:
            self.running.add(task)
        try:
            await self.tick()
        finally:
            if task is not None:
                self.running.discard(task)
        state = self.clock_state
        if state != self._reported:
            log.info("clock %s is %s (was %s)", holder(), state, self._reported or "starting")
            self._reported = state

    async def stop(self) -> None:
        self.scheduler.pause()
        if self.running:
            await asyncio.gather(*self.running, return_exceptions=True)
        self.scheduler.shutdown(wait=False)
        if self.leadership is not None:
            await self.leadership.release()


def start_scheduler(
    rt: Runtime, client: AsyncWebClient | WorkspaceClients, leadership: Leadership | None = None
) -> JobScheduler:
    scheduler = JobScheduler(rt, client)
    scheduler.start(leadership)
    return scheduler
