"""Privacy over signed HTTP against the stand-in: `/plan privacy`, the notice on first contact,
being forgotten (`/plan forget me`, `/plan member forget @person`) and the purge after close."""

from __future__ import annotations

import csv
import io
import logging
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.delivery.notice import claim_notice
from jobs.retention_job import run_retention
from sandbox.api import SlackStandIn
from sandbox.driver import SlackDriver
from tests.support import visible
from tests.support.evidence import play_month
from tests.support.harness import BotHarness, Person
from tests.support.privacy import answer_question, export_texts
from tests.support.rhythm import nudges_at, setup_collaborative, setup_rhythm
from tests.support.workspace import (
    DIGEST_CHANNEL,
    HEALTH_1,
    HEALTH_2,
    LABOR_1,
    TA_CHANNEL,
)

NOTICE = "`/plan privacy` tells you more"
SLACK_ID = re.compile(r"[UW](?=[A-Z0-9]*[0-9])[A-Z0-9]{6,}")
#: What jorge wrote in play_month: a thread reply, a blocked note and two questions.
JORGE_TEXTS = ("Printed 200 copies", "Need a survey tool", "county contact", "picket logistics")


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def run_at(bot: BotHarness, now: datetime) -> object:
    bot.clock.set(now)
    return run_retention(bot.runtime.uow, bot.process.app.client, now)


# --------------------------------------------------------------------------- /plan privacy


async def test_plan_privacy_says_what_is_kept_who_sees_it_how_long_and_how_to_leave(
    people: dict[str, Person],
) -> None:
    await setup_collaborative(people)
    shown = await people["maria"].plan("privacy")
    for part in (
        "*What is stored:*",
        "whether you answered them",
        "Slack id, name and time zone",
        "*Who sees what:*",
        "shared weekly digest",
        "180 days after it closes",
        "`python -m bot export --pseudonymize`",
        "`/plan forget me`",
        "`/plan member forget @person`",
    ):
        assert part in shown, part
    assert "The TA team sets this" in shown or "the TA team sets this" in shown

    assert "kept 365 days" in await people["ta"].plan("settings retention 365")
    assert "365 days after it closes" in await people["maria"].plan("privacy")
    refused = await people["maria"].plan("settings retention 30")
    assert "TA providers" in refused and "Usage: `/plan settings retention <days>`" in refused
    wrong = await people["ta"].plan("settings retention 3")
    assert "isn't a number of days from 14 to 3650" in wrong
    assert "365 days after it closes" in await people["maria"].plan("privacy")


# --------------------------------------------------------------------------- the notice


async def test_the_first_message_to_a_participant_carries_the_notice_once(
    bot: BotHarness, people: dict[str, Person], standin: SlackStandIn
) -> None:
    await setup_collaborative(people)  # the TA adds maria and sam; neither has used /plan
    assert "Check-in sent" in await people["ta"].plan("nudge mercy now")
    for user in (HEALTH_1, HEALTH_2):
        [first] = await standin.wait_for(lambda u=user: standin.dm_messages(u) or None)
        assert NOTICE in visible(first), visible(first)
        assert "the TA team and the collaborative's shared weekly digest" in visible(first)

    await bot.restart()  # what was told is in the database, not in the process
    bot.clock.advance(days=1)
    assert "Check-in sent" in await people["ta"].plan("nudge mercy now")
    second = await standin.wait_for(lambda: standin.dm_messages(HEALTH_1)[1:] or None)
    assert NOTICE not in visible(second[0])
    assert NOTICE not in await people["maria"].plan("list")

    # jorge's first contact is his own /plan: that reply tells him, and only that one
    assert NOTICE in await people["jorge"].plan("list")
    assert NOTICE not in await people["jorge"].plan("list")
    # TA providers run the collaborative: they are not told as participants
    assert NOTICE not in await people["ta"].plan("list all")


# --------------------------------------------------------------------------- being forgotten


def assert_forgotten(files: dict[str, str], *names: str) -> None:
    for name, text in files.items():
        assert LABOR_1 not in text, name
        for person in names:
            assert not re.search(rf"\b{person}\b", text, re.IGNORECASE), (name, person)
        for written in JORGE_TEXTS:
            assert written not in text, (name, written)


