"""Retake the README's screenshot of the sandbox: `python -m tests.e2e.screenshot [path]`.

A participant's DM the morning a check-in arrives, taken from a fresh sandbox in Debian's
chromium, so the picture in the README is what `make run` really shows.
"""

from __future__ import annotations

import asyncio
import shutil
import sys
import tempfile
from datetime import date, time
from pathlib import Path

from sandbox.demo import by_handle
from sandbox.launch import Sandbox
from tests.support.browser import CHROMIUM_ARGS, NOT_LOCAL
from tests.support.days import at

DEFAULT_PATH = Path("docs") / "sandbox.png"
TUESDAY_9AM = at(date(2026, 12, 1), time(9, 0))


async def take(path: Path) -> None:
    from playwright.async_api import async_playwright, expect

    chromium = shutil.which("chromium")
    if chromium is None:
        raise SystemExit("needs Debian's chromium on PATH")
    with tempfile.TemporaryDirectory() as folder:
        # A Tuesday: "Next day" then brings the check-in after Session 4 (on a Monday it would be
        # the reminder before Session 5), so the picture is the same whatever day it is taken.
        sandbox = Sandbox(sqlite_path=Path(folder) / "sandbox.sqlite3", start=TUESDAY_9AM)
        await sandbox.start()
        try:
            async with async_playwright() as playwright:
                browser = await playwright.chromium.launch(
                    executable_path=chromium, args=CHROMIUM_ARGS
                )
                context = await browser.new_context(viewport={"width": 1280, "height": 900})
                await context.route(NOT_LOCAL, lambda route: route.abort())
                page = await context.new_page()
                await page.goto(f"{sandbox.url}/?as={by_handle('maria').user_id}")
                await expect(page.locator("#conv-title")).to_have_text("Follow-through")
                box = page.locator("#message-box")
                await box.fill("/plan add Ask HR about predictable scheduling due friday")
                await box.press("Enter")
                await expect(page.locator(".msg.ephemeral")).to_contain_text("Added #")
                await page.locator("#ff-day").click()
                header = page.locator(".bk-header", has_text="Check-in after Session")
                nudge = page.locator("#messages .msg", has=header)
                await expect(nudge).to_be_visible()
                row = nudge.locator('[data-block-id="c13"]')
                await row.get_by_role("button", name="Done").click()
                await expect(nudge).to_contain_text("Ask HR about predictable scheduling · Done")
                await page.evaluate("document.getElementById('toasts').replaceChildren()")
                await page.mouse.move(1, 850)
                path.parent.mkdir(parents=True, exist_ok=True)
                await page.screenshot(path=path)
                await browser.close()
        finally:
            await sandbox.stop()


if __name__ == "__main__":
    asyncio.run(take(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_PATH))
