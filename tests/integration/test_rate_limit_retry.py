"""The bot's own rate-limit handler (`bot/retry.py`), in the client the bot builds
(`bot.app.build_client`), against the stand-in's Slack-like 429s.

It must sleep exactly `Retry-After` (slack_sdk's own handler adds up to a second of jitter,
which halved the bot's sending rate at the limit), fall back to one second when the header is
missing or unreadable, and give up after the retries the bot configures. Time is the stand-in's
fake monotonic clock; the handler's sleep is replaced so nothing waits for real.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from types import SimpleNamespace

import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState

import bot.retry
from bot.app import build_client
from bot.retry import PromptRateLimitRetryHandler
from sandbox.api import SlackStandIn
from sandbox.ratelimit import RateLimit

TOKEN = "xoxb-sandbox"


class Seconds:
    """The stand-in's monotonic clock, moved only by the sleeps the handler asks for."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.slept: list[float] = []
        self.moves = True

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        if self.moves:
            self.now += seconds


@pytest.fixture
def seconds(monkeypatch: pytest.MonkeyPatch) -> Seconds:
    clock = Seconds()
    monkeypatch.setattr(bot.retry, "asyncio", SimpleNamespace(sleep=clock.sleep))
    return clock


@pytest.fixture
async def standin(seconds: Seconds) -> AsyncIterator[SlackStandIn]:
    server = SlackStandIn(clock=seconds)
    await server.start()
    server.set_rate_limits({"chat.postMessage": RateLimit(1.0, per_channel=True)})
    yield server
    await server.stop()


async def test_the_bots_client_waits_exactly_retry_after_then_posts_once(
    standin: SlackStandIn, seconds: Seconds
) -> None:
    client = build_client(TOKEN, standin.api_url)
    await client.chat_postMessage(channel="C0GENERAL", text="one")
    answer = await client.chat_postMessage(channel="C0GENERAL", text="two")
    assert answer["ok"] is True
    assert seconds.slept == [1.0]  # Retry-After: 1, and not a moment of jitter on top
    assert [c.status for c in standin.calls_to("chat.postMessage")] == [200, 429, 200]
    assert [m["text"] for m in standin.messages("C0GENERAL")] == ["one", "two"]


async def test_the_bots_client_gives_up_after_five_retries(
    standin: SlackStandIn, seconds: Seconds
) -> None:
    seconds.moves = False  # Slack keeps saying "ratelimited"
    client = build_client(TOKEN, standin.api_url)
    await client.chat_postMessage(channel="C0GENERAL", text="one")
    with pytest.raises(SlackApiError) as refused:
        await client.chat_postMessage(channel="C0GENERAL", text="two")
    assert refused.value.response["error"] == "ratelimited"
    assert seconds.slept == [1.0] * 5
    assert [c.status for c in standin.calls_to("chat.postMessage")] == [200] + [429] * 6
    assert [m["text"] for m in standin.messages("C0GENERAL")] == ["one"]


REQUEST = HttpRequest(method="POST", url="https://slack.com/api/chat.postMessage", headers={})


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"Retry-After": ["3"]}, 3.0),
        ({"retry-after": ["2.5"]}, 2.5),  # header names are case-insensitive
        ({"Retry-After": ["-4"]}, 0.0),  # never a negative sleep
        ({"Retry-After": ["soon"]}, 1.0),  # unreadable: one second
        ({"Retry-After": []}, 1.0),  # present but empty: one second
        ({}, 1.0),  # missing: one second
    ],
)
async def test_the_wait_is_retry_after_or_one_second(
    seconds: Seconds, headers: dict[str, list[str]], expected: float
) -> None:
    state = RetryState()
    response = HttpResponse(status_code=429, headers=dict(headers))
    handler = PromptRateLimitRetryHandler(max_retry_count=5)
    await handler.prepare_for_next_attempt_async(state=state, request=REQUEST, response=response)
    assert seconds.slept == [expected]
    assert state.next_attempt_requested is True
    assert state.current_attempt == 1


@pytest.mark.parametrize("error", [ConnectionResetError("reset"), None])
async def test_without_a_response_there_is_nothing_to_wait_for(
    seconds: Seconds, error: Exception | None
) -> None:
    handler = PromptRateLimitRetryHandler(max_retry_count=5)
    expected = type(error) if error is not None else RuntimeError
    with pytest.raises(expected):
        await handler.prepare_for_next_attempt_async(
            state=RetryState(), request=REQUEST, response=None, error=error
        )
    assert seconds.slept == []
