"""The add form's owner list and field errors, and changing a commitment with `/plan edit #N`,
over signed HTTP against the stand-in."""

from __future__ import annotations

from typing import Any

from sandbox.api import SlackStandIn
from sandbox.driver import SlackDriver
from tests.conftest import HEALTH_1, HEALTH_2, LABOR_1, TA, BotHarness
from tests.conftest import Person as Someone
from tests.support.home import modal_values, open_add_modal
from tests.support.rhythm import setup_rhythm


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
