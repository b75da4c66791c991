"""Undo on a button's confirmation: a Done pressed by mistake is taken back within a minute, over
signed HTTP against the stand-in, with the bot's clock pinned."""

from __future__ import annotations

import copy
import json
from typing import Any
from urllib.parse import urlencode

from sandbox import payloads
from sandbox.api import SlackStandIn
from sandbox.driver import SlackDriver
from tests.support import buttons, visible
from tests.support.harness import BotHarness
from tests.support.harness import Person as Someone
from tests.support.home import open_home
from tests.support.rhythm import CHECKIN, commitment, history, nudge_in, nudges_at, setup_rhythm
from tests.support.undo import press_on_home, undo_in_dm
from tests.support.workspace import HEALTH_2, LABOR_1

UNDO = "ft_undo"


def _has_done_button(message: dict[str, Any]) -> bool:
    return any(b["action_id"] == "ft_done" and b.get("value") == "1" for b in buttons(message))


async def _press(
    standin: SlackStandIn, slack: SlackDriver, user_id: str, action_id: str
) -> tuple[str, dict[str, Any]]:
    """Press a button on commitment #1 in the person's nudge; return the DM channel and the
    confirmation (with its Undo) that only they see."""
    channel = standin.dm_channel(user_id) or ""
    shown_before = len(standin.ephemerals(user_id))
    await slack.click(user_id, channel, nudge_in(standin, user_id)["ts"], action_id, value="1")
    told = await standin.wait_for(lambda: standin.ephemerals(user_id)[shown_before:])
    assert len(told) == 1
    assert [b["text"]["text"] for b in buttons(told[0])] == ["Undo"]
    return channel, told[0]


async def _undo(
    standin: SlackStandIn, slack: SlackDriver, user_id: str, channel: str, confirmation: Any
) -> str:
    """Press Undo under the confirmation; return the one line the bot answers with: in place of
    the confirmation when the Undo did something (its button gone), else a new line."""
    shown_before = len(standin.ephemerals(user_id))
    await slack.click(user_id, channel, confirmation["ts"], UNDO)

    def answered() -> list[Any]:
        told = standin.ephemerals(user_id)[shown_before:]
        replaced = [
            m
            for m in standin.ephemerals(user_id)[:shown_before] + standin.dm_messages(user_id)
            if m["ts"] == confirmation["ts"] and not buttons(m)
        ]
        return told + replaced

    told = await standin.wait_for(answered)
    assert len(told) == 1
    return visible(told[0])


async def _replay_undo(
    standin: SlackStandIn, slack: SlackDriver, user_id: str, confirmation: dict[str, Any]
) -> list[Any]:
    """`user_id` sends the Undo of `confirmation` as it was drawn (a replayed request, or a
    second click that left before the first was answered); return what they are told."""
    channel = standin.dm_channel(user_id) or ""
    block, element = payloads.find_element(confirmation["blocks"], UNDO, None, None) or ({}, {})
    payload = payloads.message_click(
        standin.workspace,
        user_id=user_id,
        channel=standin.workspace.channels[channel],
        message=confirmation,
        is_ephemeral=True,
        action=payloads.button_action(block, element),
        response_url=standin.new_response_url(channel, user_id, is_ephemeral=True),
        trigger_id=standin.issue_trigger(user_id),
        verification_token=slack.verification_token,
    )
    shown_before = len(standin.ephemerals(user_id))
    body = urlencode({"payload": json.dumps(payload)}).encode()
    assert (await slack.send(body, "application/x-www-form-urlencoded")).status == 200
    told: list[Any] = await standin.wait_for(lambda: standin.ephemerals(user_id)[shown_before:])
    return told


async def test_done_then_undo_restores_open_and_redraws_the_buttons(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn, slack: SlackDriver
) -> None:
    await setup_rhythm(people)
    await nudges_at(bot, CHECKIN)
    nudge_ts = nudge_in(standin, HEALTH_2)["ts"]
    channel, confirmation = await _press(standin, slack, HEALTH_2, "ft_done")
    assert "`#1` is now *Done*" in visible(confirmation)
    await standin.wait_for(lambda: not _has_done_button(nudge_in(standin, HEALTH_2)))

    bot.clock.advance(seconds=50)
    answer = await _undo(standin, slack, HEALTH_2, channel, confirmation)
    assert "Undone: `#1` is *Open* again" in answer and "/plan status #1" in answer
    assert (await commitment(bot, 1)).status == "open"
    await standin.wait_for(lambda: _has_done_button(nudge_in(standin, HEALTH_2)))
    redrawn = nudge_in(standin, HEALTH_2)
    assert redrawn["ts"] == nudge_ts  # the same message, redrawn in place
    assert ":white_check_mark: `#1`" not in visible(redrawn)
    # both the slip and its undo are in the history
    done, undone = (await history(bot, 1))[-2:]
    assert (done.new_status, done.source) == ("done", "button")
    assert (undone.old_status, undone.new_status, undone.source) == ("done", "open", "undo")
    assert undone.actor_slack_id == HEALTH_2


async def test_undo_after_a_minute_is_refused_and_says_how(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn, slack: SlackDriver
) -> None:
    await setup_rhythm(people)
    await nudges_at(bot, CHECKIN)
    channel, confirmation = await _press(standin, slack, HEALTH_2, "ft_done")
    bot.clock.advance(minutes=2)
    answer = await _undo(standin, slack, HEALTH_2, channel, confirmation)
    assert answer.startswith("Too late to undo")
    assert "`/plan status #1 <status>`" in answer and "Usage:" in answer
    assert (await commitment(bot, 1)).status == "done"
    assert [u.source for u in await history(bot, 1)].count("undo") == 0


