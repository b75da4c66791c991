"""The HTTP edge: POST /slack/events for everything Slack sends, GET /healthz for platforms."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import time
from typing import Any

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.async_app import AsyncApp
from slack_bolt.request.internals import parse_body
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.health import HealthSource, health_report

log = logging.getLogger(__name__)


def readable(body: bytes, content_type: str | None) -> bool:
    """Would Bolt understand this body? It reads JSON or form data (a command's fields, or an
    interaction's `payload` JSON) and expects an object; anything else made it fail with a 500."""
    try:
        parsed: Any = parse_body(body.decode("utf-8"), content_type)
    except (UnicodeDecodeError, json.JSONDecodeError, ValueError):
        return False
    return isinstance(parsed, dict)


def signed_by_slack(secret: str, body: bytes, headers: Any, now: float | None = None) -> bool:
    """Slack's signature over the raw bytes (slack_sdk's verifier decodes them as UTF-8 first,
    which a broken body need not be), with its five-minute freshness window."""
    stamp = headers.get("X-Slack-Request-Timestamp", "")
    signature = headers.get("X-Slack-Signature", "")
    try:
        fresh = abs((time.time() if now is None else now) - int(stamp)) <= 60 * 5
    except ValueError:
        return False
    base = b"v0:" + stamp.encode() + b":" + body
    expected = "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()
    return fresh and hmac.compare_digest(expected, signature)


def build_web_app(
    app: AsyncApp,
    engine: AsyncEngine,
    signing_secret: str | None = None,
    health: HealthSource | None = None,
) -> web.Application:
    async def slack_events(request: web.Request) -> web.Response:
        body = await request.read()
        content_type = request.headers.get("Content-Type", "").split(";")[0].strip() or None
        if not readable(body, content_type):
            if signing_secret and not signed_by_slack(signing_secret, body, request.headers):
                return web.json_response({"error": "invalid request"}, status=401)
            log.warning(
                "could not read a signed %s request of %d bytes (%s): answered 400",
                content_type or "untyped",
                len(body),
                body[:80].decode("utf-8", "replace"),
            )
            return web.json_response({"error": "unreadable body"}, status=400)
        bolt_request = await to_bolt_request(request)
        bolt_response = await app.async_dispatch(bolt_request)
        return await to_aiohttp_response(bolt_response)

    async def healthz(_request: web.Request) -> web.Response:
        """The database, this process's part in the clock, the last tick, the outbox backlog
        (see bot.health); 503 when the database does not answer."""
        status, body = await health_report(engine, health or HealthSource())
        return web.json_response(body, status=status)

    async def oauth_install(request: web.Request) -> web.Response:
        """Bolt's install link (OAuth mode): straight to Slack's consent page."""
        assert app.oauth_flow is not None
        bolt_response = await app.oauth_flow.handle_installation(await to_bolt_request(request))
        return await to_aiohttp_response(bolt_response)

    async def oauth_redirect(request: web.Request) -> web.Response:
        """Where Slack sends the installer back with a code: Bolt exchanges and stores it."""
        assert app.oauth_flow is not None
        bolt_response = await app.oauth_flow.handle_callback(await to_bolt_request(request))
        return await to_aiohttp_response(bolt_response)

    web_app = web.Application()
    web_app.router.add_post("/slack/events", slack_events)
    if app.oauth_flow is not None:
        web_app.router.add_get(app.oauth_flow.install_path, oauth_install)
        web_app.router.add_get(app.oauth_flow.redirect_uri_path, oauth_redirect)
    web_app.router.add_get("/healthz", healthz)
    return web_app
