"""`python -m bot export --pseudonymize` and `/plan export pseudonymized`: no Slack id or name
left in any file, free text included, and one code per person across files and exports."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from bot.cli import export_folder
from core.transfer import EXPORT_FILES
from sandbox.api import SlackStandIn
from sandbox.driver import SlackDriver
from tests.support.evidence import play_month
from tests.support.harness import BotHarness, Person
from tests.support.workspace import HEALTH_2, TA

SLACK_ID = re.compile(r"[UW](?=[A-Z0-9]*[0-9])[A-Z0-9]{6,}")
#: Everyone's names as Slack knows them (username, real name), from conftest's stand-in.
NAMES = ("tessa", "bonney", "lorraine", "conroy", "maria", "lopez", "sam", "okafor", "jorge")
NOTE = f"Sam Okafor and <@{HEALTH_2}|sam> will run it; Maria Lopez booked the room"


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def assert_nobody_named(files: dict[str, str]) -> None:
    for name, text in files.items():
        assert not SLACK_ID.search(text), (name, SLACK_ID.findall(text))
        for person in NAMES:
            assert not re.search(rf"\b{person}\b", text, re.IGNORECASE), (name, person)


def read(folder: Path) -> dict[str, str]:
    return {name: (folder / name).read_text(encoding="utf-8") for name in EXPORT_FILES}


async def test_a_pseudonymized_export_names_nobody_and_links_each_person_across_files(
    bot: BotHarness,
    people: dict[str, Person],
    standin: SlackStandIn,
    slack: SlackDriver,
    tmp_path: Path,
) -> None:
    await play_month(bot, people, standin, slack)
    assert "#3" in await people["maria"].plan(f"note 3 {NOTE}")

    plain = tmp_path / "plain"
    assert await export_folder(bot.settings, plain) == 0
    assert SLACK_ID.search((plain / "updates.csv").read_text())  # the ordinary export has ids
    coded = tmp_path / "coded"
    assert await export_folder(bot.settings, coded, pseudonymize=True) == 0
    files = read(coded)
    assert_nobody_named(files)

    # maria: a Mercy participant, the owner of #1, who marked it done and received nudges
    roster = rows(files["organizations.csv"])
    mercy = {r["slack_user_id"] for r in roster if r["handle"] == "mercy"}
    commitments = {r["number"]: r for r in rows(files["commitments.csv"])}
    maria = commitments["1"]["owner_slack_id"]
    sam = commitments["4"]["owner_slack_id"]
    assert maria.startswith("P-") and sam.startswith("P-") and maria != sam
    assert mercy == {maria, sam}
    [done] = [r for r in rows(files["updates.csv"]) if r["new_status"] == "done"]
    assert (done["commitment"], done["actor"]) == ("1", maria)
    assert maria in {r["recipient"] for r in rows(files["nudges.csv"])}
    # free text: the note names sam twice (a mention, his name) and maria once, as codes
    [note] = [r["note"] for r in rows(files["updates.csv"]) if r["note"].endswith("the room")]
    assert note == f"{sam} and {sam} will run it; {maria} booked the room"
    # the TA provider, and the files that name nobody, are all there
    assert {r["role"] for r in roster if r["slack_user_id"].startswith("P-")} == {
        "participant",
        "ta",
    }
    assert rows(files["engagement.csv"])[0]["organization"] == "mercy"

    # the same codes in the next export, and in the one /plan export sends
    again = tmp_path / "again"
    assert await export_folder(bot.settings, again, pseudonymize=True) == 0
    assert read(again)["organizations.csv"] == files["organizations.csv"]
    reply = await people["ta"].plan("export pseudonymized")
    assert "7 pseudonymized CSV files" in reply
    sent = {
        f.filename: (f.content or b"").decode("utf-8")
        for f in standin.workspace.files.values()
        if f.completed
    }
    assert_nobody_named(sent)
    assert sent["commitments.csv"] == files["commitments.csv"]
    [message] = [m for m in standin.dm_messages(TA) if m.get("files")]
    assert "pseudonymized export" in message["text"] and "does not import back" in message["text"]
