"""A blocked step's help request stays in the digest week after week, not only in the week it was
asked: readers who can help should not be told that nobody wrote what would unblock it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from jobs.digest_job import run_digests
from sandbox.api import SlackStandIn
from tests.support import visible
from tests.support.harness import BotHarness
from tests.support.harness import Person as Someone
from tests.support.rhythm import setup_rhythm

CHANNEL = "C0DIGEST01"
FIRST_MONDAY = datetime(2026, 12, 7, 15, 5, tzinfo=UTC)  # Mon 09:05 in Chicago


async def digest_text(bot: BotHarness, standin: SlackStandIn, now: datetime) -> str:
    """Run the digest job at `now` and return the newest digest, summary and thread, as read."""
    bot.clock.set(now)
    await run_digests(bot.runtime.uow, bot.process.app.client, now)
    summaries = [
        m
        for m in standin.messages(CHANNEL)
        if not m.get("thread_ts") or m.get("thread_ts") == m.get("ts")
    ]
    latest = summaries[-1]
    return "\n".join(visible(m) for m in standin.thread(CHANNEL, latest["ts"]))


async def test_the_help_needed_is_still_shown_a_week_later(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn
) -> None:
    await setup_rhythm(people)
    bot.clock.set(datetime(2026, 12, 4, 16, 0, tzinfo=UTC))
    await people["jorge"].plan("status 2 blocked We need a short training deck in Spanish")

    first = await digest_text(bot, standin, FIRST_MONDAY)
    second = await digest_text(bot, standin, FIRST_MONDAY + timedelta(days=7))

    help_line = "help needed: “We need a short training deck in Spanish”"
    assert help_line in first
    assert help_line in second
    assert "a note on what would unblock it" not in second
