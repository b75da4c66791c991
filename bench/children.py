"""Starting and talking to `bench.child` processes from the parent, with every wait bounded."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import sys
from pathlib import Path
from typing import IO, Any

ROOT = Path(__file__).resolve().parents[1]
#: Importing the bot and migrating takes ~1-2 s on 2 cores; this bounds a child that hangs.
START_LIMIT_SECONDS = 60.0
REPLY_LIMIT_SECONDS = 15.0


class ChildError(RuntimeError):
    """A child did not start or answer in time; the message carries the tail of its stderr."""


class Child:
    """A `python -m bench.child` process: its URL, and a line-based request/answer channel."""

    def __init__(
        self, kind: str, process: asyncio.subprocess.Process, log_path: Path, log: IO[bytes]
    ) -> None:
        self.kind = kind
        self.process = process
        self.log_path = log_path
        self._log = log
        self.port: int | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @classmethod
    async def start(cls, kind: str, log_path: Path, **options: str) -> Child:
        """Spawn the child and wait until it says which port it listens on."""
        argv = [sys.executable, "-m", "bench.child", kind]
        for name, value in options.items():
            argv += [f"--{name.replace('_', '-')}", value]
        log = log_path.open("wb")
        process = await asyncio.create_subprocess_exec(
            *argv,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=log,
            cwd=ROOT,
        )
        child = cls(kind, process, log_path, log)
        try:
            hello = await child._read(START_LIMIT_SECONDS)
        except BaseException:
            await child.close()
            raise
        child.port = int(hello["port"])
        return child

    async def _read(self, limit: float) -> dict[str, Any]:
        assert self.process.stdout is not None
        try:
            line = await asyncio.wait_for(self.process.stdout.readline(), timeout=limit)
        except TimeoutError:
            raise ChildError(
                f"{self.kind} child did not answer in {limit:.0f} s{self._tail()}"
            ) from None
        if not line:
            raise ChildError(f"{self.kind} child exited early{self._tail()}")
        answer: dict[str, Any] = json.loads(line)
        return answer

    def _tail(self) -> str:
        self._log.flush()
        text = self.log_path.read_text(errors="replace").strip()
        return f"; its stderr ends:\n{text[-2000:]}" if text else ""

    async def ask(self, command: str) -> dict[str, Any]:
        """Send one instruction line (`mark`, `cpu`, `stop`) and return the child's JSON answer."""
        assert self.process.stdin is not None
        self.process.stdin.write(command.encode() + b"\n")
        await self.process.stdin.drain()
        return await self._read(REPLY_LIMIT_SECONDS)

    async def close(self) -> None:
        """Wait briefly for a clean exit, then terminate, then kill: never leave it behind."""
        if self.process.returncode is None:
            if self.process.stdin is not None:
                with contextlib.suppress(OSError):
                    self.process.stdin.close()
            try:
                await asyncio.wait_for(self.process.wait(), timeout=5)
            except TimeoutError:
                self.process.terminate()
                try:
                    await asyncio.wait_for(self.process.wait(), timeout=5)
                except TimeoutError:
                    self.process.kill()
                    await self.process.wait()
        self._log.close()


async def run_reporting_child(
    module: str, args: list[str], budget: float, what: str
) -> dict[str, Any]:
    """`python -m <module> <args…>` to completion: the JSON object on its last stdout line.

    A child of its own so what it measures (CPU, peak RSS) is its work alone, not the stand-in's
    or the parent's."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        module,
        *args,
        cwd=str(ROOT),
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        stdout, stderr = await asyncio.wait_for(process.communicate(), budget)
    except TimeoutError:
        process.kill()
        await process.wait()
        raise RuntimeError(f"{what} did not finish within {budget:g} s") from None
    if process.returncode != 0:
        raise RuntimeError(f"{what} failed:\n{stderr.decode()[-3000:]}")
    report: dict[str, Any] = json.loads(stdout.decode().strip().splitlines()[-1])
    return report
