"""The between-session rhythm from a session held on each day of the week, and across both US
daylight-saving changes, with the scheduler's jobs run at pinned instants.

What each person should get, and when, is worked out in `tests.support.days` from the SPEC's
rules (check-in from 10:00 local on the second day after the session, never in quiet hours,
never on a Saturday or Sunday, the digest on Mondays at 09:00 in Chicago), not copied from a
run. The jobs are run at every probe instant, in order, as the scheduler would run them.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from jobs.digest_job import run_digests
from sandbox.api import SlackStandIn
from tests.support import visible
from tests.support.days import (
    CHECKIN_TIME,
    CHICAGO,
    MONDAY,
    at,
    first_weekday_from,
    local_day,
    start_days,
)
from tests.support.harness import BotHarness, Person
from tests.support.rhythm import nudges_at, setup_rhythm
from tests.support.workspace import DIGEST_CHANNEL, HEALTH_1, HEALTH_2, LABOR_1

NEW_YORK = ZoneInfo("America/New_York")
#: Where each participant lives (the stand-in's profiles): their 10:00 is what counts.
ZONES = {HEALTH_1: CHICAGO, HEALTH_2: NEW_YORK, LABOR_1: CHICAGO}
#: Chicago wall times the jobs run at each day: quiet hours, just before and at New York's and
#: Chicago's 10:00 (and the digest's 09:00), late afternoon, and the evening quiet hours.
PROBES = (
    time(7, 0),
    time(8, 59),
    time(9, 0),
    time(9, 59),
    time(10, 0),
    time(17, 30),
    time(18, 30),
    time(23, 0),
)
#: On the check-in's first day the bot is down until the afternoon, so the check-in is caught
#: up late: Chicago's 17:30 is allowed, New York's 18:30 is quiet and waits for the next day.
AFTERNOON = time(17, 0)
QUIET_START = time(18, 0)


def allowed(moment: datetime, tz: ZoneInfo) -> bool:
    """The SPEC's sending rule in the person's zone: a weekday, from the 10:00 send time until
    the 18:00 start of the quiet hours."""
    local = moment.astimezone(tz)
    return local.weekday() < 5 and CHECKIN_TIME <= local.time() < QUIET_START


def first_run_at_or_after(runs: list[datetime], moment: datetime) -> datetime:
    return next(run for run in runs if run >= moment)


def first_digest(created: datetime) -> datetime:
    """The first Monday 09:00 (Chicago) at or after the collaborative was created."""
    day = created.astimezone(CHICAGO).date()
    while day.weekday() != MONDAY or at(day, time(9, 0)) < created:
        day += timedelta(days=1)
    return at(day, time(9, 0))


def nudges_received(standin: SlackStandIn, user_id: str) -> int:
    return len([m for m in standin.dm_messages(user_id) if m.get("blocks")])


def digests_posted(standin: SlackStandIn) -> int:
    summaries = [
        m for m in standin.messages(DIGEST_CHANNEL) if m.get("thread_ts") in (None, m["ts"])
    ]
    return len(summaries)


@pytest.mark.parametrize("session_day", start_days())
async def test_checkin_and_digest_arrive_when_the_rules_say_from_any_session_day(
    bot: BotHarness, people: dict[str, Person], standin: SlackStandIn, session_day: date
) -> None:
    created = at(session_day, time(8, 0))
    session_start = at(session_day, time(10, 0))
    bot.clock.set(created)
    await setup_rhythm(
        people,
        session_day=session_day.isoformat(),
        next_session_day=(session_day + timedelta(days=14)).isoformat(),
        due=(
            (session_day + timedelta(days=19)).isoformat(),
            (session_day + timedelta(days=21)).isoformat(),
        ),
    )
    # the check-in opens on the 2nd day after the session; the bot is down that morning
    opens = session_day + timedelta(days=2)
    down_morning = first_weekday_from(opens)
    runs = [
        at(day, clock)
        for day in (session_day + timedelta(days=n) for n in range(10))
        for clock in PROBES
        if not (day == down_morning and clock < AFTERNOON)
    ]
    runs = [run for run in runs if run > created]
    expected_nudge = {
        who: next(t for t in runs if local_day(t, tz) >= opens and allowed(t, tz))
        for who, tz in ZONES.items()
    }
    expected_digest = first_run_at_or_after(runs, first_digest(created))
    last = max(*expected_nudge.values(), expected_digest) + timedelta(days=1)

    got_nudge: dict[str, datetime] = {}
    got_digest: list[datetime] = []
    for now in (run for run in runs if run <= last):
        before = {who: nudges_received(standin, who) for who in ZONES}
        digests_before = digests_posted(standin)
        bot.clock.set(now)
        if now > session_start:  # before it, "Session 1 is coming up" is another story
            await nudges_at(bot, now)
        await run_digests(bot.runtime.uow, bot.process.app.client, now)
        for who in ZONES:
            arrived = nudges_received(standin, who) - before[who]
            assert arrived <= 1, (who, now)
            if arrived:
                assert who not in got_nudge, f"{who} nudged twice: {got_nudge[who]}, {now}"
                got_nudge[who] = now
        got_digest += [now] * (digests_posted(standin) - digests_before)

    assert got_nudge == expected_nudge
    # New York's catch-up fell in its quiet hours (18:30 there) and waited for the next morning
    assert local_day(got_nudge[HEALTH_2], NEW_YORK) > down_morning
    assert local_day(got_nudge[HEALTH_1]) == down_morning
    for who, moment in got_nudge.items():
        assert allowed(moment, ZONES[who])
        shown = visible(standin.dm_messages(who)[-1])
        assert "Check-in after Session 1" in shown
    assert got_digest == [expected_digest]
