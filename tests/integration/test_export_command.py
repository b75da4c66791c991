"""`/plan export` end to end: the CSV files reach the TA provider's DM through Slack's external
upload (files.getUploadURLExternal, the upload, files.completeUploadExternal)."""

from __future__ import annotations

import csv
import io

from sandbox.api import SlackStandIn
from sandbox.workspace import StoredFile
from tests.conftest import HEALTH_1, LABOR_1, TA, BotHarness
from tests.conftest import Person as Someone
from tests.support.rhythm import setup_rhythm


def uploaded(standin: SlackStandIn) -> dict[str, StoredFile]:
    return {f.filename: f for f in standin.workspace.files.values() if f.completed}


def table(stored: StoredFile) -> list[dict[str, str]]:
    assert stored.content is not None
    return list(csv.DictReader(io.StringIO(stored.content.decode("utf-8-sig"))))


EXPECTED = {
    "organizations.csv",
    "sessions.csv",
    "commitments.csv",
    "updates.csv",
    "nudges.csv",
    "responses.csv",
    "engagement.csv",
}


async def test_export_sends_the_csv_files_to_the_callers_dm(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn
) -> None:
    await setup_rhythm(people)
    await people["maria"].plan("status 1 in-progress Talked to HR")
    await people["ta"].plan("nudge mercy")
    reply = await people["ta"].plan("export", channel_id="C0DIGEST01")
    assert "sent you 7 CSV files in a direct message" in reply  # engagement.csv is the 7th

    # the three steps of the external upload, then one message carrying all the files
    assert len(standin.calls_to("files.getUploadURLExternal")) == 7
    assert len(standin.calls_to("upload")) == 7
    assert len(standin.calls_to("files.completeUploadExternal")) == 1
    files = uploaded(standin)
    assert set(files) == EXPECTED
    dm = standin.dm_channel(TA)
    assert dm is not None
    [message] = [m for m in standin.dm_messages(TA) if m.get("files")]
    assert {f["name"] for f in message["files"]} == EXPECTED
    assert "Here is the export" in message["text"]
    assert all(f.channels == [dm] for f in files.values())
    assert not [m for m in standin.messages("C0DIGEST01") if m.get("files")]  # not the channel

    organizations = table(files["organizations.csv"])
    assert {
        (r["organization"], r["handle"], r["sphere"], r["slack_user_id"]) for r in organizations
    } >= {
        ("Mercy Health Clinic", "mercy", "health", HEALTH_1),
        ("Workers United Center", "workers-united-center", "labor", LABOR_1),
    }
    commitments = {r["title"]: r for r in table(files["commitments.csv"])}
    assert set(commitments) == {
        "Draft a predictable-scheduling policy",
        "Share our wage-theft intake guide",
    }
    mercy = commitments["Draft a predictable-scheduling policy"]
    assert (mercy["organization"], mercy["owner_slack_id"], mercy["due"], mercy["status"]) == (
        "mercy",
        HEALTH_1,
        "2026-12-20",
        "in-progress",
    )
    sessions = [r["title"] for r in table(files["sessions.csv"])]
    assert sessions == ["Understanding precarious work", "Designing PSE change"]
    notes = [r["note"] for r in table(files["updates.csv"])]
    assert "Talked to HR" in notes
    nudged = {r["recipient"] for r in table(files["nudges.csv"])}
    assert HEALTH_1 in nudged


async def test_export_is_for_ta_providers_only(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn
) -> None:
    await setup_rhythm(people)
    reply = await people["maria"].plan("export")
    assert "Only TA providers" in reply and "Usage: `/plan export [pseudonymized]`" in reply
    reply = await people["pat"].plan("export")
    assert "ask a TA provider to add you" in reply
    assert not standin.calls_to("files.getUploadURLExternal")
    assert not standin.calls_to("files.completeUploadExternal")
    assert standin.workspace.files == {}
