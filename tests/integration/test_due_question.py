"""A date at the end of a title typed without `due` ("Call Rosa friday") is questioned, never
silently left in the title: the add reply asks, "Yes" makes it the due date (and takes the
words off the title), "No" keeps the step as typed."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from sandbox.api import SlackStandIn
from sandbox.driver import SlackDriver
from tests.support import buttons, visible
from tests.support.harness import BotHarness, Person
from tests.support.rhythm import commitment, setup_collaborative
from tests.support.workspace import HEALTH_1

MONDAY = datetime(2026, 12, 7, 16, 0, tzinfo=UTC)  # Mon Dec 7, 10:00 in Chicago


async def asked(
    bot: BotHarness, people: dict[str, Person], standin: SlackStandIn, text: str
) -> dict:
    bot.clock.set(MONDAY)
    await setup_collaborative(people)
    reply = await people["maria"].plan(f"add {text}")
    assert "Added `#1`" in reply
    [message] = [m for m in standin.ephemerals(HEALTH_1) if "reads like a date" in visible(m)]
    return message


@pytest.mark.parametrize(
    ("typed", "words", "title", "due"),
    [
        ("Call Rosa friday", "friday", "Call Rosa", date(2026, 12, 11)),
        ("Send the report Dec 20", "Dec 20", "Send the report", date(2026, 12, 20)),
        ("Llamar a Rosa viernes", "viernes", "Llamar a Rosa", date(2026, 12, 11)),
    ],
)
async def test_yes_makes_the_words_the_due_date(
    bot: BotHarness,
    people: dict[str, Person],
    standin: SlackStandIn,
    slack: SlackDriver,
    typed: str,
    words: str,
    title: str,
    due: date,
) -> None:
    message = await asked(bot, people, standin, typed)
    assert f"“{words}” at the end reads like a date. Is `#1` due" in visible(message)
    step = await commitment(bot, 1)
    assert (step.title, step.due) == (typed, None)  # nothing guessed before the answer

    await slack.click(HEALTH_1, "C0GENERAL", message["ts"], "plan_due_from_title")
    await standin.wait_for(lambda: "is due" in visible(message))
    step = await commitment(bot, 1)
    assert (step.title, step.due) == (title, due)
    assert not buttons(message)  # answered once, in place
    assert "`/plan edit 1` changes it" in visible(message)


async def test_no_keeps_the_step_as_typed(
    bot: BotHarness, people: dict[str, Person], standin: SlackStandIn, slack: SlackDriver
) -> None:
    message = await asked(bot, people, standin, "Plan Friday")
    await slack.click(HEALTH_1, "C0GENERAL", message["ts"], "plan_keep_title")
    await standin.wait_for(lambda: "Kept as you typed it" in visible(message))
    step = await commitment(bot, 1)
    assert (step.title, step.due) == ("Plan Friday", None)
    assert not buttons(message)


async def test_a_title_edited_before_the_answer_keeps_its_words(
    bot: BotHarness, people: dict[str, Person], standin: SlackStandIn, slack: SlackDriver
) -> None:
    message = await asked(bot, people, standin, "Call Rosa friday")
    async with bot.runtime.uow() as uow:
        step = await uow.repos.commitments.by_number(1, 1)
        assert step is not None
        step.title = "Call Rosa and Luis friday"
        await uow.commit()
    await slack.click(HEALTH_1, "C0GENERAL", message["ts"], "plan_due_from_title")
    await standin.wait_for(lambda: "is due" in visible(message))
    step = await commitment(bot, 1)
    assert (step.title, step.due) == ("Call Rosa and Luis friday", date(2026, 12, 11))


async def test_a_plain_title_or_a_due_date_asks_nothing(
    bot: BotHarness, people: dict[str, Person], standin: SlackStandIn
) -> None:
    bot.clock.set(MONDAY)
    await setup_collaborative(people)
    for text in ("Call 3 people", "Meet the May Day committee", "Call Rosa due friday"):
        await people["maria"].plan(f"add {text}")
    assert not [m for m in standin.ephemerals(HEALTH_1) if "reads like a date" in visible(m)]
