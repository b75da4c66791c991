"""Conversations that keep going: a participant's reply to a relayed answer reaches the TA
provider who answered, and theirs comes back; a plain DM to the bot is answered. Over signed
HTTP against the stand-in, asserting what the participant and the TA provider see."""

from __future__ import annotations

from typing import Any

from sandbox.api import SlackStandIn
from sandbox.driver import SlackDriver
from tests.support import buttons, visible
from tests.support.harness import BotHarness
from tests.support.harness import Person as Someone
from tests.support.rhythm import CHECKIN, history, nudge_in, nudges_at, setup_rhythm
from tests.support.waits import (
    bot_knows_message,
    event_recorded,
    listeners_finished,
    reaction_on,
)
from tests.support.workspace import HEALTH_1, OUTSIDER, TA, TA2, TA_CHANNEL


def relayed(standin: SlackStandIn, user_id: str, words: str) -> list[dict[str, Any]]:
    """Messages in someone's DM with the bot (threads included) that read `words`."""
    return [m for m in standin.dm_messages(user_id) if words in visible(m)]


async def ask_for_help(standin: SlackStandIn, slack: SlackDriver, reason: str) -> dict[str, Any]:
    """Maria presses "Blocked – need help" on her check-in and says why; the TA alert."""
    message = nudge_in(standin, HEALTH_1)
    channel = standin.dm_channel(HEALTH_1) or ""
    await slack.click(HEALTH_1, channel, message["ts"], "ft_blocked", value="1")
    modal = await standin.wait_for(lambda: standin.open_modals(HEALTH_1))
    await slack.submit_view(
        HEALTH_1,
        modal[-1]["id"],
        {"reason": {"reason": {"type": "plain_text_input", "value": reason}}},
    )
    alerts = await standin.wait_for(lambda: standin.messages(TA_CHANNEL))
    await listeners_finished(standin)  # the check-in's redraw follows the alert
    return alerts[-1]


async def test_help_alert_says_a_reply_in_its_thread_reaches_the_participant(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn, slack: SlackDriver
) -> None:
    await setup_rhythm(people)
    await nudges_at(bot, CHECKIN)
    alert = await ask_for_help(standin, slack, "HR won't share schedules")
    assert f"Reply in this thread: your reply goes to <@{HEALTH_1}>" in visible(alert)


async def test_reply_to_coaching_reaches_the_coach_and_the_loop_continues(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn, slack: SlackDriver
) -> None:
    await setup_rhythm(people)
    await nudges_at(bot, CHECKIN)
    alert = await ask_for_help(standin, slack, "HR won't share schedules")
    await bot_knows_message(bot, TA_CHANNEL, alert["ts"])
    await slack.message_event(
        TA, TA_CHANNEL, "Try the data request template, resource 1.", thread_ts=alert["ts"]
    )
    coached = await standin.wait_for(lambda: relayed(standin, HEALTH_1, "data request template"))
    assert f"your reply goes to <@{TA}>" in visible(coached[-1])

    # Maria answers in the thread of the relayed reply: Dana sees it in the alert's thread
    dm = standin.dm_channel(HEALTH_1) or ""
    await bot_knows_message(bot, dm, coached[-1]["ts"])
    typed = "Thanks! Can we talk <Thursday> about the template?"
    text = typed.replace("<", "&lt;").replace(">", "&gt;")  # as Slack sends what she typed
    _, event_id = await slack.message_event(HEALTH_1, dm, text, thread_ts=coached[-1]["ts"])
    assert await reaction_on(standin, dm, text) == ["white_check_mark"]

    def maria_in_ta_thread() -> list[dict[str, Any]]:
        return [
            m
            for m in standin.thread(TA_CHANNEL, alert["ts"])
            if "Can we talk" in visible(m) and m.get("bot_id")
        ]

    shown = await standin.wait_for(maria_in_ta_thread)
    assert f"<@{HEALTH_1}> replied about `#1`" in visible(shown[0])
    assert "Can we talk &lt;Thursday&gt; about the template?" in visible(shown[0])
    assert f"your reply goes to <@{HEALTH_1}>" in visible(shown[0])
    parent = next(m for m in standin.messages(TA_CHANNEL) if m["ts"] == alert["ts"])
    # Dana's reply, the bot's "Sent to Maria" confirmation, the bot's relay of Maria's
    assert parent.get("reply_count") == 3
    last = (await history(bot, 1))[-1]
    assert (last.actor_slack_id, last.source, last.note) == (HEALTH_1, "thread", typed)

    # a Slack retry of Maria's reply relays nothing twice
    await event_recorded(bot, event_id)
    await slack.message_event(
        HEALTH_1, dm, text, thread_ts=coached[-1]["ts"], event_id=event_id, retry_num=1
    )
    await listeners_finished(standin)
    assert len(maria_in_ta_thread()) == 1
    assert [u.note for u in await history(bot, 1)].count(typed) == 1

    # Dana's next reply in the alert's thread reaches Maria again
    await bot_knows_message(bot, TA_CHANNEL, shown[0]["ts"])
    await slack.message_event(TA, TA_CHANNEL, "Thursday 2pm works.", thread_ts=alert["ts"])
    again = await standin.wait_for(lambda: relayed(standin, HEALTH_1, "Thursday 2pm works"))
    assert f"<@{TA}> replied about `#1`" in visible(again[-1])
    # the TA's "Sent to" line in the thread is the listener's last step: end after it
    await listeners_finished(standin)


