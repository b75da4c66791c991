"""`make run` without Slack tokens: the stand-in, the bot pointed at it, and the sandbox page.

Everything listens on 127.0.0.1 except the page (on HOST:PORT, as the bot would), and the bot
only ever holds the stand-in's token, so no real Slack token leaves the machine and nothing but
127.0.0.1 is contacted. `Sandbox` is the whole thing as one startable object, so the browser test
runs exactly what `make run` runs, on ephemeral ports.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
import signal
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from aiohttp import web
from sqlalchemy import delete, select

from bot.runtime import system_clock
from bot.serve import BotProcess
from config.settings import DEFAULT_SQLITE_PATH, Settings
from sandbox import demo
from sandbox.api import SlackStandIn
from sandbox.demo_slack import DemoStepFailed, block_in_slack
from sandbox.driver import SlackDriver
from sandbox.web import Changes, build_web_app
from sandbox.web_clock import JobReport, SandboxClock, Target, fast_forward
from storage.db import create_engine
from storage.migrate import upgrade
from storage.models import Base, Workspace

log = logging.getLogger(__name__)

SANDBOX_DB = Path("data") / "sandbox.sqlite3"
LOCALHOST = "127.0.0.1"


class SandboxError(RuntimeError):
    """The sandbox cannot start as configured; the message says what to change."""


class Sandbox:
    """The stand-in, the bot and the page, with a clock and a demo collaborative.

    `database_url=None` means a sandbox SQLite file of its own, deleted at every start and reset.
    A database given explicitly is wiped too, but only if it holds nothing but the sandbox's
    workspace: the sandbox never erases a real collaborative. `start` pins the instant the
    sandbox's clock begins at (the demo's calendar is built around it; time then runs on), and
    `real_clock` lets a test freeze the moment the sandbox calls "now" before any fast-forward.
    """

    def __init__(
        self,
        *,
        database_url: str | None = None,
        sqlite_path: Path = SANDBOX_DB,
        host: str = LOCALHOST,
        port: int = 0,
        default_timezone: str = "America/Chicago",
        real_clock: Callable[[], datetime] = system_clock,
        start: datetime | None = None,
    ) -> None:
        self.sqlite_path = sqlite_path
        self.database_url = database_url or f"sqlite+aiosqlite:///{sqlite_path}"
        self._owns_file = database_url is None
        self.host = host
        self.port = port
        self.default_timezone = default_timezone
        self.clock = SandboxClock(real_clock, start)
        self.standin = SlackStandIn(wall_clock=lambda: self.clock().timestamp())
        self.signing_secret = secrets.token_hex(20)
        self.changes = Changes()
        self.lock = asyncio.Lock()
        self._bot: BotProcess | None = None
        self._driver: SlackDriver | None = None
        self._runner: web.AppRunner | None = None
        self._unsubscribe = self.standin.subscribe(lambda _call: self.changes.bump())

    # ----------------------------------------------------------------------- parts

    @property
    def bot(self) -> BotProcess:
        if self._bot is None:
            raise RuntimeError("the sandbox is not started")
        return self._bot

    @property
    def driver(self) -> SlackDriver:
        if self._driver is None:
            raise RuntimeError("the sandbox is not started")
        return self._driver

    @property
    def url(self) -> str:
        """The page's address, as a browser on this machine reaches it."""
        host = LOCALHOST if self.host in ("0.0.0.0", "", "::") else self.host
        return f"http://{host}:{self.port}"

    def bot_settings(self) -> Settings:
        """The stand-in's token and a fresh secret: no real Slack credential is ever used."""
        return Settings(
            bot_token=self.standin.bot_token,
            signing_secret=self.signing_secret,
            app_token=None,
            api_url=self.standin.api_url,
            database_url=self.database_url,
            host=LOCALHOST,
            port=0,
            ta_provider_ids=(demo.TA_PROVIDERS[0].user_id,),
            default_timezone=self.default_timezone,
            scheduler=False,
        )

    # ------------------------------------------------------------------- lifecycle

    async def start(self) -> None:
        """Stand-in, then a fresh seeded database and the bot, then the page."""
        await self.standin.start(LOCALHOST, 0)
        await self._start_collaborative()
        runner = web.AppRunner(build_web_app(self), access_log=None, shutdown_timeout=1.0)
        await runner.setup()
        site = web.TCPSite(runner, self.host, self.port)
        await site.start()
        self._runner = runner
        sockets = getattr(getattr(site, "_server", None), "sockets", None) or []
        if sockets:
            self.port = sockets[0].getsockname()[1]

    async def stop(self) -> None:
        """Page first (closing its event streams), then the bot and the stand-in."""
        self.changes.close()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
        await self._stop_bot()
        self._unsubscribe()
        await self.standin.stop()

    async def reset(self) -> None:
        """Start over: a new workspace, a wiped database, the demo seeded again, the clock real."""
        async with self.lock:
            await self._stop_bot()
            self.standin.reset()
            self.clock.reset()
            await self._start_collaborative()
        self.changes.bump()

    async def fast_forward(self, target: Target) -> JobReport:
        """Move the clock and run the jobs; one at a time, as one scheduler would."""
        async with self.lock:
            bot = self.bot
            report = await fast_forward(self.clock, bot.runtime.uow, bot.app.client, target)
        self.changes.bump()
        return report

    async def _start_collaborative(self) -> None:
        demo.populate_workspace(self.standin.workspace)
        await self._wipe_database()
        bot = BotProcess(self.bot_settings(), self.clock)
        await bot.start(port=0)
        self._bot = bot
        self._driver = SlackDriver(bot.url, self.signing_secret, self.standin)
        for block in await demo.seed(bot.runtime.uow, self.clock(), self.default_timezone):
            await block_in_slack(self._driver, self.changes, block)

    async def _stop_bot(self) -> None:
        if self._driver is not None:
            await self._driver.close()
            self._driver = None
        if self._bot is not None:
            await self._bot.stop()
            self._bot = None

    async def _wipe_database(self) -> None:
        if self._owns_file:
            _remove_sqlite_files(self.sqlite_path)
            return
        engine = create_engine(self.database_url)
        try:
            await upgrade(engine)
            async with engine.begin() as connection:
                teams = set((await connection.execute(select(Workspace.team_id))).scalars())
                others = teams - {self.standin.workspace.team_id}
                if others:
                    raise SandboxError(
                        "DATABASE_URL holds a real workspace's data; the sandbox would erase it. "
                        "Unset DATABASE_URL to use the sandbox's own SQLite file."
                    )
                for table in reversed(Base.metadata.sorted_tables):
                    await connection.execute(delete(table))
        finally:
            await engine.dispose()


