"""The one shape every small form of the bot has: a line saying what it is about, one field,
Send and Cancel. "Reply about a block", "Share a resource", "What help is needed?" and "Ask the
TA team" differ only in their words and their field, so they are built here once; a Slack
detail (a limit, the Cancel label) then changes in one place for all of them.
"""

from __future__ import annotations

from typing import Any

from core.i18n import _
from core.vocabulary import NOTE_LIMIT


def plain(text: str) -> dict[str, str]:
    return {"type": "plain_text", "text": text}


def text_field(field: str) -> dict[str, Any]:
    """A multi-line text box that takes what a note takes (the same limit as `/plan note`)."""
    return {
        "type": "plain_text_input",
        "action_id": field,
        "multiline": True,
        "max_length": NOTE_LIMIT,
    }


def one_field_modal(
    *,
    callback_id: str,
    title: str,
    submit: str,
    field: str,
    label: str,
    element: dict[str, Any],
    about: str | None = None,
    metadata: str | None = None,
) -> dict[str, Any]:
    """A modal with an optional plain-text line on top and one input, read back by `field`."""
    view: dict[str, Any] = {"type": "modal", "callback_id": callback_id}
    if metadata is not None:
        view["private_metadata"] = metadata
    blocks: list[dict[str, Any]] = []
    if about is not None:
        blocks.append({"type": "section", "text": plain(about)})
    blocks.append({"type": "input", "block_id": field, "label": plain(label), "element": element})
    return {
        **view,
        "title": plain(title),
        "submit": plain(submit),
        "close": plain(_("Cancel")),
        "blocks": blocks,
    }


def field_state(state_values: dict[str, Any], field: str) -> dict[str, Any]:
    """What Slack submitted for a `one_field_modal`'s field (empty when it sent nothing)."""
    return dict((state_values.get(field) or {}).get(field) or {})


def read_text(state_values: dict[str, Any], field: str) -> str:
    return str(field_state(state_values, field).get("value") or "").strip()


def read_number(private_metadata: str) -> int:
    """The commitment number a step's modal carries; 0 for anything this bot did not write."""
    return int(private_metadata) if private_metadata.isdigit() else 0
