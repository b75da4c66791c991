"""How each failure of a post is read: the row's fate depends on whether Slack may have it."""

from __future__ import annotations

from datetime import timedelta

import aiohttp
import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.web.slack_response import SlackResponse

from bot.delivery.outcomes import classify
from bot.delivery.sender import MAX_BACKOFF, backoff


def answer(status: int, error: str, **headers: str) -> SlackApiError:
    response = SlackResponse(
        client=None,
        http_verb="POST",
        api_url="http://stand-in/api/chat.postMessage",
        req_args={},
        data={"ok": False, "error": error},
        headers=headers,
        status_code=status,
    )
    return SlackApiError(error, response)


@pytest.mark.parametrize(
    ("status", "error", "kind"),
    [
        (200, "channel_not_found", "permanent"),
        (200, "user_not_found", "permanent"),
        (200, "not_in_channel", "permanent"),
        (200, "is_archived", "permanent"),
        (200, "invalid_blocks", "permanent"),
        (200, "invalid_blocks_format", "permanent"),
        (200, "msg_too_long", "permanent"),
        (200, "no_text", "permanent"),
        (200, "cannot_dm_bot", "permanent"),
        (200, "user_disabled", "permanent"),
        (200, "account_inactive", "permanent"),
        (200, "invalid_metadata_format", "permanent"),
        (200, "invalid_metadata_schema", "permanent"),
        (200, "metadata_too_large", "permanent"),
        (200, "internal_error", "ambiguous"),
        (200, "invalid_auth", "transient"),  # not known for certain to be final
        (503, "service_unavailable", "transient"),
        (500, "internal_error", "ambiguous"),  # "some aspect of the operation may have succeeded"
        (200, "fatal_error", "ambiguous"),
        (500, "http_500", "ambiguous"),  # a bare 500: maybe stored
        (504, "http_504", "ambiguous"),
        (429, "ratelimited", "ratelimited"),
    ],
)
def test_slack_answers_are_sorted_by_whether_the_message_may_exist(
    status: int, error: str, kind: str
) -> None:
    outcome = classify(answer(status, error))
    assert (outcome.kind, outcome.reason) == (kind, error)


def test_a_429_carries_its_retry_after() -> None:
    assert classify(answer(429, "ratelimited", **{"Retry-After": "7"})).retry_after == 7
    assert classify(answer(429, "ratelimited")).retry_after == 1


async def test_a_connection_never_made_is_transient_but_a_dropped_one_is_ambiguous() -> None:
    async with aiohttp.ClientSession() as session:
        with pytest.raises(aiohttp.ClientConnectorError) as refused:
            await session.post("http://127.0.0.1:9/api/chat.postMessage")
    assert classify(refused.value).kind == "transient"
    assert classify(aiohttp.ServerDisconnectedError()).kind == "ambiguous"
    assert classify(TimeoutError()).kind == "ambiguous"
    assert classify(ConnectionResetError()).kind == "ambiguous"


def test_backoff_doubles_from_two_minutes_up_to_an_hour() -> None:
    assert [backoff(n) for n in (1, 2, 3, 4)] == [timedelta(minutes=m) for m in (2, 4, 8, 16)]
    assert backoff(0) == timedelta(minutes=1)
    assert backoff(12) == MAX_BACKOFF == timedelta(hours=1)
