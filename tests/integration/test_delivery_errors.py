"""Every way a post can fail, against the stand-in over HTTP: what each person ends up with,
and the outbox row where that is what can be observed. Time is pinned (the job's `now` and the
pacer's clock); no test waits on the wall clock for Slack's limits."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.app import build_client
from bot.delivery.sender import MAX_ATTEMPTS
from jobs.digest_job import run_digests
from sandbox.api import SlackStandIn
from tests.conftest import HEALTH_1, HEALTH_2, LABOR_1, BotHarness
from tests.conftest import Person as Someone
from tests.support import visible
from tests.support.pinned_delivery import (
    POST,
    check_in_losing_one_answer,
    nudges,
    outbox_row,
    pinned_pacer,
    queue_notices,
    resend,
)
from tests.support.rhythm import CHECKIN, setup_rhythm

PEOPLE = (HEALTH_1, HEALTH_2, LABOR_1)


def received(standin: SlackStandIn) -> dict[str, int]:
    return {user: len(standin.dm_messages(user)) for user in PEOPLE}


async def test_a_lost_answer_is_found_by_its_metadata_and_never_posted_twice(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn
) -> None:
    report = await check_in_losing_one_answer(bot, people, standin)
    assert received(standin) == {HEALTH_1: 1, HEALTH_2: 1, LABOR_1: 1}
    assert len(report.sent) == 3 and not report.unknown
    lost = next(c for c in standin.calls_to(POST) if not c.answered)
    assert len(standin.calls_to(POST)) == 3  # no second post for the lost answer
    row = await outbox_row(bot, str(lost.args["channel"]))
    assert (row.status, row.ts) == ("sent", lost.response["ts"])
    assert len(standin.calls_to("conversations.history")) == 1


async def test_one_history_look_up_per_conversation_settles_all_its_lost_answers(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn
) -> None:
    await setup_rhythm(people)
    await queue_notices(bot, [{"text": f"Notice {n}"} for n in range(3)], channel_id="C0TATEAM01")
    standin.faults.lose_answer(POST, times=3)
    report = await resend(bot, CHECKIN)
    texts = [m["text"] for m in standin.messages("C0TATEAM01")]
    assert sorted(texts) == ["Notice 0", "Notice 1", "Notice 2"]
    assert len(report.sent) == 3
    assert len(standin.calls_to("conversations.history")) == 1


async def test_a_failing_history_look_up_leaves_the_row_unknown_and_sends_nothing_blindly(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn
) -> None:
    report = await check_in_losing_one_answer(bot, people, standin, "conversations.history")
    assert received(standin) == {HEALTH_1: 1, HEALTH_2: 1, LABOR_1: 1}
    assert len(report.unknown) == 1 and len(report.sent) == 2
    lost = next(c for c in standin.calls_to(POST) if not c.answered)
    assert (await outbox_row(bot, str(lost.args["channel"]))).status == "unknown"

    again = await resend(bot, CHECKIN + timedelta(minutes=5))  # history still failing
    assert again.unknown == report.unknown and not again.sent
    assert len(standin.calls_to(POST)) == 3

    standin.faults.clear()
    later = await resend(bot, CHECKIN + timedelta(minutes=10))
    assert later.sent == report.unknown
    assert received(standin) == {HEALTH_1: 1, HEALTH_2: 1, LABOR_1: 1}
    assert (await outbox_row(bot, str(lost.args["channel"]))).status == "sent"


async def test_a_permanent_error_fails_that_row_only_and_it_is_never_retried(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn
) -> None:
    await setup_rhythm(people)
    standin.workspace.users[HEALTH_2].deleted = True  # Slack archives a departed person's DM
    report = await nudges(bot, CHECKIN)
    assert received(standin) == {HEALTH_1: 1, HEALTH_2: 0, LABOR_1: 1}
    assert len(report.failed) == 1 and len(report.sent) == 2
    row = await outbox_row(bot, HEALTH_2)
    assert (row.status, row.error) == ("failed", "is_archived")
    posts = len(standin.calls_to(POST))
    await resend(bot, CHECKIN + timedelta(days=1))
    assert len(standin.calls_to(POST)) == posts


async def test_a_503_backs_off_and_the_next_run_after_it_delivers_once(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn
) -> None:
    await setup_rhythm(people)
    standin.faults.unavailable(POST, times=1)
    report = await nudges(bot, CHECKIN)
    assert len(report.retry) == 1 and len(report.sent) == 2
    refused = standin.calls_to(POST)[0]
    assert refused.status == 503
    who = str(refused.args["channel"])
    row = await outbox_row(bot, who)
    assert row.status == "pending" and row.due_at > CHECKIN
    assert received(standin)[who] == 0

    early = await resend(bot, CHECKIN + timedelta(seconds=30))
    assert not early.sent and received(standin)[who] == 0  # still backing off
    await resend(bot, row.due_at)
    assert received(standin) == {HEALTH_1: 1, HEALTH_2: 1, LABOR_1: 1}


async def test_a_row_that_keeps_failing_gives_up_after_max_attempts(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn
) -> None:
    await setup_rhythm(people)
    standin.workspace.users[HEALTH_1].deleted = True
    standin.workspace.users[LABOR_1].deleted = True
    standin.faults.unavailable(POST, times=None)
    moment = CHECKIN
    await nudges(bot, moment)
    for _ in range(MAX_ATTEMPTS + 2):
        row = await outbox_row(bot, HEALTH_2)
        moment = max(moment, row.due_at) + timedelta(seconds=1)
        await resend(bot, moment)
    row = await outbox_row(bot, HEALTH_2)
    assert (row.status, row.attempts, row.error) == ("failed", MAX_ATTEMPTS, "service_unavailable")
    tries = [c for c in standin.calls_to(POST) if c.args.get("channel") == HEALTH_2]
    assert len(tries) == MAX_ATTEMPTS
    assert received(standin)[HEALTH_2] == 0


async def test_a_429_holds_sending_for_retry_after_then_delivers_once(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn
) -> None:
    await setup_rhythm(people)
    standin.faults.ratelimit(POST, times=1, retry_after=7)
    pacer, time = pinned_pacer()
    report = await nudges(bot, CHECKIN, pacer)
    assert len(report.sent) == 3
    assert received(standin) == {HEALTH_1: 1, HEALTH_2: 1, LABOR_1: 1}
    statuses = [c.status for c in standin.calls_to(POST)]
    assert statuses == [429, 200, 200, 200]
    assert sum(time.sleeps) >= 7  # nothing went before Retry-After was over
    row = await outbox_row(bot, str(standin.calls_to(POST)[0].args["channel"]))
    assert row.attempts == 1  # a 429 is Slack refusing before trying: not an attempt


async def test_a_connection_never_made_is_retried_by_a_later_run(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn
) -> None:
    await setup_rhythm(people)
    nowhere = build_client(standin.bot_token, "http://127.0.0.1:9/api/")  # nothing listens
    await queue_notices(bot, [{"text": "Hello"}], recipient=HEALTH_1)
    report = await resend(bot, CHECKIN, nowhere)
    assert len(report.retry) == 1 and received(standin)[HEALTH_1] == 0
    row = await outbox_row(bot, HEALTH_1)
    await resend(bot, row.due_at)
    assert [m["text"] for m in standin.dm_messages(HEALTH_1)] == ["Hello"]


async def test_the_bots_client_never_repeats_a_post_whose_answer_was_lost(
    bot: BotHarness, standin: SlackStandIn
) -> None:
    """slack_sdk's stock connection retry would post this twice (the bug users met)."""
    standin.faults.lose_answer(POST, times=1)
    client = bot.process.app.client
    try:
        await client.chat_postMessage(channel=HEALTH_1, text="Once")
    except Exception as error:
        assert "disconnect" in str(error).lower() or "reset" in str(error).lower()
    else:
        raise AssertionError("the answer was lost: the call should have failed")
    assert [m["text"] for m in standin.dm_messages(HEALTH_1)] == ["Once"]
    await client.users_info(user=HEALTH_1)  # other methods still work (and may retry)


