"""Listings read without taking SQLite's write lock (issue 11), and still answer right.

`/plan list` and `/plan show` run in read-only units of work: on SQLite a snapshot read rather
than `BEGIN IMMEDIATE`, so sixteen listings at once no longer queue one behind another for the
lock. These tests show what people would notice if that went wrong, on both databases: a
listing that waits for someone else's change to finish, an answer that is not the listing
(a "database is locked" turned into "Something went wrong"), a first command whose profile or
privacy notice is lost because it was read-only, or a change made through a read-only one.
"""

from __future__ import annotations

import asyncio
import re
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from bot.dispatch import UNEXPECTED
from sandbox.api import SlackStandIn
from sandbox.driver import SlackDriver
from storage.db import ReadOnlyViolation
from storage.models import Commitment, Organization, Person
from tests.conftest import BotHarness
from tests.support import visible
from tests.support.harness import Person as Typist

CROWD = 16
NUMBER = re.compile(r"#(\d+)")
STEP_OF = re.compile(r"step of org (\d+)\b")


def member(n: int) -> str:
    return f"UREAD{n:05d}"


async def seat(standin: SlackStandIn, slack: SlackDriver, ta: Typist) -> list[Typist]:
    """Sixteen organizations with one member and one step each, set up by the TA."""
    crowd = []
    for n in range(CROWD):
        uid = member(n)
        standin.workspace.add_user(uid, uid.lower(), tz="America/Chicago")
        assert "Added" in await ta.plan(f'org add "Reading Org {n}" as read-{n}')
        assert "Added" in await ta.plan(f"member add read-{n} <@{uid}>")
        assert "#" in await ta.plan(f"add read-{n}: First step of org {n}")
        crowd.append(Typist(uid, slack, standin))
    return crowd


async def answer(person: Typist, text: str) -> str:
    """Send the command and wait for its whole answer, without waiting between people."""
    response = await person.slack.command(person.user_id, text)
    assert response.status == 200, response.body
    url = response.response_url
    assert url is not None
    replies = await person.standin.wait_for(lambda: person.standin.responses_to(url), 60)
    return "\n".join(visible(r) for r in replies)


async def test_sixteen_listings_while_sixteen_add_each_get_their_own_answer(
    bot: BotHarness, standin: SlackStandIn, slack: SlackDriver, people: dict[str, Typist]
) -> None:
    """Each member's first command is a listing (so it must also learn their profile from Slack
    and claim their privacy notice: writes, which a read-only start must hand over), sent while
    the TA adds a step to every organization."""
    ta = people["ta"]
    crowd = await seat(standin, slack, ta)

    lists = [answer(person, "list") for person in crowd]
    adds = [answer(ta, f"add read-{n}: Second step of org {n}") for n in range(CROWD)]
    listed = await asyncio.gather(*lists)
    added = await asyncio.gather(*adds)

    for n, text in enumerate(listed):
        assert UNEXPECTED not in text and "locked" not in text, text
        assert f"Reading Org {n}: open commitments" in text, text
        assert f"First step of org {n}" in text, text
        assert set(STEP_OF.findall(text)) == {str(n)}, text  # their own organization's only
        assert "privacy" in text.lower(), text  # the first reply carries the notice
    assert not [a for a in added if UNEXPECTED in a or "locked" in a]
    numbers = sorted(int(NUMBER.search(a)[1]) for a in added)  # type: ignore[index]
    assert numbers == list(range(CROWD + 1, 2 * CROWD + 1))
    async with bot.runtime.uow() as uow:
        seen = (await uow.session.scalars(select(Person).where(Person.is_ta.is_(False)))).all()
        stored = (await uow.session.scalars(select(Commitment))).all()
    assert len(stored) == 2 * CROWD
    by_id = {p.slack_user_id: p for p in seen}
    for n in range(CROWD):  # what the listing learned and claimed was kept
        assert by_id[member(n)].timezone == "America/Chicago"
        assert by_id[member(n)].notice_sent_at is not None
    # A second listing each, now read-only all the way: the same answer plus the TA's step.
    again = await asyncio.gather(*(answer(person, "list") for person in crowd))
    for n, text in enumerate(again):
        assert f"Second step of org {n}" in text and f"First step of org {n}" in text, text
        assert "privacy" not in text.lower(), text


async def test_a_listing_answers_while_another_change_is_still_being_written(
    bot: BotHarness, people: dict[str, Typist]
) -> None:
    """A writer holding the database (on SQLite: its write lock) does not hold up a listing,
    and the listing shows what was committed, not the change still in progress."""
    ta = people["ta"]
    assert "Added" in await ta.plan('org add "Harbor Clinic" as harbor')
    assert "#1" in await ta.plan("add harbor: Post the schedule two weeks ahead")
    assert "Harbor Clinic" in await ta.plan("list harbor")  # known and settled before

    async with bot.runtime.uow() as writer:
        commitment = (await writer.session.scalars(select(Commitment))).one()
        commitment.title = "A title nobody committed"
        await writer.flush()  # the change is written, not committed: the lock is held
        listing = await asyncio.wait_for(answer(ta, "list harbor"), 20)
        shown = await asyncio.wait_for(answer(ta, "show #1"), 20)
    assert "Post the schedule two weeks ahead" in listing, listing
    assert "A title nobody committed" not in listing + shown
    assert "Post the schedule two weeks ahead" in shown, shown


async def test_a_read_only_unit_of_work_writes_nothing(bot: BotHarness) -> None:
    """A use case wrongly run read-only fails before anything reaches the database."""
    async with bot.runtime.uow() as uow:
        await uow.repos.collaboratives.all()
        from core.context import ensure_collaborative

        collaborative, _ = await ensure_collaborative(
            uow, "T0SANDBOX", datetime(2026, 11, 30, tzinfo=UTC), "America/Chicago"
        )
        await uow.commit()
    async with bot.runtime.uow(read_only=True) as uow:
        uow.session.add(
            Organization(
                collaborative_id=collaborative.id,
                name="Never Written",
                handle="never",
                sphere="health",
                created_at=datetime(2026, 11, 30, tzinfo=UTC),
            )
        )
        with pytest.raises(ReadOnlyViolation):
            await uow.commit()
    async with bot.runtime.uow() as uow:
        assert await uow.repos.organizations.by_handle(collaborative.id, "never") is None
