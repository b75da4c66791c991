"""The TA's "Share a resource" from a blocked step on the Home tab: pick one from the library,
and it goes to that step's organization as `/plan share <n> <org>` sends it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.blocks.commitments import title_plain
from bot.shorten import shorten
from bot.views.modal import field_state, one_field_modal, plain
from core.i18n import _
from storage.models import Resource

CALLBACK_ID = "ta_home_share"
#: Slack's limit on a static select's options: the newest resources are the likeliest picks.
MAX_OPTIONS = 100


def share_modal(number: int, title: str, resources: Sequence[Resource]) -> dict[str, Any]:
    newest = sorted(resources, key=lambda r: r.number, reverse=True)[:MAX_OPTIONS]
    options = [
        {"text": plain(shorten(f"{r.number}. {r.title}", 75)), "value": str(r.number)}
        for r in newest
    ]
    return one_field_modal(
        callback_id=CALLBACK_ID,
        metadata=str(number),
        title=_("Share a resource"),
        submit=_("Share"),
        about=_("For {step}: everyone in its organization gets it as a DM.").format(
            step=title_plain(number, title)
        ),
        field="resource",
        label=_("Resource"),
        element={"type": "static_select", "action_id": "resource", "options": options},
    )


def read_resource_number(state_values: dict[str, Any]) -> int:
    chosen = field_state(state_values, "resource").get("selected_option")
    value = str((chosen or {}).get("value") or "")
    return int(value) if value.isdigit() else 0
