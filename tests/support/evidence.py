"""A month of a collaborative, played over signed HTTP with the clock pinned at every step, whose
every figure is worked out by hand below (shared by the report, engagement.csv and
pseudonymized-export tests).

Mercy Health Clinic (health: maria, sam) and Workers United Center (labor: jorge), made by
`setup_rhythm` on Tue Dec 1 2026 (#1 maria's, due Dec 20; #2 jorge's, due Dec 22). Then, UTC:

- Dec 1 15:00  maria adds #3 due Dec 2; sam adds #4 and drops it; jorge adds #5 (no due date).
- Dec 3 16:30  the nudge job sends the check-in after session 1 to maria, sam and jorge; each
               carries resource 1 (so it is shared with both organizations).
- Dec 3 17:30  maria presses Done on #1 in her check-in (button): answers it after 1 h.
- Dec 3 17:45  maria opens resource 1 from her check-in.
- Dec 3 19:30  jorge replies in his check-in's thread about #2: answers it after 3 h.
- Dec 4 15:00  maria asks a question.
- Dec 4 16:00  the TA nudges Mercy (`/plan nudge mercy now`): maria and sam again.
- Dec 4 18:00  sam notes #3 (`/plan note`): answers his second nudge after 2 h (his first one,
               before it, stays unanswered; so does maria's second).
- Dec 4 19:00  the TA answers maria's question in its thread: 4 h.
- Dec 4 20:00  jorge types `/plan status 5 blocked …`: a help request to the TA team.
- Dec 4 21:00  the TA answers it in the alert's thread.
- Dec 4 21:30  the TA adds resource 2 and shares it with Workers United now.
- Dec 9 15:00  jorge asks a question nobody answers.
- Dec 9 15:30  the TA introduces Mercy and Workers United.
- Dec 9 16:00  jorge adds #6.

The report is read at REPORT_AT, Tue Jan 5 2027 16:00 UTC: the last four weeks are after
Dec 8 16:00, so they hold only Dec 9's events; #3 (due Dec 2) and #2 (due Dec 22) are overdue.
"""

from __future__ import annotations

from datetime import UTC, datetime

from bot.blocks.nudge import ACTION_RESOURCE
from sandbox.api import SlackStandIn
from sandbox.driver import SlackDriver
from tests.support import buttons, visible
from tests.support.harness import BotHarness, Person
from tests.support.rhythm import CHECKIN, commitment, nudge_in, nudges_at, setup_rhythm
from tests.support.waits import bot_knows_message, listeners_finished, reaction_on
from tests.support.workspace import HEALTH_1, HEALTH_2, LABOR_1, TA, TA_CHANNEL

REPORT_AT = datetime(2027, 1, 5, 16, 0, tzinfo=UTC)
JORGE_NOTE = "#2 Printed 200 copies for the union hall"


def at(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


async def _ta_thread_reply(
    bot: BotHarness, slack: SlackDriver, standin: SlackStandIn, posted: dict[str, object], text: str
) -> None:
    ts = str(posted["ts"])
    await bot_knows_message(bot, TA_CHANNEL, ts)
    await slack.message_event(TA, TA_CHANNEL, text, thread_ts=ts)
    await listeners_finished(standin)


async def play_month(
    bot: BotHarness, people: dict[str, Person], standin: SlackStandIn, slack: SlackDriver
) -> None:
    """Everything listed in the module's docstring, each step finished before the clock moves."""
    await setup_rhythm(people)
    maria, sam, jorge, ta = people["maria"], people["sam"], people["jorge"], people["ta"]
    assert "#3" in await maria.plan("add Train the front desk due 2026-12-02")
    assert "#4" in await sam.plan("add Print flyers")
    assert "Dropped" in await sam.plan("status 4 dropped")
    assert "#5" in await jorge.plan("add Survey our members")

    report = await nudges_at(bot, CHECKIN)
    assert len(report.sent) == 3

    bot.clock.set(at(12, 3, 17, 30))
    nudge = nudge_in(standin, HEALTH_1)
    channel = standin.dm_channel(HEALTH_1) or ""
    await slack.click(HEALTH_1, channel, nudge["ts"], "ft_done", value="1")
    await standin.wait_for(
        lambda: ":white_check_mark: `#1`" in visible(nudge_in(standin, HEALTH_1))
    )
    assert (await commitment(bot, 1)).status == "done"

    bot.clock.set(at(12, 3, 17, 45))
    [link] = [b for b in buttons(nudge) if b["action_id"].startswith(ACTION_RESOURCE)]
    await slack.click(HEALTH_1, channel, nudge["ts"], link["action_id"], value=link["value"])
    await listeners_finished(standin)

    bot.clock.set(at(12, 3, 19, 30))
    jorge_dm = standin.dm_channel(LABOR_1) or ""
    await slack.message_event(
        LABOR_1, jorge_dm, JORGE_NOTE, thread_ts=nudge_in(standin, LABOR_1)["ts"]
    )
    assert await reaction_on(standin, jorge_dm, JORGE_NOTE) == ["white_check_mark"]

    bot.clock.set(at(12, 4, 15))
    assert "went to the TA team" in await maria.plan("ask How do we measure a systems change?")
    question = await standin.wait_for(
        lambda: [m for m in standin.messages(TA_CHANNEL) if "systems change" in visible(m)]
    )

    bot.clock.set(at(12, 4, 16))
    assert "Check-in sent" in await ta.plan("nudge mercy now")

    bot.clock.set(at(12, 4, 18))
    assert "#3" in await sam.plan("note 3 Booked the trainer")

    bot.clock.set(at(12, 4, 19))
    await _ta_thread_reply(bot, slack, standin, question[0], "Count rules and budgets changed.")

    bot.clock.set(at(12, 4, 20))
    await jorge.plan("status 5 blocked Need a survey tool")
    alert = await standin.wait_for(
        lambda: [m for m in standin.messages(TA_CHANNEL) if "needs help" in visible(m)]
    )

    bot.clock.set(at(12, 4, 21))
    await _ta_thread_reply(bot, slack, standin, alert[0], "Try the free county survey kit.")
    await standin.wait_for(
        lambda: [m for m in standin.dm_messages(LABOR_1) if "survey kit" in visible(m)]
    )

    bot.clock.set(at(12, 4, 21, 30))
    assert "Resource 2" in await ta.plan("resource add https://example.org/survey Survey how-to")
    assert "Shared" in await ta.plan("share 2 workers-united-center now")

    bot.clock.set(at(12, 9, 15))
    assert "went to the TA team" in await jorge.plan("ask Who has a county contact?")
    bot.clock.set(at(12, 9, 15, 30))
    await ta.plan("intro mercy workers-united-center")
    bot.clock.set(at(12, 9, 16))
    assert "#6" in await jorge.plan("add Call the county")

    bot.clock.set(REPORT_AT)


__all__ = ["HEALTH_2", "JORGE_NOTE", "REPORT_AT", "play_month"]
