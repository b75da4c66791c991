"""`python -m bot import|export` work on the collaborative of the workspace the bot serves,
whichever came first: the import or the first `/plan`, with a bot token or without one.

The command line runs in-process here (the same functions `python -m bot` calls) against the
bot's own database while the bot serves the stand-in; one test runs the real process.
"""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from bot.cli import export_folder, import_file
from config.settings import Settings
from sandbox.api import SlackStandIn
from sandbox.driver import SlackDriver
from storage.models import Collaborative, Workspace
from tests.conftest import HEALTH_1, LABOR_1, TA, BotHarness, bot_settings
from tests.conftest import Person as Someone
from tests.support import visible
from tests.support.home import open_home

ROOT = Path(__file__).resolve().parents[2]

ROSTER = (
    "organization,handle,sphere,slack_user_id,role\n"
    f"Mercy Health Clinic,mercy,health,{HEALTH_1},participant\n"
    f"Workers United Center,workers-united,labor,{LABOR_1},participant\n"
    f",,,{TA},ta\n"
)
COMMITMENTS = (
    "organization,title,owner_slack_id,due,status,pse_level,session\n"
    f"mercy,Draft the predictable-scheduling policy,{HEALTH_1},,open,policy,\n"
)


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    paths = {"roster": tmp_path / "roster.csv", "commitments": tmp_path / "commitments.csv"}
    paths["roster"].write_text(ROSTER, encoding="utf-8")
    paths["commitments"].write_text(COMMITMENTS, encoding="utf-8")
    return paths


def cli_settings(standin: SlackStandIn, bot: BotHarness, token: bool) -> Settings:
    """What `python -m bot` would be configured with: the bot's database, a token or none."""
    return bot_settings(
        standin, bot.settings.database_url, bot_token=standin.bot_token if token else None
    )


async def workspaces(bot: BotHarness) -> list[tuple[str, int]]:
    """Every workspace's team id with its number of collaboratives."""
    async with bot.runtime.uow() as uow:
        rows = await uow.session.execute(
            select(Workspace.team_id, func.count(Collaborative.id))
            .join(Collaborative, Collaborative.workspace_id == Workspace.id, isouter=True)
            .group_by(Workspace.team_id)
        )
        return sorted((team, count) for team, count in rows.all())


async def import_both(settings: Settings, files: dict[str, Path]) -> None:
    assert await import_file(settings, files["roster"]) == 0
    assert await import_file(settings, files["commitments"]) == 0


async def what_slack_shows(people: dict[str, Someone]) -> tuple[str, str]:
    return await people["ta"].plan("org list"), await people["maria"].plan("list")


def assert_imported_and_visible(org_list: str, maria_list: str) -> None:
    assert "Mercy Health Clinic" in org_list and "Workers United Center" in org_list
    assert "Draft the predictable-scheduling policy" in maria_list


async def assert_export_has_everything(settings: Settings, folder: Path) -> None:
    assert await export_folder(settings, folder) == 0
    organizations = (folder / "organizations.csv").read_text(encoding="utf-8")
    commitments = (folder / "commitments.csv").read_text(encoding="utf-8")
    assert "Mercy Health Clinic" in organizations and "Workers United Center" in organizations
    assert "Draft the predictable-scheduling policy" in commitments


@pytest.mark.parametrize("token", [True, False], ids=["with-token", "without-token"])
async def test_import_before_anyone_used_plan_lands_in_the_workspace(
    bot: BotHarness,
    standin: SlackStandIn,
    people: dict[str, Someone],
    files: dict[str, Path],
    tmp_path: Path,
    token: bool,
) -> None:
    settings = cli_settings(standin, bot, token)
    await import_both(settings, files)
    expected_before = standin.workspace.team_id if token else "T_IMPORT"
    assert await workspaces(bot) == [(expected_before, 1)]

    assert_imported_and_visible(*await what_slack_shows(people))
    # the placeholder was adopted, not joined by a second collaborative
    assert await workspaces(bot) == [(standin.workspace.team_id, 1)]
    await assert_export_has_everything(settings, tmp_path / "export")
    await assert_export_has_everything(cli_settings(standin, bot, not token), tmp_path / "other")