async def test_reply_to_an_answered_question_reaches_the_ta_in_their_dm(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn, slack: SlackDriver
) -> None:
    """Without a TA channel the question went to each TA provider's DM; Maria's reply to the
    answer goes back into the DM thread of the one who answered, not to the other."""
    await setup_rhythm(people)
    async with bot.runtime.uow() as uow:
        collaborative = await uow.repos.collaboratives.get(1)
        assert collaborative is not None
        collaborative.ta_channel_id = None
        await uow.commit()
    assert "went to the TA team" in await people["maria"].plan("ask Does a policy count?")
    question = await standin.wait_for(lambda: relayed(standin, TA, "Does a policy count?"))
    ta_dm = standin.dm_channel(TA) or ""
    await bot_knows_message(bot, ta_dm, question[-1]["ts"])
    await slack.message_event(TA, ta_dm, "Yes, a written policy.", thread_ts=question[-1]["ts"])
    answer = await standin.wait_for(lambda: relayed(standin, HEALTH_1, "a written policy"))

    dm = standin.dm_channel(HEALTH_1) or ""
    await bot_knows_message(bot, dm, answer[-1]["ts"])
    await slack.message_event(HEALTH_1, dm, "Even a draft one?", thread_ts=answer[-1]["ts"])
    assert await reaction_on(standin, dm, "Even a draft one?") == ["white_check_mark"]
    back = await standin.wait_for(
        lambda: [
            m
            for m in standin.thread(ta_dm, question[-1]["ts"])
            if "Even a draft one?" in visible(m) and m.get("bot_id")
        ]
    )
    assert f"<@{HEALTH_1}> replied:" in visible(back[0])
    assert not relayed(standin, TA2, "Even a draft one?")

    await bot_knows_message(bot, ta_dm, back[0]["ts"])
    await slack.message_event(TA, ta_dm, "A draft counts too.", thread_ts=question[-1]["ts"])
    await standin.wait_for(lambda: relayed(standin, HEALTH_1, "A draft counts too."))
    # the TA's "Sent to" line in the thread is the listener's last step: end after it
    await listeners_finished(standin)


def bot_replies(standin: SlackStandIn, user_id: str) -> list[dict[str, Any]]:
    return [m for m in standin.dm_messages(user_id) if m.get("bot_id")]


async def test_a_plain_dm_is_answered_once_and_can_go_to_the_ta_team(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn, slack: SlackDriver
) -> None:
    await setup_rhythm(people)
    typed = "can someone from the TA team call me <this week>?"
    sent = typed.replace("<", "&lt;").replace(">", "&gt;")  # as Slack sends what she typed
    _, event_id = await slack.message_event(HEALTH_1, HEALTH_1, sent)
    answered = await standin.wait_for(lambda: bot_replies(standin, HEALTH_1))
    assert "`/plan`" in visible(answered[0]) and "`/plan help`" in visible(answered[0])
    assert [b["text"]["text"] for b in buttons(answered[0])] == ["Send this to the TA team"]

    await event_recorded(bot, event_id)
    await slack.message_event(HEALTH_1, HEALTH_1, sent, event_id=event_id, retry_num=1)
    await listeners_finished(standin)
    assert len(bot_replies(standin, HEALTH_1)) == 1  # a retry doesn't answer twice

    dm = standin.dm_channel(HEALTH_1) or ""
    await bot_knows_message(bot, dm, answered[0]["ts"])
    await slack.click(HEALTH_1, dm, answered[0]["ts"], "ft_dm_send_to_ta")
    question = await standin.wait_for(lambda: standin.messages(TA_CHANNEL))
    assert f"Question from <@{HEALTH_1}>" in visible(question[-1])
    assert "call me &lt;this week&gt;?" in visible(question[-1])

    def confirmed() -> dict[str, Any] | None:
        now = next(m for m in standin.messages(dm) if m["ts"] == answered[0]["ts"])
        return now if "Sent to the TA team" in visible(now) else None

    shown = await standin.wait_for(confirmed)
    assert not buttons(shown)  # confirmed in place: nothing left to press
    assert "call me &lt;this week&gt;?" in visible(shown)
    assert len(standin.messages(TA_CHANNEL)) == 1

    # the TA team's answer comes back to her DM, as for `/plan ask`
    await bot_knows_message(bot, TA_CHANNEL, question[-1]["ts"])
    await slack.message_event(TA, TA_CHANNEL, "Calling Thursday.", thread_ts=question[-1]["ts"])
    answer = await standin.wait_for(lambda: relayed(standin, HEALTH_1, "Calling Thursday."))
    assert "answered your question" in visible(answer[-1])
    # the TA's "Sent to" line in the thread is the listener's last step: end after it
    await listeners_finished(standin)


