"""The weekly digest as the shared channel reads it, and blocking a step from the Home tab:
shared by the digest integration tests (help requests, late digests, the preview)."""

from __future__ import annotations

from datetime import datetime

from jobs.digest_job import run_digests
from sandbox.api import SlackStandIn
from sandbox.driver import SlackDriver
from tests.support import visible
from tests.support.harness import BotHarness
from tests.support.home import open_home

DIGEST_CHANNEL = "C0DIGEST01"
TA_CHANNEL = "C0TATEAM01"


async def digest_at(bot: BotHarness, standin: SlackStandIn, now: datetime) -> str:
    """Run the digest job at `now` (the bot's clock there too) and return the newest digest as
    read: the summary, then its thread."""
    bot.clock.set(now)
    await run_digests(bot.runtime.uow, bot.process.app.client, now)
    summaries = [
        m
        for m in standin.messages(DIGEST_CHANNEL)
        if not m.get("thread_ts") or m.get("thread_ts") == m.get("ts")
    ]
    assert summaries, "no digest was posted"
    thread = standin.thread(DIGEST_CHANNEL, summaries[-1]["ts"])
    return "\n".join(visible(m) for m in thread)


def line_about(text: str, number: int) -> str:
    """The one line of a digest (or preview) that shows commitment #`number`."""
    found = [line for line in text.splitlines() if f"`#{number}`" in line]
    assert len(found) == 1, (number, found)
    return found[0]


async def block_on_home(
    slack: SlackDriver, standin: SlackStandIn, user_id: str, number: int, reason: str
) -> None:
    """Click Blocked on the Home tab, type what would help in the modal and submit, then wait
    for the last things the bot does (Home redrawn, the TA team alerted)."""
    await open_home(slack, standin, user_id)
    await slack.click_home(user_id, "ft_blocked", value=str(number))
    [modal] = await standin.wait_for(lambda: standin.open_modals(user_id))
    published = len(standin.calls_to("views.publish"))
    alerts = len(standin.messages(TA_CHANNEL))
    await slack.submit_view(
        user_id, modal["id"], {"reason": {"reason": {"type": "plain_text_input", "value": reason}}}
    )
    await standin.wait_for(lambda: len(standin.calls_to("views.publish")) > published)
    await standin.wait_for(lambda: len(standin.messages(TA_CHANNEL)) > alerts)
