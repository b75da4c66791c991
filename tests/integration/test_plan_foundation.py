"""The foundation end to end, over signed HTTP against the stand-in, on SQLite and PostgreSQL:
a TA sets up organizations and members; participants record and update commitments."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from storage.models import Commitment, CommitmentUpdate, Organization, Person
from tests.conftest import HEALTH_1, HEALTH_2, LABOR_1, TA, TA2, BotHarness
from tests.conftest import Person as Someone
from tests.support.rhythm import setup_collaborative


async def rows(bot: BotHarness, model: Any) -> list[Any]:
    async with bot.runtime.uow() as uow:
        return list((await uow.session.scalars(select(model))).all())


async def test_ta_sets_up_and_participants_commit(
    bot: BotHarness, people: dict[str, Someone]
) -> None:
    await setup_collaborative(people)
    orgs = {o.handle: o for o in await rows(bot, Organization)}
    assert set(orgs) == {"mercy", "workers-united-center"}
    assert orgs["mercy"].sphere == "health" and orgs["workers-united-center"].sphere == "labor"

    listing = await people["ta"].plan("org list")
    assert "Mercy Health Clinic" in listing and "2 members" in listing
    assert "Workers United Center" in listing and "1 member" in listing

    reply = await people["ta"].plan(
        f"add workers-united-center: Share wage-theft intake guide due 2026-12-15 "
        f"owner <@{LABOR_1}|jorge>"
    )
    assert "#1" in reply and "Workers United Center" in reply

    reply = await people["maria"].plan("add Draft a predictable-scheduling policy due friday")
    assert "Added `#2`" in reply
    assert "Fri Dec 4" in reply  # 'friday' read in the collaborative's calendar

    commitments = {c.number: c for c in await rows(bot, Commitment)}
    assert commitments[2].owner_slack_id == HEALTH_1
    assert commitments[2].organization_id == orgs["mercy"].id
    assert str(commitments[2].due) == "2026-12-04"

    # a member of another organization cannot complete or change it
    reply = await people["jorge"].plan("done #2")
    assert "belongs to another organization" in reply and "Usage" in reply
    reply = await people["jorge"].plan("status 2 blocked")
    assert "belongs to another organization" in reply
    assert (await rows(bot, Commitment))[1].status == "open"

    # status changes and notes are recorded with their history
    reply = await people["sam"].plan("status #2 in-progress Talked to HR")
    assert "In progress" in reply
    reply = await people["maria"].plan("note #2 HR wants a draft by January")
    assert "Note added" in reply
    reply = await people["maria"].plan("done 2 Sent to the board")
    assert "is done" in reply

    history = [u for u in await rows(bot, CommitmentUpdate) if u.commitment_id == 2]
    assert [(u.kind, u.actor_slack_id, u.new_status, u.note) for u in history] == [
        ("created", HEALTH_1, "open", None),
        ("status", HEALTH_2, "in-progress", "Talked to HR"),
        ("note", HEALTH_1, None, "HR wants a draft by January"),
        ("status", HEALTH_1, "done", "Sent to the board"),
    ]
    assert all(u.source == "command" for u in history)

    # a TA may change any organization's commitment
    reply = await people["ta"].plan("status #1 in-progress")
    assert "In progress" in reply


async def test_everything_survives_a_restart(bot: BotHarness, people: dict[str, Someone]) -> None:
    await setup_collaborative(people)
    await people["maria"].plan("add Map our temp-agency contracts due in 2 weeks")
    await people["ta"].plan(f"ta add <@{TA2}|lorraine>")
    await bot.restart()
    listing = await people["maria"].plan("list")
    assert "Map our temp-agency contracts" in listing and "#1" in listing
    reply = await people["ta2"].plan("org list")  # the new TA's role survived too
    assert "Mercy Health Clinic" in reply
    reply = await people["maria"].plan("add Second step")
    assert "`#2`" in reply  # numbering carries on


async def test_lists_by_scope_and_role(bot: BotHarness, people: dict[str, Someone]) -> None:
    await setup_collaborative(people)
    await people["maria"].plan("add Mercy one")
    await people["sam"].plan("add Mercy two")
    await people["jorge"].plan("add Labor one")
    await people["maria"].plan("done 1")

    mine = await people["sam"].plan("list mine")
    assert "Mercy two" in mine and "Mercy one" not in mine
    own = await people["maria"].plan("list")
    assert "Mercy two" in own and "Labor one" not in own and "Mercy one" not in own
    everything = await people["maria"].plan("list all")
    assert "Mercy one" in everything and "Labor one" not in everything
    ta_view = await people["ta"].plan("list")
    assert "Mercy two" in ta_view and "Labor one" in ta_view
    assert "Mercy Health Clinic" in ta_view and "Workers United Center" in ta_view
    other = await people["maria"].plan("list workers-united-center")
    assert "only your own organization" in other
    ta_org = await people["ta"].plan('list "Workers United Center"')
    assert "Labor one" in ta_org


async def test_outsider_is_told_how_to_join(bot: BotHarness, people: dict[str, Someone]) -> None:
    reply = await people["pat"].plan("add Something")
    assert "ask a TA provider to add you" in reply
    assert await rows(bot, Commitment) == []
    reply = await people["pat"].plan('org add "Sneaky"')
    assert "ask a TA provider to add you" in reply
    assert await rows(bot, Organization) == []


async def test_participant_cannot_run_ta_commands(
    bot: BotHarness, people: dict[str, Someone]
) -> None:
    await setup_collaborative(people)
    reply = await people["maria"].plan('org add "Another"')
    assert "Only TA providers" in reply and "Usage" in reply
    reply = await people["maria"].plan(f"ta add <@{HEALTH_1}>")
    assert "Only TA providers" in reply
    assert not [p for p in await rows(bot, Person) if p.is_ta and p.slack_user_id == HEALTH_1]


async def test_roles_are_managed_in_slack(bot: BotHarness, people: dict[str, Someone]) -> None:
    await setup_collaborative(people)
    reply = await people["ta"].plan(f"ta add <@{TA2}>")
    assert "now a TA provider" in reply
    reply = await people["ta2"].plan(f"member remove <@{HEALTH_2}|sam>")
    assert "Removed" in reply
    reply = await people["sam"].plan("list")
    assert "ask a TA provider to add you" in reply
    reply = await people["ta2"].plan(f"ta remove <@{TA}>")
    assert "no longer a TA provider" in reply
    reply = await people["ta2"].plan(f"ta remove <@{TA2}>")
    assert "without a TA provider" in reply
