"""The between-session rhythm end to end, with time pinned: check-ins, buttons, thread replies,
questions and the weekly digest, over signed HTTP against the stand-in."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import select

from jobs.digest_job import run_digests
from sandbox.api import SlackStandIn
from sandbox.driver import SlackDriver
from storage.models import Question
from tests.support import buttons, visible
from tests.support.harness import BotHarness
from tests.support.harness import Person as Someone
from tests.support.rhythm import (
    CHECKIN,
    commitment,
    history,
    nudge_in,
    nudges_at,
    setup_rhythm,
)
from tests.support.waits import (
    bot_knows_message,
    event_recorded,
    listeners_finished,
    reaction_on,
)
from tests.support.workspace import HEALTH_1, HEALTH_2, LABOR_1, TA


async def test_checkin_after_a_session_goes_once_to_everyone(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn
) -> None:
    await setup_rhythm(people)
    report = await nudges_at(bot, CHECKIN)
    assert len(report.sent) == 3  # maria, sam (Mercy), jorge (Workers United)
    for user_id in (HEALTH_1, HEALTH_2):
        shown = visible(nudge_in(standin, user_id))
        assert "Check-in after Session 1" in shown
        assert "Draft a predictable-scheduling policy" in shown
        assert "wage-theft" not in shown  # only their own organization's commitments
        assert "Precarious work primer" in shown  # the session's resources come along
    jorge = nudge_in(standin, LABOR_1)
    assert "wage-theft" in visible(jorge) and "predictable-scheduling" not in visible(jorge)
    labels = [b["text"]["text"] for b in buttons(jorge)]
    assert labels[:4] == ["Done", "In progress", "Blocked – need help", "Snooze"]
    assert not standin.dm_messages(TA)  # TA providers aren't nudged

    again = await nudges_at(bot, CHECKIN.replace(hour=19))
    assert again.sent == []  # the same job again sends nothing
    assert len(nudge_in(standin, HEALTH_1)["blocks"]) > 0


async def test_quiet_hours_and_pauses_are_respected(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn
) -> None:
    await setup_rhythm(people)
    await people["jorge"].plan("pause until 2026-12-10")
    early = await nudges_at(bot, datetime(2026, 12, 3, 13, 0, tzinfo=UTC))  # 07:00 Chicago
    assert early.sent == []
    report = await nudges_at(bot, CHECKIN)
    assert len(report.sent) == 2
    assert nudge_in(standin, HEALTH_1) and nudge_in(standin, HEALTH_2)
    assert standin.dm_messages(LABOR_1) == []  # paused: nothing
    await people["jorge"].plan("resume")
    back = await nudges_at(bot, datetime(2026, 12, 4, 16, 30, tzinfo=UTC))
    assert len(back.sent) == 1
    assert "wage-theft" in visible(nudge_in(standin, LABOR_1))


async def test_done_button_updates_and_redraws_in_place(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn, slack: SlackDriver
) -> None:
    await setup_rhythm(people)
    await nudges_at(bot, CHECKIN)
    message = nudge_in(standin, HEALTH_2)
    channel = standin.dm_channel(HEALTH_2)
    assert channel is not None
    response = await slack.click(HEALTH_2, channel, message["ts"], "ft_done", value="1")
    assert response.status == 200
    await standin.wait_for(
        lambda: ":white_check_mark: `#1`" in visible(nudge_in(standin, HEALTH_2))
    )
    assert (await commitment(bot, 1)).status == "done"
    last = (await history(bot, 1))[-1]
    assert (last.actor_slack_id, last.new_status, last.source) == (HEALTH_2, "done", "button")
    redrawn = nudge_in(standin, HEALTH_2)
    assert redrawn["ts"] == message["ts"]
    assert ":white_check_mark: `#1`" in visible(redrawn)
    assert not [b for b in buttons(redrawn) if b["action_id"] == "ft_done" and b["value"] == "1"]

    # the same click again (an old message, another device) changes nothing and says so
    maria = nudge_in(standin, HEALTH_1)
    maria_channel = standin.dm_channel(HEALTH_1) or ""
    shown_before = len(standin.ephemerals(HEALTH_1))  # her `/plan add` answer is one of them
    await slack.click(HEALTH_1, maria_channel, maria["ts"], "ft_done", value="1")
    told = await standin.wait_for(lambda: standin.ephemerals(HEALTH_1)[shown_before:])
    assert len(told) == 1 and "already *Done*" in told[0]["text"]
    assert len([u for u in await history(bot, 1) if u.new_status == "done"]) == 1

    # someone no longer in the organization is answered kindly, and nothing changes
    await people["ta"].plan(f"member remove <@{LABOR_1}>")
    jorge = nudge_in(standin, LABOR_1)
    shown_before = len(standin.ephemerals(LABOR_1))
    await slack.click(
        LABOR_1, standin.dm_channel(LABOR_1) or "", jorge["ts"], "ft_progress", value="2"
    )
    told = await standin.wait_for(lambda: standin.ephemerals(LABOR_1)[shown_before:])
    assert len(told) == 1 and "ask a TA provider to add you" in told[0]["text"]
    assert (await commitment(bot, 2)).status == "open"


async def test_blocked_asks_why_and_alerts_the_ta_team(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn, slack: SlackDriver
) -> None:
    await setup_rhythm(people)
    await nudges_at(bot, CHECKIN)
    message = nudge_in(standin, HEALTH_1)
    channel = standin.dm_channel(HEALTH_1)
    assert channel is not None
    await slack.click(HEALTH_1, channel, message["ts"], "ft_blocked", value="1")
    modal = await standin.wait_for(lambda: standin.open_modals(HEALTH_1))
    view = modal[-1]
    answer = await slack.submit_view(
        HEALTH_1,
        view["id"],
        {"reason": {"reason": {"type": "plain_text_input", "value": "HR won't share <schedules>"}}},
    )
    assert answer.status == 200
    alerts = await standin.wait_for(lambda: standin.messages("C0TATEAM01"))
    shown = visible(alerts[-1])
    assert "Mercy Health Clinic" in shown and "needs help" in shown
    assert "HR won't share &lt;schedules&gt;" in shown
    assert (await commitment(bot, 1)).status == "blocked"
    assert (await history(bot, 1))[-1].note == "HR won't share <schedules>"

    # the coaching loop: a TA provider's reply in the alert's thread reaches Maria
    await bot_knows_message(bot, "C0TATEAM01", alerts[-1]["ts"])
    await slack.message_event(
        TA,
        "C0TATEAM01",
        "Try the scheduling data request template, resource 1.",
        thread_ts=alerts[-1]["ts"],
    )
    coached = await standin.wait_for(
        lambda: [m for m in standin.dm_messages(HEALTH_1) if "replied about" in visible(m)]
    )
    assert "scheduling data request template" in visible(coached[-1])
    last = (await history(bot, 1))[-1]
    assert (last.actor_slack_id, last.source) == (TA, "thread")
    # the TA's "Sent to" line in the thread is the listener's last step: end after it
    await listeners_finished(standin)


async def test_thread_reply_is_recorded_once_however_often_slack_retries(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn, slack: SlackDriver
) -> None:
    await setup_rhythm(people)
    await nudges_at(bot, CHECKIN)
    message = nudge_in(standin, LABOR_1)
    channel = standin.dm_channel(LABOR_1)
    assert channel is not None
    _, event_id = await slack.message_event(
        LABOR_1, channel, "Printed 200 copies for the union hall", thread_ts=message["ts"]
    )
    await event_recorded(bot, event_id)  # the first delivery is handled before Slack retries
    for retry in (1, 2, 3):
        response, _ = await slack.message_event(
            LABOR_1,
            channel,
            "Printed 200 copies for the union hall",
            thread_ts=message["ts"],
            event_id=event_id,
            retry_num=retry,
        )
        assert response.status == 200
    await listeners_finished(standin)  # every retry's listener has run to its end
    assert await reaction_on(standin, channel, "Printed 200 copies for the union hall") == [
        "white_check_mark"
    ]
    notes = [u for u in await history(bot, 2) if u.source == "thread"]
    assert [u.note for u in notes] == ["Printed 200 copies for the union hall"]
    reply = next(m for m in standin.messages(channel) if m.get("text", "").startswith("Printed"))
    assert [r["name"] for r in reply.get("reactions", [])] == ["white_check_mark"]
    assert len(reply["reactions"][0].get("users", [])) == 1

    # "done" in a reply completes it
    await slack.message_event(LABOR_1, channel, "done: all handed out", thread_ts=message["ts"])

    def acknowledged() -> bool:
        done = [m for m in standin.messages(channel) if m.get("text", "").startswith("done:")]
        return bool(done and done[0].get("reactions"))

    await standin.wait_for(acknowledged)
    assert (await commitment(bot, 2)).status == "done"


async def test_deliveries_of_one_event_arriving_together_are_recorded_once(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn, slack: SlackDriver
) -> None:
    """Slack retries while the first delivery is still being handled: four listeners race for
    the same event id. One records it, the others find it; none crashes (before SQLite writers
    took the lock up front, three of the four died with "database is locked", only logged)."""
    await setup_rhythm(people)
    await nudges_at(bot, CHECKIN)
    message = nudge_in(standin, LABOR_1)
    channel = standin.dm_channel(LABOR_1) or ""
    text = "Dropped the guides at the clinic"
    _, event_id = await slack.message_event(LABOR_1, channel, text, thread_ts=message["ts"])
    for retry in (1, 2, 3):  # sent at once, without waiting for the first to be handled
        await slack.message_event(
            LABOR_1, channel, text, thread_ts=message["ts"], event_id=event_id, retry_num=retry
        )
    await listeners_finished(standin)
    await event_recorded(bot, event_id)
    assert [u.note for u in await history(bot, 2) if u.source == "thread"] == [text]
    assert await reaction_on(standin, channel, text) == ["white_check_mark"]


async def test_reply_in_a_thread_that_is_not_a_nudge_is_ignored(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn, slack: SlackDriver
) -> None:
    await setup_rhythm(people)
    await nudges_at(bot, CHECKIN)
    posted = await bot.process.app.client.chat_postMessage(channel="C0GENERAL", text="hello")
    response, _ = await slack.message_event(
        HEALTH_1, "C0GENERAL", "#1 note?", thread_ts=posted["ts"]
    )
    assert response.status == 200
    # a positive signal first: a reply sent after it, in a nudge's thread, is fully handled ...
    channel = standin.dm_channel(HEALTH_1) or ""
    await slack.message_event(
        HEALTH_1, channel, "#1 sentinel", thread_ts=nudge_in(standin, HEALTH_1)["ts"]
    )
    await reaction_on(standin, channel, "#1 sentinel")
    await listeners_finished(standin)  # ... and so is every event before it
    notes = [u.note for u in await history(bot, 1) if u.source == "thread"]
    assert notes == ["sentinel"]  # the foreign thread's "#1 note?" left nothing
    assert not message_reactions(standin, "C0GENERAL", "#1 note?")


def message_reactions(standin: SlackStandIn, channel: str, text: str) -> list[Any]:
    found = [m for m in standin.messages(channel) if m.get("text") == text]
    assert len(found) == 1
    return list(found[0].get("reactions") or [])


async def test_a_question_round_trips(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn, slack: SlackDriver
) -> None:
    await setup_rhythm(people)
    reply = await people["maria"].plan("ask What counts as a 'systems' change?")
    assert "went to the TA team" in reply
    posted = await standin.wait_for(lambda: standin.messages("C0TATEAM01"))
    assert "What counts as a 'systems' change?" in visible(posted[-1])
    bot.clock.advance(hours=3)
    await slack.message_event(
        TA,
        "C0TATEAM01",
        "Changing how an organization works, e.g. scheduling rules.",
        thread_ts=posted[-1]["ts"],
    )
    answer = await standin.wait_for(
        lambda: [m for m in standin.dm_messages(HEALTH_1) if "answered" in visible(m)]
    )
    assert "scheduling rules" in visible(answer[-1])
    async with bot.runtime.uow() as uow:
        question = await uow.session.scalar(select(Question))
    assert question is not None and question.answered_by_slack_id == TA
    # the TA's "Sent to" line in the thread is the listener's last step: end after it
    await listeners_finished(standin)


async def test_weekly_digest_is_posted_once_per_period(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn
) -> None:
    await setup_rhythm(people)
    bot.clock.set(datetime(2026, 12, 4, 16, 0, tzinfo=UTC))
    await people["maria"].plan("done 1 Board approved it")
    await people["jorge"].plan("status 2 blocked Waiting on printing budget")
    monday = datetime(2026, 12, 7, 15, 5, tzinfo=UTC)  # Mon 09:05 in Chicago
    bot.clock.set(monday)
    client = bot.process.app.client
    await run_digests(bot.runtime.uow, client, monday)
    await run_digests(bot.runtime.uow, client, monday.replace(minute=30))
    summaries = [
        m
        for m in standin.messages("C0DIGEST01")
        if not m.get("thread_ts") or m.get("thread_ts") == m.get("ts")
    ]
    assert len(summaries) == 1
    everything = visible(summaries[0]) + "\n".join(
        visible(m) for m in standin.thread("C0DIGEST01", summaries[0]["ts"])
    )
    assert "Mercy Health Clinic" in everything and "Workers United Center" in everything
    assert "Draft a predictable-scheduling policy" in everything  # done this week
    assert "Waiting on printing budget" in everything  # blocked, with the help needed
    assert "Session 2" in everything  # the countdown to the next session


@pytest.mark.parametrize("who", ["maria"])
async def test_participant_cannot_nudge_or_share(
    bot: BotHarness, people: dict[str, Someone], who: str
) -> None:
    await setup_rhythm(people)
    assert "Only TA providers" in await people[who].plan("nudge all")
    assert "Only TA providers" in await people[who].plan("share 1 all")


async def test_after_the_last_session_the_rhythm_turns_monthly_until_closed(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn
) -> None:
    await setup_rhythm(people)
    client = bot.process.app.client
    # Both sessions (Dec 1 and Dec 15) are over by January: digests become monthly, on the
    # first Monday of the month, and a second Monday posts nothing.
    first_monday = datetime(2027, 1, 4, 15, 5, tzinfo=UTC)
    bot.clock.set(first_monday)
    await run_digests(bot.runtime.uow, client, first_monday)
    summaries = [m for m in standin.messages("C0DIGEST01") if m.get("thread_ts") in (None, m["ts"])]
    assert len(summaries) == 1 and "Monthly digest" in visible(summaries[0])
    before = len(standin.messages("C0DIGEST01"))
    second_monday = datetime(2027, 1, 11, 15, 5, tzinfo=UTC)
    bot.clock.set(second_monday)
    await run_digests(bot.runtime.uow, client, second_monday)
    assert len(standin.messages("C0DIGEST01")) == before

    # a monthly check-in reaches participants on the first allowed day of the month
    report = await nudges_at(bot, datetime(2027, 2, 1, 16, 30, tzinfo=UTC))
    assert len(report.sent) == 3
    assert "Monthly check-in" in visible(standin.dm_messages(HEALTH_1)[-1])

    # closing the collaborative stops nudges and digests
    assert "closed" in await people["ta"].plan("close")
    first_in_march = datetime(2027, 3, 1, 16, 30, tzinfo=UTC)
    assert (await nudges_at(bot, first_in_march)).sent == []
    before = len(standin.messages("C0DIGEST01"))
    await run_digests(bot.runtime.uow, client, first_in_march)
    assert len(standin.messages("C0DIGEST01")) == before
