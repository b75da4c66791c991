""" "Ask the TA team" from the Home tab: one text field, relayed exactly as `/plan ask` does."""

from __future__ import annotations

from typing import Any

from bot.views.modal import one_field_modal, read_text, text_field
from core.i18n import _

CALLBACK_ID = "home_ask"


def ask_modal() -> dict[str, Any]:
    # the field takes what `/plan ask` accepts
    return one_field_modal(
        callback_id=CALLBACK_ID,
        title=_("Ask the TA team"),
        submit=_("Send question"),
        field="question",
        label=_("Your question (the answer comes as a DM)"),
        element=text_field("question"),
    )


def read_question(state_values: dict[str, Any]) -> str:
    return read_text(state_values, "question")
