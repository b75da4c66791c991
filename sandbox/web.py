"""The sandbox page's server: static files, a small JSON API, and a change stream.

Every action on the page goes to the bot the way Slack would send it, through `SlackDriver`
(signed commands, clicks, submissions, events), so the page can only do what a Slack user could.
The page learns that something changed from a Server-Sent Events stream and then re-reads the
current person's state; the bot answers after acknowledging, so "changed" is the only reliable
signal, not the end of a request.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import mimetypes
from pathlib import Path
from typing import TYPE_CHECKING, Any

import aiohttp
from aiohttp import web

from sandbox.demo_slack import DemoStepFailed
from sandbox.payloads import DriverError
from sandbox.web_clock import TARGETS, NothingAhead
from sandbox.web_state import snapshot
from sandbox.web_text import as_slack_sends

if TYPE_CHECKING:
    from sandbox.launch import Sandbox

log = logging.getLogger(__name__)

STATIC = Path(__file__).with_name("static")
SANDBOX_KEY: web.AppKey[Sandbox] = web.AppKey("sandbox")
KEEPALIVE_SECONDS = 15.0
MAX_TEXT = 40_000


class Changes:
    """A version number that goes up whenever anything the page shows may have changed."""

    def __init__(self) -> None:
        self.version = 0
        self.closed = False
        self._event = asyncio.Event()

    def bump(self) -> None:
        self.version += 1
        self._event.set()
        self._event = asyncio.Event()

    def close(self) -> None:
        """Let every waiting stream end, so the server can stop at once."""
        self.closed = True
        self._event.set()

    async def wait(self, seen: int, timeout: float) -> None:  # noqa: ASYNC109 - keep-alive tick
        """Return when the version moves past `seen`, the stream closes, or `timeout` passes."""
        event = self._event
        if self.version != seen or self.closed:
            return
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(event.wait(), timeout)


class BadRequest(Exception):
    """The page sent something the sandbox cannot do; the message is shown to the person."""


def _sandbox(request: web.Request) -> Sandbox:
    return request.app[SANDBOX_KEY]


async def _body(request: web.Request) -> dict[str, Any]:
    try:
        data = await request.json()
    except (ValueError, UnicodeDecodeError):
        raise BadRequest("The request was not JSON.") from None
    if not isinstance(data, dict):
        raise BadRequest("The request was not a JSON object.")
    return data


def _text(data: dict[str, Any], key: str, *, required: bool = True) -> str | None:
    value = data.get(key)
    if value is None or value == "":
        if required:
            raise BadRequest(f"Missing {key}.")
        return None
    if not isinstance(value, str):
        raise BadRequest(f"{key} must be a string.")
    return value


def _user(sandbox: Sandbox, data: dict[str, Any]) -> str:
    user_id = _text(data, "user")
    assert user_id is not None
    user = sandbox.standin.workspace.users.get(user_id)
    if user is None or user.is_bot:
        raise BadRequest(f"There is nobody called {user_id} in this workspace.")
    return user_id


def _answer(status: int, body: str) -> dict[str, Any]:
    """What the bot's HTTP answer means for the page: Bolt says 404 when no listener matched."""
    if status == 200:
        return {"ok": True}
    if status == 404:
        return {"ok": False, "error": "The bot has no handler for this yet (it answered 404)."}
    return {"ok": False, "error": f"The bot answered HTTP {status}: {body[:200]}"}


# ------------------------------------------------------------------------------ handlers


async def index(request: web.Request) -> web.StreamResponse:
    return web.FileResponse(STATIC / "index.html", headers={"Cache-Control": "no-cache"})


async def state(request: web.Request) -> web.Response:
    sandbox = _sandbox(request)
    async with sandbox.lock:
        data = await snapshot(sandbox, request.query.get("user"))
    return web.json_response(data)


