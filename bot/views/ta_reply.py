"""The TA's "Reply" from the Home tab: a modal whose text goes to the participant who asked for
help, as a reply in the help alert's thread would."""

from __future__ import annotations

from typing import Any

from bot.blocks.commitments import title_plain
from bot.shorten import shorten
from core.vocabulary import NOTE_LIMIT

CALLBACK_ID = "ta_home_reply"


def reply_modal(number: int, title: str, help_text: str | None) -> dict[str, Any]:
    """The step and the help it asked for on top, so the TA answers what was actually asked."""
    asked = f"\n\nHelp needed: “{shorten(help_text, 1500)}”" if help_text else ""
    return {
        "type": "modal",
        "callback_id": CALLBACK_ID,
        "private_metadata": str(number),
        "title": {"type": "plain_text", "text": "Reply about a block"},
        "submit": {"type": "plain_text", "text": "Send reply"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": [
            {
                "type": "section",
                "text": {"type": "plain_text", "text": title_plain(number, title) + asked},
            },
            {
                "type": "input",
                "block_id": "reply",
                "label": {"type": "plain_text", "text": "Your reply (they get it as a DM)"},
                "element": {
                    "type": "plain_text_input",
                    "action_id": "reply",
                    "multiline": True,
                    "max_length": NOTE_LIMIT,
                },
            },
        ],
    }


def read_number(private_metadata: str) -> int:
    return int(private_metadata) if private_metadata.isdigit() else 0


def read_reply(state_values: dict[str, Any]) -> str:
    return str(((state_values.get("reply") or {}).get("reply") or {}).get("value") or "").strip()
