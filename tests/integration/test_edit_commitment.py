"""The add form's owner list and field errors, and changing a commitment with `/plan edit #N`,
over signed HTTP against the stand-in."""

from __future__ import annotations

from typing import Any

from sandbox.api import SlackStandIn
from sandbox.driver import SlackDriver
from tests.conftest import HEALTH_1, HEALTH_2, LABOR_1, TA, BotHarness
from tests.conftest import Person as Someone
from tests.support import visible
from tests.support.home import modal_values, open_add_modal, open_home
from tests.support.rhythm import commitment, history, setup_rhythm


def owner_choices(modal: dict[str, Any]) -> dict[str, list[tuple[str, str]]]:
    """The owner select's options as (shown name, user id), by group label ("" when ungrouped)."""
    [block] = [b for b in modal["blocks"] if b.get("block_id") == "owner"]
    element = block["element"]
    assert element["type"] == "static_select"

    def pairs(options: list[dict[str, Any]]) -> list[tuple[str, str]]:
        return [(o["text"]["text"], o["value"]) for o in options]

    if "option_groups" in element:
        return {g["label"]["text"]: pairs(g["options"]) for g in element["option_groups"]}
    return {"": pairs(element["options"])}


# ---------------------------------------------------------------------- the add form


async def test_add_form_offers_only_the_members_of_the_participants_organization(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn
) -> None:
    await setup_rhythm(people)
    modal = await open_add_modal(people, standin, "maria", HEALTH_1)
    assert owner_choices(modal) == {"": [("Maria Lopez", HEALTH_1), ("Sam Okafor", HEALTH_2)]}


async def test_add_form_for_a_ta_groups_owners_by_organization(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn
) -> None:
    await setup_rhythm(people)
    modal = await open_add_modal(people, standin, "ta", TA)
    assert owner_choices(modal) == {
        "Mercy Health Clinic": [("Maria Lopez", HEALTH_1), ("Sam Okafor", HEALTH_2)],
        "Workers United Center": [("Jorge Ruiz", LABOR_1)],
    }


async def test_ta_owner_from_another_organization_is_a_plain_field_error(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn, slack: SlackDriver
) -> None:
    await setup_rhythm(people)
    modal = await open_add_modal(people, standin, "ta", TA)
    answer = await slack.submit_view(
        TA, modal["id"], modal_values("Print intake guides", owner=LABOR_1, org="mercy")
    )
    body = answer.json()
    assert body["response_action"] == "errors"
    assert body["errors"] == {
        "owner": "Jorge Ruiz isn't a member of Mercy Health Clinic: pick one of its members "
        "as owner."
    }
    assert [m["id"] for m in standin.open_modals(TA)] == [modal["id"]]


async def test_participant_owner_error_names_people_and_suggests_no_ta_command(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn, slack: SlackDriver
) -> None:
    await setup_rhythm(people)
    modal = await open_add_modal(people, standin, "maria", HEALTH_1)
    answer = await slack.submit_view(
        HEALTH_1, modal["id"], modal_values("Someone else's job", owner=LABOR_1)
    )
    message = answer.json()["errors"]["owner"]
    assert message == (
        "Jorge Ruiz isn't a member of Mercy Health Clinic: pick one of its members as owner."
    )
    assert "<@" not in message and "`" not in message and "/plan" not in message


# ------------------------------------------------------------------------ /plan edit


def field(modal: dict[str, Any], block_id: str) -> dict[str, Any]:
    [block] = [b for b in modal["blocks"] if b.get("block_id") == block_id]
    element: dict[str, Any] = block["element"]
    return element


async def open_edit_modal(
    people: dict[str, Someone], standin: SlackStandIn, who: str, user_id: str, number: int
) -> dict[str, Any]:
    response = await people[who].slack.command(user_id, f"edit #{number}")
    assert response.status == 200 and "Traceback" not in response.body
    [modal] = await standin.wait_for(lambda: standin.open_modals(user_id))
    assert modal["callback_id"] == "edit_commitment"
    return modal


async def test_edit_opens_a_filled_form_and_saving_records_what_changed(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn, slack: SlackDriver
) -> None:
    await setup_rhythm(people)  # #1 is Maria's, due 2026-12-20
    modal = await open_edit_modal(people, standin, "maria", HEALTH_1, 1)
    assert field(modal, "title")["initial_value"] == "Draft a predictable-scheduling policy"
    assert field(modal, "due")["initial_date"] == "2026-12-20"
    assert field(modal, "owner")["initial_option"]["value"] == HEALTH_1
    assert owner_choices(modal) == {"": [("Maria Lopez", HEALTH_1), ("Sam Okafor", HEALTH_2)]}

    answer = await slack.submit_view(
        HEALTH_1,
        modal["id"],
        modal_values("Draft the scheduling policy", "2026-12-22", HEALTH_2, pse="policy"),
    )
    assert (answer.json_or_none() or {}).get("response_action") != "errors", answer.body
    assert standin.open_modals(HEALTH_1) == []
    told = await standin.wait_for(
        lambda: [m for m in standin.dm_messages(HEALTH_1) if "Saved" in visible(m)]
    )
    shown = visible(told[-1])
    assert "Draft the scheduling policy" in shown
    assert "the due date (2026-12-20 → 2026-12-22)" in shown
    assert "the owner (Maria Lopez → Sam Okafor)" in shown
    assert "/plan edit #1" in shown  # what to do next

    changed = await commitment(bot, 1)
    assert (changed.title, str(changed.due), changed.owner_slack_id, changed.pse_level) == (
        "Draft the scheduling policy",
        "2026-12-22",
        HEALTH_2,
        "policy",
    )
    edits = [u for u in await history(bot, 1) if u.kind == "edit"]
    assert [(u.source, u.actor_slack_id) for u in edits] == [("modal", HEALTH_1)]
    assert edits[0].note == (
        "Changed the title, the due date (2026-12-20 → 2026-12-22), the owner "
        "(Maria Lopez → Sam Okafor), the level of change (not set → policy)."
    )
    record = await people["maria"].plan("show #1")
    assert "edited it in a form" in record and "Maria Lopez → Sam Okafor" in record


