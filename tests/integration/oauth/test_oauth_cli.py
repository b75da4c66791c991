"""The command-line edges in OAuth mode, as an operator runs them: `python -m jobs` posts with
each installed workspace's token though no SLACK_BOT_TOKEN is set, and `python -m bot export`
asks which workspace (`--team`) once there are several."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

from sandbox.api import SlackStandIn
from tests.support.harness import BotHarness, Person
from tests.support.oauth import ALPHA, BETA, install, person_in
from tests.support.workspace import HEALTH_1, SIGNING_SECRET, TA

ROOT = Path(__file__).resolve().parents[3]


async def run(bot: BotHarness, standin: SlackStandIn, *args: str) -> tuple[int, str]:
    env = {
        **os.environ,
        "DATABASE_URL": bot.settings.database_url,
        "SLACK_BOT_TOKEN": "",
        "SLACK_APP_TOKEN": "",
        "SLACK_CLIENT_ID": standin.oauth.client_id,
        "SLACK_CLIENT_SECRET": standin.oauth.client_secret,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": standin.api_url,
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        *args,
        cwd=ROOT,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    output, _ = await asyncio.wait_for(process.communicate(), timeout=60)
    return process.returncode or 0, output.decode()


async def test_jobs_and_export_for_each_installed_workspace(
    bot: BotHarness, standin: SlackStandIn, tmp_path: Path
) -> None:
    await install(bot.url, ALPHA, TA)
    code, out = await run(bot, standin, "-m", "bot", "export", str(tmp_path / "only"))
    assert code == 0 and "Exported to" in out, out

    await install(bot.url, BETA, TA)
    for team in (ALPHA, BETA):
        driver, ta = person_in(standin, bot.url, team, TA)
        async with driver:
            assert "Added" in await ta.plan('org add "Acme Health" as acme')
            assert "Added" in await ta.plan(f"member add acme <@{HEALTH_1}>")
            assert "Session 1" in await ta.plan("session add 2026-12-01 10:00 Kick-off")
            member = Person(HEALTH_1, driver, standin)
            assert "#1" in await member.plan(f"add Step in {team} due 2026-12-20")

    code, out = await run(bot, standin, "-m", "jobs", "nudges", "--now", "2026-12-03T16:30:00Z")
    assert code == 0 and "2 sent, 0 failed" in out, out
    for team in (ALPHA, BETA):
        posts = [
            c for c in standin.calls_in(team, "chat.postMessage") if c.args["channel"] == HEALTH_1
        ]
        assert [c.token for c in posts] == [standin.token_of(team)]

    code, out = await run(bot, standin, "-m", "bot", "export", str(tmp_path / "which"))
    assert code == 1 and "Several workspaces" in out and "--team" in out, out
    assert not (tmp_path / "which").exists()
    code, out = await run(
        bot, standin, "-m", "bot", "export", str(tmp_path / "beta"), "--team", BETA
    )
    assert code == 0, out
    exported = (tmp_path / "beta" / "commitments.csv").read_text()
    assert f"Step in {BETA}" in exported and f"Step in {ALPHA}" not in exported
