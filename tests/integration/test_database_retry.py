"""When the database turns a unit of work away for a passing reason, the whole use case runs
again and the person never notices; when the database is really down, the person is told so,
and nothing changed. Faults are injected into the real engine the bot under test uses."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import event, select
from sqlalchemy.exc import OperationalError

from bot.blocks.nudge import ACTION_DONE
from bot.dispatch import DATABASE_DOWN, UNEXPECTED
from sandbox.api import SlackStandIn
from sandbox.driver import SlackDriver
from storage.models import Commitment, CommitmentUpdate
from tests.conftest import HEALTH_1, BotHarness, Person
from tests.support import buttons
from tests.support.rhythm import setup_collaborative


@contextmanager
def failing(
    bot: BotHarness, statement: str, times: int, error: Exception | None = None
) -> Iterator[list[str]]:
    """Make the next `times` statements starting with `statement` fail as a busy or broken
    database would; yields the list of statements that were turned away."""
    refused: list[str] = []
    engine = bot.process.engine.sync_engine

    def refuse(_conn: Any, _cursor: Any, sql: str, params: Any, *_: Any) -> None:
        if sql.lstrip().upper().startswith(statement) and len(refused) < times:
            refused.append(sql)
            raise error or OperationalError(
                sql, params, sqlite3.OperationalError("database is locked")
            )

    event.listen(engine, "before_cursor_execute", refuse)
    try:
        yield refused
    finally:
        event.remove(engine, "before_cursor_execute", refuse)


async def rows(bot: BotHarness, model: Any) -> list[Any]:
    async with bot.runtime.uow() as uow:
        return list((await uow.session.scalars(select(model))).all())


async def test_a_command_turned_away_twice_is_run_again_and_answered_once(
    bot: BotHarness, people: dict[str, Person]
) -> None:
    await setup_collaborative(people)
    with failing(bot, "INSERT INTO COMMITMENTS", times=2) as refused:
        reply = await people["maria"].plan("add Draft the scheduling policy due 2026-12-20")
    assert len(refused) == 2
    assert "#1" in reply and UNEXPECTED not in reply
    [stored] = await rows(bot, Commitment)
    assert (stored.number, stored.title) == (1, "Draft the scheduling policy")
    # the number a failed attempt took was given back with its rollback: the next one is #2
    assert "#2" in await people["maria"].plan("add Book the room due 2026-12-21")


@pytest.mark.expect_errors(r"the database is not answering")
async def test_when_the_database_stays_down_the_person_is_told_and_nothing_changes(
    bot: BotHarness, people: dict[str, Person]
) -> None:
    await setup_collaborative(people)
    down = ConnectionRefusedError(111, "Connect call failed")
    with failing(bot, "", times=10_000, error=down):
        reply = await people["maria"].plan("add Draft the scheduling policy")
    assert DATABASE_DOWN in reply
    assert "Traceback" not in reply and "Errno" not in reply
    assert await rows(bot, Commitment) == []


async def test_a_click_turned_away_once_still_marks_the_step_done_once(
    bot: BotHarness, people: dict[str, Person], slack: SlackDriver, standin: SlackStandIn
) -> None:
    await setup_collaborative(people)
    await people["maria"].plan("add Draft the scheduling policy due 2026-12-20")
    await slack.app_home_opened(HEALTH_1)
    await standin.wait_for(lambda: standin.home_view(HEALTH_1))
    with failing(bot, "UPDATE COMMITMENTS", times=1) as refused:
        response = await slack.click_home(HEALTH_1, ACTION_DONE, "1")
        assert response.status == 200

        async def done() -> bool:
            return [c.status for c in await rows(bot, Commitment)] == ["done"]

        await wait_until(done)
    assert len(refused) == 1
    updates = [u for u in await rows(bot, CommitmentUpdate) if u.new_status == "done"]
    assert len(updates) == 1
    # the Home tab is drawn again without the Done button the person pressed
    await standin.wait_for(
        lambda: (
            not [
                b
                for b in buttons(standin.home_view(HEALTH_1) or {})
                if (b["action_id"], b.get("value")) == (ACTION_DONE, "1")
            ]
        )
    )


async def wait_until(check: Any, attempts: int = 400) -> None:
    import asyncio

    for _ in range(attempts):
        if await check():
            return
        await asyncio.sleep(0.025)
    raise AssertionError("the change never arrived")
