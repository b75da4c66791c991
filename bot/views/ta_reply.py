"""The TA's "Reply" from the Home tab: a modal whose text goes to the participant who asked for
help, as a reply in the help alert's thread would."""

from __future__ import annotations

from typing import Any

from bot.blocks.commitments import title_plain
from bot.shorten import shorten
from bot.views.modal import one_field_modal, read_number, read_text, text_field
from core.i18n import _

CALLBACK_ID = "ta_home_reply"

__all__ = ["CALLBACK_ID", "read_number", "read_reply", "reply_modal"]


def reply_modal(number: int, title: str, help_text: str | None) -> dict[str, Any]:
    """The step and the help it asked for on top, so the TA answers what was actually asked."""
    asked = ""
    if help_text:
        asked = "\n\n" + _("Help needed: “{help}”").format(help=shorten(help_text, 1500))
    return one_field_modal(
        callback_id=CALLBACK_ID,
        metadata=str(number),
        title=_("Reply about a block"),
        submit=_("Send reply"),
        about=title_plain(number, title) + asked,
        field="reply",
        label=_("Your reply (they get it as a DM)"),
        element=text_field("reply"),
    )


def read_reply(state_values: dict[str, Any]) -> str:
    return read_text(state_values, "reply")
