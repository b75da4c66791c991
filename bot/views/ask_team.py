""" "Ask the TA team" from the Home tab: one text field, relayed exactly as `/plan ask` does."""

from __future__ import annotations

from typing import Any

from core.vocabulary import NOTE_LIMIT

CALLBACK_ID = "home_ask"


def ask_modal() -> dict[str, Any]:
    return {
        "type": "modal",
        "callback_id": CALLBACK_ID,
        "title": {"type": "plain_text", "text": "Ask the TA team"},
        "submit": {"type": "plain_text", "text": "Send question"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": [
            {
                "type": "input",
                "block_id": "question",
                "label": {"type": "plain_text", "text": "Your question (the answer comes as a DM)"},
                "element": {
                    "type": "plain_text_input",
                    "action_id": "question",
                    "multiline": True,
                    "max_length": NOTE_LIMIT,  # what `/plan ask` accepts
                },
            },
        ],
    }


def read_question(state_values: dict[str, Any]) -> str:
    block = (state_values.get("question") or {}).get("question") or {}
    return str(block.get("value") or "").strip()
