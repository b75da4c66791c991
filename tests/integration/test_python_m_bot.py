"""`python -m bot` as `make run` starts it with tokens in the environment: migrations, HTTP,
/healthz, a signed command answered, and a clean stop on SIGTERM (Ctrl-C works the same)."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
from pathlib import Path

import aiohttp

from sandbox.api import SlackStandIn
from sandbox.driver import SlackDriver
from tests.conftest import SIGNING_SECRET, TA
from tests.support import visible

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def wait_healthy(url: str) -> dict[str, object]:
    async with aiohttp.ClientSession() as session:
        for _ in range(200):
            try:
                async with session.get(url) as response:
                    if response.status == 200:
                        return dict(await response.json())
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.05)
    raise AssertionError("python -m bot never answered /healthz")


async def test_python_m_bot_serves_slack(standin: SlackStandIn, tmp_path: Path) -> None:
    port = free_port()
    env = {
        **os.environ,
        "SLACK_BOT_TOKEN": standin.bot_token,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": standin.api_url,
        "SLACK_APP_TOKEN": "",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'bot.sqlite3'}",
        "PORT": str(port),
        "HOST": "127.0.0.1",
        "TA_PROVIDER_IDS": TA,
        "SCHEDULER": "off",
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        cwd=ROOT,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    try:
        health = await wait_healthy(f"http://127.0.0.1:{port}/healthz")
        assert (health["ok"], health["database"], health["clock"]) == (True, "ok", "off")
        async with SlackDriver(f"http://127.0.0.1:{port}", SIGNING_SECRET, standin) as slack:
            response = await slack.command(TA, 'org add "Mercy Health Clinic" sphere health')
            assert response.status == 200
            url = response.response_url or ""
            replies = await standin.wait_for(lambda: standin.responses_to(url), timeout=10)
        assert "Added *Mercy Health Clinic*" in visible(replies[0])
    finally:
        process.send_signal(signal.SIGTERM)
        output, _ = await asyncio.wait_for(process.communicate(), timeout=20)
    assert process.returncode == 0, output.decode()
    assert b"Traceback" not in output
