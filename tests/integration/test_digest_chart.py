"""The digest's picture: a PNG in the digest's thread whose alt text says what it shows, counts
worked out by hand here, and a digest that still goes out when the upload fails."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from typing import Any

import pytest
from PIL import Image

from jobs.digest_job import run_digests
from sandbox.api import SlackStandIn
from tests.integration.test_delivery_digest import CHANNEL, pinned, summaries
from tests.support.harness import BotHarness, Person
from tests.support.rhythm import setup_rhythm

SETUP = datetime(2026, 12, 2, 17, 0, tzinfo=UTC)  # Wed Dec 2, 11:00 in Chicago
MONDAY = datetime(2026, 12, 7, 15, 5, tzinfo=UTC)  # Mon Dec 7, 09:05: the digest is due


async def scenario(bot: BotHarness, people: dict[str, Person]) -> None:
    """Mercy: #1 done (Wed Dec 2), #3 blocked, #4 overdue by Monday. Workers United: #2 not
    started, #5 dropped (left out of the picture)."""
    bot.clock.set(SETUP)
    await setup_rhythm(people)
    maria, sam, jorge = people["maria"], people["sam"], people["jorge"]
    assert "#1" in await maria.plan("done #1 signed off by the board")
    assert "#3" in await sam.plan("add Book a trainer for the Spanish session")
    assert "#3" in await sam.plan("status #3 blocked we need a trainer who speaks Spanish")
    assert "#4" in await maria.plan("add Send the survey to night-shift staff due 2026-12-04")
    assert "#5" in await jorge.plan("add Print flyers")
    assert "#5" in await jorge.plan("status #5 dropped")


async def digest(bot: BotHarness) -> None:
    bot.clock.set(MONDAY)
    await run_digests(bot.runtime.uow, bot.process.app.client, MONDAY, pacer=pinned())


def chart_messages(standin: SlackStandIn) -> list[dict[str, Any]]:
    (summary,) = summaries(standin)
    return [m for m in standin.thread(CHANNEL, summary["ts"]) if m.get("files")]


async def test_the_digest_thread_gets_a_png_that_says_what_it_shows(
    bot: BotHarness, people: dict[str, Person], standin: SlackStandIn
) -> None:
    await scenario(bot, people)
    await digest(bot)

    (message,) = chart_messages(standin)
    (shared,) = message["files"]
    assert shared["mimetype"] == "image/png"
    assert "one picture" in message["text"]
    stored = standin.workspace.files[shared["id"]]
    assert stored.content is not None
    image = Image.open(io.BytesIO(stored.content))
    assert image.format == "PNG"
    assert image.width >= 900  # a phone shows it full width without blurring the labels

    alt = shared["alt_txt"]
    assert len(alt) <= 1000
    assert "Mercy Health Clinic: 1 done, 1 blocked, 1 overdue." in alt
    assert "Workers United Center: 1 not started." in alt  # the dropped #5 is not counted
    assert "week of: Sep 14 0" in alt and alt.endswith("Nov 23 0, Nov 30 1.")  # ends at the digest


@pytest.mark.parametrize("method", ["files.getUploadURLExternal", "files.completeUploadExternal"])
async def test_a_failed_upload_leaves_the_digest_whole(
    bot: BotHarness,
    people: dict[str, Person],
    standin: SlackStandIn,
    method: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    await scenario(bot, people)
    standin.faults.unavailable(method, times=None)
    await digest(bot)
    warnings = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert any("digest chart" in w and "not shared" in w for w in warnings), warnings
    assert not any("digest for collaborative" in w for w in warnings), warnings

    (summary,) = summaries(standin)
    assert "Weekly digest" in summary["text"]
    assert chart_messages(standin) == []
    details = [m for m in standin.thread(CHANNEL, summary["ts"]) if m["ts"] != summary["ts"]]
    assert details  # the details went out in the thread as usual

    await digest(bot)  # the next run does not post the digest (or its picture) again
    assert len(summaries(standin)) == 1 and chart_messages(standin) == []
