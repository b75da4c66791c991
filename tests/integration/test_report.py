"""`/plan report` and engagement.csv over signed HTTP: the month in tests/support/evidence.py,
every figure worked out by hand, read back from Slack and from the export."""

from __future__ import annotations

import csv
import io
from typing import Any

from sandbox.api import SlackStandIn
from sandbox.driver import SlackDriver
from tests.support.evidence import play_month
from tests.support.harness import BotHarness, Person
from tests.support.workspace import TA

#: Figures over the whole collaborative, by hand from the module docstring of the scenario.
MERCY_WHOLE = [
    "Commitments: 2 · done 1 of 2, 50%",  # #1 done, #3 open; #4 dropped does not count
    "Overdue: 1 · blocked: 0",  # #3 was due Dec 2
    "Nudges answered: 2 of 4, 50%",  # maria's first (button), sam's second (/plan note)
    "Median time to an update: 1.5 h",  # median of 1 h and 2 h
    "Resources: 1 shared, 1 opened",  # resource 1 in the check-in, opened by maria
    "Questions answered: 1 of 1, 100%",
    "Median time to an answer: 4.0 h",
    "Help requests answered: 0 of 0, —",
    "Introductions: 1",
]
UNION_WHOLE = [
    "Commitments: 3 · done 0 of 3, 0%",  # #2, #5, #6
    "Overdue: 1 · blocked: 1",  # #2 was due Dec 22; #5 blocked
    "Nudges answered: 1 of 1, 100%",  # jorge's thread reply
    "Median time to an update: 3.0 h",
    "Resources: 2 shared, 0 opened",  # resource 1 in the check-in, resource 2 shared
    "Questions answered: 0 of 1, 0%",
    "Median time to an answer: —",
    "Help requests answered: 1 of 1, 100%",
    "Introductions: 1",
]
#: The last four weeks (after Dec 8 16:00): only Dec 9's question, introduction and #6.
MERCY_RECENT = [
    "Commitments: 0 · done 0 of 0, —",
    "Overdue: 0 · blocked: 0",
    "Nudges answered: 0 of 0, —",
    "Median time to an update: —",
    "Resources: 0 shared, 0 opened",
    "Questions answered: 0 of 0, —",
    "Median time to an answer: —",
    "Help requests answered: 0 of 0, —",
    "Introductions: 1",
]
UNION_RECENT = [
    "Commitments: 1 · done 0 of 1, 0%",
    "Overdue: 0 · blocked: 0",
    "Nudges answered: 0 of 0, —",
    "Median time to an update: —",
    "Resources: 0 shared, 0 opened",
    "Questions answered: 0 of 1, 0%",
    "Median time to an answer: —",
    "Help requests answered: 0 of 0, —",
    "Introductions: 1",
]
EVERYONE_WHOLE = [
    "Commitments: 5 · done 1 of 5, 20%",
    "Overdue: 2 · blocked: 1",
    "Nudges answered: 3 of 5, 60%",
    "Median time to an update: 2.0 h",
    "Resources: 2 shared, 1 opened",
    "Questions answered: 1 of 2, 50%",
    "Median time to an answer: 4.0 h",
    "Help requests answered: 1 of 1, 100%",
    "Introductions: 1",  # one introduction, though it involved both organizations
]
TA_WHOLE = [
    "Resources shared: 2 (4 deliveries)",  # resource 1 to three people, resource 2 to jorge
    "Questions answered: 1",
    "Median time to an answer: 4.0 h",
    "Help requests answered: 1",
    "Introductions: 1",
]
TA_RECENT = [
    "Resources shared: 0 (0 deliveries)",
    "Questions answered: 0",
    "Median time to an answer: —",
    "Help requests answered: 0",
    "Introductions: 1",
]
WHOLE = "_Whole collaborative_"
RECENT = "_Last 4 weeks_ (Dec 8 – Jan 5)"


def sections(replies: list[dict[str, Any]]) -> dict[str, list[str]]:
    """Each section's lines, by its first line (the title)."""
    found = {}
    for reply in replies:
        for block in reply.get("blocks") or []:
            if block["type"] == "section":
                lines = block["text"]["text"].split("\n")
                found[lines[0]] = lines[1:]
    return found


