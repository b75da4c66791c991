"""Everyone at once: fifty people typing `/plan add` in the same second, fifty clicking their
check-in's Done button together, a TA typing setup commands back to back — on SQLite and on
PostgreSQL. Every one of them is recorded and answered; nobody is told "Something went wrong"."""

from __future__ import annotations

import asyncio
import re
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select

from bot.blocks.nudge import ACTION_DONE
from bot.dispatch import UNEXPECTED
from jobs.nudge_job import run_nudges
from sandbox.api import SlackStandIn
from sandbox.driver import SlackDriver
from storage.models import Commitment, CommitmentUpdate
from tests.conftest import BotHarness, Person
from tests.support import buttons, visible

CROWD = 50
CHECKIN = datetime(2026, 12, 3, 16, 30, tzinfo=UTC)  # Thu 10:30 in Chicago
NUMBER = re.compile(r"#(\d+)")


def crowd_ids() -> list[str]:
    return [f"UCROWD{i:04d}" for i in range(CROWD)]


async def seat_the_crowd(
    standin: SlackStandIn, slack: SlackDriver, ta: Person
) -> dict[str, Person]:
    """Fifty participants, one organization each, added by a TA one command after another (each
    sent as soon as the previous one was answered, as a TA pasting a setup script does)."""
    for index, uid in enumerate(crowd_ids()):
        standin.workspace.add_user(uid, uid.lower(), tz="America/Chicago")
        assert "Added" in await ta.plan(f'org add "Crowd Org {index}" as crowd-{index}')
        assert "Added" in await ta.plan(f"member add crowd-{index} <@{uid}>")
    return {uid: Person(uid, slack, standin) for uid in crowd_ids()}


async def rows(bot: BotHarness, model: Any) -> list[Any]:
    async with bot.runtime.uow() as uow:
        return list((await uow.session.scalars(select(model))).all())


async def add_at_once(crowd: dict[str, Person]) -> dict[str, str]:
    """Every person sends `/plan add` before any of them has been answered."""

    async def one(person: Person) -> tuple[str, str]:
        response = await person.slack.command(
            person.user_id, f"add Step for {person.user_id} due 2026-12-20"
        )
        assert response.status == 200, response.body
        url = response.response_url
        assert url is not None
        replies = await person.standin.wait_for(lambda: person.standin.responses_to(url), 60)
        return person.user_id, "\n".join(visible(r) for r in replies)

    return dict(await asyncio.gather(*(one(p) for p in crowd.values())))


async def test_fifty_people_add_commitments_in_the_same_second(
    bot: BotHarness, standin: SlackStandIn, slack: SlackDriver, people: dict[str, Person]
) -> None:
    crowd = await seat_the_crowd(standin, slack, people["ta"])
    answers = await add_at_once(crowd)

    assert not [a for a in answers.values() if UNEXPECTED in a or "wrong" in a]
    numbers = {uid: int(NUMBER.search(a)[1]) for uid, a in answers.items()}  # type: ignore[index]
    assert sorted(numbers.values()) == list(range(1, CROWD + 1))
    stored = {c.number: c for c in await rows(bot, Commitment)}
    assert len(stored) == CROWD
    for uid, number in numbers.items():
        assert stored[number].title == f"Step for {uid}"
        assert stored[number].owner_slack_id == uid


async def test_fifty_people_press_done_at_the_same_moment(
    bot: BotHarness, standin: SlackStandIn, slack: SlackDriver, people: dict[str, Person]
) -> None:
    ta = people["ta"]
    crowd = await seat_the_crowd(standin, slack, ta)
    assert "Session 1" in await ta.plan("session add 2026-12-01 10:00 Precarious work")
    numbers = {uid: int(NUMBER.search(a)[1]) for uid, a in (await add_at_once(crowd)).items()}  # type: ignore[index]
    bot.clock.set(CHECKIN)
    report = await run_nudges(bot.runtime.uow, bot.process.app.client, CHECKIN)
    assert len(report.sent) == CROWD

    def check_in(uid: str) -> dict[str, Any]:
        [message] = [m for m in standin.dm_messages(uid) if m.get("blocks")]
        return message

    async def press_done(uid: str) -> None:
        message = check_in(uid)
        [done] = [b for b in buttons(message) if b["action_id"] == ACTION_DONE]
        response = await slack.click(
            uid, standin.workspace.dm_channel(uid) or "", message["ts"], ACTION_DONE, done["value"]
        )
        assert response.status == 200, response.body

    await asyncio.gather(*(press_done(uid) for uid in crowd))

    async def done_count() -> int:
        return sum(c.status == "done" for c in await rows(bot, Commitment))

    for _ in range(600):
        if await done_count() == CROWD:
            break
        await asyncio.sleep(0.05)
    assert await done_count() == CROWD
    stored = {c.number: c for c in await rows(bot, Commitment)}
    assert all(stored[numbers[uid]].status == "done" for uid in crowd)
    updates = [u for u in await rows(bot, CommitmentUpdate) if u.source == "button"]
    assert sorted(u.actor_slack_id for u in updates) == sorted(crowd)
    # each person's check-in is redrawn in place showing the step done
    for uid in crowd:
        await standin.wait_for(
            lambda uid=uid: (
                "Done" in visible(check_in(uid))
                and not [b for b in buttons(check_in(uid)) if b["action_id"] == ACTION_DONE]
            ),
            30,
        )
