"""A TA provider who replies in the thread of a question or help alert learns, in that thread,
what became of the reply: sent (and that the person's reply will come back there), held until
the person's quiet hours end, or not deliverable and what to do instead. Over signed HTTP
against the stand-in, with the bot's clock pinned."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sandbox.api import SlackStandIn
from sandbox.driver import SlackDriver
from tests.support import visible
from tests.support.harness import BotHarness
from tests.support.harness import Person as Someone
from tests.support.rhythm import setup_rhythm
from tests.support.waits import bot_knows_message, event_recorded, listeners_finished
from tests.support.workspace import HEALTH_1, TA, TA_CHANNEL

#: Tue Dec 1, 22:00 in Chicago: Maria's quiet hours (18:00–09:00).
LATE_EVENING = datetime(2026, 12, 2, 4, 0, tzinfo=UTC)


async def question_alert(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn
) -> dict[str, Any]:
    """Maria asks the TA team; the alert in the TA channel, once the bot has recorded it."""
    assert "went to the TA team" in await people["maria"].plan("ask Does a draft policy count?")
    [alert] = await standin.wait_for(lambda: standin.messages(TA_CHANNEL))
    await bot_knows_message(bot, TA_CHANNEL, alert["ts"])
    return alert


def bot_lines(standin: SlackStandIn, alert: dict[str, Any]) -> list[str]:
    """What the bot said in the alert's thread, after the alert itself."""
    return [visible(m) for m in standin.thread(TA_CHANNEL, alert["ts"])[1:] if m.get("bot_id")]


async def test_a_ta_reply_that_reaches_the_participant_is_confirmed_in_the_thread(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn, slack: SlackDriver
) -> None:
    await setup_rhythm(people)
    alert = await question_alert(bot, people, standin)
    _, event_id = await slack.message_event(
        TA, TA_CHANNEL, "Yes, a draft counts.", thread_ts=alert["ts"]
    )
    said = await standin.wait_for(lambda: bot_lines(standin, alert))
    assert said == [f":white_check_mark: Sent to <@{HEALTH_1}>: their reply will appear here."]
    assert [m for m in standin.dm_messages(HEALTH_1) if "a draft counts" in visible(m)]

    # a Slack retry of the TA's reply neither relays nor confirms twice
    await event_recorded(bot, event_id)
    await slack.message_event(
        TA,
        TA_CHANNEL,
        "Yes, a draft counts.",
        thread_ts=alert["ts"],
        event_id=event_id,
        retry_num=1,
    )
    await listeners_finished(standin)
    assert len(bot_lines(standin, alert)) == 1
    assert len([m for m in standin.dm_messages(HEALTH_1) if "a draft counts" in visible(m)]) == 1


async def test_a_ta_reply_held_for_quiet_hours_says_when_it_will_arrive(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn, slack: SlackDriver
) -> None:
    await setup_rhythm(people)
    bot.clock.set(LATE_EVENING)
    alert = await question_alert(bot, people, standin)
    await slack.message_event(TA, TA_CHANNEL, "Yes, a draft counts.", thread_ts=alert["ts"])
    said = await standin.wait_for(lambda: bot_lines(standin, alert))
    assert len(said) == 1
    assert f"<@{HEALTH_1}> gets this at Wed Dec 2, 09:00 CST" in said[0]
    assert "their reply will appear here" in said[0]
    assert not [m for m in standin.dm_messages(HEALTH_1) if "a draft counts" in visible(m)]


async def test_a_ta_reply_that_cannot_be_delivered_says_so_and_what_to_do(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn, slack: SlackDriver
) -> None:
    await setup_rhythm(people)
    alert = await question_alert(bot, people, standin)
    standin.workspace.users[HEALTH_1].deleted = True  # Maria left the workspace
    await slack.message_event(TA, TA_CHANNEL, "Yes, a draft counts.", thread_ts=alert["ts"])
    said = await standin.wait_for(lambda: bot_lines(standin, alert))
    assert len(said) == 1
    assert f"couldn't deliver this to <@{HEALTH_1}>" in said[0]
    assert "Reach them another way" in said[0]
