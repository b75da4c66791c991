"""Someone in no organization yet (Pat here, Jamie Brooks in the demo) can still reach the TA
team: by `/plan ask`, by a DM to the bot, and by "Ask the TA team" on Home. The alert says they
are new and how to add them; what they are told says what happens next. Over signed HTTP against
the stand-in."""

from __future__ import annotations

from typing import Any

from sandbox.api import SlackStandIn
from sandbox.driver import SlackDriver
from tests.support import buttons, visible
from tests.support.harness import BotHarness
from tests.support.harness import Person as Someone
from tests.support.home import open_home
from tests.support.rhythm import setup_rhythm
from tests.support.waits import bot_knows_message, listeners_finished
from tests.support.workspace import OUTSIDER, TA, TA_CHANNEL

NEW = "in no organization yet"


def assert_newcomer_alert(alert: dict[str, Any], words: str) -> None:
    shown = visible(alert)
    assert f"Question from <@{OUTSIDER}> ({NEW})" in shown
    assert words in shown
    assert "/plan member add" in shown and f"your reply goes to <@{OUTSIDER}>" in shown


async def test_plan_ask_from_someone_in_no_organization_reaches_the_ta_channel(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn, slack: SlackDriver
) -> None:
    await setup_rhythm(people)
    shown = await people["pat"].plan("help")
    assert "ask a TA provider to add you" in shown and "/plan ask" in shown
    explained = await people["pat"].plan("help ask")
    assert "is for members" not in explained and "Example: `/plan ask" in explained
    told = await people["pat"].plan("ask I run the front desk at Mercy, how do I join?")
    assert "went to the TA team" in told
    assert "no organization yet" in told and "can add you" in told
    assert "answer will come to you here in a DM" in told

    [alert] = await standin.wait_for(lambda: standin.messages(TA_CHANNEL))
    assert_newcomer_alert(alert, "how do I join?")

    # the TA team's answer comes back to their DM, as for anyone who asks
    await bot_knows_message(bot, TA_CHANNEL, alert["ts"])
    await slack.message_event(TA, TA_CHANNEL, "Added you to Mercy.", thread_ts=alert["ts"])
    answer = await standin.wait_for(
        lambda: [m for m in standin.dm_messages(OUTSIDER) if "Added you to Mercy" in visible(m)]
    )
    assert "answered your question" in visible(answer[-1])
    # the TA's "Sent to" line in the thread is the listener's last step: end after it
    await listeners_finished(standin)


async def test_a_dm_from_someone_in_no_organization_can_go_to_the_ta_team(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn, slack: SlackDriver
) -> None:
    await setup_rhythm(people)
    await slack.message_event(OUTSIDER, OUTSIDER, "Hi! I'm new, who do I talk to?")
    answered = await standin.wait_for(
        lambda: [m for m in standin.dm_messages(OUTSIDER) if m.get("bot_id")]
    )
    assert "not part of this collaborative yet" in visible(answered[0])
    assert [b["text"]["text"] for b in buttons(answered[0])] == ["Send this to the TA team"]
    assert not standin.messages(TA_CHANNEL)  # nothing goes out until they press it

    dm = standin.dm_channel(OUTSIDER) or ""
    await bot_knows_message(bot, dm, answered[0]["ts"])
    await slack.click(OUTSIDER, dm, answered[0]["ts"], "ft_dm_send_to_ta")
    [alert] = await standin.wait_for(lambda: standin.messages(TA_CHANNEL))
    assert_newcomer_alert(alert, "who do I talk to?")

    def confirmed() -> dict[str, Any] | None:
        now = next(m for m in standin.messages(dm) if m["ts"] == answered[0]["ts"])
        return now if "Sent to the TA team" in visible(now) else None

    shown = visible(await standin.wait_for(confirmed))
    assert "can add you" in shown and "answer will come to you here" in shown


async def test_ask_the_ta_team_from_home_works_for_someone_in_no_organization(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn, slack: SlackDriver
) -> None:
    await setup_rhythm(people)
    view = await open_home(slack, standin, OUTSIDER)
    assert "ask a TA provider to add you" in visible(view)
    assert [b["text"]["text"] for b in buttons(view)] == ["Ask the TA team"]

    await slack.click_home(OUTSIDER, "ft_home_ask")
    [modal] = await standin.wait_for(lambda: standin.open_modals(OUTSIDER))
    response = await slack.submit_view(
        OUTSIDER,
        modal["id"],
        {"question": {"question": {"type": "plain_text_input", "value": "Which org am I in?"}}},
    )
    assert response.status == 200
    [alert] = await standin.wait_for(lambda: standin.messages(TA_CHANNEL))
    assert_newcomer_alert(alert, "Which org am I in?")
    told = await standin.wait_for(
        lambda: [m for m in standin.dm_messages(OUTSIDER) if "went to the TA team" in visible(m)]
    )
    assert "can add you" in visible(told[-1])
