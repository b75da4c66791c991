"""Web API clients whose retries never repeat a post that may have gone out.

slack_sdk's `AsyncConnectionErrorRetryHandler` retries *every* method on a dropped connection,
including `chat.postMessage` after Slack stored the message and only its answer was lost: one
duplicate per drop. Here a post is retried only when the connection was never made (the request
was not sent); every other method, being safe to repeat, keeps the usual retry.
"""

from __future__ import annotations

from aiohttp import ClientConnectorError
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncServerErrorRetryHandler,
)
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState
from slack_sdk.web.async_client import AsyncWebClient

#: Methods that create something each time they succeed: a blind retry may double it.
NOT_REPEATABLE = ("chat.postMessage", "chat.postEphemeral", "files.completeUploadExternal")


def _method(request: HttpRequest) -> str:
    return request.url.rstrip("/").rsplit("/", 1)[-1].split("?", 1)[0]


class SafeConnectionErrorRetryHandler(AsyncConnectionErrorRetryHandler):
    """Retries dropped connections, except for posts whose request may have been sent."""

    async def _can_retry_async(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        if _method(request) in NOT_REPEATABLE:
            return isinstance(error, ClientConnectorError)
        return await super()._can_retry_async(
            state=state, request=request, response=response, error=error
        )


class SafeServerErrorRetryHandler(AsyncServerErrorRetryHandler):
    """Retries 500 and 503, except a post's 500, which Slack says may have partly succeeded."""

    async def _can_retry_async(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        if _method(request) in NOT_REPEATABLE:
            return response is not None and response.status_code == 503
        return await super()._can_retry_async(
            state=state, request=request, response=response, error=error
        )


#: Seconds before a post counts as timed out (an ambiguous outcome, reconciled later).
POST_TIMEOUT = 30


def posting_client(client: AsyncWebClient) -> AsyncWebClient:
    """The same workspace and session, but 429s and 5xx come back to the sender, which paces
    and records them per row, and only a connection never made is retried."""
    return AsyncWebClient(
        token=client.token,
        base_url=client.base_url,
        timeout=min(client.timeout, POST_TIMEOUT),
        session=client.session,
        retry_handlers=[SafeConnectionErrorRetryHandler(max_retry_count=2)],
    )
