"""Nudges that don't nag, end to end over signed HTTP: two weeks run day by day from a session
on each weekday and across both daylight-saving changes, counting the DMs each person gets;
a step waiting for the TA team's help is not asked about again; an edit is not progress."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from sandbox.api import SlackStandIn
from sandbox.driver import SlackDriver
from tests.support import visible
from tests.support.cadence import Received, nudges_to, run_days
from tests.support.days import CHICAGO, at, start_days
from tests.support.harness import BotHarness
from tests.support.harness import Person as Someone
from tests.support.home import modal_values
from tests.support.rhythm import CHECKIN, history, nudge_in, nudges_at, setup_rhythm
from tests.support.waits import bot_knows_message
from tests.support.workspace import HEALTH_1, HEALTH_2, LABOR_1, TA, TA_CHANNEL

NEW_YORK = ZoneInfo("America/New_York")
ZONES = {HEALTH_1: CHICAGO, HEALTH_2: NEW_YORK, LABOR_1: CHICAGO}
#: 09:00 Chicago is 10:00 in New York, 10:00 Chicago is the Chicago send time.
RUN_TIMES = (time(9, 0), time(10, 0), time(15, 0))


def latest_mention(due: date) -> date:
    """The last weekday of the two days before ``due`` (the due-soon and before-session
    windows): something due then must have been mentioned by that day. When both are a
    weekend, the day itself."""
    before = [due - timedelta(days=n) for n in (1, 2)]
    return next((d for d in before if d.weekday() < 5), due)


def runs_between(first: date, days: int) -> list[datetime]:
    return [at(first + timedelta(days=n), clock) for n in range(days) for clock in RUN_TIMES]


@pytest.mark.parametrize("session_day", start_days())
async def test_two_weeks_of_nudges_keep_their_distance_and_lose_nothing_urgent(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn, session_day: date
) -> None:
    """Maria owns three steps due on different days and a quiet one, Sam one, Jorge one: left
    alone, the rules would reach Maria most weekdays. Each person gets at most one nudge a day,
    none two days running, at most two in any seven days (across a restart of the bot), and
    every due date and the next session are still announced before they come."""
    day = session_day
    bot.clock.set(at(day, time(8, 0)))
    await setup_rhythm(
        people,
        session_day=day.isoformat(),
        next_session_day=(day + timedelta(days=14)).isoformat(),
        due=((day + timedelta(days=6)).isoformat(), (day + timedelta(days=9)).isoformat()),
    )  # maria's #1 due day+6, jorge's #2 due day+9
    maria, sam = people["maria"], people["sam"]
    assert "#3" in await maria.plan(f"add Call the board chair due {day + timedelta(days=4)}")
    assert "#4" in await maria.plan("add Collect shift-swap stories")  # stale from day+10
    assert "#5" in await sam.plan(f"add Book the meeting room due {day + timedelta(days=11)}")
    dues = {
        HEALTH_1: {1: day + timedelta(days=6), 3: day + timedelta(days=4)},
        HEALTH_2: {5: day + timedelta(days=11)},
        LABOR_1: {2: day + timedelta(days=9)},
    }

    received = Received(ZONES)
    await run_days(bot, standin, runs_between(day + timedelta(days=1), 7), received)
    await bot.restart()  # the spacing is read back from the outbox, not kept in memory
    await run_days(bot, standin, runs_between(day + timedelta(days=8), 7), received)

    for who in ZONES:
        days = received.days(who)
        assert all(len(received.by_day[who][d]) == 1 for d in days), (who, received.by_day[who])
        assert all((b - a).days >= 4 for a, b in itertools.pairwise(days)), (who, days)
        for d in days:
            assert len([x for x in days if d <= x < d + timedelta(days=7)]) <= 2, (who, days)
        assert received.first_day_showing(who, "Check-in after Session 1") == days[0]
        for number, due in dues[who].items():
            told = received.first_day_showing(who, f"`#{number}` is due")
            assert told is not None and told <= latest_mention(due), (who, number, days)
        session_2 = day + timedelta(days=14)
        if latest_mention(session_2) < session_2:  # a weekday to announce it on
            told = received.first_day_showing(who, "Session 2 is coming up")
            assert told is not None and told <= latest_mention(session_2), (who, days)


# --------------------------------------------------------------------------- waiting for help


def shows_buttons_for(message: dict[str, object], number: int) -> bool:
    blocks = message.get("blocks") or []
    assert isinstance(blocks, list)
    return any(b.get("block_id") == f"c{number}" for b in blocks)


async def test_a_step_waiting_for_the_ta_teams_help_is_not_asked_about_again(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn, slack: SlackDriver
) -> None:
    """Maria asks for help on #1 from the check-in. Until the TA team answers, no nudge asks
    her (or Sam) about #1 again, though it turns quiet, then due soon: the session reminder
    only says it is with the TA team, without buttons. Once a TA provider answers in the
    alert's thread, #1 is back in her nudges with its buttons."""
    await setup_rhythm(people)  # maria's #1 due Sun Dec 20; session 2 on Tue Dec 15
    assert "#3" in await people["maria"].plan("add Collect shift-swap stories")
    await nudges_at(bot, CHECKIN)
    checkin = nudge_in(standin, HEALTH_1)
    assert shows_buttons_for(checkin, 1)
    channel = standin.dm_channel(HEALTH_1)
    assert channel is not None
    await slack.click(HEALTH_1, channel, checkin["ts"], "ft_blocked", value="1")
    [modal] = await standin.wait_for(lambda: standin.open_modals(HEALTH_1))
    reason = {"reason": {"reason": {"type": "plain_text_input", "value": "Need a policy template"}}}
    assert (await slack.submit_view(HEALTH_1, modal["id"], reason)).status == 200
    alerts = await standin.wait_for(lambda: standin.messages(TA_CHANNEL))

    received = Received({HEALTH_1: CHICAGO, HEALTH_2: NEW_YORK})
    await run_days(bot, standin, runs_between(date(2026, 12, 4), 15), received)  # to Dec 18

    later = [m for who in (HEALTH_1, HEALTH_2) for m in nudges_to(standin, who)[1:]]
    assert later, "the rhythm goes on: session 2, the quiet #3"
    for message in later:
        shown = visible(message)
        assert not shows_buttons_for(message, 1), shown
        for asked in ("`#1` is due", "`#1` was due", "No update on `#1`", "`#1` for a while"):
            assert asked not in shown
    told = received.first_day_with_line(HEALTH_1, "`#1`", "is with the TA team: you asked")
    assert told is not None  # the session reminder says where #1 stands, without asking
    assert received.first_day_with_line(HEALTH_2, "`#1`", f"<@{HEALTH_1}> asked for help")
    assert received.first_day_with_line(HEALTH_1, "No update on", "`#3`") is not None

    # the TA team answers: the ball is back with Maria, and #1 with it
    bot.clock.set(at(date(2026, 12, 18), time(16, 0)))
    await bot_knows_message(bot, TA_CHANNEL, alerts[-1]["ts"])
    await slack.message_event(
        TA, TA_CHANNEL, "Try resource 1's template.", thread_ts=alerts[-1]["ts"]
    )
    await standin.wait_for(
        lambda: [m for m in standin.dm_messages(HEALTH_1) if "replied about" in visible(m)]
    )
    before = len(nudges_to(standin, HEALTH_1))
    await run_days(bot, standin, runs_between(date(2026, 12, 19), 5), received)
    back = nudges_to(standin, HEALTH_1)[before:]
    assert any(shows_buttons_for(m, 1) for m in back), [visible(m) for m in back]


