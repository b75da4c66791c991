"""Opening the Home tab and the "add a commitment" modal as Slack would, for the Home, modal,
long-text and import tests."""

from __future__ import annotations

from typing import Any

from sandbox.api import SlackStandIn
from sandbox.driver import SlackDriver
from tests.support.harness import Person


async def open_home(slack: SlackDriver, standin: SlackStandIn, user_id: str) -> dict[str, Any]:
    before = len(standin.calls_to("views.publish"))
    response = await slack.app_home_opened(user_id)
    assert response.status == 200
    await standin.wait_for(lambda: len(standin.calls_to("views.publish")) > before)
    view = standin.home_view(user_id)
    assert view is not None and view["type"] == "home"
    return view


def modal_values(
    title: str,
    due: str | None = None,
    owner: str | None = None,
    org: str | None = None,
    pse: str | None = None,
) -> dict[str, dict[str, dict[str, Any]]]:
    values: dict[str, dict[str, dict[str, Any]]] = {
        "title": {"title": {"type": "plain_text_input", "value": title}},
        "detail": {"detail": {"type": "plain_text_input", "value": None}},
        "due": {"due": {"type": "datepicker", "selected_date": due}},
        "owner": {
            "owner": {
                "type": "static_select",
                "selected_option": {"text": {"type": "plain_text", "text": owner}, "value": owner}
                if owner
                else None,
            }
        },
        "pse": {
            "pse": {
                "type": "static_select",
                "selected_option": {"text": {"type": "plain_text", "text": pse}, "value": pse}
                if pse
                else None,
            }
        },
    }
    if org is not None:
        values["org"] = {
            "org": {
                "type": "static_select",
                "selected_option": {"text": {"type": "plain_text", "text": org}, "value": org},
            }
        }
    return values


async def open_add_modal(
    people: dict[str, Person], standin: SlackStandIn, who: str, user_id: str
) -> dict[str, Any]:
    response = await people[who].slack.command(user_id, "add")
    assert response.status == 200 and "Traceback" not in response.body
    [modal] = await standin.wait_for(lambda: standin.open_modals(user_id))
    assert modal["callback_id"] == "add_commitment"
    return modal
