"""The "add a commitment" modal that `/plan add` with no text opens."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from core.access import require_known
from core.context import Context
from core.i18n import N_, _
from core.vocabulary import NOTE_LIMIT, PSE_LEVELS, TITLE_LIMIT
from storage.models import Organization, Person
from storage.uow import UnitOfWork

CALLBACK_ID = "add_commitment"


def option_of(text: str, value: str) -> dict[str, Any]:
    return {"text": {"type": "plain_text", "text": text[:75]}, "value": value}


#: The levels of change as the form offers them (the stored value stays the English word).
PSE_LABELS = {
    "policy": N_("Policy"),
    "systems": N_("Systems"),
    "environment": N_("Environment"),
    "individual": N_("Individual"),
}


def pse_options() -> list[dict[str, Any]]:
    """The "Level of change" choices, labelled in the reader's language."""
    return [option_of(_(PSE_LABELS.get(level, level.capitalize())), level) for level in PSE_LEVELS]


def input_block(
    block_id: str, label: str, element: dict[str, Any], optional: bool
) -> dict[str, Any]:
    return {
        "type": "input",
        "block_id": block_id,
        "optional": optional,
        "label": {"type": "plain_text", "text": label},
        "element": {"action_id": block_id, **element},
    }


def member_name(person: Person) -> str:
    """What the owner list shows: the name people know, the Slack id only when none is stored."""
    return person.display_name or person.slack_user_id


def owner_element(members: dict[Organization, list[Person]]) -> dict[str, Any]:
    """A static select of the members only: Slack's user picker offers the whole workspace,
    and anyone from outside the organization is then refused. With several organizations (a TA
    picking one in the same form) the members are grouped under their organization's name."""
    if len(members) == 1:
        [people] = members.values()
        return {"type": "static_select", "options": _owner_options(people)}
    groups = [
        {"label": {"type": "plain_text", "text": org.name[:75]}, "options": _owner_options(people)}
        for org, people in members.items()
        if people
    ]
    return {"type": "static_select", "option_groups": groups[:100]}


def _owner_options(people: list[Person]) -> list[dict[str, Any]]:
    return [option_of(member_name(p), p.slack_user_id) for p in people[:100]]


def add_commitment_modal(
    organizations: list[Organization], is_ta: bool, members: dict[Organization, list[Person]]
) -> dict[str, Any]:
    """`members` holds, per organization the form can add to, the people who may own it."""
    blocks: list[dict[str, Any]] = []
    if is_ta and organizations:
        blocks.append(
            input_block(
                "org",
                _("Organization"),
                {
                    "type": "static_select",
                    "options": [option_of(o.name, o.handle) for o in organizations[:100]],
                },
                optional=False,
            )
        )
    blocks += [
        input_block(
            "title",
            _("What will you do?"),
            # Multiline: action steps are often a paragraph (up to TITLE_LIMIT, Slack's own
            # maximum for a text input); line breaks are kept and shown by `/plan show`.
            {"type": "plain_text_input", "multiline": True, "max_length": TITLE_LIMIT},
            optional=False,
        ),
        input_block(
            "detail",
            _("Details"),
            {"type": "plain_text_input", "multiline": True, "max_length": NOTE_LIMIT},
            optional=True,
        ),
        input_block("due", _("Due date"), {"type": "datepicker"}, optional=True),
    ]
    if any(members.values()):
        blocks.append(input_block("owner", _("Owner"), owner_element(members), optional=True))
    blocks += [
        input_block(
            "pse",
            _("Level of change"),
            {"type": "static_select", "options": pse_options()},
            optional=True,
        ),
    ]
    return {
        "type": "modal",
        "callback_id": CALLBACK_ID,
        "title": {"type": "plain_text", "text": _("Add a commitment")},
        "submit": {"type": "plain_text", "text": _("Add")},
        "close": {"type": "plain_text", "text": _("Cancel")},
        "blocks": blocks,
    }


@dataclass(frozen=True)
class Submission:
    organization: str | None
    title: str
    detail: str | None
    due: date | None
    owner: str | None
    pse_level: str | None


def _value(values: dict[str, Any], block_id: str) -> dict[str, Any]:
    block = values.get(block_id) or {}
    return block.get(block_id) or {}


def read_submission(state_values: dict[str, Any]) -> Submission:
    """Pull the fields out of `view.state.values`; Slack omits nothing but sends nulls."""
    org = (_value(state_values, "org").get("selected_option") or {}).get("value")
    pse = (_value(state_values, "pse").get("selected_option") or {}).get("value")
    raw_due = _value(state_values, "due").get("selected_date")
    return Submission(
        organization=org,
        title=(_value(state_values, "title").get("value") or "").strip(),
        detail=(_value(state_values, "detail").get("value") or "").strip() or None,
        due=date.fromisoformat(raw_due) if raw_due else None,
        owner=(_value(state_values, "owner").get("selected_option") or {}).get("value"),
        pse_level=pse,
    )


async def add_modal_for(uow: UnitOfWork, ctx: Context) -> dict[str, Any]:
    """The add form for this person: a TA picks the organization, a participant adds to their
    own; either way the owner list holds only the members of an organization they can add to.
    Shared by `/plan add` and any button that opens the form."""
    actor = require_known(ctx, "add")
    if actor.is_ta:
        organizations = list(await uow.repos.organizations.all(ctx.collaborative.id))
    else:
        assert actor.organization_id is not None
        own = await uow.repos.organizations.get(actor.organization_id)
        organizations = [own] if own else []
    members = {org: list(await uow.repos.people.members(org.id)) for org in organizations}
    return add_commitment_modal(organizations if actor.is_ta else [], actor.is_ta, members)
