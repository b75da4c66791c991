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
from datetime import date, timedelta
from typing import Any

import pytest

from sandbox.demo import DIGEST_CHANNEL, by_handle
from sandbox.launch import Sandbox
from tests.support.browser import ARTIFACTS
from tests.support.days import THURSDAY, first_weekday_from, start_days

if importlib.util.find_spec("playwright") is not None:
    from playwright.async_api import Page, expect

pytestmark = [pytest.mark.browser]


async def open_as(page: Page, sandbox: Sandbox, handle: str) -> None:
    """Open the page as this person and wait until it shows who they are: the page takes input
    only once its state has loaded (typing earlier throws in the page's script)."""
    person = by_handle(handle)
    await page.goto(f"{sandbox.url}/?as={person.user_id}")
    await expect(page.locator("#as")).to_contain_text(person.real_name)


async def snap(page: Page, name: str) -> None:
    await page.screenshot(path=ARTIFACTS / f"sandbox-{name}.png")


def nudges(page: Page, title: str = "Check-in after Session") -> Any:
    """The nudges with this header in the open conversation."""
    header = page.locator(".bk-header", has_text=title)
    return page.locator("#messages .msg", has=header)


def next_day_nudge_title(today: date) -> str:
    """What "Next day" brings, by the rules: the next weekday's nudge, which is the reminder
    before Session 5 when that day is within two days of it or the session comes before the
    next automatic nudge could (four days later, past a weekend; the demo's fifth session is
    the first Thursday at least three days ahead), else the check-in after Session 4."""
    nudge_day = first_weekday_from(today + timedelta(days=1))
    fifth = today + timedelta(days=3)
    while fifth.weekday() != THURSDAY:
        fifth += timedelta(days=1)
    next_possible = first_weekday_from(nudge_day + timedelta(days=4))
    if nudge_day >= fifth - timedelta(days=2) or fifth <= next_possible:
        return "Session 5 is coming up"
    return "Check-in after Session 4"


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

    await digest.locator(".replies-link").click()
    chart = page.locator("#thread-messages img.file-image")
    await expect(chart).to_have_count(1)
    await expect(chart).to_have_attribute(
        "alt", re.compile(r"Steps by status for each organization: .*Westside")
    )
    await chart.scroll_into_view_if_needed()
    assert await chart.evaluate("image => image.complete && image.naturalWidth >= 900")
    await snap(page, "6-digest-chart")


async def test_what_people_type_is_shown_as_text_and_mentions_become_names(
    sandbox: Sandbox, page: Page
) -> None:
    await open_as(page, sandbox, "sam")
    box = page.locator("#message-box")
    await box.fill('/plan add <img src=x onerror="window.pwned=1"> & co owner @maria')
    await box.press("Enter")
    reply = page.locator("#messages .msg.ephemeral", has_text="Added #")
    await expect(reply).to_contain_text('<img src=x onerror="window.pwned=1"> & co')
    await expect(reply).to_contain_text("owner @Maria")
    await expect(page.locator("#messages img")).to_have_count(0)
    assert await page.evaluate("window.pwned") is None
    await snap(page, "escaping")


@pytest.mark.parametrize("start_day", start_days(), indirect=True)
async def test_a_modal_validates_and_submits_and_a_thread_reply_is_acknowledged(
    sandbox: Sandbox, page: Page, start_day: date
) -> None:
    await open_as(page, sandbox, "priya")
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
    nudge = nudges(page, next_day_nudge_title(start_day))
    await expect(nudge).to_have_count(1)
    await nudge.hover()
    await nudge.get_by_role("button", name="Reply in thread").click()
    await page.locator("#thread-box").fill("#5 we found a translator; training is next week")
    await page.locator("#thread-box").press("Enter")
    await expect(page.locator("#thread")).to_contain_text("we found a translator")
    await expect(page.locator("#thread .reaction")).to_be_visible()
    # the bot says in the thread what it recorded, so the check-in counts two replies
    await expect(page.locator("#thread")).to_contain_text("Noted on")
    await expect(nudge.get_by_role("button", name="2 replies")).to_be_visible()
    await snap(page, "thread")
