"""The demo data as a newcomer tries the coaching loop on it, without a browser.

The blocked item's help request sits in the TA channel as a real alert (a TA's reply in its
thread reaches the participant), and someone in no organization can be added with `member add`.
"""

from __future__ import annotations

import asyncio
import os
import re
import signal
import socket
import sys
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from sandbox.demo import BLOCKED_REASON, NEWCOMERS, TA_CHANNEL, by_handle
from sandbox.launch import Sandbox
from tests.support import visible

ROOT = Path(__file__).resolve().parents[2]
#: A Tuesday, 09:00 in Chicago: inside everyone's working hours, so answers go out at once.
TUESDAY = datetime(2026, 12, 1, 15, 0, tzinfo=UTC)


@pytest.fixture
async def sandbox(tmp_path: Path) -> AsyncIterator[Sandbox]:
    instance = Sandbox(sqlite_path=tmp_path / "sandbox.sqlite3", real_clock=lambda: TUESDAY)
    await instance.start()
    yield instance
    await instance.stop()


async def state_of(sandbox: Sandbox, user_id: str) -> Any:
    async with (
        aiohttp.ClientSession() as session,
        session.get(f"{sandbox.url}/api/state?user={user_id}") as response,
    ):
        return await response.json()


async def until(sandbox: Sandbox, found: Callable[[], Any]) -> Any:
    """What `found` returns once it is truthy; each Web API call the bot makes is a change."""
    async with asyncio.timeout(10):
        while True:
            seen = sandbox.changes.version
            if result := found():
                return result
            await sandbox.changes.wait(seen, 10)


def help_alerts(sandbox: Sandbox) -> list[dict[str, Any]]:
    return [
        m
        for m in sandbox.standin.messages(TA_CHANNEL[0])
        if "Spanish" in visible(m) and m.get("user") == sandbox.standin.workspace.bot_user_id
    ]


async def test_the_demo_s_blocked_item_has_its_alert_and_a_reply_in_the_thread_reaches_its_owner(
    sandbox: Sandbox,
) -> None:
    priya, dana = by_handle("priya"), by_handle("dana")
    alerts = help_alerts(sandbox)
    assert len(alerts) == 1
    assert "Priya" in visible(alerts[0]) or priya.user_id in visible(alerts[0])
    assert BLOCKED_REASON.split(".")[0] in visible(alerts[0])

    dana_sees = await state_of(sandbox, dana.user_id)
    ta_channel = next(c for c in dana_sees["conversations"] if c["id"] == TA_CHANNEL[0])
    assert any("Spanish" in visible(m) for m in ta_channel["messages"])

    before = len(sandbox.standin.dm_messages(priya.user_id))
    await sandbox.driver.message_event(
        dana.user_id,
        TA_CHANNEL[0],
        "Here is our Spanish deck: https://example.org/deck-es",
        thread_ts=alerts[0]["ts"],
    )
    answer = await until(
        sandbox,
        lambda: next(
            (
                m
                for m in sandbox.standin.dm_messages(priya.user_id)[before:]
                if "example.org/deck-es" in visible(m)
            ),
            None,
        ),
    )
    assert "Spanish deck" in visible(answer)


async def test_the_demo_has_someone_in_no_organization_whom_member_add_adds(
    sandbox: Sandbox,
) -> None:
    jamie, dana = NEWCOMERS[0], by_handle("dana")
    seen = await state_of(sandbox, jamie.user_id)
    assert seen["me"] == jamie.user_id
    assert not seen["users"][jamie.user_id].get("org")
    assert not seen["users"][jamie.user_id].get("ta")

    before = len(sandbox.standin.ephemerals(dana.user_id))
    await sandbox.driver.command(
        dana.user_id, f"member add westside <@{jamie.user_id}|{jamie.handle}>"
    )
    replies = await until(sandbox, lambda: sandbox.standin.ephemerals(dana.user_id)[before:])
    reply = visible(replies[-1])
    assert reply.startswith(f"Added <@{jamie.user_id}> to")
    assert "moved" not in reply.lower()
    seen = await state_of(sandbox, jamie.user_id)
    assert seen["users"][jamie.user_id]["org"] == "Westside Family Health Center"


async def test_python_m_sandbox_prints_only_the_page_s_address(tmp_path: Path) -> None:
    """The bot's own listener is internal in the sandbox; a second URL there gets opened."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("SLACK_") and key != "DATABASE_URL"
    }
    with socket.socket() as probe:  # a free port: PORT=0 is refused as configuration
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env.update(PYTHONPATH=str(ROOT), PORT=str(port), HOST="127.0.0.1")
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "sandbox",
        "--start",
        "2026-12-01T09:00-06:00",
        cwd=tmp_path,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    assert process.stdout is not None
    lines: list[str] = []
    try:
        async with asyncio.timeout(60):
            while not any("Ctrl-C" in line for line in lines):
                line = (await process.stdout.readline()).decode()
                assert line, f"the sandbox stopped: {lines}"
                lines.append(line)
    finally:
        process.send_signal(signal.SIGINT)
        rest, _ = await process.communicate()
    output = "".join(lines) + rest.decode()
    addresses = re.findall(r"https?://\S+", output)
    assert len(addresses) == 1, output
    assert addresses[0].startswith("http://127.0.0.1:")
    assert "/slack/events" not in output
    assert process.returncode == 0, output
