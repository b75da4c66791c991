"""Operations: every log line written while handling a delivery from Slack names it (team,
user and a request id: Slack's event id when there is one, else one made per HTTP request), and
/healthz tells how far behind the outbox is."""

from __future__ import annotations

import io
import json
import logging
from datetime import timedelta
from urllib.parse import urlencode

import aiohttp
from sqlalchemy import select

from bot.request_log import delivery_fields
from config.logs import configure_logging
from sandbox.driver import SlackDriver
from storage.models import Collaborative, OutboxMessage
from tests.conftest import HEALTH_1, BotHarness, Person


async def test_a_line_logged_while_answering_carries_a_request_id(
    bot: BotHarness, slack: SlackDriver
) -> None:
    stream = io.StringIO()
    level = logging.getLogger().level
    handler = configure_logging("json", [], stream=stream)
    try:
        await slack.send(b"{not json at all", "application/json")
        await slack.send(b"{not json at all", "application/json")
    finally:
        logging.getLogger().removeHandler(handler)
        logging.getLogger().setLevel(level)
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    warnings = [e for e in lines if str(e["message"]).startswith("could not read")]
    assert len(warnings) == 2
    ids = [e.get("request_id") for e in warnings]
    assert all(ids) and ids[0] != ids[1]  # one per HTTP request


def test_who_a_delivery_is_from_each_way_slack_sends() -> None:
    command = urlencode({"team_id": "T0001", "user_id": "U0001", "command": "/plan"}).encode()
    fields = delivery_fields(command, "application/x-www-form-urlencoded")
    assert (fields["team"], fields["user"]) == ("T0001", "U0001") and fields["request_id"]

    payload = {"type": "block_actions", "team": {"id": "T0002"}, "user": {"id": "U0002"}}
    interaction = urlencode({"payload": json.dumps(payload)}).encode()
    fields = delivery_fields(interaction, "application/x-www-form-urlencoded")
    assert (fields["team"], fields["user"]) == ("T0002", "U0002")

    event = {"team_id": "T0003", "event_id": "Ev0456", "event": {"type": "message", "user": "U3"}}
    fields = delivery_fields(json.dumps(event).encode(), "application/json")
    assert fields == {"team": "T0003", "user": "U3", "request_id": "Ev0456"}

    fields = delivery_fields(b"\xff{", "application/json")
    assert fields["team"] is None and fields["request_id"]


async def test_healthz_reports_the_outbox_backlog_on_the_process_clock(
    bot: BotHarness, people: dict[str, Person]
) -> None:
    """Owed now: pending and due; its oldest's age by the bot's clock, not the wall's."""
    assert "Added" in await people["ta"].plan('org add "Mercy Health Clinic" sphere health')
    now = bot.clock()
    async with bot.runtime.uow() as uow:
        collaborative = await uow.session.scalar(select(Collaborative.id))
        assert collaborative is not None
        for key, due, status in (
            ("late", now - timedelta(seconds=90), "pending"),
            ("later", now - timedelta(seconds=30), "pending"),
            ("future", now + timedelta(hours=1), "pending"),
            ("sent", now - timedelta(hours=2), "sent"),
        ):
            uow.session.add(
                OutboxMessage(
                    collaborative_id=collaborative,
                    dedupe_key=f"test:{key}",
                    kind="nudge",
                    recipient_slack_id=HEALTH_1,
                    payload={},
                    due_at=due,
                    status=status,
                    created_at=now,
                )
            )
        await uow.commit()
    async with aiohttp.ClientSession() as session, session.get(f"{bot.url}/healthz") as resp:
        body = await resp.json()
    assert resp.status == 200
    assert body["outbox"] == {"pending": 2, "oldest_age_seconds": 90}
