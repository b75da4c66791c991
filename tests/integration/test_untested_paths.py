"""Paths people meet that had no test: Snooze, the "which commitment?" ask-back, `/plan`'s
answer to an unexpected error, more replies than a response URL takes, questions to TA DMs when
there is no TA channel, and a digest Slack refuses. Over signed HTTP against the stand-in,
asserting what the person sees.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

import core.commitments
from bot.dispatch import UNEXPECTED, run_command
from jobs.digest_job import run_digests
from sandbox.api import SlackStandIn
from sandbox.driver import SlackDriver
from storage.models import Digest
from tests.support import visible
from tests.support.errors import ErrorLog
from tests.support.harness import BotHarness, Person
from tests.support.listing import seed, seed_copies
from tests.support.rhythm import (
    CHECKIN,
    commitment,
    history,
    nudge_in,
    nudges_at,
    setup_collaborative,
    setup_rhythm,
)
from tests.support.waits import (
    bot_knows_message,
    event_recorded,
    listeners_finished,
    reaction_on,
)
from tests.support.workspace import DIGEST_CHANNEL, HEALTH_1, LABOR_1, TA, TA2, TA_CHANNEL

# ------------------------------------------------------------------------------ snooze


async def test_snooze_says_so_and_no_reminder_comes_until_it_ends(
    bot: BotHarness, people: dict[str, Person], standin: SlackStandIn, slack: SlackDriver
) -> None:
    """Jorge's only commitment is snoozed on Tuesday (three days): Thursday's check-in, due to
    everyone else, leaves him out; Friday, after the snooze ends, it reaches him."""
    await setup_rhythm(people)
    assert "Check-in sent to 1 person" in await people["ta"].plan("nudge workers-united-center")
    nudge = await standin.wait_for(
        lambda: [m for m in standin.dm_messages(LABOR_1) if m.get("blocks")]
    )
    channel = standin.dm_channel(LABOR_1) or ""
    shown_before = len(standin.ephemerals(LABOR_1))
    clicked_at = bot.clock.now
    await slack.click(LABOR_1, channel, nudge[-1]["ts"], "ft_snooze", value="2")
    told = await standin.wait_for(lambda: standin.ephemerals(LABOR_1)[shown_before:])
    assert [m["text"] for m in told] == ["Snoozed `#2`: no reminders about it for a few days."]
    snoozed = await commitment(bot, 2)
    assert snoozed.snoozed_until == clicked_at + timedelta(days=3)
    assert [(u.kind, u.source, u.actor_slack_id) for u in (await history(bot, 2))[-1:]] == [
        ("snooze", "button", LABOR_1)
    ]

    received = len([m for m in standin.dm_messages(LABOR_1) if m.get("blocks")])
    thursday = await nudges_at(bot, CHECKIN)
    assert len(thursday.sent) == 2  # maria and sam; jorge's only step is snoozed
    assert len([m for m in standin.dm_messages(LABOR_1) if m.get("blocks")]) == received

    friday = CHECKIN + timedelta(days=1)  # Fri 10:30 in Chicago, the snooze over
    assert snoozed.snoozed_until is not None and snoozed.snoozed_until < friday
    report = await nudges_at(bot, friday)
    assert len(report.sent) == 1
    last = visible(standin.dm_messages(LABOR_1)[-1])
    assert "Check-in after Session 1" in last and "wage-theft" in last


# ------------------------------------------------------------------ which commitment?


async def test_an_ambiguous_thread_reply_is_asked_back_and_a_numbered_one_recorded(
    bot: BotHarness, people: dict[str, Person], standin: SlackStandIn, slack: SlackDriver
) -> None:
    await setup_rhythm(people)
    assert "#3" in await people["maria"].plan("add Survey the night shift due 2026-12-21")
    await nudges_at(bot, CHECKIN)
    nudge = nudge_in(standin, HEALTH_1)
    channel = standin.dm_channel(HEALTH_1) or ""
    _, event_id = await slack.message_event(
        HEALTH_1, channel, "making progress", thread_ts=nudge["ts"]
    )
    await event_recorded(bot, event_id)
    asked = await standin.wait_for(lambda: bot_replies(standin, channel, nudge["ts"]))
    # the ask-back names the numbers to answer with (test_which_commitment answers it)
    assert len(asked) == 1 and "Which commitment is this about?" in asked[0]["text"]
    assert "(`#1` or `#3`)" in asked[0]["text"]
    assert [u for u in await history(bot, 1) + await history(bot, 3) if u.source == "thread"] == []

    await slack.message_event(HEALTH_1, channel, "#3 sent it to HR", thread_ts=nudge["ts"])
    assert await reaction_on(standin, channel, "#3 sent it to HR") == ["white_check_mark"]
    await listeners_finished(standin)
    # the number names the commitment; the rest is the note, and the thread says so
    assert [u.note for u in await history(bot, 3) if u.source == "thread"] == ["sent it to HR"]
    assert [u for u in await history(bot, 1) if u.source == "thread"] == []
    replies = bot_replies(standin, channel, nudge["ts"])
    assert len(replies) == 2 and replies[1]["text"].startswith(":white_check_mark: Noted on `#3`")


def bot_replies(standin: SlackStandIn, channel: str, thread_ts: str) -> list[dict[str, Any]]:
    """What the bot said in a thread, the thread's own first message left out."""
    thread = standin.thread(channel, thread_ts)
    return [m for m in thread if m.get("bot_id") and m["ts"] != thread_ts]


