"""A collaborative with hundreds of commitments, written straight into the database: the
listing tests need volume, not the thousand `/plan add` calls it would take."""

from __future__ import annotations

from sqlalchemy import select

from storage.models import Commitment, Organization
from tests.support.harness import BotHarness, Person
from tests.support.workspace import START

ORGANIZATIONS = 30
PER_ORGANIZATION = 15


async def seed(bot: BotHarness, people: dict[str, Person]) -> None:
    await people["ta"].plan("help")  # first contact creates the collaborative
    async with bot.runtime.uow() as uow:
        collaborative = (await uow.repos.collaboratives.all())[0]
        number = 0
        for o in range(ORGANIZATIONS):
            org = Organization(
                collaborative_id=collaborative.id,
                name=f"Organization {o:02d} & Partners <Westside>",
                handle=f"org-{o:02d}",
                sphere="health",
                created_at=START,
            )
            await uow.repos.organizations.add(org)
            for _ in range(PER_ORGANIZATION):
                number += 1
                uow.session.add(
                    Commitment(
                        collaborative_id=collaborative.id,
                        number=number,
                        organization_id=org.id,
                        title=f"Step {number} " + "x" * 180,
                        status="open",
                        created_at=START,
                        updated_at=START,
                    )
                )
        collaborative.next_commitment_number = number + 1
        await uow.commit()


async def seed_copies(bot: BotHarness, copies: int) -> None:
    """Copy every commitment `copies` times under new numbers (a listing too long for 5 posts)."""
    async with bot.runtime.uow() as uow:
        collaborative = (await uow.repos.collaboratives.all())[0]
        existing = list((await uow.session.scalars(select(Commitment))).all())
        number = collaborative.next_commitment_number
        for _ in range(copies):
            for c in existing:
                uow.session.add(
                    Commitment(
                        collaborative_id=c.collaborative_id,
                        number=number,
                        organization_id=c.organization_id,
                        title=c.title,
                        status="open",
                        created_at=c.created_at,
                        updated_at=c.updated_at,
                    )
                )
                number += 1
        collaborative.next_commitment_number = number
        await uow.commit()
