"""Running the bot: migrations, then HTTP or Socket Mode, plus the scheduler when asked."""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from aiohttp import web
from slack_bolt.adapter.socket_mode.aiohttp import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp

from bot.app import build_app, workspace_clients
from bot.health import HealthSource
from bot.request_log import request_log_context
from bot.runtime import Runtime, system_clock
from bot.server import build_web_app
from config.settings import Settings
from storage.db import create_engine, session_factory
from storage.migrate import upgrade
from storage.uow import UnitOfWorkFactory

if TYPE_CHECKING:  # the scheduler edge is imported only when this process runs it
    from jobs.scheduler import JobScheduler

log = logging.getLogger(__name__)


class BotProcess:
    """The bot's whole running state, startable and stoppable in-process.

    `python -m bot` runs one until interrupted; the tests run the very same object on an
    ephemeral port, so what they exercise is the real composition, not a test double.
    """

    def __init__(
        self,
        settings: Settings,
        clock: Callable[[], datetime] = system_clock,
        reuse_port: bool = False,
    ) -> None:
        self.settings = settings
        #: Several worker processes listen on one port (SO_REUSEPORT; see bot.workers).
        self.reuse_port = reuse_port
        self.clock = clock
        self.engine = create_engine(settings.database_url)
        self.runtime = Runtime(
            settings=settings, uow=UnitOfWorkFactory(session_factory(self.engine)), clock=clock
        )
        self.app: AsyncApp = build_app(self.runtime, engine=self.engine)
        self._runner: web.AppRunner | None = None
        self._socket: AsyncSocketModeHandler | None = None
        self._scheduler: JobScheduler | None = None
        self.port: int | None = None

    @property
    def url(self) -> str:
        host = "127.0.0.1" if self.settings.host in ("0.0.0.0", "") else self.settings.host
        return f"http://{host}:{self.port}"

    async def start(self, port: int | None = None) -> None:
        await upgrade(self.engine)
        health = HealthSource(clock=self.clock, clock_state=self.clock_state)
        web_app = build_web_app(self.app, self.engine, self.settings.signing_secret, health)
        web_app.middlewares.append(request_log_context)
        self._runner = web.AppRunner(web_app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(
            self._runner,
            self.settings.host,
            self.settings.port if port is None else port,
            reuse_port=self.reuse_port or None,
        )
        await site.start()
        server = getattr(site, "_server", None)
        sockets = getattr(server, "sockets", None) or []
        self.port = sockets[0].getsockname()[1] if sockets else self.settings.port
        if self.settings.socket_mode:
            self._socket = AsyncSocketModeHandler(self.app, self.settings.app_token)
            await self._socket.connect_async()
            log.info("Connected over Socket Mode; /healthz on port %s", self.port)
        else:
            log.info("Listening on %s/slack/events", self.url)
        if self.settings.scheduler:
            from jobs.leader import leadership_for
            from jobs.scheduler import start_scheduler

            self._scheduler = start_scheduler(
                self.runtime,
                workspace_clients(self.runtime, self.engine, self.app.client),
                leadership_for(self.engine, f"web:{self.port}"),
            )

    def clock_state(self) -> str:
        """`leader`, `standby` or `off`: this process's part in the clock, for /healthz."""
        return "off" if self._scheduler is None else self._scheduler.clock_state

    async def stop(self) -> None:
        if self._scheduler is not None:
            await self._scheduler.stop()
            self._scheduler = None
        if self._socket is not None:
            await self._socket.close_async()
            self._socket = None
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
        await self.engine.dispose()


async def serve(
    settings: Settings,
    clock: Callable[[], datetime] = system_clock,
    stop: asyncio.Event | None = None,
    reuse_port: bool = False,
) -> None:
    """Serve until `stop` is set, or SIGINT/SIGTERM (what platforms send on a restart) arrives."""
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    process = BotProcess(settings, clock, reuse_port=reuse_port)
    await process.start()
    try:
        await stop.wait()
        log.info("Stopping")
    finally:
        await process.stop()
