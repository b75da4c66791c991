"""The TA provider's Home tab over signed HTTP against the stand-in: counts that add up, blocked
steps with the help their participant asked for, and the TA's own buttons on them (Reply,
Nudge)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from sandbox.api import SlackStandIn
from sandbox.driver import SlackDriver
from storage.models import Commitment, CommitmentUpdate
from tests.conftest import HEALTH_1, LABOR_1, TA, BotHarness
from tests.conftest import Person as Someone
from tests.support import buttons, visible
from tests.support.home import modal_values, open_home
from tests.support.rhythm import setup_rhythm
from tests.support.ta_home import (
    AFTER_FIRST_DUE,
    AFTER_SESSION_1,
    HELP,
    alert_from_a_home_block,
    block_number_2,
    dm_saying,
    home_after_session_1,
    open_form,
    ta_home_with_a_block,
    typed,
)
from tests.support.waits import bot_knows_message
from tests.support.workspace import TA_CHANNEL


def summary_line(shown: str, organization: str) -> str:
    [line] = [x for x in shown.splitlines() if f"*{organization}*" in x]
    return line


async def test_ta_home_counts_each_commitment_once_with_overdue_apart(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn, slack: SlackDriver
) -> None:
    await setup_rhythm(people)  # Mercy #1 due Dec 20; Workers United #2 due Dec 22
    await people["sam"].plan("add Survey the night-shift staff")  # #3: open, no date
    await people["sam"].plan("add Call the union steward")  # #4
    await people["sam"].plan("status 4 in-progress")
    await people["sam"].plan("add Book the meeting room")  # #5
    await people["sam"].plan("done 5")
    await block_number_2(people)
    bot.clock.set(AFTER_FIRST_DUE)

    shown = visible(await open_home(slack, standin, TA))

    mercy = summary_line(shown, "Mercy Health Clinic")
    assert mercy.endswith("1 open, 1 in progress, *1 overdue*, 1 done"), mercy
    workers = summary_line(shown, "Workers United Center")
    assert workers.endswith("1 blocked"), workers  # blocked, not yet past due


async def test_ta_home_lists_blocked_steps_with_their_help_text_and_ta_buttons(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn, slack: SlackDriver
) -> None:
    view = await ta_home_with_a_block(bot, people, slack, standin)
    shown = visible(view)

    assert "Help needed: “Waiting on the printing budget &amp; a signature from HR”" in shown
    assert "`/plan show #2`" in shown
    labels = [b["text"]["text"] for b in buttons(view) if b.get("value") == "2"]
    assert labels == ["Reply", "Nudge", "Share a resource"]  # not the participant's buttons


async def test_long_help_text_on_ta_home_is_shortened_with_a_pointer(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn, slack: SlackDriver
) -> None:
    await setup_rhythm(people)
    long_help = "We need " + "a sponsor on the board and a printing budget " * 10 + "END"
    await people["jorge"].plan(f"status 2 blocked {long_help}")
    bot.clock.set(AFTER_SESSION_1)

    shown = visible(await open_home(slack, standin, TA))

    [line] = [x for x in shown.splitlines() if x.startswith("Help needed:")]
    assert line.startswith("Help needed: “We need a sponsor on the board")
    assert line.endswith("…”") and "END" not in line and len(line) < 230
    assert "`/plan show #2`" in shown  # where the whole of it is


async def test_reply_from_ta_home_reaches_the_participant_and_stays_as_a_note(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn, slack: SlackDriver
) -> None:
    await ta_home_with_a_block(bot, people, slack, standin)
    before = len(standin.dm_messages(LABOR_1))

    modal = await open_form(slack, standin, "ft_home_reply", "2")
    assert "signature from HR" in visible(modal)  # the TA sees what was asked
    advice = "Try the county print shop: https://example.org/print"
    response = await slack.submit_view(TA, modal["id"], typed("reply", advice))
    assert response.status == 200

    dms = await standin.wait_for(lambda: standin.dm_messages(LABOR_1)[before:])
    got = visible(dms[-1])
    assert f"<@{TA}> replied about `#2`" in got and "county print shop" in got
    # typing `blocked` alerted the TA team too, so the DM offers that alert's thread
    assert "Reply in this thread" in got
    async with bot.runtime.uow() as uow:
        notes = (
            await uow.session.scalars(
                select(CommitmentUpdate.note)
                .join(Commitment, Commitment.id == CommitmentUpdate.commitment_id)
                .where(Commitment.number == 2, CommitmentUpdate.kind == "note")
            )
        ).all()
    assert notes == [advice]
    told = await dm_saying(standin, TA, "Sent your reply")
    assert f"<@{LABOR_1}>" in visible(told)


async def test_reply_from_ta_home_to_a_help_alert_comes_back_in_the_alerts_thread(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn, slack: SlackDriver
) -> None:
    alert = await alert_from_a_home_block(bot, people, slack, standin)

    await open_home(slack, standin, TA)
    modal = await open_form(slack, standin, "ft_home_reply", "2")
    await slack.submit_view(TA, modal["id"], typed("reply", "Call me."))
    coached = await standin.wait_for(
        lambda: [m for m in standin.dm_messages(LABOR_1) if "Call me." in visible(m)]
    )
    assert f"Reply in this thread to answer: your reply goes to <@{TA}>" in visible(coached[-1])

    dm = standin.dm_channel(LABOR_1) or ""
    await bot_knows_message(bot, dm, coached[-1]["ts"])
    await slack.message_event(LABOR_1, dm, "Thursday works", thread_ts=coached[-1]["ts"])
    back = await standin.wait_for(
        lambda: [
            m
            for m in standin.thread(TA_CHANNEL, alert["ts"])
            if "Thursday works" in visible(m) and m.get("bot_id")
        ]
    )
    assert f"<@{LABOR_1}> replied about `#2`" in visible(back[0])


async def test_empty_reply_from_ta_home_is_refused_in_the_modal(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn, slack: SlackDriver
) -> None:
    await ta_home_with_a_block(bot, people, slack, standin)
    before = len(standin.dm_messages(LABOR_1))
    modal = await open_form(slack, standin, "ft_home_reply", "2")
    response = await slack.submit_view(TA, modal["id"], typed("reply", "  "))
    assert "Write your reply first." in response.body
    assert len(standin.dm_messages(LABOR_1)) == before


async def test_nudge_from_ta_home_sends_the_organization_a_check_in_now(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn, slack: SlackDriver
) -> None:
    await ta_home_with_a_block(bot, people, slack, standin)  # Thu 10:30: Jorge's hours
    before = len(standin.dm_messages(LABOR_1))

    await slack.click_home(TA, "ft_home_nudge", value="2")

    dms = await standin.wait_for(
        lambda: [m for m in standin.dm_messages(LABOR_1)[before:] if m.get("blocks")]
    )
    assert "wage-theft" in visible(dms[-1])
    told = await dm_saying(standin, TA, "Check-in sent to")
    assert "1 person" in visible(told)


async def test_share_from_ta_home_sends_the_chosen_resource_to_the_organization(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn, slack: SlackDriver
) -> None:
    guide = "resource add <https://example.org/budgets> Small budgets guide"
    await ta_home_with_a_block(bot, people, slack, standin, [guide])
    before = len(standin.dm_messages(LABOR_1))

    modal = await open_form(slack, standin, "ft_home_share", "2")
    [select_block] = [b for b in modal["blocks"] if b.get("block_id") == "resource"]
    offered = [o["text"]["text"] for o in select_block["element"]["options"]]
    assert offered == ["2. Small budgets guide", "1. Precarious work primer"]
    chosen = {"text": {"type": "plain_text", "text": offered[0]}, "value": "2"}
    await slack.submit_view(
        TA,
        modal["id"],
        {"resource": {"resource": {"type": "static_select", "selected_option": chosen}}},
    )

    dms = await standin.wait_for(lambda: standin.dm_messages(LABOR_1)[before:])
    assert "Small budgets guide" in visible(dms[-1])
    assert all("Small budgets guide" not in visible(m) for m in standin.dm_messages(HEALTH_1))
    told = await dm_saying(standin, TA, "Shared")
    assert "Small budgets guide" in visible(told) and "1 person" in visible(told)


async def test_share_from_ta_home_with_an_empty_library_says_how_to_add_one(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn, slack: SlackDriver
) -> None:
    await ta_home_with_a_block(bot, people, slack, standin, ["resource remove 1"])

    await slack.click_home(TA, "ft_home_share", value="2")

    told = await dm_saying(standin, TA, "no resources yet")
    assert "`/plan resource add <url> <title>`" in visible(told)
    assert "Usage: `/plan share <resource-number>" in visible(told)
    assert standin.open_modals(TA) == []


async def test_participant_home_has_no_ta_buttons(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn, slack: SlackDriver
) -> None:
    await setup_rhythm(people)
    await block_number_2(people)
    bot.clock.set(AFTER_SESSION_1)
    view = await open_home(slack, standin, LABOR_1)
    actions = {b["action_id"] for b in buttons(view)}
    assert not actions & {"ft_home_reply", "ft_home_nudge", "ft_home_share"}


# ------------------------------------------------------------------- buttons at the top


def top_labels(view: dict[str, Any]) -> list[str]:
    [top] = [b for b in view["blocks"] if b.get("block_id") == "home_top"]
    return [e["text"]["text"] for e in top["elements"]]


async def test_home_top_buttons_by_role(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn, slack: SlackDriver
) -> None:
    await setup_rhythm(people)
    bot.clock.set(AFTER_SESSION_1)
    assert top_labels(await open_home(slack, standin, HEALTH_1)) == [
        "Add a commitment",
        "Ask the TA team",
    ]
    assert top_labels(await open_home(slack, standin, TA)) == ["Add a commitment"]


async def test_add_a_commitment_from_home_opens_the_add_modal_and_adds(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn, slack: SlackDriver
) -> None:
    await home_after_session_1(bot, people, slack, standin, HEALTH_1)
    modal = await open_form(slack, standin, "ft_home_add", user_id=HEALTH_1)
    assert modal["callback_id"] == "add_commitment"
    response = await slack.submit_view(
        HEALTH_1, modal["id"], modal_values("Train the front desk", due="2026-12-18")
    )
    assert response.status == 200

    dms = await standin.wait_for(
        lambda: [m for m in standin.dm_messages(HEALTH_1) if "Train the front desk" in visible(m)]
    )
    assert "#3" in visible(dms[-1])
    shown = visible(await open_home(slack, standin, HEALTH_1))
    assert "Train the front desk" in shown


async def test_ask_the_ta_team_from_home_relays_the_question(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn, slack: SlackDriver
) -> None:
    await home_after_session_1(bot, people, slack, standin, HEALTH_1)
    modal = await open_form(slack, standin, "ft_home_ask", user_id=HEALTH_1)
    question = "Who has a template for a *scheduling* policy?"
    response = await slack.submit_view(
        HEALTH_1,
        modal["id"],
        typed("question", question),
    )
    assert response.status == 200

    alerts = await standin.wait_for(lambda: standin.messages("C0TATEAM01"))
    relayed = visible(alerts[-1])
    assert "template for a" in relayed and f"<@{HEALTH_1}>" in relayed
    assert "*scheduling*" not in relayed  # typed text is escaped, not bold
    told = await dm_saying(standin, HEALTH_1, "went to the TA team")
    assert "answer will come" in visible(told)


async def test_ask_the_ta_team_from_home_refuses_an_empty_question(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn, slack: SlackDriver
) -> None:
    await home_after_session_1(bot, people, slack, standin, HEALTH_1)
    modal = await open_form(slack, standin, "ft_home_ask", user_id=HEALTH_1)
    response = await slack.submit_view(
        HEALTH_1,
        modal["id"],
        typed("question", " "),
    )
    assert "Write your question first." in response.body
    assert standin.messages("C0TATEAM01") == []


async def test_reply_from_ta_home_on_a_step_a_ta_blocked_says_how_else_to_answer(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn, slack: SlackDriver
) -> None:
    await setup_rhythm(people)
    await people["ta"].plan(f"status 2 blocked {HELP}")  # a TA's own note: no help alert
    bot.clock.set(AFTER_SESSION_1)
    await open_home(slack, standin, TA)
    before = len(standin.dm_messages(LABOR_1))
    modal = await open_form(slack, standin, "ft_home_reply", "2")
    response = await slack.submit_view(TA, modal["id"], typed("reply", "Call me."))
    assert response.status == 200
    dms = await standin.wait_for(lambda: standin.dm_messages(LABOR_1)[before:])
    got = visible(dms[-1])
    assert "Reply in this thread" not in got and "`/plan note #2 <text>`" in got
    # the TA's confirmation is the listener's last step: the test ends after it, not during it
    await dm_saying(standin, TA, "Sent your reply")
