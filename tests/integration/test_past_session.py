"""A session dated in the past is filed (a TA may be recording history) but never silently:
the reply shows the year and says it counts as held, with the way to fix a typo."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.support.harness import BotHarness, Person

MONDAY = datetime(2026, 12, 7, 16, 0, tzinfo=UTC)


async def test_a_past_session_says_so_with_its_year(
    bot: BotHarness, people: dict[str, Person]
) -> None:
    bot.clock.set(MONDAY)
    reply = await people["ta"].plan("session add 2025-01-01 10:00 Kickoff")
    assert "Wed Jan 1, 10:00 CST 2025, which is in the past" in reply, reply
    assert "`/plan session move 1 <YYYY-MM-DD> <HH:MM>` fixes it" in reply
    listing = await people["ta"].plan("session list")
    assert "Kickoff" in listing and "_(held)_" in listing


async def test_a_coming_session_is_simply_on_the_calendar(
    bot: BotHarness, people: dict[str, Person]
) -> None:
    bot.clock.set(MONDAY)
    reply = await people["ta"].plan("session add 2026-12-15 10:00 Designing PSE change")
    assert reply.endswith("is on the calendar for Tue Dec 15, 10:00 CST."), reply
    assert "past" not in reply
