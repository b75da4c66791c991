""" "Blocked – need help": a modal asking what help is needed, so the TA team can act on it."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Any

from bot.blocks.commitments import title_plain
from bot.views.modal import one_field_modal, read_text, text_field
from core.i18n import _

CALLBACK_ID = "blocked_reason"


@dataclass(frozen=True)
class Origin:
    """Where the click came from, so the message (or Home tab) can be redrawn after submit."""

    number: int
    channel_id: str | None = None
    message_ts: str | None = None
    from_home: bool = False


def blocked_modal(number: int, title: str, origin: Origin) -> dict[str, Any]:
    return one_field_modal(
        callback_id=CALLBACK_ID,
        metadata=json.dumps(asdict(origin)),
        title=_("What help is needed?"),
        submit=_("Ask for help"),
        about=title_plain(number, title),
        field="reason",
        label=_("What's in the way, and what would help?"),
        element=text_field("reason"),
    )


def read_origin(private_metadata: str) -> Origin:
    data = json.loads(private_metadata or "{}")
    return Origin(
        number=int(data["number"]),
        channel_id=data.get("channel_id"),
        message_ts=data.get("message_ts"),
        from_home=bool(data.get("from_home")),
    )


def read_reason(state_values: dict[str, Any]) -> str:
    return read_text(state_values, "reason")
