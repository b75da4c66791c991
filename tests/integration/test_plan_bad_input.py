"""Every malformed command is answered in one line with the usage, and changes nothing."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import func, select

from sandbox.api import SlackStandIn
from sandbox.driver import SlackDriver
from storage.models import Commitment, CommitmentUpdate, Organization, Person
from tests.conftest import HEALTH_1, LABOR_1, BotHarness
from tests.conftest import Person as Someone
from tests.support.rhythm import setup_collaborative


async def snapshot(bot: BotHarness) -> tuple[int, ...]:
    async with bot.runtime.uow() as uow:
        counts = []
        for model in (Organization, Person, Commitment, CommitmentUpdate):
            counts.append(int(await uow.session.scalar(select(func.count()).select_from(model))))
        statuses = (await uow.session.scalars(select(Commitment.status))).all()
        return (*counts, hash(tuple(statuses)))


BAD_INPUTS = [
    ("maria", "frobnicate", "/plan help"),
    ("maria", "add Draft policy due funday", "Usage"),
    ("maria", "add Draft policy due 2026-02-30", "Usage"),
    ("maria", "add Draft policy due 2020-01-01", "in the past"),
    ("maria", 'add "Unterminated title', "Usage"),
    ("maria", "add " + "x" * 201, "200"),
    ("maria", f"add Thing owner <@{LABOR_1}>", "isn't a member"),
    ("maria", "done", "Usage"),
    ("maria", "done #999", "no commitment #999"),
    ("maria", "done #abc", "Usage"),
    ("maria", "status #1 finished", "Usage"),
    ("maria", "status #1", "Usage"),
    ("maria", "note #1", "Usage"),
    ("maria", "note #1 " + "y" * 2001, "2000"),
    ("jorge", "done #1", "another organization"),
    ("ta", "org add Unquoted Name", "Usage"),
    ("ta", 'org add "Mercy Health Clinic"', "already"),
    ("ta", 'org add "New Org" sphere galaxy', "Usage"),
    ("ta", "org list extra", "Usage"),
    ("ta", "member add nowhere <@UHEALTH001>", "don't know an organization"),
    ("ta", "member add mercy", "Usage"),
    ("ta", "member add mercy bob", "Usage"),
    ("ta", "member add mercy <@UNOBODY00>", "can't find"),
    ("ta", "member add mercy <@UBOTUSER01|otherbot>", "bot"),
    ("ta", "member remove <@UOUTSIDE01>", "isn't a member"),
    ("ta", "session add 2026-13-01 10:00 Session", "Usage"),
    ("ta", "session add 2026-12-10 25:00 Session", "Usage"),
    ("ta", "resource add ftp://example.org/x Guide", "http"),
    ("ta", "resource add https://example.org/x Guide session 9", "no session 9"),
    ("ta", "settings timezone Mars/Olympus", "Usage"),
    ("ta", "settings channel general", "Usage"),
    ("ta", "settings digest someday 09:00", "Usage"),
    ("ta", "settings quiet 18:00", "Usage"),
    ("ta", "list nowhere", "don't know an organization"),
]


@pytest.mark.parametrize(("who", "text", "expected"), BAD_INPUTS)
async def test_bad_input_is_explained_and_changes_nothing(
    bot: BotHarness, people: dict[str, Someone], who: str, text: str, expected: str
) -> None:
    await setup_collaborative(people)
    await people["maria"].plan("add First step")
    before = await snapshot(bot)
    replies = await people[who].plan_replies(text)
    assert len(replies) == 1
    shown = replies[0]["text"]
    assert shown.startswith(":warning:")
    lines = shown.splitlines()
    assert len(lines) <= 2, shown  # one line of explanation, then the usage
    assert expected in shown, shown
    assert "Traceback" not in shown and "Error" not in lines[0].split(":warning:")[-1][:6]
    assert await snapshot(bot) == before


async def test_unknown_subcommand_points_to_help(people: dict[str, Someone]) -> None:
    reply = await people["maria"].plan("frobnicate")
    assert "/plan help" in reply


async def test_mrkdwn_in_titles_is_escaped(bot: BotHarness, people: dict[str, Someone]) -> None:
    await setup_collaborative(people)
    replies = await people["maria"].plan_replies(
        "add &lt;!channel&gt; review &amp; <https://evil.example|sign>"
    )
    shown = replies[0]["blocks"][0]["text"]["text"]
    assert "<!channel>" not in shown and "&lt;!channel&gt;" in shown
    async with bot.runtime.uow() as uow:
        title = await uow.session.scalar(select(Commitment.title))
    assert title is not None and "<!channel>" in title  # stored as the person typed it


@pytest.mark.parametrize("trouble", ["stale", "forged"])
async def test_bad_signatures_are_refused(
    bot: BotHarness, slack: SlackDriver, standin: SlackStandIn, trouble: str
) -> None:
    if trouble == "stale":
        slack.timestamp_override = int(time.time()) - 10 * 60
    else:
        slack.bad_signature = True
    response = await slack.command(HEALTH_1, 'org add "Sneaky"')
    assert response.status == 401
    assert standin.responses_to(response.response_url or "") == []
    async with bot.runtime.uow() as uow:
        assert await uow.session.scalar(select(func.count()).select_from(Organization)) == 0