# --------------------------------------------------------------------------- edits


async def test_an_edit_does_not_restart_the_stale_clock_but_stays_in_the_history(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn, slack: SlackDriver
) -> None:
    """#3, added Dec 1 with no due date, is renamed on Dec 8 through `/plan edit`. Nothing
    moved, so it is still called quiet ten days after it was added (Dec 11), not ten days
    after the edit; `/plan show #3` still tells of the change."""
    await setup_rhythm(people)
    maria = people["maria"]
    assert "#3" in await maria.plan("add Collect shift-swap stories")
    received = Received({HEALTH_1: CHICAGO})
    await run_days(bot, standin, runs_between(date(2026, 12, 2), 6), received)  # to Dec 7

    bot.clock.set(datetime(2026, 12, 8, 17, 0, tzinfo=UTC))
    response = await maria.slack.command(HEALTH_1, "edit #3")
    assert response.status == 200
    [modal] = await standin.wait_for(lambda: standin.open_modals(HEALTH_1))
    values = modal_values("Collect shift-swap stories from night staff", owner=HEALTH_1)
    answer = await slack.submit_view(HEALTH_1, modal["id"], values)
    assert (answer.json_or_none() or {}).get("response_action") != "errors", answer.body
    await standin.wait_for(
        lambda: [m for m in standin.dm_messages(HEALTH_1) if "Saved" in visible(m)]
    )

    await run_days(bot, standin, runs_between(date(2026, 12, 8), 6), received)  # to Dec 13

    quiet = received.first_day_with_line(HEALTH_1, "No update on", "`#3`")
    assert quiet == date(2026, 12, 11), received.texts(HEALTH_1)
    assert (await history(bot, 3))[-1].kind == "edit"
    assert "Changed the title" in await maria.plan("show #3")


# --------------------------------------------------------------------------- a TA's nudge


async def test_a_tas_nudge_neither_is_limited_nor_holds_back_the_rhythm(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn
) -> None:
    """A TA's `/plan nudge` on Wednesday does not push Thursday's check-in four days back (the
    spacing counts what the bot sends on its own), and one the day after the check-in, inside
    the four days, still reaches Maria at once."""
    await setup_rhythm(people)
    bot.clock.set(CHECKIN - timedelta(days=1))
    assert "Check-in sent to 2 people." in await people["ta"].plan("nudge mercy Any news?")

    await nudges_at(bot, CHECKIN)
    bot.clock.set(CHECKIN + timedelta(days=1))
    assert "Check-in sent to 2 people." in await people["ta"].plan("nudge mercy How is it going?")

    titles = [str(m["text"]) for m in nudges_to(standin, HEALTH_1)]
    assert titles == [
        "A check-in from your TA team",
        "Check-in after Session 1",
        "A check-in from your TA team",
    ]
    assert "How is it going?" in visible(nudges_to(standin, HEALTH_1)[-1])
