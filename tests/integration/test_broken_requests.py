"""A correctly signed request whose body can't be read is answered 400 with a log line, never a
500; the process stays healthy and goes on answering people."""

from __future__ import annotations

import logging

import aiohttp
import pytest

from sandbox.api import SlackStandIn
from sandbox.driver import SlackDriver
from tests.conftest import BotHarness, Person

JSON = "application/json"
FORM = "application/x-www-form-urlencoded"

BROKEN = [
    pytest.param(b"{not json at all", JSON, id="json-cut-short"),
    pytest.param(b'{"type": "event_callback", "event": ', JSON, id="json-truncated"),
    pytest.param(b"[1, 2, 3]", JSON, id="json-a-list"),
    pytest.param(b'"just a string"', JSON, id="json-a-string"),
    pytest.param(b"null", JSON, id="json-null"),
    pytest.param(b"payload=%7Bbroken", FORM, id="payload-not-json"),
    pytest.param(b"payload=%5B1%2C2%5D", FORM, id="payload-a-list"),
    pytest.param(b"\xff\xfe\x00garbage", FORM, id="not-utf8"),
    pytest.param(b"{\xff\xfe}", JSON, id="json-not-utf8"),
]


@pytest.mark.parametrize(("body", "content_type"), BROKEN)
async def test_a_signed_body_that_cannot_be_read_gets_400(
    bot: BotHarness,
    slack: SlackDriver,
    people: dict[str, Person],
    body: bytes,
    content_type: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.WARNING, logger="bot.server"):
        response = await slack.send(body, content_type)
    assert response.status == 400, response.body
    assert "Traceback" not in response.body
    assert any("could not read" in r.getMessage() for r in caplog.records)
    # still healthy, still answering
    async with aiohttp.ClientSession() as session, session.get(f"{bot.url}/healthz") as health:
        assert health.status == 200
    assert "/plan" in await people["pat"].plan("help")


async def test_an_unsigned_broken_body_is_still_refused_as_unsigned(
    bot: BotHarness, standin: SlackStandIn, slack: SlackDriver
) -> None:
    slack.bad_signature = True
    try:
        response = await slack.send(b"{not json at all", JSON)
    finally:
        slack.bad_signature = False
    assert response.status == 401
