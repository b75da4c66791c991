"""Removing a resource cancels its shares still waiting for someone's morning: they would arrive
as "shared something that may help: *a resource*" with no link (walk report, other problem 3)."""

from __future__ import annotations

from datetime import UTC, datetime

from sandbox.api import SlackStandIn
from tests.support import visible
from tests.support.harness import BotHarness
from tests.support.harness import Person as Someone
from tests.support.rhythm import nudges_at, setup_rhythm
from tests.support.workspace import HEALTH_1, HEALTH_2, LABOR_1

#: Wed Dec 2, 2:59 in Chicago, 3:59 in New York: quiet hours for everyone.
NIGHT = datetime(2026, 12, 2, 8, 59, tzinfo=UTC)
#: 9:00 in Chicago, 10:00 in New York: both mornings have come.
MORNING = datetime(2026, 12, 2, 15, 0, tzinfo=UTC)


def shared_in(standin: SlackStandIn, user_id: str) -> list[str]:
    return [visible(m) for m in standin.dm_messages(user_id) if "shared something" in visible(m)]


async def test_removing_a_resource_cancels_its_waiting_shares(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn
) -> None:
    await setup_rhythm(people)
    bot.clock.set(NIGHT)
    ta = people["ta"]
    assert "Nothing sent yet; 2 get it" in await ta.plan("share 1 mercy")

    reply = await ta.plan("resource remove 1")

    assert "is out of the library" in reply
    assert "2 pending shares cancelled." in reply
    await nudges_at(bot, MORNING)
    assert shared_in(standin, HEALTH_1) == [] and shared_in(standin, HEALTH_2) == []


async def test_removing_a_resource_with_nothing_waiting_says_nothing_about_shares(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn
) -> None:
    await setup_rhythm(people)
    bot.clock.set(MORNING)
    ta = people["ta"]
    assert "with 1 person." in await ta.plan(f"share 1 <@{LABOR_1}>")

    reply = await ta.plan("resource remove 1")

    assert "is out of the library" in reply and "cancelled" not in reply
    assert len(shared_in(standin, LABOR_1)) == 1
    assert "https://example.org/precarious-work" in str(standin.dm_messages(LABOR_1)[-1])
