"""What a reply in a check-in's thread says is what is recorded: "#3 done" marks it done (in
English or Spanish, the number before or after the word), a reply about several commitments
records each part on its own commitment, several unclear replies all wait for one number, and
the thread says exactly what was recorded. Over signed HTTP against the stand-in, clock pinned.

(Issue: Maria's "done", "#2 done, #15 in progress - called them", "ok" were each asked back,
only "ok" survived her answer, and "#15 done" stayed Open as a note.)"""

from __future__ import annotations

import pytest

from sandbox.api import SlackStandIn
from sandbox.driver import SlackDriver
from tests.support import visible
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

DRAFT = "`#1` *Draft a predictable-scheduling policy*"
SURVEY = "`#3` *Survey the night shift*"
TA_CHANNEL = "C0TATEAM01"


@pytest.mark.parametrize(
    ("reply", "status", "note", "said"),
    [
        ("#3 done", "done", None, f"Marked {SURVEY} *Done*."),
        ("#3: done", "done", None, f"Marked {SURVEY} *Done*."),
        (
            "done #3 sent it to the leads",
            "done",
            "sent it to the leads",
            f"Marked {SURVEY} *Done*, noting “sent it to the leads”.",
        ),
        (
            "#3 in progress - called them",
            "in-progress",
            "called them",
            f"Marked {SURVEY} *In progress*, noting “called them”.",
        ),
        ("#3 hecho", "done", None, f"Marked {SURVEY} *Done*."),
        (
            "#3 en curso, llamé a RR. HH.",
            "in-progress",
            "llamé a RR. HH.",
            f"Marked {SURVEY} *In progress*, noting “llamé a RR. HH.”.",
        ),
        (
            "#3 sent the draft",
            "open",
            "sent the draft",
            f"Noted on {SURVEY}: “sent the draft”.",
        ),
    ],
)
async def test_a_status_word_with_the_number_sets_that_status_and_says_so(
    bot: BotHarness,
    people: dict[str, Someone],
    standin: SlackStandIn,
    slack: SlackDriver,
    reply: str,
    status: str,
    note: str | None,
    said: str,
) -> None:
    channel, ts = await two_step_checkin(bot, people, standin)
    [told] = await say(slack, standin, channel, ts, reply)
    assert told == f":white_check_mark: {said}"
    assert await reaction_on(standin, channel, reply) == ["white_check_mark"]
    assert (await commitment(bot, 3)).status == status
    assert (await commitment(bot, 1)).status == "open"
    assert thread_notes(await history(bot, 3)) == [(note, "thread")]


async def test_blocked_in_spanish_marks_it_blocked_and_asks_the_ta_team_for_help(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn, slack: SlackDriver
) -> None:
    channel, ts = await two_step_checkin(bot, people, standin)
    [told] = await say(slack, standin, channel, ts, "bloqueado #3 falta la firma de RR. HH.")
    assert told == (
        f":white_check_mark: Marked {SURVEY} *Blocked*, noting “falta la firma de RR. HH.”."
    )
    assert (await commitment(bot, 3)).status == "blocked"
    # as the button and the typed `blocked` do, the TA team hears of it with the reason
    alerts = await standin.wait_for(
        lambda: [m for m in standin.messages(TA_CHANNEL) if "falta la firma" in visible(m)]
    )
    assert len(alerts) == 1 and "#3" in visible(alerts[0])


async def test_a_reply_about_two_commitments_records_each_part_and_says_so_once(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn, slack: SlackDriver
) -> None:
    channel, ts = await two_step_checkin(bot, people, standin)
    reply = "#1 done, #3 in progress - called them, waiting on a reply"
    told = await say(slack, standin, channel, ts, reply)
    assert told == [
        f":white_check_mark: Marked {DRAFT} *Done* and marked {SURVEY} *In progress*, "
        "noting “called them, waiting on a reply”."
    ]
    assert ASKED_BACK not in told[0]
    assert (await commitment(bot, 1)).status == "done"
    assert (await commitment(bot, 3)).status == "in-progress"
    assert thread_notes(await history(bot, 1)) == [(None, "thread")]
    assert thread_notes(await history(bot, 3)) == [("called them, waiting on a reply", "thread")]


async def test_several_unclear_replies_are_all_kept_asked_once_and_recorded_in_order(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn, slack: SlackDriver
) -> None:
    channel, ts = await two_step_checkin(bot, people, standin)
    [asked] = await say(slack, standin, channel, ts, "done")
    assert ASKED_BACK in asked and "waits for the same number" in asked

    # the next unclear reply is kept quietly: a ✅, no second question
    await slack.message_event(HEALTH_1, channel, "ok, the leads have it", thread_ts=ts)
    assert await reaction_on(standin, channel, "ok, the leads have it") == ["white_check_mark"]
    await listeners_finished(standin)
    assert bot_said(standin, channel, ts) == [asked]
    assert thread_notes(await history(bot, 1) + await history(bot, 3)) == []

    [told] = await say(slack, standin, channel, ts, "#3")
    assert told == (
        f":white_check_mark: Marked {SURVEY} *Done* and noted on {SURVEY}: “ok, the leads have it”."
    )
    assert (await commitment(bot, 3)).status == "done"
    assert thread_notes(await history(bot, 3)) == [
        (None, "thread"),
        ("ok, the leads have it", "thread"),
    ]
    assert thread_notes(await history(bot, 1)) == []


async def test_a_numbered_reply_leaves_the_kept_one_waiting(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn, slack: SlackDriver
) -> None:
    channel, ts = await two_step_checkin(bot, people, standin)
    await say(slack, standin, channel, ts, "talked to HR")
    [told] = await say(slack, standin, channel, ts, "#3 done")
    assert told.startswith(f":white_check_mark: Marked {SURVEY} *Done*.")
    assert "What you wrote before still waits" in told
    [then] = await say(slack, standin, channel, ts, "1")
    assert then == f":white_check_mark: Noted on {DRAFT}: “talked to HR”."


async def test_a_retried_reply_about_two_commitments_is_recorded_once(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn, slack: SlackDriver
) -> None:
    channel, ts = await two_step_checkin(bot, people, standin)
    reply = "#1 hecho, #3 en curso - los llamé"
    _, event_id = await slack.message_event(HEALTH_1, channel, reply, thread_ts=ts)
    await event_recorded(bot, event_id)
    await slack.message_event(
        HEALTH_1, channel, reply, thread_ts=ts, event_id=event_id, retry_num=1
    )
    await listeners_finished(standin)
    assert (await commitment(bot, 1)).status == "done"
    assert (await commitment(bot, 3)).status == "in-progress"
    assert thread_notes(await history(bot, 1)) == [(None, "thread")]
    assert thread_notes(await history(bot, 3)) == [("los llamé", "thread")]
    assert len(bot_said(standin, channel, ts)) == 1


async def test_a_number_outside_the_checkin_is_recorded_or_refused_not_asked_about(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn, slack: SlackDriver
) -> None:
    channel, ts = await two_step_checkin(bot, people, standin)
    assert "#4" in await people["maria"].plan("add Call the union rep")  # after the check-in
    [told] = await say(slack, standin, channel, ts, "#4 done, #2 done")
    assert told.startswith(
        ":white_check_mark: Marked `#4` *Call the union rep* *Done* and couldn't record on `#2`: "
    )
    assert ASKED_BACK not in told
    assert (await commitment(bot, 4)).status == "done"
    assert (await commitment(bot, 2)).status == "open"  # Jorge's, in another organization
    assert thread_notes(await history(bot, 2)) == []
