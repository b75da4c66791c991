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
from tests.support.days import CHECKIN_TIME, CHICAGO, MONDAY, at, first_weekday_from, start_days
from tests.support.harness import BotHarness, Person
from tests.support.rhythm import nudges_at, setup_rhythm
from tests.support.workspace import DIGEST_CHANNEL, HEALTH_1, HEALTH_2, LABOR_1

NEW_YORK = ZoneInfo("America/New_York")
#: Where each participant lives (the stand-in's profiles): their 10:00 is what counts.
ZONES = {HEALTH_1: CHICAGO, HEALTH_2: NEW_YORK, LABOR_1: CHICAGO}
#: Chicago wall times the jobs run at on each day: quiet hours, just before and at New York's
#: and Chicago's 10:00, the digest's 09:00, and the evening quiet hours.
PROBES = (time(7, 0), time(8, 59), time(9, 0), time(9, 59), time(10, 0), time(18, 30))


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
    # the check-in opens on the 2nd day after the session; a Saturday or Sunday waits for Monday
    checkin_day = first_weekday_from(session_day + timedelta(days=2))
    expected_nudge = {who: at(checkin_day, CHECKIN_TIME, tz) for who, tz in ZONES.items()}
    expected_digest = first_digest(created)
    last_day = max(checkin_day, expected_digest.astimezone(CHICAGO).date())

    got_nudge: dict[str, datetime] = {}
    got_digest: list[datetime] = []
    day = session_day
    while day <= last_day:
        for clock in PROBES:
            now = at(day, clock)
            if now <= created:
                continue
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
        day += timedelta(days=1)

    assert got_nudge == expected_nudge
    for who, moment in got_nudge.items():
        local = moment.astimezone(ZONES[who])
        assert local.weekday() < 5 and local.time() == CHECKIN_TIME  # a weekday, at 10:00
        shown = visible(standin.dm_messages(who)[-1])
        assert "Check-in after Session 1" in shown
    assert got_digest == [expected_digest]