async def events(request: web.Request) -> web.StreamResponse:
    """Server-Sent Events: one `data: <version>` line whenever something changed."""
    changes = _sandbox(request).changes
    response = web.StreamResponse(
        headers={"Content-Type": "text/event-stream", "Cache-Control": "no-cache"}
    )
    await response.prepare(request)
    seen = -1
    try:
        while not changes.closed:
            if changes.version != seen:
                seen = changes.version
                await response.write(f"data: {seen}\n\n".encode())
            else:
                await response.write(b": keep-alive\n\n")
            await changes.wait(seen, KEEPALIVE_SECONDS)
    except (ConnectionResetError, aiohttp.ClientConnectionResetError):
        pass
    return response


async def send(request: web.Request) -> web.Response:
    """The message box: `/plan …` as a slash command, anything else as a message event."""
    sandbox = _sandbox(request)
    data = await _body(request)
    user_id = _user(sandbox, data)
    channel = _text(data, "channel")
    assert channel is not None
    text = (_text(data, "text") or "").strip()
    if len(text) > MAX_TEXT:
        raise BadRequest("That message is too long for Slack.")
    thread_ts = _text(data, "thread_ts", required=False)
    if text.startswith("/"):
        name, _, rest = text.partition(" ")
        if thread_ts is not None:
            raise BadRequest("Slack doesn't run slash commands in threads: use the main box.")
        if name != "/plan":
            raise BadRequest(f"{name} is not a valid command. In this workspace there is /plan.")
        typed = as_slack_sends(rest.strip(), sandbox.standin.workspace, command=True)
        response = await sandbox.driver.command(user_id, typed, channel_id=channel)
    else:
        typed = as_slack_sends(text, sandbox.standin.workspace, command=False)
        response, _ = await sandbox.driver.message_event(user_id, channel, typed, thread_ts)
    sandbox.changes.bump()
    return web.json_response(_answer(response.status, response.body))


async def click(request: web.Request) -> web.Response:
    """A button in a message, the Home tab or a modal, sent as Slack sends a click."""
    sandbox = _sandbox(request)
    data = await _body(request)
    user_id = _user(sandbox, data)
    action_id = _text(data, "action_id")
    assert action_id is not None
    value = _text(data, "value", required=False)
    where = _text(data, "where")
    if where == "message":
        channel, ts = _text(data, "channel"), _text(data, "ts")
        assert channel is not None and ts is not None
        block_id = _text(data, "block_id", required=False)
        response = await sandbox.driver.click(user_id, channel, ts, action_id, value, block_id)
    elif where == "home":
        response = await sandbox.driver.click_home(user_id, action_id, value)
    elif where == "modal":
        view_id = _text(data, "view_id")
        assert view_id is not None
        response = await sandbox.driver.click_modal(user_id, view_id, action_id, value)
    else:
        raise BadRequest("where must be message, home or modal.")
    sandbox.changes.bump()
    return web.json_response(_answer(response.status, response.body))


async def open_home(request: web.Request) -> web.Response:
    """Opening the app's Home tab: Slack sends `app_home_opened` every time."""
    sandbox = _sandbox(request)
    data = await _body(request)
    user_id = _user(sandbox, data)
    response = await sandbox.driver.app_home_opened(user_id, tab=_text(data, "tab") or "home")
    sandbox.changes.bump()
    return web.json_response(_answer(response.status, response.body))


async def submit(request: web.Request) -> web.Response:
    """A modal's Submit; field errors from the bot come back to be shown under the fields."""
    sandbox = _sandbox(request)
    data = await _body(request)
    user_id = _user(sandbox, data)
    view_id = _text(data, "view_id")
    assert view_id is not None
    values = data.get("values")
    if not isinstance(values, dict):
        raise BadRequest("values must be an object.")
    response = await sandbox.driver.submit_view(user_id, view_id, values)
    sandbox.changes.bump()
    answer = _answer(response.status, response.body)
    reply = response.json_or_none()
    if isinstance(reply, dict) and reply.get("response_action") == "errors":
        answer["errors"] = reply.get("errors") or {}
    return web.json_response(answer)


