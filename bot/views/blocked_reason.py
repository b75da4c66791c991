""" "Blocked – need help": a modal asking what help is needed, so the TA team can act on it."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Any

from bot.blocks.commitments import title_plain
from core.vocabulary import NOTE_LIMIT

CALLBACK_ID = "blocked_reason"


@dataclass(frozen=True)
class Origin:
    """Where the click came from, so the message (or Home tab) can be redrawn after submit."""

    number: int
    channel_id: str | None = None
    message_ts: str | None = None
    from_home: bool = False


def blocked_modal(number: int, title: str, origin: Origin) -> dict[str, Any]:
    return {
        "type": "modal",
        "callback_id": CALLBACK_ID,
        "private_metadata": json.dumps(asdict(origin)),
        "title": {"type": "plain_text", "text": "What help is needed?"},
        "submit": {"type": "plain_text", "text": "Ask for help"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": [
            {
                "type": "section",
                "text": {
                    "type": "plain_text",
                    "text": title_plain(number, title),
                },
            },
            {
                "type": "input",
                "block_id": "reason",
                "label": {"type": "plain_text", "text": "What's in the way, and what would help?"},
                "element": {
                    "type": "plain_text_input",
                    "action_id": "reason",
                    "multiline": True,
                    "max_length": NOTE_LIMIT,
                },
            },
        ],
    }


def read_origin(private_metadata: str) -> Origin:
    data = json.loads(private_metadata or "{}")
    return Origin(
        number=int(data["number"]),
        channel_id=data.get("channel_id"),
        message_ts=data.get("message_ts"),
        from_home=bool(data.get("from_home")),
    )


def read_reason(state_values: dict[str, Any]) -> str:
    return str(((state_values.get("reason") or {}).get("reason") or {}).get("value") or "").strip()