async def test_undo_twice_changes_nothing_the_second_time(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn, slack: SlackDriver
) -> None:
    await setup_rhythm(people)
    await nudges_at(bot, CHECKIN)
    channel, confirmation = await _press(standin, slack, HEALTH_2, "ft_progress")
    as_drawn = copy.deepcopy(confirmation)
    first = await _undo(standin, slack, HEALTH_2, channel, confirmation)
    assert "Undone: `#1` is *Open* again" in first
    before = len(await history(bot, 1))
    [second] = await _replay_undo(standin, slack, HEALTH_2, as_drawn)
    assert "already undone" in visible(second)
    assert len(await history(bot, 1)) == before
    assert (await commitment(bot, 1)).status == "open"


async def test_undo_of_a_snooze_turns_reminders_back_on(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn, slack: SlackDriver
) -> None:
    await setup_rhythm(people)
    await nudges_at(bot, CHECKIN)
    channel, confirmation = await _press(standin, slack, HEALTH_2, "ft_snooze")
    assert (await commitment(bot, 1)).snoozed_until is not None
    answer = await _undo(standin, slack, HEALTH_2, channel, confirmation)
    assert "reminders about `#1` are back on" in answer
    assert (await commitment(bot, 1)).snoozed_until is None
    assert (await history(bot, 1))[-1].kind == "unsnooze"


async def test_someone_elses_undo_from_another_organization_is_refused(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn, slack: SlackDriver
) -> None:
    await setup_rhythm(people)
    await nudges_at(bot, CHECKIN)
    _, confirmation = await _press(standin, slack, HEALTH_2, "ft_done")
    # Jorge (Workers United) sends the Undo of Sam's (Mercy) press, as a replayed request would
    told = await _replay_undo(standin, slack, LABOR_1, confirmation)
    assert len(told) == 1 and "belongs to another organization" in visible(told[0])
    assert (await commitment(bot, 1)).status == "done"


async def test_done_on_the_home_tab_is_undone_from_the_dm_and_home_redrawn(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn, slack: SlackDriver
) -> None:
    await setup_rhythm(people)
    bot.clock.set(CHECKIN)
    await open_home(slack, standin, HEALTH_2)
    await slack.click_home(HEALTH_2, "ft_done", value="1")
    # from the Home tab the confirmation comes as a DM, with its Undo
    confirmation = await standin.wait_for(
        lambda: [m for m in standin.dm_messages(HEALTH_2) if buttons(m)]
    )
    assert "`#1` is now *Done*" in visible(confirmation[-1])
    await standin.wait_for(
        lambda: "predictable-scheduling" not in visible(standin.home_view(HEALTH_2))
    )
    published = len(standin.calls_to("views.publish"))
    answer = await _undo(
        standin, slack, HEALTH_2, standin.dm_channel(HEALTH_2) or "", confirmation[-1]
    )
    assert "Undone: `#1` is *Open* again" in answer
    await standin.wait_for(lambda: len(standin.calls_to("views.publish")) > published)
    assert "predictable-scheduling" in visible(standin.home_view(HEALTH_2))
    assert (await commitment(bot, 1)).status == "open"


async def test_undoing_a_done_puts_back_the_snooze_and_last_update_it_replaced(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn, slack: SlackDriver
) -> None:
    """Snooze, then a Done by mistake: Undo brings back the whole earlier state, so reminders
    stay off for the rest of the snooze and the stale clock is not reset by the slip."""
    await setup_rhythm(people)
    await nudges_at(bot, CHECKIN)
    await _press(standin, slack, HEALTH_2, "ft_snooze")
    before = await commitment(bot, 1)
    assert before.snoozed_until is not None
    bot.clock.advance(seconds=30)
    channel, confirmation = await _press(standin, slack, HEALTH_2, "ft_done")
    assert (await commitment(bot, 1)).snoozed_until is None  # a Done ends the snooze
    bot.clock.advance(seconds=20)
    answer = await _undo(standin, slack, HEALTH_2, channel, confirmation)
    assert "Undone: `#1` is *Open* again" in answer
    after = await commitment(bot, 1)
    assert after.status == "open"
    assert after.snoozed_until == before.snoozed_until
    assert after.updated_at == before.updated_at


async def test_the_confirmation_becomes_what_the_undo_did_with_no_undo_left(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn, slack: SlackDriver
) -> None:
    """Done pressed on Home by mistake, then Undo in the DM: the DM no longer says "is now
    Done" and offers no second Undo; it says what the Undo did, in the same message."""
    await setup_rhythm(people)
    bot.clock.set(CHECKIN)
    confirmation = await press_on_home(slack, standin, HEALTH_2, "ft_done", 1)
    await undo_in_dm(slack, standin, HEALTH_2, confirmation)
    [shown] = [m for m in standin.dm_messages(HEALTH_2) if m["ts"] == confirmation["ts"]]
    assert "Undone: `#1` is *Open* again" in visible(shown)
    assert "is now *Done*" not in visible(shown)
    assert buttons(shown) == []
    assert not any("is now *Done*" in visible(m) for m in standin.dm_messages(HEALTH_2))


async def test_a_nudge_confirmation_becomes_what_the_undo_did(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn, slack: SlackDriver
) -> None:
    """The same under a check-in: the line only the clicker sees is replaced, not added to."""
    await setup_rhythm(people)
    await nudges_at(bot, CHECKIN)
    channel, confirmation = await _press(standin, slack, HEALTH_2, "ft_done")
    shown_before = len(standin.ephemerals(HEALTH_2))
    await _undo(standin, slack, HEALTH_2, channel, confirmation)
    shown = standin.ephemerals(HEALTH_2)
    assert len(shown) == shown_before
    assert not any("is now *Done*" in visible(m) or buttons(m) for m in shown)
    assert "Undone: `#1` is *Open* again" in visible(shown[-1])
