"""Waiting out Slack's rate limit exactly as long as it asks."""

from __future__ import annotations

import asyncio

from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState


class PromptRateLimitRetryHandler(AsyncRateLimitErrorRetryHandler):
    """Sleep `Retry-After` seconds, not `Retry-After` plus up to a second of jitter.

    slack_sdk's handler adds jitter so many clients don't retry at once; a bot has one sender,
    and the extra second per 429 halved our sending rate at the limit (see `make bench`).
    """

    async def prepare_for_next_attempt_async(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> None:
        if response is None:
            raise error or RuntimeError("rate-limit retry without a response")
        state.next_attempt_requested = True
        header = next((k for k in response.headers if k.lower() == "retry-after"), None)
        seconds = 1.0
        if header is not None:
            try:
                seconds = max(float(response.headers[header][0]), 0.0)
            except (ValueError, IndexError):
                seconds = 1.0
        await asyncio.sleep(seconds)
        state.increment_current_attempt()
