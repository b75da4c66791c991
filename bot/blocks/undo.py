"""The Undo under a button's confirmation: what it takes back, and where to redraw after."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from bot.blocks.reply import Reply, section
from bot.views.blocked_reason import Origin
from core.i18n import _

ACTION_UNDO = "ft_undo"


@dataclass(frozen=True)
class UndoTarget:
    """Carried in the button's value: the change to take back and the message (or Home tab)
    that showed it, since the Undo itself sits in a different, ephemeral message."""

    update_id: int
    origin: Origin


def undo_value(update_id: int, origin: Origin) -> str:
    return json.dumps(
        {
            "update": update_id,
            "number": origin.number,
            "channel_id": origin.channel_id,
            "message_ts": origin.message_ts,
            "from_home": origin.from_home,
        }
    )


def read_undo_value(value: str) -> UndoTarget | None:
    """None for a value this bot did not write (an old or forged button)."""
    try:
        data = json.loads(value)
        return UndoTarget(
            update_id=int(data["update"]),
            origin=Origin(
                number=int(data["number"]),
                channel_id=data.get("channel_id"),
                message_ts=data.get("message_ts"),
                from_home=bool(data.get("from_home")),
            ),
        )
    except (ValueError, TypeError, KeyError):
        return None


def with_undo(text: str, update_id: int, origin: Origin) -> list[dict[str, Any]]:
    """The confirmation of a press, with one button to take it back."""
    return [
        section(text),
        {
            "type": "actions",
            "elements": [
                {
                    "type": "button",
                    "action_id": ACTION_UNDO,
                    "text": {"type": "plain_text", "text": _("Undo")},
                    "value": undo_value(update_id, origin),
                }
            ],
        },
    ]


def undone_confirmation(text: str) -> Reply:
    """What a confirmation reads once its Undo was pressed: what the Undo did, no button."""
    return Reply(text=text, blocks=[section(text)])
