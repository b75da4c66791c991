"""The TA provider's commands end to end, over signed HTTP against the stand-in: nudge, share,
intro, digest, pause and resume, the calendar and library listings, settings and help."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from sqlalchemy import select

from core.transfer import import_files
from core.transfer_formats import parse
from sandbox.api import SlackStandIn
from sandbox.driver import SlackDriver
from storage.models import Resource, ResourceOpen
from tests.conftest import HEALTH_1, HEALTH_2, LABOR_1, OUTSIDER, TA, BotHarness
from tests.conftest import Person as Someone
from tests.support import buttons, visible
from tests.support.rhythm import setup_collaborative, setup_rhythm

T = TypeVar("T")


def with_blocks(standin: SlackStandIn, user_id: str) -> list[dict[str, Any]]:
    return [m for m in standin.dm_messages(user_id) if m.get("blocks")]


async def until(check: Callable[[], Awaitable[T]]) -> T:
    """`standin.wait_for` for a condition only the database can answer (the bot acks first)."""
    async with asyncio.timeout(5):
        while True:
            value = await check()
            if value:
                return value
            await asyncio.sleep(0.01)


async def rows(bot: BotHarness, model: Any) -> list[Any]:
    async with bot.runtime.uow() as uow:
        return list((await uow.session.scalars(select(model))).all())


# ------------------------------------------------------------------------------- nudge


async def test_nudge_an_organization_sends_each_member_its_open_steps_and_the_note(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn
) -> None:
    await setup_rhythm(people)
    await people["sam"].plan("add Survey the night-shift staff")
    await people["maria"].plan("done 3")  # done: not listed any more

    reply = await people["ta"].plan("nudge mercy How did the HR meeting go?")
    assert "Check-in sent to 2 people" in reply
    for user_id in (HEALTH_1, HEALTH_2):
        [message] = with_blocks(standin, user_id)
        shown = visible(message)
        assert "A check-in from your TA team" in shown
        assert f"<@{TA}> asked me to check in" in shown
        assert "How did the HR meeting go?" in shown
        assert "Draft a predictable-scheduling policy" in shown
        assert "Survey the night-shift staff" not in shown
        assert "wage-theft" not in shown  # only their own organization's steps
        labels = [b["text"]["text"] for b in buttons(message)]
        assert labels[:4] == ["Done", "In progress", "Blocked – need help", "Snooze"]
    assert standin.dm_messages(LABOR_1) == []


async def test_nudge_one_person_and_everyone_skipping_the_paused(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn
) -> None:
    await setup_rhythm(people)
    reply = await people["ta"].plan(f"nudge <@{LABOR_1}|jorge>")
    assert "Check-in sent to 1 person" in reply
    assert "wage-theft" in visible(with_blocks(standin, LABOR_1)[0])
    assert standin.dm_messages(HEALTH_1) == []

    await people["jorge"].plan("pause until 2026-12-20")
    reply = await people["ta"].plan("nudge all Session 2 is in two weeks")
    assert "Check-in sent to 2 people" in reply
    assert f"Not sent to <@{LABOR_1}>: paused" in reply
    assert len(with_blocks(standin, LABOR_1)) == 1  # nothing new for the paused person
    assert "Session 2 is in two weeks" in visible(with_blocks(standin, HEALTH_2)[0])
    assert not standin.dm_messages(TA)  # TA providers aren't members: nothing to them


async def test_nudge_is_refused_for_participants_and_unknown_targets(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn
) -> None:
    await setup_rhythm(people)
    reply = await people["maria"].plan("nudge all")
    assert "Only TA providers" in reply and "Usage" in reply
    reply = await people["ta"].plan("nudge nowhere-org")
    assert "Usage" in reply and "nudge" in reply
    reply = await people["ta"].plan(f"nudge <@{OUTSIDER}>")
    assert "isn't a member of any organization" in reply
    assert not standin.calls_to("chat.postMessage")


# ------------------------------------------------------------------------------- share


async def test_share_sends_a_link_button_and_counts_opens(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn, slack: SlackDriver
) -> None:
    await setup_rhythm(people)
    reply = await people["ta"].plan("share 1 workers-united-center")
    assert "Shared *Precarious work primer* with 1 person" in reply
    [message] = with_blocks(standin, LABOR_1)
    assert "Precarious work primer" in visible(message)
    [link] = [b for b in buttons(message) if b.get("url")]
    assert link["url"] == "https://example.org/precarious-work"
    assert link["action_id"].startswith("ft_resource_")
    assert standin.dm_messages(HEALTH_1) == []

    channel = standin.dm_channel(LABOR_1)
    assert channel is not None
    response = await slack.click(
        LABOR_1, channel, message["ts"], link["action_id"], value=link["value"]
    )
    assert response.status == 200
    opens = await until(lambda: rows(bot, ResourceOpen))
    [resource] = await rows(bot, Resource)
    assert [(o.resource_id, o.person_slack_id) for o in opens] == [(resource.id, LABOR_1)]
    assert "opened 1 time" in await people["ta"].plan("resources")
    assert "opened" not in await people["jorge"].plan("resources")  # the TA team's figure

    reply = await people["ta"].plan(f"share 1 <@{HEALTH_2}>")
    assert "with 1 person" in reply
    assert "Precarious work primer" in visible(with_blocks(standin, HEALTH_2)[0])
    reply = await people["ta"].plan("share 1 all")
    assert "with 3 people" in reply


async def test_share_and_resource_add_refuse_bad_input_in_one_line(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn
) -> None:
    await setup_rhythm(people)
    reply = await people["ta"].plan("share 9 all")
    assert "There is no resource 9" in reply and "Usage: `/plan share" in reply
    assert len(reply.splitlines()) == 2
    for url in ("javascript:alert(1)", "ftp://example.org/file"):
        reply = await people["ta"].plan(f"resource add {url} Sneaky link")
        assert "Only http and https links" in reply and "Usage: `/plan resource add" in reply
        assert len(reply.splitlines()) == 2  # the reason, then the usage
    assert len(await rows(bot, Resource)) == 1
    reply = await people["maria"].plan("share 1 all")
    assert "Only TA providers" in reply
    assert not [m for m in standin.dm_messages(HEALTH_1) if m.get("blocks")]


# ------------------------------------------------------------------------------- intro


async def test_intro_opens_a_group_dm_with_both_organizations(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn
) -> None:
    await setup_rhythm(people)
    reply = await people["ta"].plan(
        'intro mercy "Workers United Center" Jorge ran a scheduling campaign last year'
    )
    assert "Introduced Mercy Health Clinic and Workers United Center in a group DM" in reply
    [opened] = standin.calls_to("conversations.open")
    assert set(opened.args["users"].split(",")) == {TA, HEALTH_1, HEALTH_2, LABOR_1}
    [group] = [c for c in standin.workspace.channels.values() if c.kind == "mpim"]
    assert group.members == {TA, HEALTH_1, HEALTH_2, LABOR_1, standin.workspace.bot_user_id}
    [message] = standin.messages(group.id)
    shown = visible(message)
    assert f"<@{TA}> would like to introduce *Mercy Health Clinic*" in shown
    assert "Workers United Center" in shown
    assert "Jorge ran a scheduling campaign last year" in shown
    assert "Draft a predictable-scheduling policy" in shown  # what each side is working on
    assert "wage-theft intake guide" in shown


async def test_intro_refuses_the_same_organization_twice_and_participants(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn
) -> None:
    await setup_rhythm(people)
    reply = await people["ta"].plan('intro mercy "Mercy Health Clinic"')
    assert "different organizations" in reply and "Usage: `/plan intro" in reply
    reply = await people["ta"].plan("intro mercy")
    assert "Usage: `/plan intro" in reply
    reply = await people["jorge"].plan("intro mercy workers-united-center")
    assert "Only TA providers" in reply
    assert not standin.calls_to("conversations.open")
    assert not [c for c in standin.workspace.channels.values() if c.kind == "mpim"]


# ------------------------------------------------------------------------------ digest


async def test_digest_preview_is_for_the_caller_only(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn
) -> None:
    await setup_rhythm(people)
    await people["jorge"].plan("status 2 blocked Waiting on printing budget")
    posted_before = len(standin.calls_to("chat.postMessage"))  # the help alert to the TA team
    bot.clock.advance(minutes=5)
    replies = await people["ta"].plan_replies("digest preview", count=2)
    shown = "\n".join(visible(r) for r in replies)
    assert "Mercy Health Clinic" in shown and "Workers United Center" in shown
    assert "Waiting on printing budget" in shown
    assert all(r.get("response_type", "ephemeral") == "ephemeral" for r in replies)
    assert standin.messages("C0DIGEST01") == []
    assert len(standin.calls_to("chat.postMessage")) == posted_before  # the preview posted none
    assert "Only TA providers" in await people["maria"].plan("digest preview")


async def test_a_digest_preview_too_long_for_a_reply_comes_whole_in_a_dm(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn
) -> None:
    """A response URL takes five posts; a large collaborative's preview needs more."""
    await setup_rhythm(people)
    roster = ["organization,handle,sphere,slack_user_id,role"]
    steps = ["organization,title,owner_slack_id,due,status,pse_level,session"]
    for i in range(130):
        roster.append(f"Partner {i},partner-{i},community,UP{i:08d},participant")
        steps += [
            f"partner-{i},Step {j} of partner {i}: {'a long description ' * 9},UP{i:08d},,open,,"
            for j in range(2)
        ]
    async with bot.runtime.uow() as uow:
        files = [parse("\n".join(roster) + "\n"), parse("\n".join(steps) + "\n")]
        await import_files(uow, files, bot.clock(), "America/Chicago")
    bot.clock.advance(minutes=5)

    reply = await people["ta"].plan("digest preview")
    assert "sent it to you in a direct message" in reply
    assert "Narrow it down" not in reply
    [summary] = [
        m for m in standin.dm_messages(TA) if not m.get("thread_ts") or m["thread_ts"] == m["ts"]
    ]
    thread = standin.thread(standin.dm_channel(TA) or "", summary["ts"])
    assert len(thread) > 5
    everything = "\n".join(visible(m) for m in thread)
    for i in (0, 64, 129):
        assert f"Step 1 of partner {i}" in everything  # nothing cut off
    assert standin.messages("C0DIGEST01") == []


