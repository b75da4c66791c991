"""A blocked step's help request stays in the digest week after week, not only in the week it was
asked: readers who can help should not be told that nobody wrote what would unblock it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sandbox.api import SlackStandIn
from tests.support.digest_channel import digest_at
from tests.support.harness import BotHarness
from tests.support.harness import Person as Someone
from tests.support.rhythm import setup_rhythm

FIRST_MONDAY = datetime(2026, 12, 7, 15, 5, tzinfo=UTC)  # Mon 09:05 in Chicago


async def test_the_help_needed_is_still_shown_a_week_later(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn
) -> None:
    await setup_rhythm(people)
    bot.clock.set(datetime(2026, 12, 4, 16, 0, tzinfo=UTC))
    await people["jorge"].plan("status 2 blocked We need a short training deck in Spanish")

    first = await digest_at(bot, standin, FIRST_MONDAY)
    second = await digest_at(bot, standin, FIRST_MONDAY + timedelta(days=7))

    help_line = "help needed: “We need a short training deck in Spanish”"
    assert help_line in first
    assert help_line in second
    assert "a note on what would unblock it" not in second