async def test_edit_refuses_a_past_date_and_a_long_title_in_the_form(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn, slack: SlackDriver
) -> None:
    await setup_rhythm(people)
    modal = await open_edit_modal(people, standin, "maria", HEALTH_1, 1)
    past = await slack.submit_view(
        HEALTH_1, modal["id"], modal_values("Draft a predictable-scheduling policy", "2020-01-01")
    )
    assert past.json()["errors"] == {
        "due": "That due date is in the past: pick today or a later date."
    }
    long = await slack.submit_view(HEALTH_1, modal["id"], modal_values("x" * 3001, "2026-12-20"))
    assert list(long.json()["errors"]) == ["title"]
    assert "at most 3,000 characters" in long.json()["errors"]["title"]
    unchanged = await commitment(bot, 1)
    assert (unchanged.title, str(unchanged.due)) == (
        "Draft a predictable-scheduling policy",
        "2026-12-20",
    )
    assert not [u for u in await history(bot, 1) if u.kind == "edit"]


async def test_ta_edits_any_organization_with_its_members_only(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn, slack: SlackDriver
) -> None:
    await setup_rhythm(people)  # #2 is Jorge's, Workers United Center
    modal = await open_edit_modal(people, standin, "ta", TA, 2)
    assert owner_choices(modal) == {"": [("Jorge Ruiz", LABOR_1)]}
    answer = await slack.submit_view(
        TA, modal["id"], modal_values("Share the intake guide", "2026-12-22", HEALTH_1)
    )
    assert answer.json()["errors"] == {
        "owner": "Maria Lopez isn't a member of Workers United Center: pick one of its members "
        "as owner."
    }
    assert (await commitment(bot, 2)).owner_slack_id == LABOR_1


async def test_edit_button_in_the_list_opens_the_same_form(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn, slack: SlackDriver
) -> None:
    await setup_rhythm(people)
    await people["maria"].plan("list")
    [listing] = [m for m in standin.ephemerals(HEALTH_1) if "open commitments" in visible(m)]
    response = await slack.click(HEALTH_1, "C0GENERAL", listing["ts"], "ft_edit", value="1")
    assert response.status == 200
    [modal] = await standin.wait_for(lambda: standin.open_modals(HEALTH_1))
    assert modal["callback_id"] == "edit_commitment"
    assert field(modal, "title")["initial_value"] == "Draft a predictable-scheduling policy"


async def test_edit_button_on_home_opens_the_form_and_saving_redraws_home(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn, slack: SlackDriver
) -> None:
    await setup_rhythm(people)
    await open_home(slack, standin, HEALTH_1)
    await slack.click_home(HEALTH_1, "ft_edit", value="1")
    [modal] = await standin.wait_for(lambda: standin.open_modals(HEALTH_1))
    published = len(standin.calls_to("views.publish"))
    await slack.submit_view(
        HEALTH_1, modal["id"], modal_values("Draft the scheduling policy", "2026-12-20", HEALTH_1)
    )
    await standin.wait_for(lambda: len(standin.calls_to("views.publish")) > published)
    shown = visible(standin.home_view(HEALTH_1))
    assert "Draft the scheduling policy" in shown
    assert "predictable-scheduling" not in shown


async def test_help_lists_edit(people: dict[str, Someone]) -> None:
    await setup_rhythm(people)
    assert "/plan edit #N" in await people["maria"].plan("help")


async def test_saving_the_form_unchanged_records_nothing_and_says_so(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn, slack: SlackDriver
) -> None:
    await setup_rhythm(people)
    modal = await open_edit_modal(people, standin, "maria", HEALTH_1, 1)
    await slack.submit_view(
        HEALTH_1,
        modal["id"],
        modal_values("Draft a predictable-scheduling policy", "2026-12-20", HEALTH_1),
    )
    told = await standin.wait_for(
        lambda: [m for m in standin.dm_messages(HEALTH_1) if "Nothing changed" in visible(m)]
    )
    assert "/plan edit #1" in visible(told[-1])
    assert not [u for u in await history(bot, 1) if u.kind == "edit"]


async def test_ta_with_no_organizations_is_told_to_make_one_instead_of_a_form(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn
) -> None:
    reply = await people["ta"].plan("add")
    assert "There is no organization to add a commitment to yet" in reply
    assert standin.open_modals(TA) == []


async def test_edit_button_after_moving_organization_is_refused_with_the_usage(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn, slack: SlackDriver
) -> None:
    await setup_rhythm(people)
    await people["maria"].plan("list")
    [listing] = [m for m in standin.ephemerals(HEALTH_1) if "open commitments" in visible(m)]
    await people["ta"].plan(f"member add workers-united-center <@{HEALTH_1}>")  # she moves
    await slack.click(HEALTH_1, "C0GENERAL", listing["ts"], "ft_edit", value="1")
    told = await standin.wait_for(
        lambda: [m for m in standin.dm_messages(HEALTH_1) if "belongs to" in visible(m)]
    )
    assert visible(told[-1]).splitlines() == [
        ":warning: #1 belongs to another organization, so only its members or a TA provider "
        "can change it.",
        "Usage: `/plan edit #N`",
    ]
    assert standin.open_modals(HEALTH_1) == []
