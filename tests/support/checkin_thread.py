"""Replying in the thread of Maria's check-in (her #1 and #3) over signed HTTP: shared by the
tests of thread replies (which commitment, several at once, status words)."""

from __future__ import annotations

from typing import Any

from sandbox.api import SlackStandIn
from sandbox.driver import SlackDriver
from storage.models import CommitmentUpdate
from tests.support.harness import BotHarness
from tests.support.harness import Person as Someone
from tests.support.rhythm import CHECKIN, nudge_in, nudges_at, setup_rhythm
from tests.support.waits import listeners_finished
from tests.support.workspace import HEALTH_1

ASKED_BACK = "Which commitment is this about?"


async def two_step_checkin(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn
) -> tuple[str, str]:
    """Maria's check-in lists her #1 and #3; its DM channel and ts."""
    await setup_rhythm(people)
    assert "#3" in await people["maria"].plan("add Survey the night shift due 2026-12-21")
    await nudges_at(bot, CHECKIN)
    return standin.dm_channel(HEALTH_1) or "", nudge_in(standin, HEALTH_1)["ts"]


def bot_said(standin: SlackStandIn, channel: str, thread_ts: str) -> list[str]:
    """The bot's lines in the check-in's thread, in order."""
    return [
        str(m.get("text"))
        for m in standin.thread(channel, thread_ts)
        if m.get("bot_id") and m["ts"] != thread_ts
    ]


async def say(
    slack: SlackDriver, standin: SlackStandIn, channel: str, thread_ts: str, text: str
) -> list[str]:
    """Maria replies in the thread; the bot's next line there."""
    before = len(bot_said(standin, channel, thread_ts))
    await slack.message_event(HEALTH_1, channel, text, thread_ts=thread_ts)
    said = await standin.wait_for(lambda: bot_said(standin, channel, thread_ts)[before:])
    await listeners_finished(standin)  # the check-in's redraw comes after the line
    return said


def thread_notes(updates: list[CommitmentUpdate]) -> list[Any]:
    return [(u.note, u.source) for u in updates if u.source == "thread"]