async def test_digest_now_posts_to_the_digest_channel(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn
) -> None:
    await setup_rhythm(people)
    reply = await people["ta"].plan("digest now")
    assert "The digest is posted in <#C0DIGEST01>" in reply
    posted = standin.messages("C0DIGEST01")
    assert posted
    everything = "\n".join(visible(m) for m in posted)
    assert "Mercy Health Clinic" in everything and "Workers United Center" in everything
    assert "Only TA providers" in await people["jorge"].plan("digest now")


async def test_digest_now_without_a_channel_says_how_to_set_one(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn
) -> None:
    await setup_collaborative(people)
    reply = await people["ta"].plan("digest now")
    assert "/plan settings channel #channel" in reply
    assert "Usage" in reply
    assert not standin.calls_to("chat.postMessage")
    reply = await people["ta"].plan("settings channel <#C0DIGEST01>")
    assert "<#C0DIGEST01>" in reply
    assert "posted in <#C0DIGEST01>" in await people["ta"].plan("digest now")


async def test_digest_now_in_a_channel_the_bot_is_not_in_says_to_invite_it(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn
) -> None:
    standin.add_channel(
        "C0PRIVATE1", "ta-private", members=[TA], is_private=True, bot_is_member=False
    )
    await setup_rhythm(people)
    await people["ta"].plan("settings channel <#C0PRIVATE1>")
    reply = await people["ta"].plan("digest now")
    assert "I can't post in <#C0PRIVATE1>: invite me there" in reply
    assert "Usage: `/plan settings channel" in reply
    assert "Something went wrong" not in reply
    standin.workspace.channels["C0PRIVATE1"].members.add(standin.workspace.bot_user_id)
    assert "posted in <#C0PRIVATE1>" in await people["ta"].plan("digest now")  # nothing stuck
    assert standin.messages("C0PRIVATE1")


