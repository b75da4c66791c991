"""The figures at scale: the same few queries for 2 organizations as for 40, and a report of 60
organizations that Slack (the stand-in, which checks Block Kit limits) accepts."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

from core.context import ensure_collaborative
from core.figures_load import load_evidence
from sandbox.api import SlackStandIn
from storage.db import create_engine, session_factory
from storage.migrate import upgrade
from storage.models import (
    Collaborative,
    Commitment,
    CommitmentUpdate,
    Organization,
    OutboxMessage,
    Person,
    Question,
)
from storage.uow import UnitOfWork, UnitOfWorkFactory
from tests.support.harness import BotHarness
from tests.support.harness import Person as Someone
from tests.support.rhythm import setup_collaborative

NOW = datetime(2026, 12, 1, 15, 0, tzinfo=UTC)


@pytest.fixture
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(database_url)
    await upgrade(engine)
    yield engine
    await engine.dispose()


async def add_organizations(
    uow: UnitOfWork, collaborative: Collaborative, count: int, name: str = "Organization"
) -> None:
    """Organizations with a member, a commitment and its update, a nudge and a question each."""
    first = len(await uow.repos.organizations.all(collaborative.id))
    for index in range(first, first + count):
        org = Organization(
            collaborative_id=collaborative.id,
            name=f"{name} {index}",
            handle=f"org-{index}",
            sphere="other",
            created_at=NOW,
        )
        uow.session.add(org)
        await uow.flush()
        member = f"UMEMBER{index:04d}"
        uow.session.add(
            Person(
                collaborative_id=collaborative.id,
                slack_user_id=member,
                organization_id=org.id,
                created_at=NOW,
            )
        )
        commitment = Commitment(
            collaborative_id=collaborative.id,
            number=1000 + index,
            organization_id=org.id,
            title="A step",
            status="open",
            created_at=NOW,
            updated_at=NOW,
        )
        uow.session.add(commitment)
        await uow.flush()
        uow.session.add(
            CommitmentUpdate(
                commitment_id=commitment.id,
                actor_slack_id=member,
                at=NOW + timedelta(hours=1),
                kind="note",
                note="moving",
                source="command",
            )
        )
        uow.session.add(
            OutboxMessage(
                collaborative_id=collaborative.id,
                dedupe_key=f"scale:{index}",
                kind="nudge",
                recipient_slack_id=member,
                payload={"organization_id": org.id},
                due_at=NOW,
                status="sent",
                sent_at=NOW,
                created_at=NOW,
            )
        )
        uow.session.add(
            Question(
                collaborative_id=collaborative.id,
                asker_slack_id=member,
                organization_id=org.id,
                text="?",
                asked_at=NOW,
            )
        )
    await uow.commit()


async def queries_to_load(engine: AsyncEngine) -> tuple[int, int]:
    """(statements run, organizations answered to) for one load of the figures."""
    statements: list[str] = []

    def count(*args: Any) -> None:
        statements.append(str(args[2]))

    async with UnitOfWorkFactory(session_factory(engine))() as uow:
        collaborative, _ = await ensure_collaborative(uow, "T1", NOW, "America/Chicago")
        event.listen(engine.sync_engine, "before_cursor_execute", count)
        try:
            evidence = await load_evidence(uow, collaborative, NOW + timedelta(days=1))
        finally:
            event.remove(engine.sync_engine, "before_cursor_execute", count)
        answered = evidence.everyone(evidence.whole).nudges_answered
    return len(statements), answered


async def test_the_figures_take_the_same_queries_however_many_organizations(
    engine: AsyncEngine,
) -> None:
    async with UnitOfWorkFactory(session_factory(engine))() as uow:
        collaborative, _ = await ensure_collaborative(uow, "T1", NOW, "America/Chicago")
        await uow.commit()
        await add_organizations(uow, collaborative, 2)
    few, answered = await queries_to_load(engine)
    assert answered == 2
    async with UnitOfWorkFactory(session_factory(engine))() as uow:
        collaborative, _ = await ensure_collaborative(uow, "T1", NOW, "America/Chicago")
        await add_organizations(uow, collaborative, 38)
    many, answered = await queries_to_load(engine)
    assert answered == 40
    assert many == few


async def test_a_report_on_sixty_organizations_fits_slacks_limits(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn
) -> None:
    await setup_collaborative(people)
    async with bot.runtime.uow() as uow:
        collaborative = await uow.repos.collaboratives.get(1)
        assert collaborative is not None
        await add_organizations(uow, collaborative, 58, name="Long-named organization " * 3)
    # heading (2), everyone, the TA team, three spheres, 60 organizations, what next: 68 blocks
    replies = await people["ta"].plan_replies("report", count=2)
    assert [len(r["blocks"]) for r in replies] == [50, 18]
    titles = [
        b["text"]["text"].split("\n")[0]
        for r in replies
        for b in r["blocks"]
        if b["type"] == "section"
    ]
    assert sum(1 for t in titles if "(`org-" in t) == 58
    assert all(len(b["text"]["text"]) <= 3000 for r in replies for b in r["blocks"] if "text" in b)
    assert "`/plan report <org>`" in str(replies[-1]["blocks"][-1])
