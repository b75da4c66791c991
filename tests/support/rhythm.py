"""A collaborative set up through `/plan` as a TA would, and the rhythm's jobs run at a pinned
instant: shared by the integration tests (they used to import it from a test module)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from jobs.nudge_job import run_nudges
from sandbox.api import SlackStandIn
from storage.models import Commitment, CommitmentUpdate
from tests.support import visible
from tests.support.harness import BotHarness, Person
from tests.support.workspace import HEALTH_1, HEALTH_2, LABOR_1

#: Thu Dec 3 10:30 in Chicago, 11:30 in New York: the check-in day after Tuesday's session.
CHECKIN = datetime(2026, 12, 3, 16, 30, tzinfo=UTC)


async def setup_collaborative(people: dict[str, Person]) -> None:
    """Mercy Health Clinic (maria, sam) and Workers United Center (jorge), made by the TA."""
    ta = people["ta"]
    assert "Added" in await ta.plan('org add "Mercy Health Clinic" as mercy sphere health')
    assert "Added" in await ta.plan('org add "Workers United Center" sphere labor')
    # both mention forms Slack sends with should_escape
    reply = await ta.plan(f"member add mercy <@{HEALTH_1}|maria> <@{HEALTH_2}>")
    assert f"<@{HEALTH_1}>" in reply and f"<@{HEALTH_2}>" in reply
    reply = await ta.plan(f'member add "workers united center" <@{LABOR_1}|jorge>')
    assert f"<@{LABOR_1}>" in reply


async def setup_rhythm(
    people: dict[str, Person],
    *,
    session_day: str = "2026-12-01",
    next_session_day: str = "2026-12-15",
    due: tuple[str, str] = ("2026-12-20", "2026-12-22"),
) -> None:
    """Two organizations, a session just held with a resource, commitments, channels set."""
    await setup_collaborative(people)
    ta = people["ta"]
    assert "Session 1" in await ta.plan(
        f"session add {session_day} 10:00 Understanding precarious work"
    )
    assert "Session 2" in await ta.plan(
        f"session add {next_session_day} 10:00 Designing PSE change"
    )
    assert "Resource 1" in await ta.plan(
        "resource add <https://example.org/precarious-work> Precarious work primer "
        "#basics session 1"
    )
    await ta.plan("settings channel <#C0DIGEST01|collaborative>")
    await ta.plan("settings ta-channel <#C0TATEAM01>")
    await people["maria"].plan(f"add Draft a predictable-scheduling policy due {due[0]}")
    await people["jorge"].plan(f"add Share our wage-theft intake guide due {due[1]}")


async def nudges_at(bot: BotHarness, now: datetime) -> Any:
    """Run the nudge job exactly as the scheduler would at `now`, with the bot's clock there."""
    bot.clock.set(now)
    return await run_nudges(bot.runtime.uow, bot.process.app.client, now)


def nudge_in(standin: SlackStandIn, user_id: str) -> dict[str, Any]:
    """The one nudge (a message with blocks) in someone's DM with the bot."""
    messages = [m for m in standin.dm_messages(user_id) if m.get("blocks")]
    assert len(messages) == 1, [visible(m) for m in messages]
    return messages[0]


async def commitment(bot: BotHarness, number: int) -> Commitment:
    async with bot.runtime.uow() as uow:
        found = await uow.repos.commitments.by_number(1, number)
        assert found is not None
        return found


async def history(bot: BotHarness, number: int) -> list[CommitmentUpdate]:
    async with bot.runtime.uow() as uow:
        found = await uow.repos.commitments.by_number(1, number)
        assert found is not None
        return list(await uow.repos.commitments.history(found.id))
