"""The sender reads what every message of a run shares once per run, not once per message.

A count, not a timing: `bench/outbox.py` times the 5,000-message fan-out, whose rate is one over
the sender's time per message (it sends one at a time, on purpose). Here 20 check-ins are
planned, then sent in two runs (5, then 15) with every statement counted: a message costs a
fixed handful (its claim, its commitments, the privacy notice, its `sent`), a batch's
recipients are read together, and the calendar, the library and the collaborative once per
run, however many messages the run sends. Before, each message re-read all of them (about 17
statements each).
"""

from __future__ import annotations

from collections import Counter

from slack_sdk.web.async_client import AsyncWebClient

from bench.digest import counting_queries
from bench.outbox import CHECKIN, SESSION, UNPACED
from bench.seed import Size, add_people, participants, seed
from bot.delivery.pacing import Pacer
from bot.delivery.sender import send_due
from jobs.planning import enqueue_due_nudges
from sandbox.api import SlackStandIn
from storage.db import create_engine, session_factory
from storage.uow import UnitOfWorkFactory

SIZE = Size(4, commitments_per_org=2, people_per_org=5)
#: A message's statements: its transaction's BEGIN (SQLite's `BEGIN IMMEDIATE`; asyncpg's is
#: not a cursor statement), the previous message's `sent`, recorded in the same transaction,
#: the claim (UPDATE … RETURNING), its commitments, and the notice's two UPDATEs (a first
#: contact); an organization's name once per organization. Recipients are read per batch.
PER_MESSAGE = 7
#: Per run: reading which rows are due, and recording the last message on its own.
PER_RUN = 8


def kinds(statements: list[str]) -> Counter[str]:
    """Statements by their first words and table ("SELECT sessions", "UPDATE outbox", …)."""
    found: Counter[str] = Counter()
    for statement in statements:
        words = statement.split()
        verb = words[0].upper()
        table = ""
        if verb == "SELECT" and "FROM" in words:
            table = words[words.index("FROM") + 1]
        elif verb in ("UPDATE", "INSERT") and len(words) > 2:
            table = words[1] if verb == "UPDATE" else words[2]
        found[f"{verb} {table}".strip()] += 1
    return found


async def test_a_run_reads_the_shared_data_once_and_each_message_costs_a_few_statements(
    database_url: str, standin: SlackStandIn
) -> None:
    await seed(database_url, SIZE, SESSION, sessions=[SESSION], statuses_open_only=True)
    add_people(standin, SIZE)
    engine = create_engine(database_url)
    uow_factory = UnitOfWorkFactory(session_factory(engine))
    client = AsyncWebClient(token=standin.bot_token, base_url=standin.api_url)
    try:
        async with uow_factory() as uow:
            collaborative = (await uow.repos.collaboratives.all())[0]
            planned = await enqueue_due_nudges(uow, collaborative, CHECKIN)
        assert len(planned) == 20
        runs = []
        for limit in (5, 15):
            with counting_queries(engine) as statements:
                report = await send_due(
                    uow_factory, client, CHECKIN, limit=limit, pacer=Pacer(UNPACED)
                )
            assert len(report.sent) == limit and not report.failed
            runs.append(statements)
    finally:
        await engine.dispose()

    few, many = runs
    # 15 messages cost 10 messages' worth more than 5 do, and no more.
    assert len(many) - len(few) <= 10 * PER_MESSAGE, "\n".join(many)
    assert len(many) <= 15 * PER_MESSAGE + PER_RUN, "\n".join(many)
    read = kinds(many)
    for shared in ("sessions", "resources", "collaboratives"):
        assert read[f"SELECT {shared}"] <= 1, read
    assert read["SELECT people"] <= 1, read  # the batch's recipients together
    # Every person got their check-in exactly once.
    posted = Counter(str(c.args.get("channel")) for c in standin.calls_to("chat.postMessage"))
    assert sorted(posted) == sorted(participants(SIZE))
    assert set(posted.values()) == {1}