async def test_forget_me_removes_the_person_everywhere_and_the_organization_keeps_the_steps(
    bot: BotHarness,
    people: dict[str, Person],
    standin: SlackStandIn,
    slack: SlackDriver,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    await play_month(bot, people, standin, slack)
    jorge = people["jorge"]
    assert "went to the TA team" in await jorge.plan("ask Who leads the picket logistics?")
    kept = "Commitments you owned stay with your organization"
    question = await answer_question(jorge, slack, standin, "forget me", kept, "you are forgotten")
    assert "Forget me" not in visible(question)  # the buttons went with the question

    caplog.set_level(logging.INFO)
    for pseudonymize in (False, True):
        folder = tmp_path / ("coded" if pseudonymize else "plain")
        files = await export_texts(bot, folder, pseudonymize=pseudonymize)
        assert_forgotten(files, "jorge", "ruiz")
        union = [
            r
            for r in rows(files["commitments.csv"])
            if r["organization"] == "workers-united-center"
        ]
        assert sorted(r["number"] for r in union) == ["2", "5", "6"]
        assert all(r["owner_slack_id"] == "" for r in union), union

    shown = await people["ta"].plan("show 5")
    assert "a former member · added it as Open" in shown
    assert "a former member · Open → Blocked" in shown
    assert "Need a survey tool" not in shown and LABOR_1 not in shown
    assert "Try the free county survey kit." in shown  # the TA's advice is the TA's text

    report = await people["ta"].plan("report workers-united-center")
    digest = await people["ta"].plan("digest preview")
    before = len(standin.dm_messages(LABOR_1))
    await nudges_at(bot, datetime(2026, 12, 23, 16, 0, tzinfo=UTC))  # #2 is overdue
    await nudges_at(bot, datetime(2027, 1, 14, 16, 0, tzinfo=UTC))
    assert len(standin.dm_messages(LABOR_1)) == before
    for said in (report, digest, caplog.text):
        assert LABOR_1 not in said and not re.search(r"\bjorge\b", said, re.IGNORECASE)


async def test_a_ta_provider_forgets_someone_who_left_and_keep_it_changes_nothing(
    bot: BotHarness,
    people: dict[str, Person],
    standin: SlackStandIn,
    slack: SlackDriver,
    tmp_path: Path,
) -> None:
    await setup_rhythm(people)
    ta = people["ta"]
    await answer_question(
        ta,
        slack,
        standin,
        f"member forget <@{LABOR_1}|jorge>",
        f"Forget <@{LABOR_1}>?",
        "Nothing was changed",
        action_id="plan_cancel",
    )
    assert (
        LABOR_1
        in (await export_texts(bot, tmp_path / "kept", pseudonymize=False))["organizations.csv"]
    )

    refused = await people["maria"].plan(f"member forget <@{LABOR_1}>")
    assert "TA providers" in refused and "Usage: `/plan member forget @person`" in refused

    await answer_question(
        ta, slack, standin, f"member forget <@{LABOR_1}>", "This can't be undone", "forgotten"
    )
    files = await export_texts(bot, tmp_path / "gone", pseudonymize=False)
    assert_forgotten(files, "jorge", "ruiz")
    [union] = [
        r for r in rows(files["commitments.csv"]) if r["organization"] == "workers-united-center"
    ]
    assert union["title"] == "Share our wage-theft intake guide" and union["owner_slack_id"] == ""
    assert "a former member · added it as Open" in await ta.plan("show 2")


# --------------------------------------------------------------------------- close and purge


async def test_after_close_and_retention_everyones_data_is_purged_with_notice_beforehand(
    bot: BotHarness,
    people: dict[str, Person],
    standin: SlackStandIn,
    tmp_path: Path,
) -> None:
    await setup_rhythm(people)
    ta = people["ta"]
    await people["maria"].plan("note 1 Talked to Sam Okafor about it")
    assert "kept 30 days" in await ta.plan("settings retention 30")
    closed = await ta.plan("close")  # Tue Dec 1, 09:00 in Chicago
    assert "People's data is deleted on 2026-12-31" in closed

    def notices(channel: str) -> list[str]:
        return [visible(m) for m in standin.messages(channel) if ":shield:" in visible(m)]

    await run_at(bot, datetime(2026, 12, 17, 14, 0, tzinfo=UTC))  # 14 days before, not yet
    assert notices(DIGEST_CHANNEL) == [] and notices(TA_CHANNEL) == []

    await run_at(bot, datetime(2026, 12, 17, 15, 0, tzinfo=UTC))
    [shared] = notices(DIGEST_CHANNEL)
    assert "on 2026-12-31 Follow-through deletes" in shared and "`/plan forget me`" in shared
    [told] = notices(TA_CHANNEL)
    assert "On 2026-12-31, 30 days after the collaborative closed" in told
    await run_at(bot, datetime(2026, 12, 18, 15, 0, tzinfo=UTC))  # once only
    assert len(notices(DIGEST_CHANNEL)) == 1 and len(notices(TA_CHANNEL)) == 1

    await run_at(bot, datetime(2026, 12, 31, 14, 59, tzinfo=UTC))
    before = await export_texts(bot, tmp_path / "before", pseudonymize=False)
    assert HEALTH_1 in before["organizations.csv"]

    await run_at(bot, datetime(2026, 12, 31, 15, 0, tzinfo=UTC))
    assert any("People's data is deleted, as announced" in n for n in notices(TA_CHANNEL))
    files = await export_texts(bot, tmp_path / "after", pseudonymize=False)
    for name, text in files.items():
        assert not SLACK_ID.search(text), (name, SLACK_ID.findall(text))
        assert "Okafor" not in text, name
    titles = sorted(r["title"] for r in rows(files["commitments.csv"]))
    assert titles == ["Draft a predictable-scheduling policy", "Share our wage-theft intake guide"]


async def test_two_senders_who_both_saw_no_notice_tell_the_person_once(
    bot: BotHarness, people: dict[str, Person], database_url: str
) -> None:
    """Both read the person before either claims, as two senders racing would. PostgreSQL
    only: on SQLite every unit of work begins IMMEDIATE, so two cannot be open at once."""
    if database_url.startswith("sqlite"):
        pytest.skip("SQLite serializes units of work; the race needs PostgreSQL")
    await setup_collaborative(people)
    async with bot.runtime.uow() as first, bot.runtime.uow() as second:
        seen_first = await first.repos.people.by_slack_id(1, HEALTH_1)
        seen_second = await second.repos.people.by_slack_id(1, HEALTH_1)
        assert await claim_notice(first, seen_first, bot.clock())
        await first.commit()
        assert not await claim_notice(second, seen_second, bot.clock())
        await second.commit()
    assert NOTICE not in await people["maria"].plan("list")
