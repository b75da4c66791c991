"""Many workspaces: Bolt's OAuth flow on our database, and what an install and uninstall mean.

In OAuth mode (SLACK_CLIENT_ID and SLACK_CLIENT_SECRET, no SLACK_BOT_TOKEN) each workspace's bot
token lives in slack_sdk's SQLAlchemy installation store, on the same database as everything
else (tables from migration 0009, never `create_tables()`). Bolt authorizes every request
against it, so a request is served only with its own workspace's token, and a workspace that
uninstalled the app is refused. `oauth.v2.access` goes to SLACK_API_URL like every other call
(the flow uses the app's client), which is how the tests run the whole exchange against the
stand-in.

The person who installs the app is that workspace's first TA provider: once the install is
stored, the workspace and its collaborative are made if missing, the installer gets the role,
and they are told in a DM what to do first. A reinstall finds all of that done and does it
again for nobody.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.authorization.async_authorize import AsyncInstallationStoreAuthorize
from slack_bolt.oauth.async_callback_options import (
    AsyncCallbackOptions,
    AsyncFailureArgs,
    AsyncSuccessArgs,
)
from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings
from slack_bolt.response import BoltResponse
from slack_sdk.oauth.installation_store.async_installation_store import (
    AsyncInstallationStore,
)
from slack_sdk.oauth.installation_store.sqlalchemy import AsyncSQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import AsyncSQLAlchemyOAuthStateStore
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.blocks.welcome import installer_welcome
from bot.delivery.outbox import queue
from bot.delivery.sender import send_now
from bot.runtime import Runtime
from config.settings import Settings
from core.context import bootstrap_ta_providers, ensure_collaborative
from core.i18n import speaking
from core.languages import person_language
from storage.models import Person
from storage.retry import with_retries

log = logging.getLogger(__name__)

INSTALL_PATH = "/slack/install"
REDIRECT_PATH = "/slack/oauth_redirect"
#: How long an install link's `state` stays valid (Bolt's default is 10 minutes too).
STATE_SECONDS = 600


def installation_store(settings: Settings, engine: AsyncEngine) -> AsyncInstallationStore:
    assert settings.client_id
    return AsyncSQLAlchemyInstallationStore(client_id=settings.client_id, engine=engine)


def oauth_settings(
    rt: Runtime,
    engine: AsyncEngine,
    store: AsyncInstallationStore,
    make_client: Callable[[str], AsyncWebClient],
) -> AsyncOAuthSettings:
    settings = rt.settings

    async def success(args: AsyncSuccessArgs) -> BoltResponse:
        installation = args.installation
        if installation.team_id and installation.user_id and installation.bot_token:
            try:
                await welcome_installer(
                    rt,
                    installation.team_id,
                    installation.user_id,
                    make_client(installation.bot_token),
                )
            except Exception as error:  # stored, but not set up: installing again finishes it
                log.exception("install into %s stored but not set up", installation.team_id)
                return await args.default.failure(
                    AsyncFailureArgs(
                        request=args.request,
                        reason="setup_failed",
                        error=error,
                        suggested_status_code=500,
                        settings=args.settings,
                        default=args.default,
                    )
                )
        return await args.default.success(args)

    async def failure(args: AsyncFailureArgs) -> BoltResponse:
        log.warning("an install did not complete: %s", args.reason)
        return await args.default.failure(args)

    return AsyncOAuthSettings(
        client_id=settings.client_id,
        client_secret=settings.client_secret,
        scopes=list(settings.scopes),
        redirect_uri=settings.redirect_uri,
        install_path=INSTALL_PATH,
        redirect_uri_path=REDIRECT_PATH,
        # Straight to the consent page: a page with one "Add to Slack" button says nothing more.
        install_page_rendering_enabled=False,
        authorization_url=settings.authorize_url,
        installation_store=store,
        installation_store_bot_only=True,
        state_store=AsyncSQLAlchemyOAuthStateStore(
            expiration_seconds=STATE_SECONDS, engine=engine, logger=log
        ),
        state_expiration_seconds=STATE_SECONDS,
        callback_options=AsyncCallbackOptions(success=success, failure=failure),
    )


def authorize(
    settings: Settings, store: AsyncInstallationStore, client: AsyncWebClient
) -> AsyncInstallationStoreAuthorize:
    """Each request's workspace token from the store; `auth.test` once per token, not per
    request. The store is still read every time, so an uninstall refuses the next request."""
    return AsyncInstallationStoreAuthorize(
        logger=log,
        installation_store=store,
        client_id=settings.client_id,
        client_secret=settings.client_secret,
        bot_only=True,
        cache_enabled=True,
        client=client,
    )


async def welcome_installer(
    rt: Runtime, team_id: str, user_id: str, client: AsyncWebClient
) -> None:
    """Make the installer a TA provider of the workspace's collaborative (made if missing),
    then DM them the first steps, once: a reinstall by a TA provider changes nothing."""
    now = rt.clock()

    async def provision() -> int | None:
        async with rt.uow() as uow:
            collaborative, created = await ensure_collaborative(
                uow, team_id, now, rt.settings.default_timezone
            )
            await bootstrap_ta_providers(uow, collaborative, rt.settings.ta_provider_ids, now)
            person = await uow.repos.people.by_slack_id(collaborative.id, user_id)
            newly_ta = person is None or not person.is_ta
            if person is None:
                person = Person(
                    collaborative_id=collaborative.id,
                    slack_user_id=user_id,
                    is_ta=True,
                    created_at=now,
                )
                await uow.repos.people.add(person)
            person.is_ta = True
            row_id = None
            if created or newly_ta:
                with speaking(person_language(person)):
                    reply = installer_welcome()
                row = await queue(
                    uow,
                    collaborative,
                    now,
                    kind="welcome",
                    payload={"text": reply.text, "blocks": reply.blocks},
                    recipient=user_id,
                )
                row_id = row.id
            await uow.commit()
            return row_id

    row_id = await with_retries(provision, what="welcoming the installer")
    log.info("installed into %s by %s", team_id, user_id)
    if row_id is not None:
        await send_now(rt.uow, client, [row_id], now)


def register_uninstall(app: AsyncApp, store: AsyncInstallationStore) -> None:
    """`app_uninstalled` and a revoked bot token remove the workspace's tokens: the jobs skip
    it and Bolt refuses its requests from then on. Its data stays, under the retention rules,
    until it installs again."""

    @app.event("app_uninstalled")
    async def on_uninstalled(body: dict[str, Any]) -> None:
        team_id = _team(body)
        await store.async_delete_all(enterprise_id=body.get("enterprise_id"), team_id=team_id)
        log.info("uninstalled from %s: its tokens are deleted", team_id)

    @app.event("tokens_revoked")
    async def on_tokens_revoked(event: dict[str, Any], body: dict[str, Any]) -> None:
        team_id = _team(body)
        tokens = event.get("tokens") or {}
        enterprise_id = body.get("enterprise_id")
        if tokens.get("bot"):
            await store.async_delete_all(enterprise_id=enterprise_id, team_id=team_id)
            log.info("bot token revoked in %s: its tokens are deleted", team_id)
        for user_id in tokens.get("oauth") or []:
            await store.async_delete_installation(
                enterprise_id=enterprise_id, team_id=team_id, user_id=user_id
            )


def _team(body: dict[str, Any]) -> str | None:
    team = body.get("team_id")
    return str(team) if team else None
