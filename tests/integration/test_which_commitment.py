"""A reply in a check-in's thread that could be about several commitments is kept while the
bot asks "which one?"; answering with the number records what was written there, as the same
kind of update, even across a restart. Over signed HTTP against the stand-in, clock pinned."""

from __future__ import annotations

from sandbox.api import SlackStandIn
from sandbox.driver import SlackDriver
from tests.support.checkin_thread import (
    ASKED_BACK,
    bot_said,
    say,
    thread_notes,
    two_step_checkin,
)
from tests.support.harness import BotHarness
from tests.support.harness import Person as Someone
from tests.support.rhythm import commitment, history
from tests.support.waits import event_recorded, listeners_finished, reaction_on
from tests.support.workspace import HEALTH_1


async def test_the_number_answers_which_one_and_the_kept_text_is_recorded_after_a_restart(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn, slack: SlackDriver
) -> None:
    channel, ts = await two_step_checkin(bot, people, standin)
    [asked] = await say(slack, standin, channel, ts, "Sent the survey to the night leads")
    assert ASKED_BACK in asked and "(`#1` or `#3`)" in asked
    assert "add what you wrote" in asked and "for a day" in asked

    await bot.restart()  # what she wrote is kept in the database, not in memory
    [told] = await say(slack, standin, channel, ts, "#3")
    assert told == (
        ":white_check_mark: Noted on `#3` *Survey the night shift*: "
        "“Sent the survey to the night leads”."
    )
    assert await reaction_on(standin, channel, "#3") == ["white_check_mark"]
    assert thread_notes(await history(bot, 3)) == [("Sent the survey to the night leads", "thread")]
    assert thread_notes(await history(bot, 1)) == []

    # the question is settled: a second "3" is told to say what to record, and adds nothing
    [again] = await say(slack, standin, channel, ts, "3")
    assert "reply with the number and what to record" in again
    assert len(thread_notes(await history(bot, 3))) == 1


async def test_a_kept_done_marks_the_chosen_commitment_done(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn, slack: SlackDriver
) -> None:
    channel, ts = await two_step_checkin(bot, people, standin)
    await say(slack, standin, channel, ts, "Done! the survey is out")
    [told] = await say(slack, standin, channel, ts, "3")
    assert "Marked `#3`" in told and "*Done*" in told
    assert (await commitment(bot, 3)).status == "done"
    assert (await commitment(bot, 1)).status == "open"
    # the status word sets the status, as the button would; the rest is its note
    assert thread_notes(await history(bot, 3)) == [("the survey is out", "thread")]


async def test_a_number_not_in_the_checkin_is_explained_and_the_text_still_waits(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn, slack: SlackDriver
) -> None:
    channel, ts = await two_step_checkin(bot, people, standin)
    await say(slack, standin, channel, ts, "Talked to HR about it")
    [told] = await say(slack, standin, channel, ts, "#7")
    assert told == (
        "`#7` isn't in this check-in: reply with `#1` or `#3` and I'll add what you wrote to it."
    )
    await listeners_finished(standin)
    assert thread_notes(await history(bot, 1) + await history(bot, 3)) == []

    [done] = await say(slack, standin, channel, ts, "1")
    assert "Noted on `#1`" in done and "“Talked to HR about it”" in done
    assert thread_notes(await history(bot, 1)) == [("Talked to HR about it", "thread")]


async def test_a_kept_reply_expires_after_a_day_and_the_number_alone_records_nothing(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn, slack: SlackDriver
) -> None:
    channel, ts = await two_step_checkin(bot, people, standin)
    await say(slack, standin, channel, ts, "Talked to HR about it")
    bot.clock.advance(hours=25)
    [told] = await say(slack, standin, channel, ts, "3")
    assert told.startswith("I kept your earlier message only for a day")
    assert "`#3 sent the draft to HR`" in told
    assert thread_notes(await history(bot, 1) + await history(bot, 3)) == []


async def test_a_retried_number_records_the_kept_text_once(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn, slack: SlackDriver
) -> None:
    channel, ts = await two_step_checkin(bot, people, standin)
    await say(slack, standin, channel, ts, "Talked to HR about it")
    _, event_id = await slack.message_event(HEALTH_1, channel, "#3", thread_ts=ts)
    await event_recorded(bot, event_id)
    await slack.message_event(HEALTH_1, channel, "#3", thread_ts=ts, event_id=event_id, retry_num=1)
    await listeners_finished(standin)
    assert thread_notes(await history(bot, 3)) == [("Talked to HR about it", "thread")]
    assert len([s for s in bot_said(standin, channel, ts) if "Noted on `#3`" in s]) == 1


async def test_a_newer_checkin_ends_the_wait(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn, slack: SlackDriver
) -> None:
    channel, ts = await two_step_checkin(bot, people, standin)
    await say(slack, standin, channel, ts, "Talked to HR about it")
    bot.clock.advance(hours=1)
    assert "Check-in sent" in await people["ta"].plan(f"nudge <@{HEALTH_1}|maria> now")
    [told] = await say(slack, standin, channel, ts, "3")
    assert told.startswith("I kept your earlier message only for a day (or until your next")
    assert thread_notes(await history(bot, 1) + await history(bot, 3)) == []
