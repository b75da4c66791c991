"""The part of the demo made through Slack itself: a participant blocks an item and asks for help.

A help request reaches the TA team only through the bot's Slack edge (the button, the reason
modal, the alert queued for the TA channel), so the demo makes it the way a person would: the
owner opens their Home tab, clicks "Blocked – need help" and submits the reason. The alert that
lands in the TA channel is then a real one, and a TA's reply in its thread reaches the owner.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TYPE_CHECKING

from sandbox.demo import TA_CHANNEL, BlockInSlack
from sandbox.driver import SlackDriver

if TYPE_CHECKING:
    from sandbox.web import Changes  # the web module shows this module's errors

#: The bot answers in well under a second; this only bounds a start-up that went wrong.
STEP_SECONDS = 15.0
BLOCKED_ACTION = "ft_blocked"


class DemoStepFailed(RuntimeError):
    """The bot did not do what the demo asked of it; the message says which step."""


async def _until(changes: Changes, done: Callable[[], bool], step: str) -> None:
    """Wait for the stand-in to record what the bot did (every Web API call bumps `changes`)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + STEP_SECONDS
    while True:
        seen = changes.version
        if done():
            return
        remaining = deadline - loop.time()
        if remaining <= 0:
            raise DemoStepFailed(f"the demo's blocked item: the bot did not {step}")
        await changes.wait(seen, remaining)


async def block_in_slack(driver: SlackDriver, changes: Changes, block: BlockInSlack) -> None:
    """Home tab, "Blocked – need help", the reason, Submit: as the owner would."""
    workspace = driver.workspace
    await driver.app_home_opened(block.user_id)
    await _until(changes, lambda: workspace.home_view(block.user_id) is not None, "publish Home")
    alerts_before = len(workspace.messages(TA_CHANNEL[0]))
    await driver.click_home(block.user_id, BLOCKED_ACTION, str(block.number))
    await _until(changes, lambda: bool(workspace.open_modals(block.user_id)), "open the modal")
    view = workspace.open_modals(block.user_id)[-1]
    values = {"reason": {"reason": {"type": "plain_text_input", "value": block.reason}}}
    publishes_before = len(driver.standin.calls_to("views.publish"))
    await driver.submit_view(block.user_id, view["id"], values)
    await _until(
        changes,
        lambda: len(workspace.messages(TA_CHANNEL[0])) > alerts_before,
        "post the help request to the TA channel",
    )
    # Its last step: thanking the owner by DM and redrawing their Home tab. Waiting for it
    # leaves the bot idle when the sandbox opens (and when Reset demo stops it again).
    await _until(
        changes,
        lambda: len(driver.standin.calls_to("views.publish")) > publishes_before,
        "redraw the owner's Home tab",
    )
