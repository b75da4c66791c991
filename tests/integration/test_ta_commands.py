"""The TA provider's commands end to end, over signed HTTP against the stand-in: nudge, share,
intro, digest, pause and resume, the calendar and library listings, settings and help."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from sqlalchemy import select

from sandbox.api import SlackStandIn
from sandbox.driver import SlackDriver
from storage.models import Resource, ResourceOpen
from tests.conftest import HEALTH_1, HEALTH_2, LABOR_1, OUTSIDER, TA, BotHarness
from tests.conftest import Person as Someone
from tests.integration.test_between_sessions import setup_rhythm
from tests.integration.test_plan_foundation import setup_collaborative
from tests.support import buttons, visible

T = TypeVar("T")


def with_blocks(standin: SlackStandIn, user_id: str) -> list[dict[str, Any]]:
    return [m for m in standin.dm_messages(user_id) if m.get("blocks")]


async def until(check: Callable[[], Awaitable[T]], timeout: float = 5.0) -> T:
    """`standin.wait_for` for a condition only the database can answer (the bot acks first)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        value = await check()
        if value or loop.time() >= deadline:
            assert value, f"{check} still falsy after {timeout}s"
            return value
        await asyncio.sleep(0.01)


async def rows(bot: BotHarness, model: Any) -> list[Any]:
    async with bot.runtime.uow() as uow:
        return list((await uow.session.scalars(select(model))).all())


# ------------------------------------------------------------------------------- nudge


async def test_nudge_an_organization_sends_each_member_its_open_steps_and_the_note(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn
) -> None:
    await setup_rhythm(people)
    await people["sam"].plan("add Survey the night-shift staff")
    await people["maria"].plan("done 3")  # done: not listed any more

    reply = await people["ta"].plan("nudge mercy How did the HR meeting go?")
    assert "Check-in sent to 2 people" in reply
    for user_id in (HEALTH_1, HEALTH_2):
        [message] = with_blocks(standin, user_id)
        shown = visible(message)
        assert "A check-in from your TA team" in shown
        assert f"<@{TA}> asked me to check in" in shown
        assert "How did the HR meeting go?" in shown
        assert "Draft a predictable-scheduling policy" in shown
        assert "Survey the night-shift staff" not in shown
        assert "wage-theft" not in shown  # only their own organization's steps
        labels = [b["text"]["text"] for b in buttons(message)]
        assert labels[:4] == ["Done", "In progress", "Blocked – need help", "Snooze"]
    assert standin.dm_messages(LABOR_1) == []


async def test_nudge_one_person_and_everyone_skipping_the_paused(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn
) -> None:
    await setup_rhythm(people)
    reply = await people["ta"].plan(f"nudge <@{LABOR_1}|jorge>")
    assert "Check-in sent to 1 person" in reply
    assert "wage-theft" in visible(with_blocks(standin, LABOR_1)[0])
    assert standin.dm_messages(HEALTH_1) == []

    await people["jorge"].plan("pause until 2026-12-20")
    reply = await people["ta"].plan("nudge all Session 2 is in two weeks")
    assert "Check-in sent to 2 people" in reply
    assert f"Not sent to <@{LABOR_1}>: paused" in reply
    assert len(with_blocks(standin, LABOR_1)) == 1  # nothing new for the paused person
    assert "Session 2 is in two weeks" in visible(with_blocks(standin, HEALTH_2)[0])
    assert not standin.dm_messages(TA)  # TA providers aren't members: nothing to them


async def test_nudge_is_refused_for_participants_and_unknown_targets(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn
) -> None:
    await setup_rhythm(people)
    reply = await people["maria"].plan("nudge all")
    assert "Only TA providers" in reply and "Usage" in reply
    reply = await people["ta"].plan("nudge nowhere-org")
    assert "Usage" in reply and "nudge" in reply
    reply = await people["ta"].plan(f"nudge <@{OUTSIDER}>")
    assert "isn't a member of any organization" in reply
    assert not standin.calls_to("chat.postMessage")


# ------------------------------------------------------------------------------- share


async def test_share_sends_a_link_button_and_counts_opens(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn, slack: SlackDriver
) -> None:
    await setup_rhythm(people)
    reply = await people["ta"].plan("share 1 workers-united-center")
    assert "Shared *Precarious work primer* with 1 person" in reply
    [message] = with_blocks(standin, LABOR_1)
    assert "Precarious work primer" in visible(message)
    [link] = [b for b in buttons(message) if b.get("url")]
    assert link["url"] == "https://example.org/precarious-work"
    assert link["action_id"].startswith("ft_resource_")
    assert standin.dm_messages(HEALTH_1) == []

    channel = standin.dm_channel(LABOR_1)
    assert channel is not None
    response = await slack.click(
        LABOR_1, channel, message["ts"], link["action_id"], value=link["value"]
    )
    assert response.status == 200
    opens = await until(lambda: rows(bot, ResourceOpen))
    [resource] = await rows(bot, Resource)
    assert [(o.resource_id, o.person_slack_id) for o in opens] == [(resource.id, LABOR_1)]

    reply = await people["ta"].plan(f"share 1 <@{HEALTH_2}>")
    assert "with 1 person" in reply
    assert "Precarious work primer" in visible(with_blocks(standin, HEALTH_2)[0])
    reply = await people["ta"].plan("share 1 all")
    assert "with 3 people" in reply


async def test_share_and_resource_add_refuse_bad_input_in_one_line(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn
) -> None:
    await setup_rhythm(people)
    reply = await people["ta"].plan("share 9 all")
    assert "There is no resource 9" in reply and "Usage: `/plan share" in reply
    assert len(reply.splitlines()) <= 2
    reply = await people["ta"].plan("resource add javascript:alert(1) Sneaky link")
    assert "Usage: `/plan resource add" in reply
    assert "Resource 2" not in reply
    reply = await people["ta"].plan("resource add ftp://example.org/file Old link")
    assert "Usage: `/plan resource add" in reply
    assert len(await rows(bot, Resource)) == 1
    reply = await people["maria"].plan("share 1 all")
    assert "Only TA providers" in reply
    assert not [m for m in standin.dm_messages(HEALTH_1) if m.get("blocks")]
