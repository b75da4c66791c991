"""The HTTP side of the stand-in: Web API calls, upload URLs, files and response URLs.

Every call is recorded, refused ones included, because the tests mostly assert on what reached
"Slack" and how it was answered.
"""

from __future__ import annotations

import functools
import json
import logging
from typing import Any

from aiohttp import web

from sandbox import methods_files, oauth
from sandbox.args import read_args
from sandbox.errors import SlackError
from sandbox.methods import METHODS
from sandbox.responses import ResponseUrls
from sandbox.state import RecordedCall, StandInState

log = logging.getLogger(__name__)

#: Methods that take the app-level (`xapp-`) token instead of the bot token.
APP_TOKEN_METHODS = frozenset({"apps.connections.open"})


class Routes:
    """aiohttp handlers bound to one stand-in's state."""

    def __init__(self, state: StandInState, responses: ResponseUrls) -> None:
        self.state = state
        self.responses = responses
        #: Extra methods installed later (e.g. Socket Mode's `apps.connections.open`).
        self.extra_methods: dict[str, Any] = {}

    def install(self, app: web.Application) -> None:
        app.router.add_route("*", "/api/{method}", self.api)
        app.router.add_post("/upload/{file_id}", self.upload)
        app.router.add_get("/files/{file_id}/{name}", self.download)
        app.router.add_post("/response/{token}", self.response_url)
        app.router.add_get("/oauth/v2/authorize", self.authorize)

    async def authorize(self, request: web.Request) -> web.Response:
        """Slack's consent page (see `sandbox.oauth.consent`)."""
        return oauth.consent(self.state, request.query)

    def _answer(
        self,
        method: str,
        args: dict[str, Any],
        body: dict[str, Any],
        status: int,
        *,
        answered: bool = True,
        token: str | None = None,
        team_id: str | None = None,
    ) -> web.Response:
        self.state.record(
            RecordedCall(
                method=method,
                args=args,
                ok=bool(body.get("ok")),
                error=body.get("error"),
                status=status,
                at=self.state.clock(),
                response=body,
                answered=answered,
                token=token,
                team_id=team_id,
            )
        )
        return web.json_response(body, status=status)

    async def api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        try:
            args, token = await read_args(request)
        except SlackError as exc:
            return self._answer(method, {}, exc.body(), exc.status)
        if method == "oauth.v2.access":
            body, status = oauth.access(self.state, args, request.headers.get("Authorization"))
            return self._answer(method, args, body, status)
        handler = METHODS.get(method) or self.extra_methods.get(method)
        if handler is None:
            return self._answer(method, args, {"ok": False, "error": "unknown_method"}, 404)
        if not token:
            return self._answer(method, args, {"ok": False, "error": "not_authed"}, 200)
        if method in APP_TOKEN_METHODS:
            if token != self.state.app_token:
                return self._answer(method, args, {"ok": False, "error": "invalid_auth"}, 200)
            state = self.state
        else:
            # Each token speaks for its own workspace; an uninstalled one's is refused.
            revoked = self.state.oauth.revoked.get(token)
            if revoked is not None:
                return self._answer(method, args, {"ok": False, "error": revoked}, 200, token=token)
            ws = self.state.workspace_of(token)
            if ws is None:
                return self._answer(method, args, {"ok": False, "error": "invalid_auth"}, 200)
            state = self.state.for_team(ws)
        team_id = state.workspace.team_id
        answer = functools.partial(self._answer, token=token, team_id=team_id)
        channel = args.get("channel")
        retry_after = self.state.limiter.check(
            method, channel if isinstance(channel, str) else None
        )
        if retry_after is not None:
            response = answer(method, args, {"ok": False, "error": "ratelimited"}, 429)
            response.headers["Retry-After"] = str(retry_after)
            return response
        fault = self.state.faults.take(method)
        if fault is not None and fault.kind == "ratelimited":
            response = answer(method, args, {"ok": False, "error": "ratelimited"}, 429)
            response.headers["Retry-After"] = str(fault.retry_after)
            return response
        if fault is not None and fault.kind == "unavailable":
            return answer(method, args, {"ok": False, "error": "service_unavailable"}, 503)
        try:
            body = {"ok": True, **handler(state, args)}
            status = 200
        except SlackError as exc:
            body, status = exc.body(), exc.status
        except Exception:
            log.exception("stand-in failed on %s", method)
            body, status = {"ok": False, "error": "internal_error"}, 500
        if fault is not None and fault.kind == "lose_answer":
            answer(method, args, body, status, answered=False)
            return _drop_connection(request)
        return answer(method, args, body, status)

    async def upload(self, request: web.Request) -> web.Response:
        file_id = request.match_info["file_id"]
        data = await request.read()
        status, text = methods_files.receive_upload(self.state, file_id, data)
        self.state.record(
            RecordedCall(
                method="upload",
                args={"file_id": file_id, "length": len(data)},
                ok=status == 200,
                error=None if status == 200 else text,
                status=status,
                at=self.state.clock(),
            )
        )
        return web.Response(status=status, text=text, content_type="text/plain")

    async def download(self, request: web.Request) -> web.Response:
        stored = self.state.workspace.files.get(request.match_info["file_id"])
        if stored is None or stored.content is None:
            raise web.HTTPNotFound()
        return web.Response(body=stored.content, content_type="application/octet-stream")

    async def response_url(self, request: web.Request) -> web.Response:
        raw = await request.text()
        try:
            body = json.loads(raw) if raw else {}
            if not isinstance(body, dict):
                raise ValueError("not an object")
        except ValueError:
            body = None
        answer, status = self.deliver(str(request.url), body, counts=True)
        return web.json_response(answer, status=status)

    def deliver(
        self, response_url: str, body: dict[str, Any] | None, *, counts: bool
    ) -> tuple[dict[str, Any], int]:
        """Carry out and record a post to a response URL (or a command's own JSON answer)."""
        token = response_url.rstrip("/").rsplit("/", 1)[-1]
        args: dict[str, Any] = {"response_url": response_url, **(body or {})}
        answer: dict[str, Any]
        if body is None:
            answer, status = {"ok": False, "error": "invalid_json"}, 400
        else:
            try:
                answer, status = self.responses.deliver(token, body, counts=counts), 200
            except SlackError as exc:
                answer, status = exc.body(), exc.status
        self.state.record(
            RecordedCall(
                method="response_url",
                args=args,
                ok=bool(answer.get("ok")),
                error=answer.get("error"),
                status=status,
                at=self.state.clock(),
                response=answer,
            )
        )
        return answer, status


def _drop_connection(request: web.Request) -> web.Response:
    """Close the socket under the request: the client sees the connection reset, no answer.

    The call was already carried out, which is the case a sender must not answer by resending.
    """
    transport = request.transport
    if transport is not None:
        transport.abort()
    return web.Response(status=200)  # written nowhere: the transport is gone
