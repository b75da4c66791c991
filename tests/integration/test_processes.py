"""Serving processes as an operator starts them: SQLite serves one (a second is refused with
the fix, one-off commands still run beside it); on PostgreSQL `WEB_CONCURRENCY=2` runs two
workers on one port under a supervisor that restarts a dead worker and stops on SIGTERM."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest

from sandbox.api import SlackStandIn
from sandbox.driver import SlackDriver
from tests.conftest import SIGNING_SECRET, TA, _truncate
from tests.integration.test_python_m_bot import free_port, wait_healthy
from tests.support import visible

ROOT = Path(__file__).resolve().parents[2]
REFUSAL = (
    "SQLite serves one process; set DATABASE_URL to PostgreSQL to run several web or clock "
    "processes"
)


def environment(standin: SlackStandIn, database_url: str, **extra: str) -> dict[str, str]:
    env = {
        **os.environ,
        "SLACK_BOT_TOKEN": standin.bot_token,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": standin.api_url,
        "SLACK_APP_TOKEN": "",
        "DATABASE_URL": database_url,
        "HOST": "127.0.0.1",
        "TA_PROVIDER_IDS": TA,
        "SCHEDULER": "off",
        "PYTHONUNBUFFERED": "1",
    }
    for name in ("WEB_CONCURRENCY", "CLOCK_START", "CLOCK_TICK_SECONDS", "LOG_FORMAT"):
        env.pop(name, None)
    env.update(extra)
    return env


async def start(module: str, env: dict[str, str], *args: str) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        module,
        *args,
        cwd=ROOT,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )


async def run(module: str, env: dict[str, str], *args: str) -> tuple[int, str]:
    process = await start(module, env, *args)
    output, _ = await asyncio.wait_for(process.communicate(), timeout=60)
    return process.returncode or 0, output.decode()


async def stop(process: asyncio.subprocess.Process) -> tuple[int, str]:
    if process.returncode is None:
        process.send_signal(signal.SIGTERM)
    output, _ = await asyncio.wait_for(process.communicate(), timeout=40)
    return process.returncode or 0, output.decode()


async def test_sqlite_refuses_a_second_serving_process_but_not_one_off_commands(
    standin: SlackStandIn, tmp_path: Path
) -> None:
    database = f"sqlite:///{tmp_path / 'bot.sqlite3'}"
    port = free_port()
    first = await start("bot", environment(standin, database, PORT=str(port)))
    try:
        await wait_healthy(f"http://127.0.0.1:{port}/healthz")
        second_web = environment(standin, database, PORT=str(free_port()))
        code, output = await run("bot", second_web)
        assert (code, output.strip().splitlines()[-1]) == (2, REFUSAL), output
        code, output = await run("jobs", environment(standin, database))
        assert (code, output.strip().splitlines()[-1]) == (2, REFUSAL), output
        # one-off commands beside the running bot
        assert (await run("bot", environment(standin, database), "migrate"))[0] == 0
        code, output = await run(
            "jobs", environment(standin, database), "nudges", "--now", "2026-12-03T16:30:00Z"
        )
        assert code == 0 and "0 sent, 0 failed" in output, output
    finally:
        code, output = await stop(first)
    assert code == 0, output
    # the lock went with the process: the next one starts
    port = free_port()
    again = await start("bot", environment(standin, database, PORT=str(port)))
    try:
        await wait_healthy(f"http://127.0.0.1:{port}/healthz")
    finally:
        assert (await stop(again))[0] == 0


async def test_several_web_workers_on_sqlite_are_refused(
    standin: SlackStandIn, tmp_path: Path
) -> None:
    env = environment(
        standin, f"sqlite:///{tmp_path / 'bot.sqlite3'}", PORT=str(free_port()), WEB_CONCURRENCY="2"
    )
    code, output = await run("bot", env)
    assert (code, output.strip().splitlines()[-1]) == (2, REFUSAL), output


@pytest.fixture
async def pg_url(postgres_url: str) -> AsyncIterator[str]:
    await _truncate(postgres_url)
    yield postgres_url.replace("postgresql+asyncpg://", "postgresql://")


class Lines:
    """A process's output, read as it comes."""

    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.text = ""
        self.task = asyncio.create_task(self._read(process))

    async def _read(self, process: asyncio.subprocess.Process) -> None:
        assert process.stdout is not None
        async for raw in process.stdout:
            self.text += raw.decode("utf-8", "replace")

    async def wait_for(self, pattern: str, count: int = 1) -> list[str]:
        for _ in range(600):
            found = re.findall(pattern, self.text)
            if len(found) >= count:
                return found
            await asyncio.sleep(0.05)
        raise AssertionError(f"never logged {pattern!r} {count} time(s):\n{self.text}")


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


async def test_web_concurrency_runs_workers_on_one_port_and_restarts_a_dead_one(
    standin: SlackStandIn, pg_url: str
) -> None:
    port = free_port()
    parent = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        cwd=ROOT,
        env=environment(standin, pg_url, PORT=str(port), WEB_CONCURRENCY="2"),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    lines = Lines(parent)
    try:
        started = await lines.wait_for(r"web worker (\d) started \(pid (\d+)\)", 2)
        pids = {int(number): int(pid) for number, pid in started}
        assert set(pids) == {1, 2}
        await lines.wait_for(r"Listening on http://127\.0\.0\.1:" + str(port), 2)
        health = await wait_healthy(f"http://127.0.0.1:{port}/healthz")
        assert health["clock"] == "off"  # no clock in web workers unless SCHEDULER=on

        os.kill(pids[1], signal.SIGKILL)
        await lines.wait_for(r"web worker 1 \(pid \d+\) exited with -9; restarting")
        restarted = await lines.wait_for(r"web worker 1 started \(pid (\d+)\)", 2)
        assert int(restarted[-1]) != pids[1]
        await lines.wait_for(r"Listening on http://127\.0\.0\.1:" + str(port), 3)

        async with SlackDriver(f"http://127.0.0.1:{port}", SIGNING_SECRET, standin) as slack:
            for name in ("Mercy Health Clinic", "Workers United Center", "Labor Hub"):
                response = await slack.command(TA, f'org add "{name}" sphere health')
                assert response.status == 200
                url = response.response_url or ""
                replies = await standin.wait_for(lambda u=url: standin.responses_to(u))
                assert f"Added *{name}*" in visible(replies[0])
    finally:
        if parent.returncode is None:
            parent.send_signal(signal.SIGTERM)
        code = await asyncio.wait_for(parent.wait(), timeout=40)
        await lines.task
    assert code == 0, lines.text
    assert "Traceback" not in lines.text
    assert not alive(int(restarted[-1])) and not alive(pids[2])  # the workers stopped too
    async with aiohttp.ClientSession() as session:
        with pytest.raises(aiohttp.ClientError):
            await session.get(f"http://127.0.0.1:{port}/healthz")