# ------------------------------------------------------------------ pause and resume


async def test_pause_and_resume_replies(bot: BotHarness, people: dict[str, Someone]) -> None:
    await setup_collaborative(people)
    reply = await people["jorge"].plan("pause until 2026-12-20")
    assert "paused until Sun Dec 20" in reply
    reply = await people["jorge"].plan("resume")
    assert "Welcome back" in reply
    reply = await people["jorge"].plan("resume")
    assert "weren't paused" in reply
    reply = await people["maria"].plan("pause")
    assert "paused until you say `/plan resume`" in reply
    reply = await people["maria"].plan("pause until someday")
    assert "Usage: `/plan pause" in reply


# ----------------------------------------------------------- calendar and library lists


async def test_session_list_and_resources_by_tag(
    bot: BotHarness, people: dict[str, Someone]
) -> None:
    assert "No sessions on the calendar yet" in await people["pat"].plan("session list")
    await setup_rhythm(people)
    await people["ta"].plan("resource add https://example.org/scheduling Fair scheduling #policy")
    listing = await people["maria"].plan("session list")
    assert "Tue Dec 1, 10:00 CST · *Session 1 · Understanding precarious work*" in listing
    assert "Tue Dec 15, 10:00 CST · *Session 2 · Designing PSE change*" in listing
    assert "In date order; times in your time zone (America/Chicago)." in listing
    assert "keeps its number" not in listing  # numbers in date order: nothing to explain
    everything = await people["jorge"].plan("resources")
    assert "Precarious work primer" in everything and "Fair scheduling" in everything
    tagged = await people["jorge"].plan("resources #policy")
    assert "Fair scheduling" in tagged and "Precarious work primer" not in tagged
    assert "No resources tagged #nothing yet" in await people["jorge"].plan("resources nothing")


