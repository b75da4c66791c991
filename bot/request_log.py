"""Log context for each HTTP delivery from Slack: team, user and a request id on every line
logged while handling it (listeners' background tasks inherit it; see config.logs)."""

from __future__ import annotations

import contextlib
import json
import uuid
from typing import Any

from aiohttp import web
from aiohttp.typedefs import Handler
from slack_bolt.request.internals import parse_body

from config.logs import log_context


def _who(body: dict[str, Any]) -> tuple[str | None, str | None, str | None]:
    """(team, user, Slack's own id for the delivery) from a command, interaction or event."""
    team = body.get("team_id") or (body.get("team") or {}).get("id")
    user = body.get("user_id") or (body.get("user") or {}).get("id")
    event = body.get("event")
    if isinstance(event, dict) and not user:
        user = event.get("user") if isinstance(event.get("user"), str) else None
    return team, user, body.get("event_id")


def delivery_fields(raw: bytes, content_type: str | None) -> dict[str, str | None]:
    try:
        parsed: Any = parse_body(raw.decode("utf-8"), content_type)
    except (UnicodeDecodeError, json.JSONDecodeError, ValueError, AttributeError):
        parsed = None
    team = user = slack_id = None
    if isinstance(parsed, dict):
        # a field of an unexpected shape: log without it
        with contextlib.suppress(AttributeError):
            team, user, slack_id = _who(parsed)
    return {"team": team, "user": user, "request_id": slack_id or uuid.uuid4().hex[:16]}


@web.middleware
async def request_log_context(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Slack's event id when it sends one (the same across its retries), else one of ours."""
    if request.method != "POST":
        with log_context(request_id=uuid.uuid4().hex[:16]):
            return await handler(request)
    raw = await request.read()  # aiohttp keeps it: the handler reads the same bytes
    content_type = request.headers.get("Content-Type", "").split(";")[0].strip() or None
    with log_context(**delivery_fields(raw, content_type)):
        return await handler(request)
