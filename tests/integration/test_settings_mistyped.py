"""Settings people may mistype, taken but never silently: a session in the past (the reply shows
the year and says it counts as held, with the way to fix a typo), and quiet hours that leave
almost no time for nudges."""

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


async def test_quiet_hours_that_leave_little_room_are_taken_but_questioned(
    bot: BotHarness, people: dict[str, Person]
) -> None:
    """`11:30-11:00` is 23½ quiet hours: likely the times swapped, so the reply says so."""
    bot.clock.set(MONDAY)
    swapped = await people["ta"].plan("settings quiet 11:30-11:00")
    assert "Quiet hours updated." in swapped
    assert "That leaves only 0.5 hours a day" in swapped
    usual = await people["ta"].plan("settings quiet 20:00-08:00")
    assert "Quiet hours updated." in usual and "leaves only" not in usual