async def test_a_dm_from_someone_outside_the_collaborative_says_how_to_get_added(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn, slack: SlackDriver
) -> None:
    """They are offered the way to the TA team too (test_newcomer_asks presses it); nothing
    reaches the TA channel until they do."""
    await setup_rhythm(people)
    await slack.message_event(OUTSIDER, OUTSIDER, "hi, what is this?")
    answered = await standin.wait_for(lambda: bot_replies(standin, OUTSIDER))
    assert "not part of this collaborative yet" in visible(answered[0])
    assert "/plan member add" in visible(answered[0])
    assert [b["text"]["text"] for b in buttons(answered[0])] == ["Send this to the TA team"]
    await listeners_finished(standin)
    assert not standin.messages(TA_CHANNEL)


async def test_a_dm_too_long_to_pass_on_says_so_and_offers_no_button(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn, slack: SlackDriver
) -> None:
    await setup_rhythm(people)
    await slack.message_event(HEALTH_1, HEALTH_1, "word " * 500)
    answered = await standin.wait_for(lambda: bot_replies(standin, HEALTH_1))
    assert "too long to pass on" in visible(answered[0])
    assert "`/plan ask <question>`" in visible(answered[0])
    assert not buttons(answered[0])


async def test_a_reply_to_an_answer_that_cannot_be_relayed_says_where_to_go(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn, slack: SlackDriver
) -> None:
    """An answer relayed before the bot kept the way back: the reply is not dropped silently."""
    await setup_rhythm(people)
    await people["maria"].plan("ask Does a policy count?")
    question = await standin.wait_for(lambda: standin.messages(TA_CHANNEL))
    await bot_knows_message(bot, TA_CHANNEL, question[-1]["ts"])
    await slack.message_event(TA, TA_CHANNEL, "Yes, a written one.", thread_ts=question[-1]["ts"])
    answer = await standin.wait_for(lambda: relayed(standin, HEALTH_1, "a written one"))
    dm = standin.dm_channel(HEALTH_1) or ""
    await bot_knows_message(bot, dm, answer[-1]["ts"])
    async with bot.runtime.uow() as uow:
        row = await uow.repos.outbox.by_message(dm, answer[-1]["ts"])
        assert row is not None
        row.payload = {k: v for k, v in row.payload.items() if not k.startswith("ta")}
        await uow.commit()

    await slack.message_event(HEALTH_1, dm, "Even a draft?", thread_ts=answer[-1]["ts"])
    told = await standin.wait_for(
        lambda: [
            m
            for m in standin.thread(dm, answer[-1]["ts"])
            if m.get("bot_id") and "/plan ask" in visible(m)
        ]
    )
    assert "can't pass replies" in visible(told[0])
    await listeners_finished(standin)
    # the question, the answer and its "Sent to" confirmation: nothing of Maria's reply
    assert len(standin.thread(TA_CHANNEL, question[-1]["ts"])) == 3
    # the TA's "Sent to" line in the thread is the listener's last step: end after it
    await listeners_finished(standin)


async def test_a_reply_in_a_dm_thread_no_rule_reads_is_answered_in_that_thread(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn, slack: SlackDriver
) -> None:
    await setup_rhythm(people)
    await slack.message_event(HEALTH_1, HEALTH_1, "hello?")
    welcome = await standin.wait_for(lambda: bot_replies(standin, HEALTH_1))
    dm = standin.dm_channel(HEALTH_1) or ""
    await bot_knows_message(bot, dm, welcome[0]["ts"])
    await slack.message_event(HEALTH_1, dm, "Please call me Friday", thread_ts=welcome[0]["ts"])
    again = await standin.wait_for(
        lambda: [m for m in standin.thread(dm, welcome[0]["ts"]) if m.get("bot_id")][1:]
    )
    assert "`/plan help`" in visible(again[0])
    await bot_knows_message(bot, dm, again[0]["ts"])
    await slack.click(HEALTH_1, dm, again[0]["ts"], "ft_dm_send_to_ta")
    question = await standin.wait_for(lambda: standin.messages(TA_CHANNEL))
    assert "Please call me Friday" in visible(question[-1])