async def close(request: web.Request) -> web.Response:
    sandbox = _sandbox(request)
    data = await _body(request)
    user_id = _user(sandbox, data)
    view_id = _text(data, "view_id")
    assert view_id is not None
    response = await sandbox.driver.close_view(user_id, view_id)
    sandbox.changes.bump()
    return web.json_response({"ok": True} if response is None else _answer(response.status, ""))


async def clock(request: web.Request) -> web.Response:
    sandbox = _sandbox(request)
    data = await _body(request)
    target = _text(data, "target")
    if target not in TARGETS:
        raise BadRequest(f"target must be one of {', '.join(TARGETS)}.")
    report = await sandbox.fast_forward(target)
    return web.json_response(
        {
            "ok": report.error is None,
            "now": report.now.isoformat(),
            "nudges_sent": report.nudges_sent,
            "nudges_failed": report.nudges_failed,
            "digests_posted": report.digests_posted,
            "error": report.error,
        }
    )


async def reset(request: web.Request) -> web.Response:
    await _sandbox(request).reset()
    return web.json_response({"ok": True})


async def file(request: web.Request) -> web.Response:
    """A file the bot uploaded (the CSV export, the digest's chart), served here so the page
    needs no other host; images are shown in the message, everything else downloads."""
    stored = _sandbox(request).standin.workspace.files.get(request.match_info["file_id"])
    if stored is None or stored.content is None or not stored.completed:
        raise web.HTTPNotFound(text="No such file.")
    kind = mimetypes.guess_type(stored.filename)[0] or ""
    image = kind in {"image/png", "image/jpeg", "image/gif"}
    disposition = "inline" if image else "attachment"
    return web.Response(
        body=stored.content,
        content_type=kind if image else "application/octet-stream",
        headers={"Content-Disposition": f'{disposition}; filename="{_safe_name(stored.filename)}"'},
    )


def _safe_name(filename: str) -> str:
    """The bot names its files; still, a quote or a line break must not break the header."""
    return "".join(c if c.isprintable() and c not in '"\\' else "_" for c in filename)


@web.middleware
async def errors(
    request: web.Request, handler: Any
) -> web.StreamResponse:  # aiohttp's handler type is private
    """Turn what went wrong into one sentence the page can show, never a trace."""
    try:
        response: web.StreamResponse = await handler(request)
        return response
    except (BadRequest, DriverError, NothingAhead) as error:
        return web.json_response({"ok": False, "error": str(error)}, status=400)
    except DemoStepFailed as error:
        return web.json_response(
            {"ok": False, "error": f"The demo could not be set up: {error}. Try Reset demo."},
            status=500,
        )
    except RuntimeError as error:
        if "not started" in str(error):
            return web.json_response(
                {"ok": False, "error": "The sandbox is restarting; try again."}, status=503
            )
        raise
    except aiohttp.ClientError as error:
        return web.json_response(
            {"ok": False, "error": f"Could not reach the bot: {error}"}, status=502
        )


async def _no_store(request: web.Request, response: web.StreamResponse) -> None:
    """The page is edited often while developing the bot: never serve a stale script; and a
    reload must show the state as it is now, never a remembered answer."""
    if request.path.startswith("/static/"):
        response.headers["Cache-Control"] = "no-cache"
    elif request.path.startswith("/api/"):
        response.headers["Cache-Control"] = "no-store"


def build_web_app(sandbox: Sandbox) -> web.Application:
    app = web.Application(middlewares=[errors])
    app[SANDBOX_KEY] = sandbox
    app.on_response_prepare.append(_no_store)
    app.router.add_get("/", index)
    app.router.add_get("/api/state", state)
    app.router.add_get("/api/events", events)
    app.router.add_post("/api/send", send)
    app.router.add_post("/api/click", click)
    app.router.add_post("/api/home", open_home)
    app.router.add_post("/api/submit", submit)
    app.router.add_post("/api/close", close)
    app.router.add_post("/api/clock", clock)
    app.router.add_post("/api/reset", reset)
    app.router.add_get("/api/file/{file_id}", file)
    app.router.add_static("/static/", STATIC)
    return app
