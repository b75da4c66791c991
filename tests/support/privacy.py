"""Confirming a `/plan` question's button and reading the export, for the privacy tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bot.cli import export_folder
from core.transfer import EXPORT_FILES
from sandbox.api import SlackStandIn
from sandbox.driver import SlackDriver
from tests.support import visible
from tests.support.harness import BotHarness, Person


async def answer_question(
    person: Person,
    slack: SlackDriver,
    standin: SlackStandIn,
    text: str,
    asked: str,
    done: str,
    action_id: str = "plan_confirm",
) -> dict[str, Any]:
    """Type `/plan <text>`, find the ephemeral question containing ``asked``, click its button
    and wait until the question was replaced by an answer containing ``done``."""
    await person.plan(text)
    [question] = [m for m in standin.ephemerals(person.user_id) if asked in visible(m)]
    await slack.click(person.user_id, "C0GENERAL", question["ts"], action_id)
    await standin.wait_for(lambda: done in visible(question))
    return question


async def export_texts(bot: BotHarness, folder: Path, *, pseudonymize: bool) -> dict[str, str]:
    """Every CSV of `python -m bot export` (plain or pseudonymized), by file name."""
    assert await export_folder(bot.settings, folder, pseudonymize=pseudonymize) == 0
    return {name: (folder / name).read_text(encoding="utf-8") for name in EXPORT_FILES}
