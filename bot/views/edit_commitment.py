"""The "edit a commitment" modal that `/plan edit #N` and the Edit buttons open: the add form's
fields, filled with what the commitment says now."""

from __future__ import annotations

from typing import Any

from bot.blocks.commitments import title_plain
from bot.views.add_commitment import input_block, owner_element, pse_options
from core.commitments import EditTarget
from core.i18n import _
from core.vocabulary import NOTE_LIMIT, TITLE_LIMIT

CALLBACK_ID = "edit_commitment"


def _with_initial_option(element: dict[str, Any], value: str | None) -> dict[str, Any]:
    """Slack refuses an initial option that is not one of the options, so it is looked up."""
    for option in element.get("options") or []:
        if option["value"] == value:
            return {**element, "initial_option": option}
    return element


def edit_commitment_modal(target: EditTarget, from_home: bool = False) -> dict[str, Any]:
    """`private_metadata` carries the commitment's number, so the submission knows what to
    change (and re-checks that the person still may change it), and whether the form was opened
    from the Home tab, which is then drawn again."""
    c = target.commitment
    title: dict[str, Any] = {
        "type": "plain_text_input",
        "multiline": True,
        "max_length": TITLE_LIMIT,
        "initial_value": c.title,
    }
    detail: dict[str, Any] = {
        "type": "plain_text_input",
        "multiline": True,
        "max_length": NOTE_LIMIT,
    }
    if c.detail:
        detail["initial_value"] = c.detail
    due: dict[str, Any] = {"type": "datepicker"}
    if c.due:
        due["initial_date"] = c.due.isoformat()
    pse = _with_initial_option({"type": "static_select", "options": pse_options()}, c.pse_level)
    blocks = [
        {
            "type": "section",
            "text": {"type": "plain_text", "text": title_plain(c.number, c.title)[:3000]},
        },
        input_block("title", _("What will you do?"), title, optional=False),
        input_block("detail", _("Details"), detail, optional=True),
        input_block("due", _("Due date"), due, optional=True),
    ]
    members = list(target.members)
    if members:
        owner = _with_initial_option(
            owner_element({target.organization: members}), c.owner_slack_id
        )
        label = _("Owner (a member of {organization})").format(
            organization=target.organization.name
        )[:2000]
        blocks.append(input_block("owner", label, owner, optional=True))
    blocks.append(input_block("pse", _("Level of change"), pse, optional=True))
    return {
        "type": "modal",
        "callback_id": CALLBACK_ID,
        "private_metadata": f"{c.number} home" if from_home else str(c.number),
        "title": {"type": "plain_text", "text": _("Edit #{number}").format(number=c.number)[:24]},
        "submit": {"type": "plain_text", "text": _("Save")},
        "close": {"type": "plain_text", "text": _("Cancel")},
        "blocks": blocks,
    }


def read_origin(private_metadata: str) -> tuple[int, bool]:
    """The commitment's number and whether the form came from the Home tab."""
    number, _space, where = private_metadata.partition(" ")
    return int(number), where == "home"
