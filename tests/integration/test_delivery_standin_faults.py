"""The stand-in's injected faults behave as the delivery tests assume: a lost answer stores the
message and drops the connection, a 429 and a 503 store nothing, every Nth call and a count are
honoured, and the stand-in's own Slack limits keep working alongside."""

from __future__ import annotations

from collections.abc import AsyncIterator

import aiohttp
import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from sandbox.api import SlackStandIn
from sandbox.ratelimit import RateLimit

POST = "chat.postMessage"


@pytest.fixture
async def standin() -> AsyncIterator[SlackStandIn]:
    server = SlackStandIn()
    server.add_user("U1", "ana")
    await server.start()
    yield server
    await server.stop()


def raw_client(standin: SlackStandIn) -> AsyncWebClient:
    """No retry handlers: each call reaches the stand-in once."""
    return AsyncWebClient(token=standin.bot_token, base_url=standin.api_url, retry_handlers=[])


async def test_every_second_answer_is_lost_twice_and_the_messages_are_stored(
    standin: SlackStandIn,
) -> None:
    standin.faults.lose_answer(POST, times=2, every=2)
    client = raw_client(standin)
    outcomes = []
    for n in range(6):
        try:
            await client.chat_postMessage(channel="U1", text=f"m{n}")
            outcomes.append("answered")
        except aiohttp.ServerDisconnectedError:
            outcomes.append("lost")
    assert outcomes == ["answered", "lost", "answered", "lost", "answered", "answered"]
    assert [m["text"] for m in standin.dm_messages("U1")] == [f"m{n}" for n in range(6)]
    assert [c.answered for c in standin.calls_to(POST)] == [True, False, True, False, True, True]


async def test_a_429_and_a_503_store_nothing(standin: SlackStandIn) -> None:
    standin.faults.ratelimit(POST, times=1, retry_after=9)
    standin.faults.unavailable(POST, times=1)
    client = raw_client(standin)
    with pytest.raises(SlackApiError) as limited:
        await client.chat_postMessage(channel="U1", text="a")
    assert limited.value.response.status_code == 429
    assert limited.value.response.headers["Retry-After"] == "9"
    with pytest.raises(SlackApiError) as down:
        await client.chat_postMessage(channel="U1", text="b")
    assert (down.value.response.status_code, down.value.response["error"]) == (
        503,
        "service_unavailable",
    )
    await client.chat_postMessage(channel="U1", text="c")
    assert [m["text"] for m in standin.dm_messages("U1")] == ["c"]


async def test_faults_apply_only_to_their_method_and_limits_still_hold(
    standin: SlackStandIn,
) -> None:
    standin.faults.unavailable("conversations.history", times=None)
    standin.set_rate_limits({POST: RateLimit(1.0, burst=1, per_channel=True)})
    client = raw_client(standin)
    await client.chat_postMessage(channel="U1", text="first")
    with pytest.raises(SlackApiError) as limited:
        await client.chat_postMessage(channel="U1", text="too soon")
    assert limited.value.response.status_code == 429
    with pytest.raises(SlackApiError):
        await client.conversations_history(channel=standin.dm_channel("U1") or "")
    assert [m["text"] for m in standin.dm_messages("U1")] == ["first"]