# -------------------------------------------------------------- an unexpected error


@pytest.mark.expect_errors(r"/plan 'list' from UHEALTH001 failed(.|\n)*a bug nobody foresaw")
async def test_an_unexpected_error_is_one_line_without_a_trace_and_changes_nothing(
    bot: BotHarness,
    people: dict[str, Person],
    monkeypatch: pytest.MonkeyPatch,
    error_log: ErrorLog,
) -> None:
    await setup_collaborative(people)
    await people["maria"].plan("add First step")

    async def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("a bug nobody foresaw")  # not a database error: those say so

    monkeypatch.setattr(core.commitments, "list_commitments", broken)
    replies = await people["maria"].plan_replies("list")
    assert [r["text"] for r in replies] == [f":warning: {UNEXPECTED}"]
    assert "a bug nobody foresaw" not in str(replies) and "Traceback" not in str(replies)
    assert error_log.matching(
        "a bug nobody foresaw"
    )  # the trace went to the log, for the operators
    monkeypatch.undo()
    assert "First step" in await people["maria"].plan("list")


# ------------------------------------------------------ more than a response URL takes


async def test_more_replies_than_a_response_url_takes_end_with_a_note(
    bot: BotHarness, people: dict[str, Person], standin: SlackStandIn
) -> None:
    """A response URL takes five posts: the fifth says how many messages were left out."""
    await seed(bot, people)  # 450 commitments with long titles fit in fewer than five ...
    await seed_copies(bot, copies=9)  # ... 4,500 do not
    replies = await run_command(
        bot.runtime, bot.process.app.client, team_id="T0SANDBOX", user_id=TA, text="list"
    )
    assert len(replies) > 5, "the listing must need more than five messages for this test"
    shown = await people["ta"].plan_replies("list", count=5)
    assert len(shown) == 5
    assert all(c.ok for c in standin.calls if c.method == "response_url")
    assert shown[4]["text"] == (
        f"…and {len(replies) - 4} more messages. Narrow it down, e.g. `/plan list <organization>`."
    )
    assert "`#1`" in visible(shown[0])


# ------------------------------------------------- TA DMs when there is no TA channel


async def test_without_a_ta_channel_a_question_reaches_each_ta_by_dm_and_the_answer_returns(
    bot: BotHarness, people: dict[str, Person], standin: SlackStandIn, slack: SlackDriver
) -> None:
    await setup_collaborative(people)
    await people["ta"].plan(f"ta add <@{TA2}>")
    reply = await people["maria"].plan("ask Does a scheduling policy count as systems change?")
    assert "went to the TA team" in reply
    for ta in (TA, TA2):
        dms = await standin.wait_for(lambda ta=ta: standin.dm_messages(ta))
        assert len(dms) == 1 and "scheduling policy count as systems" in visible(dms[0])
    assert standin.messages(TA_CHANNEL) == []

    question = standin.dm_messages(TA2)[0]
    await slack.message_event(
        TA2,
        standin.dm_channel(TA2) or "",
        "Yes: it changes how the organization works.",
        thread_ts=question["ts"],
    )
    answer = await standin.wait_for(
        lambda: [m for m in standin.dm_messages(HEALTH_1) if "answered" in visible(m)]
    )
    assert "changes how the organization works" in visible(answer[-1])
    # the TA's "Sent to" line in the thread is the listener's last step: end after it
    await listeners_finished(standin)


