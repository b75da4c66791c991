"""The sandbox page as people met it in a week of use: a laptop screen, a reload, a fast Enter.

Runs Debian's chromium through Playwright and lets the page reach nothing but 127.0.0.1; the
`page` fixture fails a test whenever the page's script throws.
"""

from __future__ import annotations

import asyncio
import importlib.util
from typing import Any

import pytest

from sandbox.demo import TA_CHANNEL, by_handle
from sandbox.launch import Sandbox

if importlib.util.find_spec("playwright") is not None:
    from playwright.async_api import Page, Route, expect

pytestmark = [pytest.mark.browser]

LAPTOP = {"width": 1024, "height": 768}

#: What must be on screen for the sandbox to be usable: who you are, the clock, the composer.
MAIN_CONTROLS = ("#as", "#ff-day", "#ff-session", "#ff-digest", "#message-box", "#composer .send")

#: Elements the check below reports when they stick out of the window on the right.
OVERFLOWING = """() => {
  const width = document.documentElement.clientWidth;
  const out = [];
  for (const node of document.querySelectorAll("body *")) {
    const box = node.getBoundingClientRect();
    if (box.width && box.height && box.right > width + 0.5 && !node.closest("[hidden]")) {
      out.push(`${node.tagName.toLowerCase()}#${node.id}.${node.className} right=${box.right}`);
    }
  }
  return {scroll: document.documentElement.scrollWidth, width, out: out.slice(0, 10)};
}"""


async def open_as(page: Page, sandbox: Sandbox, handle: str) -> None:
    """Open the page as this person and wait until it shows who they are."""
    person = by_handle(handle)
    await page.goto(f"{sandbox.url}/?as={person.user_id}")
    await expect(page.locator("#as")).to_contain_text(person.real_name)


async def modals_closed(sandbox: Sandbox, user_id: str) -> None:
    """The page closes leftovers on load; the sandbox records it when the request lands."""
    async with asyncio.timeout(10):
        while True:
            seen = sandbox.changes.version
            if not sandbox.standin.workspace.open_modals(user_id):
                return
            await sandbox.changes.wait(seen, 10)


async def assert_fits(page: Page) -> None:
    found: dict[str, Any] = await page.evaluate(OVERFLOWING)
    assert found["scroll"] <= found["width"], found
    assert found["out"] == [], found
    for selector in MAIN_CONTROLS:
        await expect(page.locator(selector)).to_be_in_viewport()


@pytest.mark.parametrize("viewport", [LAPTOP], indirect=True)
async def test_at_1024_pixels_nothing_overflows_and_the_controls_are_on_screen(
    sandbox: Sandbox, page: Page
) -> None:
    await open_as(page, sandbox, "maria")
    await assert_fits(page)

    await page.locator("#ff-day").click()
    nudge = page.locator("#messages .msg", has=page.locator(".bk-header")).last
    await expect(nudge).to_be_visible()
    await nudge.hover()
    await nudge.get_by_role("button", name="Reply in thread").click()
    await expect(page.locator("#thread-box")).to_be_in_viewport()
    await assert_fits(page)

    await page.locator("#message-box").fill("/plan add")
    await page.locator("#message-box").press("Enter")
    modal = page.get_by_role("dialog", name="Add a commitment")
    await expect(modal.locator(".modal-footer .bk-primary")).to_be_in_viewport()
    await assert_fits(page)

    # A TA provider's longest name in the picker, and the TA channel with the help request.
    await open_as(page, sandbox, "dana")
    await page.locator(f'.side-item[data-view="{TA_CHANNEL[0]}"]').click()
    await expect(page.locator("#messages")).to_contain_text("Spanish")
    await assert_fits(page)


async def test_a_reload_shows_the_current_state_and_no_modal_left_open(
    sandbox: Sandbox, page: Page
) -> None:
    priya = by_handle("priya")
    await open_as(page, sandbox, "priya")
    box = page.locator("#message-box")
    await box.fill("/plan add")
    await box.press("Enter")
    modal = page.get_by_role("dialog", name="Add a commitment")
    await expect(modal).to_be_visible()

    # Meanwhile she adds a step from another device; then she reloads this page.
    await sandbox.driver.command(
        priya.user_id, "add Call the county about paid sick leave due friday"
    )

    await page.reload()
    await expect(page.locator("#as")).to_contain_text(priya.real_name)
    await expect(page.get_by_role("dialog")).to_have_count(0)
    await expect(page.locator("#modal-layer")).to_be_hidden()
    await modals_closed(sandbox, priya.user_id)
    await box.fill("/plan list")
    await box.press("Enter")
    listing = page.locator("#messages .msg.ephemeral").last
    await expect(listing).to_contain_text("Call the county about paid sick leave")


async def test_sending_before_the_page_has_loaded_says_so_and_keeps_the_text(
    sandbox: Sandbox, page: Page
) -> None:
    held = asyncio.Event()
    release = asyncio.Event()

    async def hold_first_state(route: Route) -> None:
        held.set()
        await release.wait()
        await route.continue_()

    await page.route("**/api/state*", hold_first_state)
    maria = by_handle("maria")
    await page.goto(f"{sandbox.url}/?as={maria.user_id}", wait_until="domcontentloaded")
    await held.wait()
    box = page.locator("#message-box")
    await box.fill("/plan list")
    await box.press("Enter")
    await page.locator("#ff-day").click()
    await expect(page.locator(".toast").first).to_contain_text("still loading")
    await expect(box).to_have_value("/plan list")

    release.set()
    await expect(page.locator("#as")).to_contain_text(maria.real_name)
    await box.press("Enter")
    await expect(page.locator("#messages .msg.ephemeral").last).to_be_visible()
