"""The Procfile as a platform runs it, on one PostgreSQL database: `release` first (it migrates
an empty database), then two web processes and two clocks, all through honcho (a Procfile
runner, as Heroku-style platforms run that file).

A collaborative is set up through signed `/plan` commands spread over both web processes; the
clocks start on a Monday just before digest and check-in time (`CLOCK_START`) and tick every
second (`CLOCK_TICK_SECONDS`). The leading clock is SIGKILLed as soon as it leads; the other takes
over, and Slack (the stand-in, in this test process) gets exactly one digest and one check-in per
person. Each clock runs under a honcho of its own, as on two dynos: honcho stops every process
it runs when one of them dies.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib.util
import json
import os
import re
import signal
import socket
import sys
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from sandbox.api import SlackStandIn
from sandbox.driver import SlackDriver
from tests.conftest import (
    HEALTH_1,
    HEALTH_2,
    LABOR_1,
    SIGNING_SECRET,
    START,
    TA,
    Person,
    _pg_execute,
    _postgres_admin_url,
)
from tests.support import visible
from tests.support.ci import unavailable

ROOT = Path(__file__).resolve().parents[2]
DIGEST = "C0DIGEST01"
MEMBERS = (HEALTH_1, HEALTH_2, LABOR_1)
#: Monday 09:00 in Chicago (the collaborative's digest) and 10:00 in New York, where everyone
#: in this workspace lives (the check-in after Saturday's session): both due at once.
DUE = datetime(2026, 12, 7, 15, 0, tzinfo=UTC)
#: The clocks start this much before: long enough to find the leader and kill it first.
LEAD_TIME = timedelta(seconds=12)
LEADS = re.compile(r"clock \S+:(\d+) is leader ")


def free_ports(count: int) -> int:
    """A base port with `count` free ports from it (honcho numbers web.1, web.2 upwards)."""
    for _ in range(50):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            base = int(probe.getsockname()[1])
        if base + count >= 65535:
            continue
        try:
            for port in range(base, base + count):
                with socket.socket() as other:
                    other.bind(("127.0.0.1", port))
        except OSError:
            continue
        return base
    raise AssertionError("no run of free ports")


class Honcho:
    """One `honcho start …` run: its output kept line by line, stopped with SIGTERM."""

    def __init__(self, name: str, env: dict[str, str], *args: str) -> None:
        self.name = name
        self.env = env
        self.args = args
        self.lines: list[str] = []
        self.process: asyncio.subprocess.Process | None = None
        self._reader: asyncio.Task[None] | None = None

    async def start(self) -> None:
        self.process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "honcho",
            "start",
            "--no-colour",
            "-f",
            str(ROOT / "Procfile"),
            "-e",
            str(self.env["ENV_FILE"]),
            *self.args,
            cwd=ROOT,
            env=self.env,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
        )
        self._reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        assert self.process is not None and self.process.stdout is not None
        async for raw in self.process.stdout:
            self.lines.append(raw.decode("utf-8", "replace").rstrip("\n"))

    async def wait(self, within: float = 60) -> int:
        assert self.process is not None
        code = await asyncio.wait_for(self.process.wait(), within)
        if self._reader is not None:
            await self._reader
        return code

    async def stop(self) -> None:
        if self.process is None or self.process.returncode is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            await self.wait(30)
        except TimeoutError:
            self.process.kill()
            await self.wait(10)

    def output(self) -> str:
        return f"--- {self.name}\n" + "\n".join(self.lines)

    def json_lines(self) -> list[dict[str, Any]]:
        """The processes' log lines (after honcho's `time name | ` prefix) that are JSON."""
        found = []
        for line in self.lines:
            _, bar, rest = line.partition(" | ")
            if bar and rest.startswith("{"):
                with contextlib.suppress(json.JSONDecodeError):
                    found.append(json.loads(rest))
        return found


async def eventually(check: Any, what: str, within: float = 30, every: float = 0.1) -> Any:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while True:
        result = check()
        if asyncio.iscoroutine(result):
            result = await result
        if result:
            return result
        if loop.time() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(every)


@pytest.fixture
async def fresh_database() -> AsyncIterator[str]:
    """An empty PostgreSQL database of this test's own: `release` is what migrates it."""
    admin = _postgres_admin_url()
    if admin is None:
        unavailable("the Procfile test runs on PostgreSQL only: TEST_DATABASE_URL is not set")
    name = f"ft_procfile_{uuid.uuid4().hex[:10]}"
    try:
        await _pg_execute(admin, f'CREATE DATABASE "{name}"')
    except Exception as error:
        unavailable(f"the Procfile test needs PostgreSQL at TEST_DATABASE_URL: {error}")
    base = admin.rpartition("/")[0].replace("postgresql+asyncpg://", "postgresql://")
    yield f"{base}/{name}"
    await _pg_execute(admin, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
async def new_york() -> AsyncIterator[SlackStandIn]:
    """The stand-in, with the collaborative's members in New York (see DUE)."""
    server = SlackStandIn()
    ws = server.workspace
    ws.add_user(TA, "tessa", real_name="Tessa Bonney", tz="America/Chicago")
    ws.add_user(HEALTH_1, "maria", real_name="Maria Lopez", tz="America/New_York")
    ws.add_user(HEALTH_2, "sam", real_name="Sam Okafor", tz="America/New_York")
    ws.add_user(LABOR_1, "jorge", real_name="Jorge Ruiz", tz="America/New_York")
    ws.add_channel(DIGEST, "collaborative", members=[TA, HEALTH_1, LABOR_1])
    await server.start()
    yield server
    await server.stop()


async def seed(web_urls: list[str], slack: SlackStandIn) -> None:
    """Two organizations, three members, Saturday's session, commitments, the digest channel:
    each command to whichever web process the "load balancer" picks."""
    drivers = [SlackDriver(url, SIGNING_SECRET, slack) for url in web_urls]
    try:
        people = {
            name: Person(uid, drivers[i % len(drivers)], slack)
            for i, (name, uid) in enumerate(
                [("ta", TA), ("maria", HEALTH_1), ("sam", HEALTH_2), ("jorge", LABOR_1)]
            )
        }
        ta = people["ta"]
        assert "Added" in await ta.plan('org add "Mercy Health Clinic" as mercy sphere health')
        assert "Added" in await ta.plan('org add "Workers United Center" as wuc sphere labor')
        assert "Added" in await ta.plan(f"member add mercy <@{HEALTH_1}> <@{HEALTH_2}>")
        assert "Added" in await ta.plan(f"member add wuc <@{LABOR_1}>")
        assert "Session 1" in await ta.plan("session add 2026-12-05 10:00 Precarious work")
        await ta.plan(f"settings channel <#{DIGEST}>")
        await people["maria"].plan("add Draft a scheduling policy due 2026-12-20")
        await people["sam"].plan("add Map the night-shift rota due 2026-12-21")
        await people["jorge"].plan("add Share the intake guide due 2026-12-22")
    finally:
        for driver in drivers:
            await driver.close()


async def healthz(url: str) -> dict[str, Any]:
    async with aiohttp.ClientSession() as session, session.get(f"{url}/healthz") as response:
        body: dict[str, Any] = await response.json()
        body["status"] = response.status
        return body


async def test_the_procfile_on_postgresql_sends_everything_once_when_a_clock_dies(
    fresh_database: str, new_york: SlackStandIn, tmp_path: Path
) -> None:
    if importlib.util.find_spec("honcho") is None:
        unavailable("honcho is not installed: `make install` (requirements-dev.txt) brings it")
    slack = new_york
    env_file = tmp_path / "empty.env"  # honcho would otherwise read a developer's .env
    env_file.write_text("")
    base_port = free_ports(2)
    env = {
        **os.environ,
        "ENV_FILE": str(env_file),
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "PYTHONUNBUFFERED": "1",
        "DATABASE_URL": fresh_database,
        "SLACK_BOT_TOKEN": slack.bot_token,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": slack.api_url,
        "SLACK_APP_TOKEN": "",
        "TA_PROVIDER_IDS": TA,
        "HOST": "127.0.0.1",
        "PORT": str(base_port),
        "LOG_FORMAT": "json",
        "CLOCK_START": START.isoformat(),
    }
    for name in ("SCHEDULER", "WEB_CONCURRENCY", "CLOCK_TICK_SECONDS"):
        env.pop(name, None)

    release = Honcho("release", env, "release")
    await release.start()
    assert await release.wait() == 0, release.output()

    web = Honcho("web", env, "-c", "web=2", "web")
    clock_env = {
        **env,
        "CLOCK_START": (DUE - LEAD_TIME).isoformat(),
        "CLOCK_TICK_SECONDS": "1",
    }
    clocks = [Honcho(f"clock {n}", clock_env, "clock") for n in (1, 2)]
    runs = [web, *clocks]
    web_urls = [f"http://127.0.0.1:{base_port + i}" for i in range(2)]
    try:
        await web.start()
        for url in web_urls:
            await eventually(lambda url=url: _answers(url), f"{url}/healthz", within=30)
        await seed(web_urls, slack)

        for run in clocks:
            await run.start()

        def leaders() -> list[int]:
            """Pids of the clocks that said they lead, in order: "clock host:pid is leader"."""
            found = []
            for run in clocks:
                for entry in run.json_lines():
                    match = LEADS.match(str(entry.get("message", "")))
                    if match and entry.get("logger") == "jobs.scheduler":
                        found.append(int(match.group(1)))
            return found

        first = (await eventually(leaders, "a clock to lead", within=30))[0]
        os.kill(first, signal.SIGKILL)  # no goodbye: PostgreSQL frees the lock with its connection
        taken_over = await eventually(
            lambda: [pid for pid in leaders() if pid != first],
            "the standby clock to take over",
            within=30,
        )
        assert len(set(taken_over)) == 1

        def all_sent() -> bool:
            return len(digests(slack)) >= 1 and all(checkins(slack, uid) for uid in MEMBERS)

        await eventually(all_sent, "the digest and the check-ins", within=40)
        await asyncio.sleep(3)  # three more ticks of the clock that now leads: nothing more

        assert len(digests(slack)) == 1, [visible(m) for m in digests(slack)]
        for uid in MEMBERS:
            assert len(checkins(slack, uid)) == 1, [visible(m) for m in slack.dm_messages(uid)]

        async def ticked_past_due(url: str) -> bool:
            """The tick that sent may still be finishing (the digest's chart): its record
            comes when it completes."""
            last = (await healthz(url))["last_tick"]
            return last is not None and datetime.fromisoformat(last) >= DUE

        for url in web_urls:
            await eventually(lambda url=url: ticked_past_due(url), f"{url} last tick", within=30)
            health = await healthz(url)
            assert health["status"] == 200 and health["database"] == "ok", health
            assert health["clock"] == "off"  # web processes run no clock: SCHEDULER=off
            assert health["last_tick"] is not None
            assert datetime.fromisoformat(health["last_tick"]) >= DUE
            assert health["outbox"] == {"pending": 0, "oldest_age_seconds": None}
    finally:
        for run in runs:
            await run.stop()
        for run in runs:  # shown when the test fails (or with -s)
            print(run.output())


async def _answers(url: str) -> bool:
    try:
        return (await healthz(url))["status"] == 200
    except aiohttp.ClientError:
        return False


def checkins(slack: SlackStandIn, uid: str) -> list[dict[str, Any]]:
    return [m for m in slack.dm_messages(uid) if "Check-in" in visible(m)]


def digests(slack: SlackStandIn) -> list[dict[str, Any]]:
    return [m for m in slack.messages(DIGEST) if m.get("thread_ts") in (None, m["ts"])]
