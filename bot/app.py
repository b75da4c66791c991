"""The app factory: one AsyncApp with its Web API client, error handler and listeners."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.delivery.client import SafeConnectionErrorRetryHandler, SafeServerErrorRetryHandler
from bot.listeners import register_listeners
from bot.retry import PromptRateLimitRetryHandler
from bot.runtime import Runtime

log = logging.getLogger(__name__)


def build_client(token: str | None, api_url: str) -> AsyncWebClient:
    """Slack answers 429 with Retry-After and now and then a 5xx: retry those, and dropped
    connections, but never a post whose request may have reached Slack (see bot.delivery)."""
    return AsyncWebClient(
        token=token,
        base_url=api_url,
        retry_handlers=[
            SafeConnectionErrorRetryHandler(max_retry_count=2),
            PromptRateLimitRetryHandler(max_retry_count=5),
            SafeServerErrorRetryHandler(max_retry_count=2),
        ],
    )


def build_app(rt: Runtime, client: AsyncWebClient | None = None) -> AsyncApp:
    settings = rt.settings
    client = client or build_client(settings.bot_token, settings.api_url)
    app = AsyncApp(
        client=client,
        signing_secret=settings.signing_secret or "",
        request_verification_enabled=not settings.socket_mode,
        process_before_response=False,
    )

    @app.error
    async def on_error(error: Exception, body: dict[str, Any]) -> None:
        """Last resort: log it; Bolt answers Slack, and nothing reaches people as a trace."""
        log.error("unhandled error for %s: %s", body.get("type"), error, exc_info=error)

    register_listeners(app, rt)
    return app
