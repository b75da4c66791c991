"""The HTTP edge: POST /slack/events for everything Slack sends, GET /healthz for platforms."""

from __future__ import annotations

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.async_app import AsyncApp
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine


def build_web_app(app: AsyncApp, engine: AsyncEngine) -> web.Application:
    async def slack_events(request: web.Request) -> web.Response:
        bolt_request = await to_bolt_request(request)
        bolt_response = await app.async_dispatch(bolt_request)
        return await to_aiohttp_response(bolt_response)

    async def healthz(_request: web.Request) -> web.Response:
        try:
            async with engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
        except Exception as error:  # the database is down: say so, don't crash the probe
            return web.json_response({"ok": False, "database": type(error).__name__}, status=503)
        return web.json_response({"ok": True, "database": "ok"})

    web_app = web.Application()
    web_app.router.add_post("/slack/events", slack_events)
    web_app.router.add_get("/healthz", healthz)
    return web_app
