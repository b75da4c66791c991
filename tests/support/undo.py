"""A button pressed on the Home tab by mistake and taken back with the Undo in its DM: the slip
every "does Undo bring back the earlier state?" test starts from."""

from __future__ import annotations

from typing import Any

from sandbox.api import SlackStandIn
from sandbox.driver import SlackDriver
from tests.support import buttons, visible
from tests.support.home import open_home

UNDO = "ft_undo"


async def press_on_home(
    slack: SlackDriver, standin: SlackStandIn, user_id: str, action_id: str, number: int
) -> dict[str, Any]:
    """Press `action_id` on #`number` in the person's Home tab; return the DM confirming it,
    with its Undo, once the Home tab is redrawn."""
    await open_home(slack, standin, user_id)
    before = {m["ts"] for m in standin.dm_messages(user_id)}
    published = len(standin.calls_to("views.publish"))
    await slack.click_home(user_id, action_id, value=str(number))
    [confirmation] = await standin.wait_for(
        lambda: [m for m in standin.dm_messages(user_id) if m["ts"] not in before and buttons(m)]
    )
    assert [b["text"]["text"] for b in buttons(confirmation)] == ["Undo"]
    await standin.wait_for(lambda: len(standin.calls_to("views.publish")) > published)
    return confirmation


async def undo_in_dm(
    slack: SlackDriver, standin: SlackStandIn, user_id: str, confirmation: dict[str, Any]
) -> str:
    """Press the Undo under the DM confirmation of a Home press; return the bot's answer (where
    it shows it: in place of the confirmation, or in a line only the person sees) once the
    Home tab is redrawn too."""
    channel = standin.dm_channel(user_id) or ""
    shown_before = len(standin.ephemerals(user_id))
    published = len(standin.calls_to("views.publish"))
    await slack.click(user_id, channel, confirmation["ts"], UNDO)

    def answer() -> str | None:
        now = [m for m in standin.dm_messages(user_id) if m["ts"] == confirmation["ts"]]
        told = [visible(m) for m in now + standin.ephemerals(user_id)[shown_before:]]
        return next((text for text in told if "Undone" in text or "undone" in text), None)

    said = str(await standin.wait_for(answer))
    await standin.wait_for(lambda: len(standin.calls_to("views.publish")) > published)
    return said