async def test_without_a_ta_channel_a_help_request_reaches_each_ta_by_dm(
    bot: BotHarness, people: dict[str, Person], standin: SlackStandIn, slack: SlackDriver
) -> None:
    """Blocked - need help with no TA channel set: every TA provider gets the alert as a DM, and
    a reply in that DM's thread reaches the person as coaching."""
    await setup_collaborative(people)
    await people["ta"].plan(f"ta add <@{TA2}>")
    assert "#1" in await people["maria"].plan("add Draft a predictable-scheduling policy")
    assert "Check-in sent" in await people["ta"].plan("nudge mercy")
    nudge = await standin.wait_for(
        lambda: [m for m in standin.dm_messages(HEALTH_1) if m.get("blocks")]
    )
    channel = standin.dm_channel(HEALTH_1) or ""
    await slack.click(HEALTH_1, channel, nudge[-1]["ts"], "ft_blocked", value="1")
    [view] = await standin.wait_for(lambda: standin.open_modals(HEALTH_1))
    reason = {"reason": {"reason": {"type": "plain_text_input", "value": "No HR data yet"}}}
    assert (await slack.submit_view(HEALTH_1, view["id"], reason)).status == 200
    for ta in (TA, TA2):
        alerts = await standin.wait_for(
            lambda ta=ta: [m for m in standin.dm_messages(ta) if "needs help" in visible(m)]
        )
        assert len(alerts) == 1 and "No HR data yet" in visible(alerts[0])
    assert standin.messages(TA_CHANNEL) == []
    assert (await commitment(bot, 1)).status == "blocked"

    alert = next(m for m in standin.dm_messages(TA2) if "needs help" in visible(m))
    ta2_channel = standin.dm_channel(TA2) or ""
    await bot_knows_message(bot, ta2_channel, alert["ts"])
    await slack.message_event(
        TA2, ta2_channel, "Ask the union for last year's schedules.", thread_ts=alert["ts"]
    )
    coached = await standin.wait_for(
        lambda: [m for m in standin.dm_messages(HEALTH_1) if "replied about" in visible(m)]
    )
    assert "union for last year" in visible(coached[-1])
    # the TA's "Sent to" line in the thread is the listener's last step: end after it
    await listeners_finished(standin)


# ------------------------------------------------------------------ a refused digest


async def test_a_digest_slack_refuses_is_reported_and_posted_on_the_next_run(
    bot: BotHarness,
    people: dict[str, Person],
    standin: SlackStandIn,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Removed from the digest channel, the bot gets `not_in_channel`: the period is not marked
    posted (nothing is lost), the failure is logged, and once the bot is back the next run of
    the job posts it."""
    await setup_rhythm(people)
    standin.workspace.channels[DIGEST_CHANNEL].members.discard(standin.workspace.bot_user_id)
    monday = datetime(2026, 12, 7, 15, 5, tzinfo=UTC)  # Mon 09:05 in Chicago
    bot.clock.set(monday)
    client = bot.process.app.client
    with caplog.at_level(logging.WARNING, logger="jobs"):
        assert await run_digests(bot.runtime.uow, client, monday) == []
    refused = [c for c in standin.calls_to("chat.postMessage") if c.error]
    assert [c.error for c in refused] == ["not_in_channel"]
    assert any(
        "not_in_channel" in r.getMessage() for r in caplog.records if r.name == "jobs.digest_job"
    )
    async with bot.runtime.uow() as uow:
        assert await uow.session.scalar(select(func.count()).select_from(Digest)) == 0
    assert standin.messages(DIGEST_CHANNEL) == []

    standin.workspace.channels[DIGEST_CHANNEL].members.add(standin.workspace.bot_user_id)
    later = monday + timedelta(minutes=5)
    bot.clock.set(later)
    assert len(await run_digests(bot.runtime.uow, client, later)) == 1
    summaries = [
        m for m in standin.messages(DIGEST_CHANNEL) if m.get("thread_ts") in (None, m["ts"])
    ]
    assert len(summaries) == 1 and "Weekly digest" in visible(summaries[0])
