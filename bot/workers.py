"""`WEB_CONCURRENCY=N`: N web worker processes sharing one port, under a small supervisor.

Each worker is `python -m bot` again, marked by `FOLLOW_THROUGH_WORKER` so it serves instead of
supervising, and listens with SO_REUSEPORT (the kernel spreads connections between them). The
parent only supervises: it forwards SIGTERM/SIGINT to every worker and exits once they have
stopped, and restarts a worker that dies (backing off if it keeps dying), so one crashed process
does not halve the capacity until the next deploy.

The alternative, one process per container or dyno (`heroku ps:scale web=3`), needs none of
this; both need PostgreSQL (SQLite serves one process, see config.single).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import sys
from collections.abc import Callable, Mapping
from datetime import datetime

log = logging.getLogger(__name__)

#: Set in a worker's environment (to its number): serve, do not supervise.
WORKER_ENV = "FOLLOW_THROUGH_WORKER"
#: Seconds a worker has to finish its requests after SIGTERM before it is killed.
STOP_GRACE = 25.0
#: A worker that ran this long before dying is restarted at once again (the backoff resets).
STEADY = 30.0


def worker_number() -> int | None:
    raw = os.environ.get(WORKER_ENV)
    return int(raw) if raw and raw.isdigit() else None


class Supervisor:
    """Starts the workers, restarts the ones that die, and stops them all when asked."""

    def __init__(
        self,
        count: int,
        command: list[str] | None = None,
        env: Mapping[str, str] | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self.count = count
        self.command = command or [sys.executable, "-m", "bot", "serve"]
        self.env = dict(os.environ if env is None else env)
        self.clock = clock
        self.stopping = asyncio.Event()
        self.signal = signal.SIGTERM
        self.processes: dict[int, asyncio.subprocess.Process] = {}
        self.restarts = 0

    def _worker_env(self, number: int) -> dict[str, str]:
        env = {**self.env, WORKER_ENV: str(number)}
        if self.clock is not None and env.get("CLOCK_START"):
            # A pinned clock goes on from where the supervisor's is now, restarts included.
            env["CLOCK_START"] = self.clock().isoformat()
        return env

    async def _keep_running(self, number: int) -> None:
        delay = 1.0
        loop = asyncio.get_running_loop()
        while not self.stopping.is_set():
            process = await asyncio.create_subprocess_exec(
                *self.command, env=self._worker_env(number)
            )
            self.processes[number] = process
            log.info("web worker %d started (pid %d)", number, process.pid)
            if self.stopping.is_set():  # asked to stop while it was starting
                process.send_signal(self.signal)
            started = loop.time()
            code = await process.wait()
            if self.stopping.is_set():
                return
            self.restarts += 1
            if loop.time() - started >= STEADY:
                delay = 1.0
            log.warning(
                "web worker %d (pid %d) exited with %s; restarting it in %g s",
                number,
                process.pid,
                code,
                delay,
            )
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.stopping.wait(), delay)
            delay = min(delay * 2, STEADY)

    def _ask_to_stop(self, signum: signal.Signals) -> None:
        self.signal = signum
        self.stopping.set()

    async def run(self) -> int:
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, self._ask_to_stop, signum)
        log.info("starting %d web workers", self.count)
        keepers = [asyncio.create_task(self._keep_running(n)) for n in range(1, self.count + 1)]
        await self.stopping.wait()
        log.info("stopping %d web workers (%s)", self.count, self.signal.name)
        for process in self.processes.values():
            if process.returncode is None:
                with contextlib.suppress(ProcessLookupError):
                    process.send_signal(self.signal)
        waits = [p.wait() for p in self.processes.values()]
        try:
            await asyncio.wait_for(asyncio.gather(*waits), STOP_GRACE)
        except TimeoutError:
            for process in self.processes.values():
                if process.returncode is None:
                    log.warning("web worker pid %d did not stop; killing it", process.pid)
                    with contextlib.suppress(ProcessLookupError):
                        process.kill()
            await asyncio.gather(*(p.wait() for p in self.processes.values()))
        for keeper in keepers:
            keeper.cancel()
        await asyncio.gather(*keepers, return_exceptions=True)
        return 0
