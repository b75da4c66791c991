"""`python -m jobs nudges|digest --now … [--dry-run]`: one job, exactly as the scheduler runs it."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

from sqlalchemy import func, select

from sandbox.api import SlackStandIn
from storage.models import OutboxMessage
from tests.conftest import HEALTH_1, BotHarness
from tests.conftest import Person as Someone
from tests.support.rhythm import setup_rhythm

ROOT = Path(__file__).resolve().parents[2]


async def jobs(bot: BotHarness, standin: SlackStandIn, *args: str) -> tuple[int, str]:
    env = {
        **os.environ,
        "DATABASE_URL": bot.settings.database_url,
        "SLACK_BOT_TOKEN": standin.bot_token,
        "SLACK_SIGNING_SECRET": "unused-here",
        "SLACK_API_URL": standin.api_url,
        "SLACK_APP_TOKEN": "",
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "jobs",
        *args,
        cwd=ROOT,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    output, _ = await asyncio.wait_for(process.communicate(), timeout=60)
    return process.returncode or 0, output.decode()


async def outbox_count(bot: BotHarness) -> int:
    async with bot.runtime.uow() as uow:
        return int(await uow.session.scalar(select(func.count()).select_from(OutboxMessage)) or 0)


async def test_nudges_dry_run_then_real_run_then_nothing(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn
) -> None:
    await setup_rhythm(people)
    code, out = await jobs(bot, standin, "nudges", "--now", "2026-12-03T16:30:00Z", "--dry-run")
    assert code == 0, out
    assert "3 nudge message(s) would be sent" in out and "Check-in after Session 1" in out
    assert standin.dm_messages(HEALTH_1) == [] and await outbox_count(bot) == 0

    code, out = await jobs(bot, standin, "nudges", "--now", "2026-12-03T16:30:00Z")
    assert code == 0 and "3 sent, 0 failed" in out, out
    assert len(standin.dm_messages(HEALTH_1)) == 1

    code, out = await jobs(bot, standin, "nudges", "--now", "2026-12-03T17:30:00Z")
    assert "0 sent" in out, out
    assert len(standin.dm_messages(HEALTH_1)) == 1


async def test_digest_is_posted_once_for_its_period(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn
) -> None:
    await setup_rhythm(people)
    code, out = await jobs(bot, standin, "digest", "--now", "2026-12-07T15:10:00Z", "--dry-run")
    assert code == 0 and "Weekly digest" in out, out
    assert standin.messages("C0DIGEST01") == []
    code, out = await jobs(bot, standin, "digest", "--now", "2026-12-07T15:10:00Z")
    assert code == 0 and "posted" in out, out
    posted = len(standin.messages("C0DIGEST01"))
    assert posted >= 1
    code, out = await jobs(bot, standin, "digest", "--now", "2026-12-07T16:00:00Z")
    assert "no digest to post" in out, out
    assert len(standin.messages("C0DIGEST01")) == posted


async def test_bad_now_is_explained() -> None:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "jobs",
        "digest",
        "--now",
        "yesterday-ish",
        "--dry-run",
        cwd=ROOT,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
        env={**os.environ, "DATABASE_URL": "sqlite:////tmp/ft-unused.sqlite3"},
    )
    output, _ = await process.communicate()
    assert process.returncode != 0
    assert b"is not an ISO time" in output and b"Traceback" not in output
