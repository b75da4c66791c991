"""A date at the end of a title typed without `due` ("Call Rosa friday") is questioned, never
silently left in the title: the add reply asks, "Yes" makes it the due date (and takes the
words off the title), "No" keeps the step as typed."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, time

import pytest

from sandbox.api import SlackStandIn
from sandbox.driver import SlackDriver
from tests.support import buttons, visible
from tests.support.days import at, start_days
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


@pytest.mark.parametrize("day", start_days())
async def test_friday_is_asked_about_and_set_on_every_start_day(
    bot: BotHarness,
    people: dict[str, Person],
    standin: SlackStandIn,
    slack: SlackDriver,
    day: date,
) -> None:
    """Whatever the weekday (and across a DST change), "friday" is the coming Friday, shown in
    the question as the day it will be set to."""
    bot.clock.set(at(day, time(10, 0)))
    await setup_collaborative(people)
    await people["maria"].plan("add Call Rosa friday")
    [message] = [m for m in standin.ephemerals(HEALTH_1) if "reads like a date" in visible(m)]
    await slack.click(HEALTH_1, "C0GENERAL", message["ts"], "plan_due_from_title")
    await standin.wait_for(lambda: "is due" in visible(message))
    step = await commitment(bot, 1)
    assert step.title == "Call Rosa" and step.due is not None
    assert step.due.weekday() == 4 and 1 <= (step.due - day).days <= 7  # friday on a Friday: next
    assert f"*{step.due:%A, %B} {step.due.day}*" in visible(message)


async def test_fifty_people_adding_a_dated_title_at_once_each_get_their_question(
    bot: BotHarness, people: dict[str, Person], standin: SlackStandIn, slack: SlackDriver
) -> None:
    """Fifty `/plan add … friday` in the same second: fifty steps, fifty questions, each
    button answering its own step."""
    bot.clock.set(MONDAY)
    await setup_collaborative(people)
    replies = await asyncio.gather(
        *(people["maria"].plan(f"add Call partner {n} friday") for n in range(50))
    )
    assert all("Added `#" in reply for reply in replies)
    asked = [m for m in standin.ephemerals(HEALTH_1) if "reads like a date" in visible(m)]
    assert len(asked) == 50
    await asyncio.gather(
        *(slack.click(HEALTH_1, "C0GENERAL", m["ts"], "plan_due_from_title") for m in asked)
    )
    await standin.wait_for(lambda: all("is due" in visible(m) for m in asked))
    for number in range(1, 51):
        step = await commitment(bot, number)
        assert step.due == date(2026, 12, 11) and step.title.endswith(
            tuple(f"partner {n}" for n in range(50))
        )