@pytest.mark.parametrize("token", [True, False], ids=["with-token", "without-token"])
async def test_import_after_plan_joins_the_workspace_collaborative(
    bot: BotHarness,
    standin: SlackStandIn,
    people: dict[str, Someone],
    files: dict[str, Path],
    tmp_path: Path,
    token: bool,
) -> None:
    assert "Follow-through" in await people["ta"].plan("help")  # first contact
    assert await workspaces(bot) == [(standin.workspace.team_id, 1)]
    settings = cli_settings(standin, bot, token)
    await import_both(settings, files)
    assert await workspaces(bot) == [(standin.workspace.team_id, 1)]
    assert_imported_and_visible(*await what_slack_shows(people))
    await assert_export_has_everything(settings, tmp_path / "export")


async def test_an_export_with_a_token_before_anyone_used_plan_finds_the_import(
    bot: BotHarness, standin: SlackStandIn, files: dict[str, Path], tmp_path: Path
) -> None:
    await import_both(cli_settings(standin, bot, token=False), files)
    await assert_export_has_everything(cli_settings(standin, bot, token=True), tmp_path / "out")
    assert await workspaces(bot) == [("T_IMPORT", 1)]  # the export changed nothing


async def test_a_bad_token_or_unreachable_slack_imports_nothing_in_one_line(
    bot: BotHarness,
    standin: SlackStandIn,
    files: dict[str, Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    bad_token = bot_settings(standin, bot.settings.database_url, bot_token="xoxb-not-ours")
    assert await import_file(bad_token, files["roster"]) == 1
    refused = capsys.readouterr()
    assert refused.err.strip().splitlines() == [
        "Slack didn't accept SLACK_BOT_TOKEN (auth.test: invalid_auth), so I can't tell which "
        "workspace this is. Nothing was imported."
    ]
    assert refused.out == ""

    unreachable = bot_settings(
        standin, bot.settings.database_url, api_url="http://127.0.0.1:9/api/"
    )
    assert await import_file(unreachable, files["roster"]) == 1
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("Couldn't reach Slack at http://127.0.0.1:9/api/")
    assert lines[0].endswith("Nothing was imported.")

    assert await export_folder(bad_token, tmp_path / "out") == 1
    assert "Nothing was exported." in capsys.readouterr().err
    assert not (tmp_path / "out").exists()
    assert await workspaces(bot) == []  # nothing was created


async def test_the_real_command_says_it_in_one_line_without_a_traceback(
    bot: BotHarness, standin: SlackStandIn, files: dict[str, Path], tmp_path: Path
) -> None:
    """`python -m bot import` as a person runs it, while the stand-in answers on this loop."""
    env: dict[str, Any] = {
        k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DATABASE_URL"))
    }
    env.update(
        DATABASE_URL=bot.settings.database_url,
        SLACK_BOT_TOKEN="xoxb-not-ours",
        SLACK_SIGNING_SECRET="secret",
        SLACK_API_URL=standin.api_url,
        PYTHONPATH=str(ROOT),
    )
    work = tmp_path / "cwd"
    work.mkdir()
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "import",
        str(files["roster"]),
        cwd=work,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    stdout, stderr = await asyncio.wait_for(process.communicate(), timeout=120)
    assert process.returncode == 1
    assert stdout == b""
    errors = [line for line in stderr.decode().splitlines() if " INFO " not in line]
    assert errors == [
        "Slack didn't accept SLACK_BOT_TOKEN (auth.test: invalid_auth), so I can't tell which "
        "workspace this is. Nothing was imported."
    ]
    assert await workspaces(bot) == []


async def test_opening_the_home_tab_first_also_adopts_the_import(
    bot: BotHarness, standin: SlackStandIn, slack: SlackDriver, files: dict[str, Path]
) -> None:
    await import_both(cli_settings(standin, bot, token=False), files)
    home = visible(await open_home(slack, standin, HEALTH_1))
    assert "Mercy Health Clinic: your action plan" in home
    assert "Draft the predictable-scheduling policy" in home
    assert await workspaces(bot) == [(standin.workspace.team_id, 1)]
