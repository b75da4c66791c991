"""A TA's `/plan share` and `/plan nudge` wait for the recipient's allowed hours (their own zone,
quiet hours 18:00–09:00 and weekends by default) unless the TA adds `now`; the send job delivers
them at that moment, and the TA's reply says when they will arrive. A TA's answer to a
question waits the same way."""

from __future__ import annotations

from datetime import UTC, datetime

from sandbox.api import SlackStandIn
from sandbox.driver import SlackDriver
from tests.support import visible
from tests.support.harness import BotHarness
from tests.support.harness import Person as Someone
from tests.support.rhythm import nudges_at, setup_rhythm
from tests.support.waits import listeners_finished
from tests.support.workspace import HEALTH_1, HEALTH_2, LABOR_1, TA

#: Wed Dec 2, 2:59 in Chicago (maria, jorge) and 3:59 in New York (sam): everyone's quiet hours.
NIGHT = datetime(2026, 12, 2, 8, 59, tzinfo=UTC)
#: 9:00 in New York, still 8:00 in Chicago.
NEW_YORK_MORNING = datetime(2026, 12, 2, 14, 0, tzinfo=UTC)
#: 9:00 in Chicago.
CHICAGO_MORNING = datetime(2026, 12, 2, 15, 0, tzinfo=UTC)
#: Sat Dec 5, 10:00 in Chicago; the following Monday 9:00 in Chicago.
SATURDAY = datetime(2026, 12, 5, 16, 0, tzinfo=UTC)
SUNDAY_NOON = datetime(2026, 12, 6, 18, 0, tzinfo=UTC)
MONDAY_MORNING = datetime(2026, 12, 7, 15, 0, tzinfo=UTC)


def shares_in(standin: SlackStandIn, user_id: str) -> list[str]:
    return [
        visible(m) for m in standin.dm_messages(user_id) if "Precarious work primer" in visible(m)
    ]


def ta_nudges_in(standin: SlackStandIn, user_id: str) -> list[str]:
    return [
        visible(m) for m in standin.dm_messages(user_id) if "asked me to check in" in visible(m)
    ]


async def test_a_share_at_night_waits_for_each_persons_morning(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn
) -> None:
    await setup_rhythm(people)
    bot.clock.set(NIGHT)

    reply = await people["ta"].plan("share 1 all")

    assert "Nothing sent yet; 3 get it at 9:00 their time later today" in reply
    assert "Add `now`" in reply
    assert all(shares_in(standin, who) == [] for who in (HEALTH_1, HEALTH_2, LABOR_1))

    await nudges_at(bot, NEW_YORK_MORNING)
    assert len(shares_in(standin, HEALTH_2)) == 1  # sam, in New York
    assert shares_in(standin, HEALTH_1) == [] and shares_in(standin, LABOR_1) == []

    await nudges_at(bot, CHICAGO_MORNING)
    assert len(shares_in(standin, HEALTH_1)) == 1 and len(shares_in(standin, LABOR_1)) == 1
    assert len(shares_in(standin, HEALTH_2)) == 1  # nothing twice


async def test_now_sends_a_share_or_nudge_even_at_night(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn
) -> None:
    await setup_rhythm(people)
    bot.clock.set(NIGHT)

    reply = await people["ta"].plan(f"share 1 <@{LABOR_1}> now")
    assert "with 1 person." in reply and "Nothing sent yet" not in reply
    assert len(shares_in(standin, LABOR_1)) == 1

    reply = await people["ta"].plan(f"nudge <@{LABOR_1}> now Call me when you can")
    assert "Check-in sent to 1 person." in reply
    [nudge] = ta_nudges_in(standin, LABOR_1)
    assert "Call me when you can" in nudge and "now Call" not in nudge


async def test_a_nudge_on_saturday_arrives_on_monday_morning(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn
) -> None:
    await setup_rhythm(people)
    bot.clock.set(SATURDAY)

    reply = await people["ta"].plan("nudge mercy How did the HR meeting go?")

    assert "Nothing sent yet; 2 get it at 9:00 their time on Mon Dec 7" in reply
    assert ta_nudges_in(standin, HEALTH_1) == [] and ta_nudges_in(standin, HEALTH_2) == []

    await nudges_at(bot, SUNDAY_NOON)
    assert ta_nudges_in(standin, HEALTH_1) == [] and ta_nudges_in(standin, HEALTH_2) == []

    await nudges_at(bot, MONDAY_MORNING)
    for who in (HEALTH_1, HEALTH_2):
        [nudge] = ta_nudges_in(standin, who)
        assert "How did the HR meeting go?" in nudge


async def test_an_answer_written_at_night_reaches_the_asker_in_her_morning(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn, slack: SlackDriver
) -> None:
    await setup_rhythm(people)
    await people["maria"].plan("ask What counts as a 'systems' change?")
    posted = await standin.wait_for(lambda: standin.messages("C0TATEAM01"))
    bot.clock.set(NIGHT)

    await slack.message_event(
        TA, "C0TATEAM01", "Changing how an organization works.", thread_ts=posted[-1]["ts"]
    )
    await listeners_finished(standin)

    def answers() -> list[str]:
        return [visible(m) for m in standin.dm_messages(HEALTH_1) if "answered" in visible(m)]

    assert answers() == []
    await nudges_at(bot, NEW_YORK_MORNING)  # 8:00 in Chicago: still her quiet hours
    assert answers() == []
    await nudges_at(bot, CHICAGO_MORNING)
    [answer] = answers()
    assert "Changing how an organization works." in answer
    # the TA's "Sent to" line in the thread is the listener's last step: end after it
    await listeners_finished(standin)
