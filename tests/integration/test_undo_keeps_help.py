"""Undo restores the earlier state, the help asked for included: a blocked step's In progress
pressed by mistake and undone still asks the TA team for the same help, in the digest and on
the TA's Home, over signed HTTP against the stand-in."""

from __future__ import annotations

from datetime import UTC, datetime

from sandbox.api import SlackStandIn
from sandbox.driver import SlackDriver
from tests.support import visible
from tests.support.digest_channel import digest_at, line_about
from tests.support.harness import BotHarness
from tests.support.harness import Person as Someone
from tests.support.home import open_home
from tests.support.rhythm import commitment, setup_rhythm
from tests.support.undo import press_on_home, undo_in_dm
from tests.support.workspace import LABOR_1, TA

ASKED = datetime(2026, 12, 4, 16, 0, tzinfo=UTC)  # Fri 10:00 in Chicago
SLIP = datetime(2026, 12, 8, 16, 0, tzinfo=UTC)  # Tue 10:00, the week after
DIGEST = datetime(2026, 12, 14, 15, 5, tzinfo=UTC)  # Mon 09:05: the digest of Dec 7-13
HELP = "We need a short training deck in Spanish"


async def _blocked_then_slip_undone(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn, slack: SlackDriver
) -> None:
    """Jorge blocks #2 asking for help; days later he presses In progress on it by mistake
    and takes it back with Undo."""
    await setup_rhythm(people)
    bot.clock.set(ASKED)
    await people["jorge"].plan(f"status 2 blocked {HELP}")
    bot.clock.set(SLIP)
    confirmation = await press_on_home(slack, standin, LABOR_1, "ft_progress", 2)
    assert "`#2` is now *In progress*" in visible(confirmation)
    answer = await undo_in_dm(slack, standin, LABOR_1, confirmation)
    assert "Undone: `#2` is *Blocked* again" in answer
    assert (await commitment(bot, 2)).status == "blocked"


async def test_the_digest_still_shows_the_help_asked_for_after_an_undo(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn, slack: SlackDriver
) -> None:
    await _blocked_then_slip_undone(bot, people, standin, slack)
    line = line_about(await digest_at(bot, standin, DIGEST), 2)
    assert f"help needed: “{HELP}”" in line
    assert "a note on what would unblock it" not in line


async def test_the_ta_home_still_shows_the_help_asked_for_after_an_undo(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn, slack: SlackDriver
) -> None:
    await _blocked_then_slip_undone(bot, people, standin, slack)
    home = visible(await open_home(slack, standin, TA))
    assert f"Help needed: “{HELP}”" in home
    assert "No note on what would help yet" not in home
