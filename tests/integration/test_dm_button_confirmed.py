"""A button pressed in a DM says what it did where the person is looking, not only by redrawing
a message further up: "Send this to the TA team" keeps its redrawn message and adds one line
under the press, never twice; the check-in's Done keeps its line with the Undo. Over signed
HTTP against the stand-in."""

from __future__ import annotations

import asyncio
from typing import Any

from sandbox.api import SlackStandIn
from sandbox.driver import SlackDriver
from tests.support import buttons, visible
from tests.support.harness import BotHarness
from tests.support.harness import Person as Someone
from tests.support.rhythm import CHECKIN, nudge_in, nudges_at, setup_rhythm
from tests.support.waits import bot_knows_message, listeners_finished
from tests.support.workspace import HEALTH_1, HEALTH_2, TA_CHANNEL


def said_in_dm(standin: SlackStandIn, user_id: str) -> list[dict[str, Any]]:
    """The lines only this person saw in their DM with the bot (not their `/plan` replies)."""
    dm = standin.dm_channel(user_id)
    return [m for m in standin.ephemerals(user_id) if m.get("channel") == dm]


def welcome_in(standin: SlackStandIn, user_id: str) -> dict[str, Any]:
    [welcome] = [m for m in standin.dm_messages(user_id) if m.get("bot_id")]
    return welcome


async def test_send_to_the_ta_team_confirms_under_the_press_once(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn, slack: SlackDriver
) -> None:
    await setup_rhythm(people)
    await slack.message_event(HEALTH_1, HEALTH_1, "Can someone call me?")
    await standin.wait_for(lambda: [m for m in standin.dm_messages(HEALTH_1) if m.get("bot_id")])
    welcome = welcome_in(standin, HEALTH_1)
    dm = standin.dm_channel(HEALTH_1) or ""
    await bot_knows_message(bot, dm, welcome["ts"])

    # a double click: both presses reach the bot before the button is redrawn away
    await asyncio.gather(
        slack.click(HEALTH_1, dm, welcome["ts"], "ft_dm_send_to_ta"),
        slack.click(HEALTH_1, dm, welcome["ts"], "ft_dm_send_to_ta"),
    )
    [told] = await standin.wait_for(lambda: said_in_dm(standin, HEALTH_1))
    assert visible(told).startswith(":white_check_mark: Sent to the TA team.")
    assert "answer will come to you here in a DM" in visible(told)
    await listeners_finished(standin)
    assert "Sent to the TA team" in visible(welcome_in(standin, HEALTH_1))  # redrawn, kept
    assert len(said_in_dm(standin, HEALTH_1)) == 1  # said once
    assert len(standin.messages(TA_CHANNEL)) == 1  # and sent once


async def test_send_to_the_ta_team_from_a_thread_confirms_in_that_thread(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn, slack: SlackDriver
) -> None:
    await setup_rhythm(people)
    await slack.message_event(HEALTH_1, HEALTH_1, "hello?")
    first = await standin.wait_for(
        lambda: [m for m in standin.dm_messages(HEALTH_1) if m.get("bot_id")]
    )
    dm = standin.dm_channel(HEALTH_1) or ""
    await bot_knows_message(bot, dm, first[0]["ts"])
    await slack.message_event(HEALTH_1, dm, "Please call me Friday", thread_ts=first[0]["ts"])
    again = await standin.wait_for(
        lambda: [m for m in standin.thread(dm, first[0]["ts"]) if m.get("bot_id")][1:]
    )
    await bot_knows_message(bot, dm, again[0]["ts"])
    await slack.click(HEALTH_1, dm, again[0]["ts"], "ft_dm_send_to_ta")
    [told] = await standin.wait_for(lambda: said_in_dm(standin, HEALTH_1))
    assert told.get("thread_ts") == first[0]["ts"]
    assert "Sent to the TA team" in visible(told)


async def test_done_on_a_checkin_keeps_the_redrawn_checkin_and_one_line_with_undo(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn, slack: SlackDriver
) -> None:
    await setup_rhythm(people)
    await nudges_at(bot, CHECKIN)
    nudge = nudge_in(standin, HEALTH_2)
    dm = standin.dm_channel(HEALTH_2) or ""
    await slack.click(HEALTH_2, dm, nudge["ts"], "ft_done", value="1")
    [told] = await standin.wait_for(lambda: said_in_dm(standin, HEALTH_2))
    assert "`#1` is now *Done*" in visible(told)
    assert [b["text"]["text"] for b in buttons(told)] == ["Undo"]
    await standin.wait_for(
        lambda: not [b for b in buttons(nudge_in(standin, HEALTH_2)) if b["action_id"] == "ft_done"]
    )
    assert len(said_in_dm(standin, HEALTH_2)) == 1
