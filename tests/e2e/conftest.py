"""The browser tests' sandbox and page: Debian's chromium through Playwright, 127.0.0.1 only."""

from __future__ import annotations

import importlib.util
from collections.abc import AsyncIterator
from datetime import date, time
from pathlib import Path
from typing import Any

import pytest

from sandbox.launch import Sandbox
from tests.support.browser import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, NOT_LOCAL
from tests.support.ci import unavailable
from tests.support.days import at

#: Playwright's own waits (for an element, a text) give up after this; nothing sleeps.
WAIT_MS = 10_000

HAS_PLAYWRIGHT = importlib.util.find_spec("playwright") is not None
if HAS_PLAYWRIGHT:
    from playwright.async_api import async_playwright, expect

#: Tuesday Dec 1 2026, 09:00 in Chicago, unless a test pins another start day.
TUESDAY = date(2026, 12, 1)


@pytest.fixture
def browser_available() -> None:
    """Skip without chromium or Playwright; with CI=true, fail instead (see tests/support/ci)."""
    if CHROMIUM is None:
        unavailable("no chromium on PATH (Debian: apt-get install chromium; .ci/run installs it)")
    if not HAS_PLAYWRIGHT:
        unavailable("the playwright Python package is not installed (pip install playwright)")


@pytest.fixture
def start_day(request: pytest.FixtureRequest) -> date:
    """The local day the sandbox starts on (09:00 Chicago); parametrized where it matters."""
    return getattr(request, "param", TUESDAY)


@pytest.fixture
def viewport(request: pytest.FixtureRequest) -> dict[str, int]:
    """The browser window; a wide desktop unless a test asks for a smaller screen."""
    return getattr(request, "param", {"width": 1360, "height": 900})


@pytest.fixture
async def sandbox(
    browser_available: None, tmp_path: Path, start_day: date
) -> AsyncIterator[Sandbox]:
    start = at(start_day, time(9, 0))
    instance = Sandbox(sqlite_path=tmp_path / "sandbox.sqlite3", real_clock=lambda: start)
    await instance.start()
    yield instance
    await instance.stop()


@pytest.fixture
async def page(sandbox: Sandbox, viewport: dict[str, int]) -> AsyncIterator[Any]:
    """A fresh tab; the test fails if the page's script threw at any point."""
    assert CHROMIUM is not None
    ARTIFACTS.mkdir(exist_ok=True)
    expect.set_options(timeout=WAIT_MS)
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = await browser.new_context(viewport=viewport)  # type: ignore[arg-type]
        await context.route(NOT_LOCAL, lambda route: route.abort())
        tab = await context.new_page()
        problems: list[str] = []
        tab.on("pageerror", lambda error: problems.append(str(error)))
        yield tab
        await browser.close()
        assert not problems, f"the page threw: {problems}"
