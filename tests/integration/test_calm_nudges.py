"""A crowded check-in stays calm: at most three commitments with buttons, the most urgent ones,
one line for the rest, and nothing called both overdue and stale or stale while on schedule."""

from __future__ import annotations

from datetime import UTC, datetime

from sandbox.api import SlackStandIn
from tests.support import visible
from tests.support.harness import BotHarness
from tests.support.harness import Person as Someone
from tests.support.rhythm import nudge_in, nudges_at, setup_rhythm
from tests.support.workspace import HEALTH_1

#: Mon Dec 14 10:30 in Chicago: the day before Session 2, 13 days after the commitments were added.
CROWDED_DAY = datetime(2026, 12, 14, 16, 30, tzinfo=UTC)


async def add_crowd(people: dict[str, Someone]) -> None:
    """Mercy's commitments #3–#9 next to #1 (due Dec 20): two overdue on CROWDED_DAY, one due
    soon, one due far ahead, three with no due date, all untouched since Dec 1."""
    maria = people["maria"]
    for line in (
        "Map who works split shifts due 2026-12-08",  # 3: overdue
        "Survey the night staff due 2026-12-10",  # 4: overdue
        "Book the board slot due 2026-12-15",  # 5: due soon
        "Pilot the new roster due 2027-02-01",  # 6: quiet, but due far ahead: not stale
        "Collect shift-swap stories",  # 7: stale
        "Ask the union about notice periods",  # 8: stale
        "Find a scheduling software vendor",  # 9: stale
    ):
        assert "#" in await maria.plan(f"add {line}")


async def test_a_crowded_checkin_shows_three_commitments_with_buttons_and_one_line_for_the_rest(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn
) -> None:
    await setup_rhythm(people)  # maria's #1 is due Dec 20; jorge's #2 belongs to Workers United
    await add_crowd(people)

    await nudges_at(bot, CROWDED_DAY)

    message = nudge_in(standin, HEALTH_1)
    rows = [
        b for b in message["blocks"] if b.get("type") == "actions" and b["block_id"] != "resources"
    ]
    assert [row["block_id"] for row in rows] == ["c3", "c4", "c5"]  # overdue, overdue, due soon
    assert [len(row["elements"]) for row in rows] == [4, 4, 4]
    shown = visible(message)
    assert "5 more open commitments (4 without a recent update)" in shown
    assert "Home" in shown and "/plan list" in shown
    assert "`#3` was due" in shown and "`#4` was due" in shown
    assert "No update on `#3`" not in shown and "`#3` and" not in shown
    assert "No update on" not in shown  # the stale ones are not among the three shown
    assert "Pilot the new roster" not in shown  # #6 is only counted in the rest line


async def test_a_tas_nudge_to_a_crowded_organization_shows_the_most_urgent_three(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn
) -> None:
    await setup_rhythm(people)
    await add_crowd(people)
    bot.clock.set(CROWDED_DAY)

    assert "Check-in sent to 2 people." in await people["ta"].plan("nudge mercy")

    message = nudge_in(standin, HEALTH_1)
    rows = [b["block_id"] for b in message["blocks"] if b.get("type") == "actions"]
    assert rows == ["c3", "c4", "c5"]  # overdue, overdue, due soon
    assert "5 more open commitments: see them all" in visible(message)
