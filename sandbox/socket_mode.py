"""Socket Mode: `apps.connections.open` hands out a ws:// URL here, and envelopes flow over it.

Slack sends `hello` on connect, then one envelope per delivery and waits for the app to
acknowledge each by `envelope_id` (optionally with a reply `payload`). The hub does the same, so
a bot started with Bolt's `AsyncSocketModeHandler` can be tested with no public URL at all.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import secrets
import uuid
from typing import Any

from aiohttp import WSCloseCode, WSMsgType, web

from sandbox.args import Args
from sandbox.payloads import DriverError
from sandbox.state import StandInState

ACK_TIMEOUT_SECONDS = 10.0


class SocketHub:
    """The stand-in's Socket Mode server: connection tickets, open sockets, pending acks."""

    def __init__(self, state: StandInState) -> None:
        self._state = state
        self._tickets: set[str] = set()
        self._sockets: list[web.WebSocketResponse] = []
        self._pending: dict[str, asyncio.Future[dict[str, Any] | None]] = {}
        self._connected = asyncio.Event()

    def install(self, app: web.Application, extra_methods: dict[str, Any]) -> None:
        app.router.add_get("/socket/{ticket}", self.connect)
        app.on_shutdown.append(self._close_all)
        extra_methods["apps.connections.open"] = self.open_connection

    @property
    def connected(self) -> int:
        """How many app connections are open right now."""
        return len(self._sockets)

    def open_connection(self, state: StandInState, args: Args) -> dict[str, Any]:
        """`apps.connections.open`: a single-use WebSocket URL on this server."""
        ticket = secrets.token_urlsafe(12)
        self._tickets.add(ticket)
        ws_base = state.base_url.replace("http://", "ws://", 1)
        return {"url": f"{ws_base}/socket/{ticket}"}

    async def connect(self, request: web.Request) -> web.StreamResponse:
        ticket = request.match_info["ticket"]
        if ticket not in self._tickets:
            raise web.HTTPUnauthorized(text="invalid_ticket")
        self._tickets.discard(ticket)
        ws = web.WebSocketResponse(autoping=True)
        await ws.prepare(request)
        hello = {
            "type": "hello",
            "num_connections": len(self._sockets) + 1,
            "debug_info": {"host": "sandbox", "approximate_connection_time": 3600},
            "connection_info": {"app_id": self._state.workspace.app_id},
        }
        await ws.send_json(hello)
        self._sockets.append(ws)
        self._connected.set()
        try:
            async for message in ws:
                if message.type == WSMsgType.TEXT:
                    self._acknowledge(message.data)
        finally:
            self._sockets.remove(ws)
            if not self._sockets:
                self._connected.clear()
        return ws

    def _acknowledge(self, raw: str) -> None:
        try:
            ack = json.loads(raw)
        except ValueError:
            return
        future = (
            self._pending.pop(str(ack.get("envelope_id")), None) if isinstance(ack, dict) else None
        )
        if future is not None and not future.done():
            payload = ack.get("payload")
            future.set_result(payload if isinstance(payload, dict) else None)

    async def wait_connected(self, timeout: float = 5.0) -> None:  # noqa: ASYNC109
        """Wait until the bot has connected (Bolt connects in the background)."""
        try:
            await asyncio.wait_for(self._connected.wait(), timeout)
        except TimeoutError as exc:
            raise AssertionError(f"no Socket Mode connection within {timeout}s") from exc

    async def deliver(
        self,
        kind: str,
        payload: dict[str, Any],
        *,
        retry_attempt: int | None = None,
        retry_reason: str | None = None,
    ) -> dict[str, Any] | None:
        """Send one envelope and return the ack's payload; a missing ack is a test failure."""
        if not self._sockets:
            raise DriverError("no Socket Mode connection: is the bot's socket handler running?")
        envelope_id = str(uuid.uuid4())
        envelope: dict[str, Any] = {
            "envelope_id": envelope_id,
            "type": kind,
            "payload": payload,
            "accepts_response_payload": kind != "events_api",
        }
        if kind == "events_api":
            envelope["retry_attempt"] = retry_attempt or 0
            envelope["retry_reason"] = retry_reason or ""
        future: asyncio.Future[dict[str, Any] | None] = asyncio.get_running_loop().create_future()
        self._pending[envelope_id] = future
        await self._sockets[-1].send_json(envelope)
        try:
            return await asyncio.wait_for(future, ACK_TIMEOUT_SECONDS)
        except TimeoutError as exc:
            self._pending.pop(envelope_id, None)
            raise DriverError(f"the bot did not acknowledge {kind} envelope {envelope_id}") from exc

    async def disconnect(self, reason: str = "refresh_requested") -> None:
        """Ask the app to reconnect, as Slack does every few hours."""
        for ws in list(self._sockets):
            await ws.send_json({"type": "disconnect", "reason": reason, "debug_info": {}})

    async def _close_all(self, app: web.Application) -> None:
        for ws in list(self._sockets):
            with contextlib.suppress(Exception):
                await ws.close(code=WSCloseCode.GOING_AWAY, message=b"server shutdown")
