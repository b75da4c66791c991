"""A blocked step reads the same in every check-in, a TA's `/plan nudge` as a scheduled one, and
after an Undo too: while it waits for the TA team it says so and offers no buttons; once a TA
has answered it is asked about again, but never offered "Blocked – need help" a second time.
Over signed HTTP against the stand-in."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sandbox.api import SlackStandIn
from sandbox.driver import SlackDriver
from tests.support import buttons, visible
from tests.support.harness import BotHarness
from tests.support.harness import Person as Someone
from tests.support.rhythm import setup_rhythm
from tests.support.undo import press_on_home, undo_in_dm
from tests.support.workspace import LABOR_1

ASKED = datetime(2026, 12, 4, 16, 0, tzinfo=UTC)  # Fri 10:00 in Chicago
LATER = datetime(2026, 12, 8, 16, 0, tzinfo=UTC)  # Tue 10:00, the week after
HELP = "We need a short training deck in Spanish"
WAITING = "is with the TA team: you asked for help"


async def _ta_check_in(people: dict[str, Someone], standin: SlackStandIn) -> dict[str, Any]:
    """The TA sends Jorge a check-in now; return it as Jorge sees it."""
    before = {m["ts"] for m in standin.dm_messages(LABOR_1)}
    reply = await people["ta"].plan(f"nudge <@{LABOR_1}|jorge> now How is it going?")
    assert "Check-in sent to 1 person" in reply
    [message] = await standin.wait_for(
        lambda: [
            m
            for m in standin.dm_messages(LABOR_1)
            if m["ts"] not in before and "asked me to check in" in visible(m)
        ]
    )
    return message


def _buttons_on(message: dict[str, Any], number: int) -> list[str]:
    return [b["text"]["text"] for b in buttons(message) if b.get("value") == str(number)]


async def test_a_step_waiting_for_help_reads_the_same_in_a_ta_check_in_after_an_undo(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn, slack: SlackDriver
) -> None:
    await setup_rhythm(people)
    bot.clock.set(ASKED)
    await people["jorge"].plan(f"status 2 blocked {HELP}")
    bot.clock.set(LATER)
    confirmation = await press_on_home(slack, standin, LABOR_1, "ft_progress", 2)
    assert "Undone" in await undo_in_dm(slack, standin, LABOR_1, confirmation)

    message = await _ta_check_in(people, standin)
    assert f"`#2` *Share our wage-theft intake guide* {WAITING}" in visible(message)
    assert _buttons_on(message, 2) == []


async def test_a_blocked_step_the_ta_answered_is_not_offered_blocked_again(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn
) -> None:
    await setup_rhythm(people)
    bot.clock.set(ASKED)
    await people["jorge"].plan(f"status 2 blocked {HELP}")
    bot.clock.set(LATER)
    await people["ta"].plan("note #2 The state has one: https://example.org/deck-es")

    message = await _ta_check_in(people, standin)
    assert WAITING not in visible(message)
    assert _buttons_on(message, 2) == ["Done", "In progress", "Snooze"]
