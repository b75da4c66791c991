"""Typing `/plan status #N blocked <why>` asks the TA team for help as the button does: the alert
reaches the TA channel, and a TA provider's reply in its thread reaches the person."""

from __future__ import annotations

from sandbox.api import SlackStandIn
from sandbox.driver import SlackDriver
from tests.conftest import HEALTH_1, TA, BotHarness, Person
from tests.support import visible
from tests.support.rhythm import setup_rhythm
from tests.support.waits import bot_knows_message, listeners_finished


async def test_a_participant_typing_blocked_alerts_the_ta_team_and_hears_back(
    bot: BotHarness, people: dict[str, Person], standin: SlackStandIn, slack: SlackDriver
) -> None:
    await setup_rhythm(people)
    reply = await people["maria"].plan("status 1 blocked HR won't share the schedules")
    assert "blocked" in reply.lower()
    alerts = await standin.wait_for(
        lambda: [m for m in standin.messages("C0TATEAM01") if "needs help" in visible(m)]
    )
    assert len(alerts) == 1
    shown = visible(alerts[0])
    assert "Mercy Health Clinic" in shown and "HR won't share the schedules" in shown
    assert f"<@{HEALTH_1}>" in shown

    await bot_knows_message(bot, "C0TATEAM01", alerts[0]["ts"])
    await slack.message_event(
        TA, "C0TATEAM01", "Try the data request template.", thread_ts=alerts[0]["ts"]
    )
    coached = await standin.wait_for(
        lambda: [m for m in standin.dm_messages(HEALTH_1) if "data request template" in visible(m)]
    )
    assert len(coached) == 1
    # the TA's "Sent to" line in the thread is the listener's last step: end after it
    await listeners_finished(standin)


async def test_blocked_without_a_reason_still_alerts_and_says_to_ask(
    bot: BotHarness, people: dict[str, Person], standin: SlackStandIn
) -> None:
    await setup_rhythm(people)
    await people["maria"].plan("status 1 blocked")
    alerts = await standin.wait_for(
        lambda: [m for m in standin.messages("C0TATEAM01") if "needs help" in visible(m)]
    )
    assert "No reason given yet" in visible(alerts[0])


async def test_a_ta_marking_a_step_blocked_alerts_nobody_and_blocked_twice_alerts_once(
    bot: BotHarness, people: dict[str, Person], standin: SlackStandIn
) -> None:
    await setup_rhythm(people)
    await people["ta"].plan("status 2 blocked Waiting on the printer")
    await people["maria"].plan("status 1 blocked HR won't share the schedules")
    await people["maria"].plan("status 1 blocked Still waiting on HR")
    alerts = await standin.wait_for(
        lambda: [m for m in standin.messages("C0TATEAM01") if "needs help" in visible(m)]
    )
    assert len(alerts) == 1 and "#1" in visible(alerts[0])
