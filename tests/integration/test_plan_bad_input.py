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


#: Each bad input with the one line it must be answered with (after ":warning: "), read from
#: the grammar and the use cases: a different error firing gives a different line and fails.
DUE_IN_TITLE = (
    " If “due” is part of the title, put the title in quotes: "
    '`/plan add "Review what\'s due" due friday`.'
)
BAD_INPUTS = [
    ("maria", "frobnicate", "I don't know `/plan frobnicate`."),
    ("maria", "help frobnicate", "I have no help on “frobnicate”."),
    (
        "maria",
        "add Draft policy due funday",
        "I couldn't read “funday” as a date. Try 2026-12-15, 12/15, tomorrow, friday or in 2 "
        "weeks." + DUE_IN_TITLE,
    ),
    (
        "maria",
        "add Draft policy due 2026-02-30",
        "There's no such date as “2026-02-30”: February 2026 has no day 30." + DUE_IN_TITLE,
    ),
    (
        "maria",
        "add Draft policy due 2020-01-01",
        "That due date is in the past: pick today or a later date.",
    ),
    (
        "maria",
        'add "Unterminated title',
        "The quote before “Unterminated title” is never closed; add the closing quote mark.",
    ),
    (
        "maria",
        "add " + "x" * 3001,
        "A commitment can be at most 3,000 characters (yours has 3,001): keep the step itself "
        "here and add the rest with `/plan note` afterwards.",
    ),
    ("maria", "show", "Which commitment? Give its number, like `/plan show #12`."),
    ("maria", "show #999", "There is no commitment #999."),
    (
        "jorge",
        "show #1",
        "#1 belongs to another organization, so only its members or a TA provider can see it.",
    ),
    (
        "maria",
        f"add Thing owner <@{LABOR_1}>",
        f"<@{LABOR_1}> isn't a member of Mercy Health Clinic: pick someone from your "
        "organization as owner.",
    ),
    (
        "ta",
        f"add mercy: Thing owner <@{LABOR_1}>",
        f"<@{LABOR_1}> isn't a member of Mercy Health Clinic: add them with "
        "`/plan member add mercy @them` first.",
    ),
    ("maria", "edit", "Which commitment? Give its number, like `/plan edit #12`."),
    ("maria", "edit #999", "There is no commitment #999."),
    (
        "maria",
        "edit #1 Draft the new policy",
        "`/plan edit` takes only the commitment number and opens a form for the changes, "
        "like `/plan edit #12`.",
    ),
    (
        "jorge",
        "edit #1",
        "#1 belongs to another organization, so only its members or a TA provider can change it.",
    ),
    ("maria", "done", "Which commitment? Give its number, like `/plan done #12`."),
    ("maria", "done #999", "There is no commitment #999."),
    ("maria", "done #abc", "“#abc” isn't a commitment number. Use its number, like #12."),
    (
        "maria",
        "status #1 finished",
        "“finished” isn't a status. Use one of open, in-progress, blocked, done, dropped.",
    ),
    ("maria", "status #1", "Give a status: open, in-progress, blocked, done, dropped."),
    ("maria", "note #1", "Say what to note, like `/plan note #12 Met the board`."),
    ("maria", "note #1 " + "y" * 2001, "A note can be at most 2000 characters (yours has 2001)."),
    (
        "jorge",
        "done #1",
        "#1 belongs to another organization, so only its members or a TA provider can change it.",
    ),
    (
        "ta",
        "org add Unquoted Name",
        'Put the organization\'s name in double quotes, like `/plan org add "Acme Health"`.',
    ),
    (
        "ta",
        'org add "Mercy Health Clinic"',
        "There is already an organization called “Mercy Health Clinic”.",
    ),
    (
        "ta",
        'org add "New Org" sphere galaxy',
        "“galaxy” isn't a sphere. Use one of health, labor, community, employer, workforce, other.",
    ),
    ("ta", "org list extra", "`/plan org list` takes nothing after it."),
    (
        "ta",
        "member add nowhere <@UHEALTH001>",
        "I don't know an organization called “nowhere”: `/plan org list` shows them.",
    ),
    (
        "ta",
        "member add mercy",
        "Mention at least one person to add, like `/plan member add acme-health @maria @sam`.",
    ),
    (
        "ta",
        "member add mercy bob",
        "“bob” isn't a mention. Pick the person from Slack's @ list so it becomes a link.",
    ),
    ("ta", "member add mercy <@UNOBODY00>", "I can't find <@UNOBODY00> in this workspace."),
    ("ta", "member add mercy <@UBOTUSER01|otherbot>", "<@UBOTUSER01> is a bot, not a person."),
    ("ta", "member remove <@UOUTSIDE01>", "<@UOUTSIDE01> isn't a member of any organization."),
    (
        "ta",
        "session add 2026-13-01 10:00 Session",
        "“2026-13-01” isn't a date: months go from 1 to 12.",
    ),
    (
        "ta",
        "session add 2026-12-10 25:00 Session",
        "I couldn't read “25:00” as a time of day. Try 09:00, 17:30 or 9am.",
    ),
    (
        "ta",
        "session move 9 2026-12-10 10:00",
        "There is no session 9: `/plan session list` shows them.",
    ),
    (
        "ta",
        "session move 1 2026-12-10",
        "Give the new time too, like `/plan session move 3 2026-12-16 14:00`.",
    ),
    ("ta", "session remove 9", "There is no session 9: `/plan session list` shows them."),
    ("ta", "session remove three", "“three” isn't a session number. Use its number, like #12."),
    ("ta", "resource add ftp://example.org/x Guide", "Only http and https links can be shared."),
    ("ta", "resource remove 9", "There is no resource 9: `/plan resources` lists them."),
    ("ta", "resource remove", "Which resource? Give its number, like `/plan resource remove 4`."),
    (
        "ta",
        "resource add https://example.org/x Guide session 9",
        "There is no session 9: `/plan session list` shows them.",
    ),
    (
        "ta",
        "settings timezone Mars/Olympus",
        "I don't know the time zone “Mars/Olympus”. Use an Area/City name such as "
        "America/Chicago or Europe/London.",
    ),
    (
        "ta",
        "settings channel general",
        "“general” isn't a channel mention. Type # and pick the channel from the list so it "
        "becomes a link.",
    ),
    (
        "ta",
        "settings digest someday 09:00",
        "I couldn't read “someday” as a weekday. Try monday or mon.",
    ),
    ("ta", "settings quiet 18:00", "I couldn't read “18:00” as quiet hours. Try 18:00-09:00."),
    (
        "ta",
        "list nowhere",
        "I don't know an organization called “nowhere”: `/plan org list` shows them.",
    ),
]


@pytest.mark.parametrize(("who", "text", "explanation"), BAD_INPUTS)
async def test_bad_input_is_explained_and_changes_nothing(
    bot: BotHarness, people: dict[str, Someone], who: str, text: str, explanation: str
) -> None:
    await setup_collaborative(people)
    await people["maria"].plan("add First step")
    before = await snapshot(bot)
    replies = await people[who].plan_replies(text)
    assert len(replies) == 1
    shown = replies[0]["text"]
    lines = shown.splitlines()
    assert len(lines) <= 2, shown  # one line of explanation, then the usage
    assert lines[0] == f":warning: {explanation}"
    if text == "frobnicate":  # no sub-command to give the usage of: point to help
        assert lines[1:] == ["Try `/plan help` to see what you can do."]
    elif len(lines) == 2:  # the usage is that of the sub-command concerned
        command = text.split()[0]
        assert "Usage" in lines[1] and f"/plan {command}" in lines[1], lines[1]
    assert "Traceback" not in shown
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
