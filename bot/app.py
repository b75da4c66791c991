"""The app factory: one AsyncApp with its Web API client, error handler and listeners."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.delivery.client import SafeConnectionErrorRetryHandler, SafeServerErrorRetryHandler
from bot.delivery.workspace_clients import InstalledWorkspaces, SingleWorkspace, WorkspaceClients
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


def build_app(
    rt: Runtime, client: AsyncWebClient | None = None, *, engine: AsyncEngine | None = None
) -> AsyncApp:
    """One workspace with SLACK_BOT_TOKEN; in OAuth mode (`settings.oauth`, which needs the
    `engine` for the installation store) any number, each request with its own token."""
    settings = rt.settings
    client = client or build_client(settings.bot_token, settings.api_url)
    if settings.oauth:
        from bot import oauth

        assert engine is not None, "OAuth mode keeps installations in the database"
        store = oauth.installation_store(settings, engine)

        def make_client(token: str) -> AsyncWebClient:
            return build_client(token, settings.api_url)

        # The flow exchanges the code with the app's client: oauth.v2.access goes to
        # SLACK_API_URL, and per-request clients copy its base URL and retry handlers.
        app = AsyncApp(
            client=client,
            signing_secret=settings.signing_secret or "",
            oauth_settings=oauth.oauth_settings(rt, engine, store, make_client),
            # Bolt takes an AsyncAuthorize instance as it is, though its hint names a function.
            authorize=oauth.authorize(settings, store, client),  # type: ignore[arg-type]
            process_before_response=False,
        )
        oauth.register_uninstall(app, store)
    else:
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


def workspace_clients(
    rt: Runtime, engine: AsyncEngine, client: AsyncWebClient | None = None
) -> WorkspaceClients:
    """What the jobs post with: the one client (token mode), or each installed workspace's."""
    settings = rt.settings
    if settings.oauth:
        from bot import oauth

        def make_client(token: str) -> AsyncWebClient:
            return build_client(token, settings.api_url)

        store = oauth.installation_store(settings, engine)
        return InstalledWorkspaces(store, rt.uow, make_client)
    return SingleWorkspace(client or build_client(settings.bot_token, settings.api_url))