def both(whole: list[str], recent: list[str]) -> list[str]:
    return [WHOLE, *(f"• {line}" for line in whole), RECENT, *(f"• {line}" for line in recent)]


MERCY = "*Mercy Health Clinic* (`mercy`) · Health care"
UNION = "*Workers United Center* (`workers-united-center`) · Labor &amp; worker advocacy"


async def test_report_and_engagement_csv_give_the_figures_worked_out_by_hand(
    bot: BotHarness, people: dict[str, Person], standin: SlackStandIn, slack: SlackDriver
) -> None:
    await play_month(bot, people, standin, slack)

    replies = await people["ta"].plan_replies("report")
    shown = sections(replies)
    assert shown[MERCY] == both(MERCY_WHOLE, MERCY_RECENT)
    assert shown[UNION] == both(UNION_WHOLE, UNION_RECENT)
    assert shown["*Everyone* (2 organizations)"][: len(EVERYONE_WHOLE) + 1] == [
        WHOLE,
        *(f"• {line}" for line in EVERYONE_WHOLE),
    ]
    assert shown["*What the TA team gave*"] == both(TA_WHOLE, TA_RECENT)
    # a sphere of one organization has that organization's figures
    assert shown["*Health care* (1 organization)"] == both(MERCY_WHOLE, MERCY_RECENT)
    assert shown["*Labor &amp; worker advocacy* (1 organization)"] == both(
        UNION_WHOLE, UNION_RECENT
    )
    last = replies[-1]["blocks"][-1]
    assert last["type"] == "context" and "`/plan report <org>`" in str(last)

    # one organization, one sphere
    one = sections(await people["ta"].plan_replies("report workers-united-center"))
    assert one[UNION] == both(UNION_WHOLE, UNION_RECENT)
    assert MERCY not in one
    sphere = sections(await people["ta"].plan_replies("report health"))
    assert sphere[MERCY] == both(MERCY_WHOLE, MERCY_RECENT) and UNION not in sphere

    # the same figures in engagement.csv
    assert "7 CSV files" in await people["ta"].plan("export")
    [stored] = [
        f
        for f in standin.workspace.files.values()
        if f.filename == "engagement.csv" and f.completed
    ]
    assert stored.channels == [standin.dm_channel(TA)]
    assert stored.content is not None
    text = stored.content.decode("utf-8")
    assert text.split("\n")[0] == (  # exactly the header
        "organization,sphere,commitments,done,overdue,blocked,nudges_sent,nudges_answered,"
        "median_hours_to_update,resources_shared,resources_opened,questions_asked,"
        "questions_answered"
    )
    assert list(csv.reader(io.StringIO(text)))[1:] == [
        ["mercy", "health", "2", "1", "1", "0", "4", "2", "1.5", "1", "1", "1", "1"],
        ["workers-united-center", "labor", "3", "0", "1", "1", "1", "1", "3.0", "2", "0", "1", "0"],
    ]


async def test_a_participant_sees_their_own_organization_only(
    bot: BotHarness, people: dict[str, Person], standin: SlackStandIn, slack: SlackDriver
) -> None:
    await play_month(bot, people, standin, slack)
    own = await people["maria"].plan_replies("report")
    shown = sections(own)
    assert shown[MERCY] == both(MERCY_WHOLE, MERCY_RECENT)
    assert list(shown) == [MERCY]  # no other organization, no sphere, no TA side
    assert "`/plan list`" in str(own[-1]["blocks"][-1])  # what she can do next
    assert sections(await people["maria"].plan_replies("report mercy")) == shown

    for other in ("workers-united-center", "labor", '"Workers United Center"'):
        refused = await people["maria"].plan(f"report {other}")
        assert refused.startswith(":warning: You can see your own organization's figures only")
        assert refused.endswith("Usage: `/plan report`")  # her form, not the TA's
        assert "Commitments" not in refused
    unknown = await people["ta"].plan("report nobody")
    assert "I don't know an organization or sphere called “nobody”" in unknown
    assert "`/plan org list` shows the organizations" in unknown
    assert unknown.endswith("Usage: `/plan report [org|sphere]`")
    outsider = await people["pat"].plan("report")
    assert "ask a TA provider to add you" in outsider