@pytest.mark.parametrize("answers_lost", [False, True])
async def test_resources_a_check_in_carried_count_as_shared_once_it_is_delivered(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn, answers_lost: bool
) -> None:
    """Found through history or answered at once, a delivered check-in's resources count as
    shared: the weekly digest tells everyone what the TA team delivered."""
    await setup_rhythm(people)
    if answers_lost:
        standin.faults.lose_answer(POST, times=None)
    await nudges(bot, CHECKIN)
    standin.faults.clear()
    assert received(standin) == {HEALTH_1: 1, HEALTH_2: 1, LABOR_1: 1}
    monday = datetime(2026, 12, 7, 15, 5, tzinfo=UTC)
    bot.clock.set(monday)
    await run_digests(bot.runtime.uow, bot.process.app.client, monday, pacer=pinned_pacer()[0])
    summary = standin.messages("C0DIGEST01")[0]
    assert "1 resource shared with 2 organizations" in visible(summary)


async def test_a_lost_answer_in_a_thread_is_found_among_the_threads_replies(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn
) -> None:
    """Replies are not in a channel's history: a threaded post is looked for in its thread."""
    await setup_rhythm(people)
    parent = await bot.process.app.client.chat_postMessage(channel="C0TATEAM01", text="Question")
    await queue_notices(
        bot, [{"text": "Answer", "thread_ts": parent["ts"]}], channel_id="C0TATEAM01"
    )
    standin.faults.lose_answer(POST, times=1)
    report = await resend(bot, CHECKIN)
    replies = [m["text"] for m in standin.thread("C0TATEAM01", parent["ts"])]
    assert replies == ["Question", "Answer"]
    assert len(report.sent) == 1
    assert len(standin.calls_to("conversations.replies")) == 1


async def test_a_lost_answer_buried_under_a_long_conversation_is_still_found(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn
) -> None:
    """History comes a page at a time: the look-up reads on until it finds the message."""
    report = await check_in_losing_one_answer(bot, people, standin, "conversations.history")
    (lost,) = report.unknown
    who = str(next(c for c in standin.calls_to(POST) if not c.answered).args["channel"])
    dm = standin.workspace.channels[str(standin.dm_channel(who))]
    for n in range(250):  # the person writes a lot before the next run
        standin.workspace.post(dm, {"user": who, "text": f"note {n}"})
    standin.faults.clear()
    later = await resend(bot, CHECKIN + timedelta(minutes=5))
    assert later.sent == [lost]
    assert received(standin)[who] == 251  # the check-in, once, and the 250 notes
    assert len([m for m in standin.dm_messages(who) if m.get("blocks")]) == 1


async def test_a_conversation_that_cannot_be_opened_leaves_the_row_unknown(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn
) -> None:
    report = await check_in_losing_one_answer(bot, people, standin, "conversations.open")
    assert len(report.unknown) == 1 and len(standin.calls_to(POST)) == 3
    assert received(standin) == {HEALTH_1: 1, HEALTH_2: 1, LABOR_1: 1}
