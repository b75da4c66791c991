"""Socket Mode through the stand-in: the same bot, connected by Bolt's socket handler."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_sdk.web.async_client import AsyncWebClient

from sandbox.api import SlackStandIn
from sandbox.driver import SlackDriver
from tests.support.toy_bot import Seen, build_bot

APP_TOKEN = "xapp-sandbox"


@pytest.fixture
async def standin() -> AsyncIterator[SlackStandIn]:
    server = SlackStandIn(app_token=APP_TOKEN)
    server.add_user("U1", "ana")
    await server.start()
    yield server
    await server.stop()


@pytest.fixture
async def seen() -> Seen:
    return Seen()


@pytest.fixture
async def slack(standin: SlackStandIn, seen: Seen) -> AsyncIterator[SlackDriver]:
    handler = AsyncSocketModeHandler(build_bot(standin.api_url, seen), app_token=APP_TOKEN)
    await handler.connect_async()
    await standin.socket.wait_connected()
    async with SlackDriver("", "", standin, socket_mode=True) as driver:
        yield driver
    await handler.close_async()


async def test_connections_open_needs_the_app_token(standin: SlackStandIn) -> None:
    client = AsyncWebClient(base_url=standin.api_url)
    answer = await client.apps_connections_open(app_token=APP_TOKEN)
    assert answer["url"].startswith("ws://127.0.0.1:")
    with pytest.raises(Exception, match="invalid_auth"):
        await client.apps_connections_open(app_token="xoxb-sandbox")


async def test_commands_and_inline_answers_travel_over_the_socket(
    standin: SlackStandIn, slack: SlackDriver
) -> None:
    answer = await slack.command("U1", "write report")
    assert answer.status == 200 and answer.response_url is not None
    url = answer.response_url
    [reply] = await standin.wait_for(lambda: standin.responses_to(url))
    assert reply["text"] == "planned: write report"
    inline = await slack.command("U1", "inline")
    assert inline.json() == {"text": "inline reply"}
    assert [m["text"] for m in standin.ephemerals("U1")][-1] == "inline reply"


async def test_clicks_and_submissions_travel_over_the_socket(
    standin: SlackStandIn, slack: SlackDriver
) -> None:
    await slack.command("U1", "write report")
    [dm] = await standin.wait_for(lambda: standin.dm_messages("U1"))
    channel = standin.dm_channel("U1")
    assert channel is not None
    await slack.click("U1", channel, dm["ts"], "open")
    [modal] = await standin.wait_for(lambda: standin.open_modals("U1"))
    bad = {"title": {"value": {"type": "plain_text_input", "value": "bad"}}}
    answer = await slack.submit_view("U1", modal["id"], bad)
    assert answer.json()["response_action"] == "errors"


async def test_event_retries_carry_retry_attempt(
    standin: SlackStandIn, slack: SlackDriver, seen: Seen
) -> None:
    _, event_id = await slack.message_event("U1", "U1", "once")
    await slack.message_event("U1", "U1", "once", event_id=event_id, retry_num=2)
    await standin.wait_for(lambda: len(standin.dm_messages("U1")) == 3)
    # Slack numbers the first delivery 0 with an empty reason; Bolt turns both into headers.
    assert seen.retry_headers == [("0", ""), ("2", "http_timeout")]


async def test_the_bot_reconnects_when_asked_to(standin: SlackStandIn, slack: SlackDriver) -> None:
    await standin.socket.disconnect()
    await standin.wait_for(lambda: len(standin.calls_to("apps.connections.open")) == 2)
    await standin.wait_for(lambda: standin.socket.connected == 1)
    answer = await slack.command("U1", "inline")
    assert answer.json() == {"text": "inline reply"}
