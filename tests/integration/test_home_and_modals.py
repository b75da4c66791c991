"""The App Home tab and the "add a commitment" modal end to end, over signed HTTP against the
stand-in: what each role sees on Home, buttons there, and the modal's submissions."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select

from sandbox.api import SlackStandIn
from sandbox.driver import SlackDriver
from storage.models import Commitment, CommitmentUpdate, Organization
from tests.conftest import HEALTH_1, HEALTH_2, LABOR_1, OUTSIDER, TA, BotHarness
from tests.conftest import Person as Someone
from tests.support import buttons, visible
from tests.support.home import modal_values, open_add_modal, open_home
from tests.support.rhythm import setup_rhythm

AFTER_SESSION_1 = datetime(2026, 12, 3, 16, 30, tzinfo=UTC)  # Thu 10:30 in Chicago


async def rows(bot: BotHarness, model: Any) -> list[Any]:
    async with bot.runtime.uow() as uow:
        return list((await uow.session.scalars(select(model).order_by(model.id))).all())


def labels_for(view: dict[str, Any], number: int) -> list[str]:
    return [b["text"]["text"] for b in buttons(view) if b.get("value") == str(number)]


# ------------------------------------------------------------------------------- Home


async def test_participant_home_shows_their_plan_next_session_and_resources(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn, slack: SlackDriver
) -> None:
    await setup_rhythm(people)
    await people["sam"].plan("add Survey the night-shift staff")
    await people["sam"].plan("add Already finished step")
    await people["sam"].plan("done 4")
    bot.clock.set(AFTER_SESSION_1)
    view = await open_home(slack, standin, HEALTH_1)
    shown = visible(view)
    assert "Mercy Health Clinic: your action plan" in shown
    assert "Draft a predictable-scheduling policy" in shown
    assert "Survey the night-shift staff" in shown
    assert "Already finished step" not in shown  # open commitments only
    assert "wage-theft" not in shown  # not another organization's
    assert shown.index("predictable-scheduling") < shown.index("night-shift")  # owner's first
    for number in (1, 3):
        assert labels_for(view, number) == [
            "Done",
            "In progress",
            "Blocked – need help",
            "Snooze",
            "Edit",
        ]
    assert "Next: Session 2 · Designing PSE change" in shown and "in 12 days" in shown
    assert "Latest resources" in shown and "Precarious work primer" in shown

    jorge = visible(await open_home(slack, standin, LABOR_1))
    assert "Workers United Center: your action plan" in jorge
    assert "wage-theft" in jorge and "predictable-scheduling" not in jorge


async def test_ta_home_shows_every_organization_at_a_glance(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn, slack: SlackDriver
) -> None:
    await setup_rhythm(people)
    await people["jorge"].plan("status 2 blocked Waiting on printing budget")
    await people["ta"].plan('org add "Eastside Community Network" as eastside sphere community')
    bot.clock.set(AFTER_SESSION_1)
    view = await open_home(slack, standin, TA)
    shown = visible(view)
    assert "The collaborative at a glance" in shown
    assert "Mercy Health Clinic" in shown and "1 open" in shown
    assert "Workers United Center" in shown and "1 blocked" in shown
    assert "Eastside Community Network" in shown and "no commitments yet" in shown
    assert "Blocked: these need help" in shown and "wage-theft" in shown
    assert "Next: Session 2" in shown
    assert "Precarious work primer" in shown


async def test_outsider_home_says_how_to_join(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn, slack: SlackDriver
) -> None:
    await setup_rhythm(people)
    view = await open_home(slack, standin, OUTSIDER)
    shown = visible(view)
    assert "ask a TA provider to add you" in shown
    assert "predictable-scheduling" not in shown and "wage-theft" not in shown
    # asking the TA team is all they can start (test_newcomer_asks presses it)
    assert [b["text"]["text"] for b in buttons(view)] == ["Ask the TA team"]


async def test_buttons_on_home_update_and_republish(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn, slack: SlackDriver
) -> None:
    await setup_rhythm(people)
    await people["sam"].plan("add Survey the night-shift staff")
    bot.clock.set(AFTER_SESSION_1)
    await open_home(slack, standin, HEALTH_2)

    published = len(standin.calls_to("views.publish"))
    response = await slack.click_home(HEALTH_2, "ft_progress", value="3")
    assert response.status == 200
    await standin.wait_for(lambda: len(standin.calls_to("views.publish")) > published)
    shown = visible(standin.home_view(HEALTH_2))
    assert "`#3` *Survey the night-shift staff* · In progress" in shown

    published = len(standin.calls_to("views.publish"))
    await slack.click_home(HEALTH_2, "ft_done", value="1")
    await standin.wait_for(lambda: len(standin.calls_to("views.publish")) > published)
    view = standin.home_view(HEALTH_2)
    assert view is not None
    assert "predictable-scheduling" not in visible(view)  # done: off the open list
    assert labels_for(view, 1) == [] and labels_for(view, 3)
    commitments = {c.number: c for c in await rows(bot, Commitment)}
    assert (commitments[1].status, commitments[3].status) == ("done", "in-progress")
    last = [u for u in await rows(bot, CommitmentUpdate) if u.commitment_id == commitments[1].id]
    assert (last[-1].actor_slack_id, last[-1].new_status, last[-1].source) == (
        HEALTH_2,
        "done",
        "button",
    )
    assert standin.home_view(HEALTH_1) is None  # only the clicker's Home is redrawn


async def test_blocked_on_home_asks_why_then_republishes(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn, slack: SlackDriver
) -> None:
    await setup_rhythm(people)
    await open_home(slack, standin, LABOR_1)
    await slack.click_home(LABOR_1, "ft_blocked", value="2")
    [modal] = await standin.wait_for(lambda: standin.open_modals(LABOR_1))
    published = len(standin.calls_to("views.publish"))
    await slack.submit_view(
        LABOR_1,
        modal["id"],
        {"reason": {"reason": {"type": "plain_text_input", "value": "No printing budget"}}},
    )
    await standin.wait_for(lambda: len(standin.calls_to("views.publish")) > published)
    assert "Blocked" in visible(standin.home_view(LABOR_1))
    alerts = await standin.wait_for(lambda: standin.messages("C0TATEAM01"))
    assert "No printing budget" in visible(alerts[-1])


# ------------------------------------------------------------------------------ modal


def block_ids(view: dict[str, Any]) -> list[str]:
    return [b.get("block_id", "") for b in view.get("blocks") or [] if b.get("type") == "input"]


async def test_add_with_no_text_opens_the_modal_and_submitting_adds(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn, slack: SlackDriver
) -> None:
    await setup_rhythm(people)
    modal = await open_add_modal(people, standin, "maria", HEALTH_1)
    assert "org" not in block_ids(modal)  # a participant adds to their own organization
    assert {"title", "due", "owner"} <= set(block_ids(modal))
    assert standin.calls_to("views.open")

    answer = await slack.submit_view(
        HEALTH_1,
        modal["id"],
        modal_values("Meet the scheduling committee", "2026-12-18", HEALTH_2, pse="policy"),
    )
    assert answer.status == 200
    assert (answer.json_or_none() or {}).get("response_action") != "errors", answer.body
    assert standin.open_modals(HEALTH_1) == []  # closed on success
    told = await standin.wait_for(
        lambda: [m for m in standin.dm_messages(HEALTH_1) if "#3" in visible(m)]
    )
    assert "Meet the scheduling committee" in visible(told[-1])

    added = {c.number: c for c in await rows(bot, Commitment)}[3]
    assert (added.title, str(added.due), added.owner_slack_id, added.pse_level) == (
        "Meet the scheduling committee",
        "2026-12-18",
        HEALTH_2,
        "policy",
    )
    [created] = [u for u in await rows(bot, CommitmentUpdate) if u.commitment_id == added.id]
    assert (created.kind, created.source, created.actor_slack_id) == ("created", "modal", HEALTH_1)


async def test_modal_owner_from_another_organization_is_a_field_error(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn, slack: SlackDriver
) -> None:
    await setup_rhythm(people)
    modal = await open_add_modal(people, standin, "maria", HEALTH_1)
    before = len(await rows(bot, Commitment))
    answer = await slack.submit_view(
        HEALTH_1, modal["id"], modal_values("Someone else's job", owner=LABOR_1)
    )
    assert answer.status == 200
    body = answer.json()
    assert body["response_action"] == "errors"
    assert list(body["errors"]) == ["owner"]
    assert body["errors"]["owner"]
    assert [m["id"] for m in standin.open_modals(HEALTH_1)] == [modal["id"]]  # still open
    assert len(await rows(bot, Commitment)) == before
    assert not [m for m in standin.dm_messages(HEALTH_1) if "Someone else" in visible(m)]


async def test_ta_modal_has_the_organization_select(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn, slack: SlackDriver
) -> None:
    await setup_rhythm(people)
    modal = await open_add_modal(people, standin, "ta", TA)
    org_block = next(b for b in modal["blocks"] if b.get("block_id") == "org")
    options = [o["value"] for o in org_block["element"]["options"]]
    assert options == ["mercy", "workers-united-center"]
    await slack.submit_view(
        TA,
        modal["id"],
        modal_values("Print intake guides", owner=LABOR_1, org="workers-united-center"),
    )
    await standin.wait_for(lambda: [m for m in standin.dm_messages(TA) if "#3" in visible(m)])
    added = {c.number: c for c in await rows(bot, Commitment)}[3]
    assert added.owner_slack_id == LABOR_1
    [org] = [o for o in await rows(bot, Organization) if o.id == added.organization_id]
    assert org.handle == "workers-united-center"


async def test_outsider_gets_no_modal(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn
) -> None:
    await setup_rhythm(people)
    reply = await people["pat"].plan("add")
    assert "ask a TA provider to add you" in reply
    assert standin.open_modals(OUTSIDER) == []