def _remove_sqlite_files(path: Path) -> None:
    """A few small unlinks at start and reset: not worth a thread."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


class _OnlyTheSandboxAddress(logging.Filter):
    """Drop the bot's "Listening on http://…/slack/events": in the sandbox that is an internal
    port, and a newcomer who opens it instead of the page meets a bare 405."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("Listening on")


def _database_for(settings: Settings) -> str | None:
    """The sandbox's own file unless DATABASE_URL was set to something else."""
    default = f"sqlite+aiosqlite:///{DEFAULT_SQLITE_PATH}"
    return None if settings.database_url == default else settings.database_url


async def run_sandbox(settings: Settings, start: datetime | None = None) -> int:
    """Serve the sandbox until Ctrl-C (SIGINT) or SIGTERM; the process's exit code.

    `start` (`python -m sandbox --start 2026-12-07T09:00-06:00`) pins the sandbox's first "now".
    """
    quiet = _OnlyTheSandboxAddress()
    logging.getLogger("bot.serve").addFilter(quiet)
    sandbox = Sandbox(
        database_url=_database_for(settings),
        host=settings.host,
        port=settings.port,
        default_timezone=settings.default_timezone,
        start=start,
    )
    try:
        await sandbox.start()
    except (SandboxError, DemoStepFailed) as error:
        print(f"The sandbox could not start: {error}", flush=True)
        with contextlib.suppress(Exception):
            await sandbox.stop()
        return 2
    except OSError as error:
        print(
            f"The sandbox could not listen on {settings.host}:{settings.port}: {error}. "
            "Is something else using that port? Set PORT to choose another.",
            flush=True,
        )
        with contextlib.suppress(Exception):
            await sandbox.stop()
        return 2
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):  # not on Windows' default loop
            loop.add_signal_handler(signum, stop.set)
    print(
        "\nFollow-through sandbox: no Slack needed.\n"
        f"  Open {sandbox.url} in your browser to try the bot.\n"
        "  (No SLACK_BOT_TOKEN is set, so the bot talks to a local Slack stand-in.)\n"
        "  Press Ctrl-C to stop.\n",
        flush=True,
    )
    try:
        await stop.wait()
    finally:
        print("Stopping the sandbox…", flush=True)
        await sandbox.stop()
    return 0
