"""A TA provider's Home tab with a blocked step on it, and the clicks and forms the TA uses
there: the setup every test of Home's Reply, Nudge and Share buttons starts from."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sandbox.api import SlackStandIn
from sandbox.driver import SlackDriver
from tests.support import visible
from tests.support.harness import BotHarness, Person
from tests.support.home import open_home
from tests.support.rhythm import setup_rhythm
from tests.support.waits import bot_knows_message
from tests.support.workspace import LABOR_1, TA, TA_CHANNEL

AFTER_FIRST_DUE = datetime(2026, 12, 21, 15, 0, tzinfo=UTC)  # #1 (due Dec 20) is late
AFTER_SESSION_1 = datetime(2026, 12, 3, 16, 30, tzinfo=UTC)  # Thu 10:30 in Chicago
HELP = "Waiting on the printing budget & a signature from HR"


async def block_number_2(people: dict[str, Person]) -> None:
    """Jorge (Workers United) types that #2 is blocked, with the help he needs."""
    answer = await people["jorge"].plan(f"status 2 blocked {HELP}")
    assert "blocked" in answer.lower()


async def home_after_session_1(
    bot: BotHarness,
    people: dict[str, Person],
    slack: SlackDriver,
    standin: SlackStandIn,
    user_id: str,
) -> dict[str, Any]:
    """The rhythm set up, the clock the day after session 1, and `user_id`'s Home as shown."""
    await setup_rhythm(people)
    bot.clock.set(AFTER_SESSION_1)
    return await open_home(slack, standin, user_id)


async def ta_home_with_a_block(
    bot: BotHarness,
    people: dict[str, Person],
    slack: SlackDriver,
    standin: SlackStandIn,
    ta_first: Sequence[str] = (),
) -> dict[str, Any]:
    """The rhythm set up, what the TA types first (`ta_first`, e.g. a library change), #2
    blocked, the day after session 1, and the TA's Home as shown."""
    await setup_rhythm(people)
    for text in ta_first:
        await people["ta"].plan(text)
    await block_number_2(people)
    bot.clock.set(AFTER_SESSION_1)
    return await open_home(slack, standin, TA)


async def open_form(
    slack: SlackDriver,
    standin: SlackStandIn,
    action_id: str,
    value: str | None = None,
    user_id: str = TA,
) -> dict[str, Any]:
    """Someone (the TA unless told) clicks a Home button that opens a form; the form, as Slack
    shows it."""
    await slack.click_home(user_id, action_id, value=value)
    [modal] = await standin.wait_for(lambda: standin.open_modals(user_id))
    return modal


def typed(field: str, value: str) -> dict[str, Any]:
    """A one-field form's state as Slack submits it, with `value` typed in."""
    return {field: {field: {"type": "plain_text_input", "value": value}}}


async def dm_saying(standin: SlackStandIn, user_id: str, fragment: str) -> dict[str, Any]:
    """The latest DM to `user_id` that says `fragment`, once it has come."""
    found = await standin.wait_for(
        lambda: [m for m in standin.dm_messages(user_id) if fragment in visible(m)]
    )
    return found[-1]


async def alert_from_a_home_block(
    bot: BotHarness, people: dict[str, Person], slack: SlackDriver, standin: SlackStandIn
) -> dict[str, Any]:
    """Jorge blocks #2 from his Home (button, then the reason form), the day after session 1;
    the help alert in the TA channel, once the bot has recorded it (so a reply in its thread,
    or from Home, finds its way back)."""
    await setup_rhythm(people)
    bot.clock.set(AFTER_SESSION_1)
    await open_home(slack, standin, LABOR_1)
    await slack.click_home(LABOR_1, "ft_blocked", value="2")
    [asked] = await standin.wait_for(lambda: standin.open_modals(LABOR_1))
    published = len(standin.calls_to("views.publish"))
    await slack.submit_view(LABOR_1, asked["id"], typed("reason", HELP))
    # Jorge's Home is redrawn last: once it is, the alert is out and his part is over
    await standin.wait_for(lambda: len(standin.calls_to("views.publish")) > published)
    [alert] = await standin.wait_for(lambda: standin.messages(TA_CHANNEL))
    await bot_knows_message(bot, TA_CHANNEL, alert["ts"])
    return alert
