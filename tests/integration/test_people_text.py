"""People's text is shown as typed, the same way everywhere: Slack's formatting characters in a
title neither format it nor break the bot's own formatting, and it pings nobody and forges no
link, in a listing, a nudge, the Home tab, the digest and a TA alert alike."""

from __future__ import annotations

from datetime import UTC, datetime

from jobs.digest_job import run_digests
from sandbox.api import SlackStandIn
from sandbox.driver import SlackDriver
from tests.support import visible
from tests.support.harness import BotHarness
from tests.support.harness import Person as Someone
from tests.support.home import open_home
from tests.support.rhythm import CHECKIN, nudge_in, nudges_at, setup_rhythm
from tests.support.waits import listeners_finished
from tests.support.workspace import HEALTH_1, TA

#: What a person types, as Slack sends it with should_escape (`<`, `>`, `&` as entities).
TYPED = "*big* _meeting_ ~now~ &lt;!channel&gt; &lt;https://evil|x&gt;"
#: How every place shows it: look-alikes for the formatting characters, `<` and `>` escaped.
SHOWN = "∗big∗ ˍmeetingˍ ∼now∼ &lt;!channel&gt; &lt;https://evil|x&gt;"
MONDAY = datetime(2026, 12, 7, 15, 5, tzinfo=UTC)  # Mon 09:05 in Chicago: the digest is due


def assert_shown_as_typed(where: str, text: str) -> None:
    assert SHOWN in text, f"{where}: {text}"
    assert "<!channel>" not in text, where  # pings nobody
    assert "<https://evil" not in text, where  # forges no link
    assert "*big*" not in text and "_meeting_" not in text and "~now~" not in text, where


async def test_a_title_with_formatting_characters_shows_the_same_everywhere(
    bot: BotHarness,
    people: dict[str, Someone],
    standin: SlackStandIn,
    slack: SlackDriver,
) -> None:
    await setup_rhythm(people)
    added = await people["maria"].plan(f"add {TYPED} due 2026-12-20")
    assert "`#3`" in added
    assert_shown_as_typed("the reply to /plan add", added)

    assert_shown_as_typed("the listing", await people["maria"].plan("list"))

    await nudges_at(bot, CHECKIN)
    nudge = nudge_in(standin, HEALTH_1)
    assert_shown_as_typed("the nudge", visible(nudge))

    assert_shown_as_typed("the Home tab", visible(await open_home(slack, standin, HEALTH_1)))

    channel = standin.dm_channel(HEALTH_1)
    assert channel is not None
    await slack.click(HEALTH_1, channel, nudge["ts"], "ft_blocked", value="3")
    (modal,) = await standin.wait_for(lambda: standin.open_modals(HEALTH_1))
    reason = {"reason": {"reason": {"type": "plain_text_input", "value": "A *venue*"}}}
    assert (await slack.submit_view(HEALTH_1, modal["id"], reason)).status == 200
    alerts = await standin.wait_for(lambda: standin.messages("C0TATEAM01"))
    assert_shown_as_typed("the TA alert", visible(alerts[-1]))
    assert "A ∗venue∗" in visible(alerts[-1])

    bot.clock.set(MONDAY)
    await run_digests(bot.runtime.uow, bot.process.app.client, MONDAY)
    (summary,) = standin.messages("C0DIGEST01")[:1]
    digest = "\n".join(visible(m) for m in standin.thread("C0DIGEST01", summary["ts"]))
    assert_shown_as_typed("the digest", digest)
    assert "help needed: “A ∗venue∗”" in digest


#: A TA's reply as Slack sends it: a labelled link, a bare one, a ping and some formatting.
TA_REPLY = (
    "Start with <https://example.org/guide_v2?a=1&amp;b=2|the *guide*>, "
    "then <https://example.org/faq>. <!channel> _thanks_"
)


def assert_links_work(where: str, text: str) -> None:
    assert "<https://example.org/guide_v2?a=1&amp;b=2>" in text, f"{where}: {text}"
    assert "<https://example.org/faq>." in text, f"{where}: {text}"
    assert "the ∗guide∗" in text and "ˍthanksˍ" in text, where
    assert "<!channel>" not in text and "|the" not in text, where


async def test_links_in_an_answered_question_stay_clickable_in_the_participants_dm(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn, slack: SlackDriver
) -> None:
    await setup_rhythm(people)
    assert "went to the TA team" in await people["maria"].plan("ask Where do we start?")
    (posted,) = await standin.wait_for(lambda: standin.messages("C0TATEAM01"))
    await slack.message_event(TA, "C0TATEAM01", TA_REPLY, thread_ts=posted["ts"])
    answer = await standin.wait_for(
        lambda: [m for m in standin.dm_messages(HEALTH_1) if "answered" in visible(m)]
    )
    assert_links_work("the answer", visible(answer[-1]))
    # the TA's "Sent to" line in the thread is the listener's last step: end after it
    await listeners_finished(standin)


async def test_links_in_a_reply_to_a_help_request_stay_clickable_in_the_participants_dm(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn, slack: SlackDriver
) -> None:
    await setup_rhythm(people)
    await nudges_at(bot, CHECKIN)
    nudge = nudge_in(standin, HEALTH_1)
    channel = standin.dm_channel(HEALTH_1)
    assert channel is not None
    await slack.click(HEALTH_1, channel, nudge["ts"], "ft_blocked", value="1")
    (modal,) = await standin.wait_for(lambda: standin.open_modals(HEALTH_1))
    reason = {"reason": {"reason": {"type": "plain_text_input", "value": "Where to start"}}}
    assert (await slack.submit_view(HEALTH_1, modal["id"], reason)).status == 200
    (alert,) = await standin.wait_for(lambda: standin.messages("C0TATEAM01"))
    await slack.message_event(TA, "C0TATEAM01", TA_REPLY, thread_ts=alert["ts"])
    coaching = await standin.wait_for(
        lambda: [m for m in standin.dm_messages(HEALTH_1) if "replied about" in visible(m)]
    )
    assert_links_work("the reply to a help request", visible(coaching[-1]))
    # the TA's "Sent to" line in the thread is the listener's last step: end after it
    await listeners_finished(standin)


async def test_a_date_phrase_at_the_end_of_a_title_becomes_the_due_date(
    bot: BotHarness, people: dict[str, Someone]
) -> None:
    """The clock is pinned at Tue Dec 1 2026: two weeks on is Tue Dec 15."""
    await setup_rhythm(people)
    reply = await people["maria"].plan("add Draft a flyer in 2 weeks")
    assert "Draft a flyer*" in reply and "in 2 weeks" not in reply
    assert "due Tue Dec 15" in reply
    reply = await people["maria"].plan("add Book the room el viernes")
    assert "Book the room*" in reply and "due Fri Dec 4" in reply


async def test_a_due_date_without_a_year_that_has_passed_is_refused_like_the_form(
    bot: BotHarness, people: dict[str, Someone]
) -> None:
    await setup_rhythm(people)
    listed = await people["maria"].plan("list")
    reply = await people["maria"].plan("add Draft a flyer due 11/1")
    assert "That due date is in the past: pick today or a later date." in reply
    assert "Usage: `/plan add" in reply
    assert await people["maria"].plan("list") == listed  # nothing was added
