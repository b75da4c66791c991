"""The sandbox page in a real browser: what someone trying the bot without Slack would do.

A participant adds a commitment with `/plan add`, fast-forwards to the next session's check-in,
clicks Done on the nudge and sees it change in place, then fast-forwards to Monday and finds the
digest in the shared channel. Every step leaves a screenshot in `test-artifacts/`.

Runs Debian's chromium through Playwright (never a downloaded browser) and lets the page reach
nothing but 127.0.0.1.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from sandbox.demo import DIGEST_CHANNEL, by_handle
from sandbox.launch import Sandbox

CHROMIUM = shutil.which("chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
#: Anything the page asks for that is not on this machine is refused.
NOT_LOCAL = re.compile(r"^(?!https?://127\.0\.0\.1[:/]|data:|about:)")
#: Playwright's own waits (for an element, a text) give up after this; nothing sleeps.
WAIT_MS = 10_000

HAS_PLAYWRIGHT = importlib.util.find_spec("playwright") is not None
if HAS_PLAYWRIGHT:
    from playwright.async_api import Page, async_playwright, expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        CHROMIUM is None,
        reason="no chromium on PATH (Debian: apt-get install chromium; .ci/run installs it)",
    ),
    pytest.mark.skipif(
        not HAS_PLAYWRIGHT,
        reason="the playwright Python package is not installed (pip install playwright)",
    ),
]


@pytest.fixture
async def sandbox(tmp_path: Path) -> AsyncIterator[Sandbox]:
    instance = Sandbox(sqlite_path=tmp_path / "sandbox.sqlite3")
    await instance.start()
    yield instance
    await instance.stop()


@pytest.fixture
async def page(sandbox: Sandbox) -> AsyncIterator[Any]:
    assert CHROMIUM is not None
    ARTIFACTS.mkdir(exist_ok=True)
    expect.set_options(timeout=WAIT_MS)
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = await browser.new_context(viewport={"width": 1360, "height": 900})
        await context.route(NOT_LOCAL, lambda route: route.abort())
        tab = await context.new_page()
        problems: list[str] = []
        tab.on("pageerror", lambda error: problems.append(str(error)))
        yield tab
        await browser.close()
        assert not problems, f"the page threw: {problems}"


async def snap(page: Page, name: str) -> None:
    await page.screenshot(path=ARTIFACTS / f"sandbox-{name}.png")


def nudges(page: Page) -> Any:
    """The check-in messages in the open conversation."""
    header = page.locator(".bk-header", has_text="Check-in after Session")
    return page.locator("#messages .msg", has=header)


async def test_a_participant_adds_a_commitment_marks_it_done_and_sees_the_digest(
    sandbox: Sandbox, page: Page
) -> None:
    maria = by_handle("maria")
    await page.goto(f"{sandbox.url}/?as={maria.user_id}")
    await expect(page.locator("#as")).to_contain_text("Maria Alvarez (participant of Westside")
    await expect(page.locator("#conv-title")).to_have_text("Follow-through")
    await snap(page, "1-start")

    box = page.locator("#message-box")
    await box.fill("/plan add Ask HR about predictable scheduling due friday")
    await box.press("Enter")
    reply = page.locator("#messages .msg.ephemeral", has_text="Ask HR about predictable scheduling")
    await expect(reply).to_contain_text(re.compile(r"Added #\d+"))
    await expect(reply).to_contain_text("Only visible to you")
    found = re.search(r"Added #(\d+)", await reply.inner_text())
    assert found is not None
    number = found.group(1)
    await snap(page, "2-plan-add")

    await page.locator("#ff-session").click()
    nudge = nudges(page)
    await expect(nudge).to_have_count(1)
    row = nudge.locator(f'[data-block-id="c{number}"]')
    await expect(row.get_by_role("button", name="Done")).to_be_visible()
    before = await nudge.inner_text()
    await snap(page, "3-check-in")

    await row.get_by_role("button", name="Done").click()
    await expect(nudge).not_to_have_text(before)
    await expect(nudges(page)).to_have_count(1)  # updated in place, not posted again
    await expect(nudge).to_contain_text(re.compile(rf"#{number}\b[^\n]*\bdone\b", re.I))
    await snap(page, "4-done")

    await page.locator("#ff-digest").click()
    await page.locator(f'.side-item[data-view="{DIGEST_CHANNEL[0]}"]').click()
    await expect(page.locator("#conv-title")).to_have_text(f"# {DIGEST_CHANNEL[1]}")
    digest = page.locator("#messages .msg", has_text="Weekly digest").last
    await expect(digest).to_contain_text("Lakeshore Healthy Work Collaborative")
    await expect(digest).to_contain_text(re.compile(r"[1-9]\d* steps? done this week"))
    await snap(page, "5-digest")


async def test_what_people_type_is_shown_as_text_and_mentions_become_names(
    sandbox: Sandbox, page: Page
) -> None:
    sam = by_handle("sam")
    await page.goto(f"{sandbox.url}/?as={sam.user_id}")
    box = page.locator("#message-box")
    await box.fill('/plan add <img src=x onerror="window.pwned=1"> & co owner @maria')
    await box.press("Enter")
    reply = page.locator("#messages .msg.ephemeral", has_text="Added #")
    await expect(reply).to_contain_text('<img src=x onerror="window.pwned=1"> & co')
    await expect(reply).to_contain_text("owner @Maria")
    await expect(page.locator("#messages img")).to_have_count(0)
    assert await page.evaluate("window.pwned") is None
    await snap(page, "escaping")


async def test_a_modal_validates_and_submits_and_a_thread_reply_is_acknowledged(
    sandbox: Sandbox, page: Page
) -> None:
    priya = by_handle("priya")
    await page.goto(f"{sandbox.url}/?as={priya.user_id}")
    box = page.locator("#message-box")
    await box.fill("/plan add")
    await box.press("Enter")
    modal = page.get_by_role("dialog", name="Add a commitment")
    await expect(modal).to_be_visible()
    await modal.locator(".modal-footer .bk-primary").click()
    await expect(modal).to_contain_text("Please complete this required field.")
    await modal.get_by_label("What will you do?").fill("Translate the screening script")
    await snap(page, "modal")
    await modal.locator(".modal-footer .bk-primary").click()
    await expect(modal).to_have_count(0)
    await expect(page.locator("#messages")).to_contain_text("Translate the screening script")

    await page.locator("#ff-day").click()
    nudge = nudges(page)
    await expect(nudge).to_have_count(1)
    await nudge.hover()
    await nudge.get_by_role("button", name="Reply in thread").click()
    await page.locator("#thread-box").fill("#5 we found a translator; training is next week")
    await page.locator("#thread-box").press("Enter")
    await expect(page.locator("#thread")).to_contain_text("we found a translator")
    await expect(page.locator("#thread .reaction")).to_be_visible()
    await expect(nudge.get_by_role("button", name="1 reply")).to_be_visible()
    await snap(page, "thread")
