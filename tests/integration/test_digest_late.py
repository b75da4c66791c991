"""A digest posted late (the bot was down at its hour and catches up within the grace days)
still covers its own week, but says what is true when people read it: the help each blocked
step asks for now, whenever it was written, and countdowns from the day it is posted.

The expectations are computed here from the calendar (`tests/support/days.py`), not by `core/`.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest

from sandbox.api import SlackStandIn
from sandbox.driver import SlackDriver
from tests.support import visible
from tests.support.days import DIGEST_TIME, at, local_day
from tests.support.digest_channel import DIGEST_CHANNEL, block_on_home, digest_at, line_about
from tests.support.harness import BotHarness
from tests.support.harness import Person as Someone
from tests.support.rhythm import setup_rhythm
from tests.support.workspace import LABOR_1

#: Mon Nov 9, weeks before the digest: the collaborative is set up and a first step blocked.
SETUP = at(date(2026, 11, 9), time(10, 0))
#: Mon Dec 7 09:00 Chicago: the end of the week Nov 30 – Dec 6, when its digest is due.
PERIOD_END = at(date(2026, 12, 7), DIGEST_TIME)
#: Session 2, set up by `setup_rhythm` on Dec 15 at 10:00.
SESSION_2 = date(2026, 12, 15)


def late_runs() -> list[object]:
    """Every day the weekly digest can still go out late: later on Monday, then each day until
    the grace (three days) ends on Thursday morning."""
    return [
        pytest.param(at(date(2026, 12, 7), time(17, 0)), id="mon-evening"),
        pytest.param(at(date(2026, 12, 8), time(9, 30)), id="tue"),
        pytest.param(at(date(2026, 12, 9), time(12, 0)), id="wed"),
        pytest.param(at(date(2026, 12, 10), time(8, 45)), id="thu-before-grace-ends"),
    ]


async def blocked_at_every_moment(
    bot: BotHarness,
    people: dict[str, Someone],
    standin: SlackStandIn,
    slack: SlackDriver,
    late: datetime,
) -> None:
    """#1 blocked weeks ago; #2 blocked before the week and asked again after it ended; #3
    blocked inside the week; #4 blocked on the Home tab after the week, before the late run."""
    bot.clock.set(SETUP)
    await setup_rhythm(people)  # #1 maria (Mercy), #2 jorge (Workers United)
    assert "#3" in await people["maria"].plan("add Book a venue for the listening session")
    assert "#4" in await people["jorge"].plan("add Translate the intake guide")
    bot.clock.set(at(date(2026, 11, 10), time(11, 0)))
    await people["maria"].plan("status 1 blocked HR will not share the schedules")
    bot.clock.set(at(date(2026, 11, 25), time(11, 0)))
    await people["jorge"].plan("status 2 blocked Waiting on the printer")
    bot.clock.set(at(date(2026, 12, 2), time(11, 0)))
    await people["maria"].plan("status 3 blocked A room for 40 people near the bus line")
    bot.clock.set(late - timedelta(minutes=30))
    await people["jorge"].plan("status 2 blocked We need a short training deck in Spanish")
    await block_on_home(slack, standin, LABOR_1, 4, "A translator <in Spanish> & *soon*")


@pytest.mark.parametrize("late", late_runs())
async def test_a_late_digest_shows_the_latest_help_each_blocked_step_asks_for(
    bot: BotHarness,
    people: dict[str, Someone],
    standin: SlackStandIn,
    slack: SlackDriver,
    late: datetime,
) -> None:
    await blocked_at_every_moment(bot, people, standin, slack, late)

    digest = await digest_at(bot, standin, late)

    assert "Weekly digest · Nov 30 – Dec 6" in digest  # still the week it covers
    assert "help needed: “HR will not share the schedules”" in line_about(digest, 1)
    assert "help needed: “We need a short training deck in Spanish”" in line_about(digest, 2)
    assert "Waiting on the printer" not in digest  # asked again since: the latest text wins
    assert "help needed: “A room for 40 people near the bus line”" in line_about(digest, 3)
    assert "help needed: “A translator &lt;in Spanish&gt; &amp; \u2217soon\u2217”" in line_about(
        digest, 4
    )
    assert "a note on what would unblock it" not in digest


@pytest.mark.parametrize("late", late_runs())
async def test_a_late_digest_counts_days_from_the_day_it_is_posted(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn, late: datetime
) -> None:
    bot.clock.set(SETUP)
    await setup_rhythm(people)
    assert "#3" in await people["maria"].plan("add Survey frontline staff due 2026-12-04")
    # held on the digest's own Monday afternoon: over by the time a late digest is read
    assert "Session 3" in await people["ta"].plan("session add 2026-12-07 13:00 Budget call")

    digest = await digest_at(bot, standin, late)

    today = local_day(late)
    until_session = (SESSION_2 - today).days
    assert f"*Session 2 · Designing PSE change* is in {until_session} days" in digest
    late_by = (today - date(2026, 12, 4)).days
    assert f"{late_by} days past due (Fri Dec 4)" in line_about(digest, 3)
    summary = standin.messages(DIGEST_CHANNEL)[0]
    assert f"next session in {until_session} days" in summary["text"]  # the notification


@pytest.mark.parametrize(
    "late",
    [
        # Sun Nov 1 23:30 CST is already Monday in UTC; Mon Nov 2 00:30 CST is Monday in both.
        pytest.param(at(date(2026, 11, 1), time(23, 30)), id="sun-night-after-fall-back"),
        pytest.param(at(date(2026, 11, 2), time(0, 30)), id="mon-after-fall-back"),
    ],
)
async def test_a_digest_late_across_the_fall_back_counts_calendar_days(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn, late: datetime
) -> None:
    """Friday's digest (Oct 23 – Oct 29, due Fri Oct 30 09:00 CDT) posted after the clocks went
    back on Sun Nov 1: 25-hour days and UTC dates must not shift "tomorrow" or "days past due"."""
    bot.clock.set(at(date(2026, 10, 19), time(10, 0)))
    await setup_rhythm(
        people,
        session_day="2026-10-20",
        next_session_day="2026-11-03",
        due=("2026-10-29", "2026-11-20"),
    )
    assert "Friday" in await people["ta"].plan("settings digest friday 09:00")

    digest = await digest_at(bot, standin, late)

    today = local_day(late)
    assert "Weekly digest · Oct 23 – Oct 29" in digest
    until_session = (date(2026, 11, 3) - today).days
    countdown = "tomorrow" if until_session == 1 else f"in {until_session} days"
    assert f"*Session 2 · Designing PSE change* is {countdown}" in digest
    late_by = (today - date(2026, 10, 29)).days
    assert f"{late_by} days past due (Thu Oct 29)" in line_about(digest, 1)


async def test_the_preview_shows_what_a_late_digest_posts(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn, slack: SlackDriver
) -> None:
    """A TA previewing on Wednesday reads the same help requests and countdown the channel gets
    from the digest that catches up at that moment."""
    late = at(date(2026, 12, 9), time(12, 0))
    await blocked_at_every_moment(bot, people, standin, slack, late)
    bot.clock.set(late)

    replies = await people["ta"].plan_replies("digest preview", count=2)
    preview = "\n".join(visible(reply) for reply in replies)
    digest = await digest_at(bot, standin, late)

    for number in (1, 2, 3, 4):
        assert line_about(preview, number) == line_about(digest, number)
    assert "We need a short training deck in Spanish" in line_about(preview, 2)
    session = "*Session 2 · Designing PSE change* is in 6 days"
    assert session in preview and session in digest
