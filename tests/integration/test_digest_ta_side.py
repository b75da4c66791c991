"""The digest's "From the TA team" line counts what `/plan report` counts (core.figures), week
by week: the month of tests/support/evidence.py, whose figures test_report.py works out by hand."""

from __future__ import annotations

from datetime import UTC, datetime

from jobs.digest_job import run_digests
from sandbox.api import SlackStandIn
from sandbox.driver import SlackDriver
from tests.support import visible
from tests.support.evidence import play_month
from tests.support.harness import BotHarness, Person
from tests.support.pinned_delivery import pinned_pacer

CHANNEL = "C0DIGEST01"


async def ta_line(bot: BotHarness, standin: SlackStandIn, now: datetime) -> str:
    bot.clock.set(now)
    await run_digests(bot.runtime.uow, bot.process.app.client, now, pacer=pinned_pacer()[0])
    summary = [m for m in standin.messages(CHANNEL) if m.get("thread_ts") in (None, m["ts"])][-1]
    (line,) = [x for x in visible(summary).splitlines() if "From the TA team" in x]
    return line


async def test_each_week_counts_what_the_ta_team_gave_in_it_as_the_report_does(
    bot: BotHarness, people: dict[str, Person], standin: SlackStandIn, slack: SlackDriver
) -> None:
    await play_month(bot, people, standin, slack)

    # Nov 30 – Dec 6: resource 1 in three check-ins and resource 2 to Workers United (the
    # report's "2 (4 deliveries)"), maria's question answered after 4 h, jorge's help request.
    first = await ta_line(bot, standin, datetime(2026, 12, 7, 15, 5, tzinfo=UTC))
    assert first.endswith(
        "2 resources shared with 2 organizations · 1 question answered in 4 hours · "
        "1 help request answered."
    ), first
    # Dec 7 – Dec 13: the introduction, and jorge's question nobody has answered yet.
    second = await ta_line(bot, standin, datetime(2026, 12, 14, 15, 5, tzinfo=UTC))
    assert second.endswith("1 introduction made · 1 question still open — we're on it."), second
