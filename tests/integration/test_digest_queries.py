"""The digest job sends the same SQL statements for 2 organizations as for 12: nothing in it
reads per organization (an N+1 would post the same digest, only slower at 1,000 organizations).

A count, not a timing: `bench/digest.py` times the 1,000-organization case; here two
collaboratives of the same database (two workspaces) have their digest posted to the stand-in
exactly as `jobs.digest_job.run_digests` posts each one, with every statement counted.
"""

from __future__ import annotations

from datetime import datetime

from slack_sdk.web.async_client import AsyncWebClient

from bench.digest import JOB_AT, UNPACED, counting_queries, prepare
from bench.seed import Size, add_people
from bot.delivery.digest import post_digest
from bot.delivery.pacing import Pacer
from jobs.digest_job import due_period
from sandbox.api import SlackStandIn
from storage.db import create_engine, session_factory
from storage.models import Collaborative
from storage.uow import UnitOfWorkFactory

SMALL, LARGE = Size(2, commitments_per_org=3), Size(12, commitments_per_org=3)


async def digest_statements(
    database_url: str, standin: SlackStandIn, collaborative_id: int, now: datetime
) -> list[str]:
    """Every statement of one collaborative's digest run: the due period, then the post."""
    engine = create_engine(database_url)
    uow_factory = UnitOfWorkFactory(session_factory(engine))
    client = AsyncWebClient(token=standin.bot_token, base_url=standin.api_url)
    try:
        with counting_queries(engine) as statements:
            async with uow_factory() as uow:
                collaborative = await uow.session.get(Collaborative, collaborative_id)
                assert collaborative is not None
                period = await due_period(uow, collaborative, now)
            assert period is not None
            ts = await post_digest(
                uow_factory, client, collaborative, period, now=now, pacer=Pacer(UNPACED)
            )
        assert ts is not None
        return statements
    finally:
        await engine.dispose()


async def test_a_digest_of_12_organizations_sends_the_queries_of_one_of_2(
    database_url: str, standin: SlackStandIn
) -> None:
    small = await prepare(database_url, SMALL, team_id="T0SMALL01", channel="C0SMALL001")
    large = await prepare(database_url, LARGE, team_id="T0LARGE01", channel="C0LARGE001")
    standin.add_channel("C0SMALL001", "small-digest")
    standin.add_channel("C0LARGE001", "large-digest")
    add_people(standin, LARGE)

    few = await digest_statements(database_url, standin, small, JOB_AT)
    many = await digest_statements(database_url, standin, large, JOB_AT)

    assert len(many) == len(few), "\n".join(many)
    # Both digests went out, and the larger one names every one of its organizations.
    large_text = str(standin.messages("C0LARGE001")) + "".join(
        str(standin.thread("C0LARGE001", m["ts"])) for m in standin.messages("C0LARGE001")
    )
    assert standin.messages("C0SMALL001")
    assert all(f"Organization {n:03d}" in large_text for n in range(1, LARGE.organizations + 1))