# ----------------------------------------------------------------------------- settings


async def test_each_settings_command_changes_what_settings_shows(
    bot: BotHarness, people: dict[str, Someone]
) -> None:
    await setup_collaborative(people)
    ta = people["ta"]
    shown = await ta.plan("settings")
    assert "*Time zone:* America/Chicago" in shown
    assert "*Weekly digest:* Mondays at 09:00" in shown
    assert "*Quiet hours:* 18:00–09:00" in shown
    assert "*Weekends:* no nudges" in shown
    assert "*Stale:* after 10 days" in shown

    changes = [
        ("settings channel <#C0DIGEST01|collaborative>", "*Digest channel:* <#C0DIGEST01>"),
        ("settings ta-channel <#C0TATEAM01>", "*TA channel:* <#C0TATEAM01>"),
        ("settings digest friday 16:30", "*Weekly digest:* Fridays at 16:30"),
        ("settings timezone America/New_York", "*Time zone:* America/New_York"),
        ("settings quiet 20:00-07:30", "*Quiet hours:* 20:00–07:30"),
        ("settings weekends on", "*Weekends:* nudges allowed"),
        ("settings nudge stale-days 5", "*Stale:* after 5 days"),
        ("settings nudge checkin-days 3", "*Check-in:* 3 days after a session"),
        ("settings nudge due-soon-days 4", "*Due soon:* 4 days before"),
        ("settings nudge before-session-days 3", "*Before a session:* 3 days ahead"),
    ]
    for command, line in changes:
        assert line in await ta.plan(command), command
    shown = await ta.plan("settings")
    for _, line in changes:
        assert line in shown
    assert "*Quiet hours:* none" in await ta.plan("settings quiet off")

    # mistakes change nothing and say how
    assert "Usage" in await ta.plan("settings timezone Mars/Olympus")
    assert "Usage" in await ta.plan("settings digest someday 09:00")
    assert "Usage" in await ta.plan("settings nudge stale-days 99")
    assert "Only TA providers" in await people["maria"].plan("settings")
    assert "Only TA providers" in await people["maria"].plan("settings weekends off")
    shown = await ta.plan("settings")
    assert "*Time zone:* America/New_York" in shown and "*Weekends:* nudges allowed" in shown
    assert "*Stale:* after 5 days" in shown


# --------------------------------------------------------------------------------- help


async def test_help_differs_by_role(bot: BotHarness, people: dict[str, Someone]) -> None:
    await setup_collaborative(people)
    ta = await people["ta"].plan("help")
    assert "/plan org add" in ta and "/plan export" in ta and "/plan add" in ta
    participant = await people["maria"].plan("help")
    assert "/plan add" in participant and "/plan pause" in participant
    assert "/plan org add" not in participant and "/plan export" not in participant
    outsider = await people["pat"].plan("help")
    assert "ask a TA provider to add you" in outsider
    assert "/plan add" not in outsider and "/plan org add" not in outsider
    assert "/plan resources" in outsider


async def test_people_see_session_times_in_their_own_time_zone(
    bot: BotHarness, people: dict[str, Someone]
) -> None:
    await setup_rhythm(people)
    shown = await people["sam"].plan("session list")  # Sam's Slack profile: America/New_York
    assert "Tue Dec 15, 11:00 EST" in shown and "America/New_York" in shown


async def test_a_bootstrapped_ta_gets_their_time_zone_from_slack(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn
) -> None:
    standin.workspace.users[TA].tz = "Europe/London"  # known only to Slack, not to TA_PROVIDER_IDS
    await people["ta"].plan("session add 2026-12-15 10:00 Designing PSE change")
    shown = await people["ta"].plan("session list")
    assert "Tue Dec 15, 16:00 GMT" in shown
