"""`SlackStandIn`: a Slack workspace on 127.0.0.1 that the bot talks to over real HTTP.

Point slack_sdk at `standin.api_url` (the bot's SLACK_API_URL) and it behaves like Slack for the
methods the bot uses: same encodings, same refusals, same limits. Tests drive the workspace with
`SlackDriver`, then read what happened with the query helpers or `calls`.

It can host several workspaces (`add_team`, each with its own people, channels and bot token,
the same user ids allowed) and play Slack's side of an install (`sandbox.oauth`): the consent
page at `authorize_url`, `oauth.v2.access`, and tokens refused once a workspace uninstalls.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Mapping
from typing import Any, TypeVar, cast

from aiohttp import web

from sandbox import oauth
from sandbox.faults import Faults
from sandbox.ratelimit import RateLimiter, Rules
from sandbox.responses import ResponseUrls
from sandbox.routes import Routes
from sandbox.socket_mode import SocketHub
from sandbox.state import OAuthApp, RecordedCall, StandInState
from sandbox.triggers import Triggers
from sandbox.workspace import Channel, Message, User, Workspace

T = TypeVar("T")

POLL_INTERVAL_SECONDS = 0.01


class SlackStandIn:
    """The Web API subset the bot uses, response URLs, upload URLs and trigger ids.

    `clock` (monotonic seconds) drives trigger expiry, response URL lifetime, rate limits and
    the `at` of recorded calls; `wall_clock` drives message timestamps. Both are injectable.
    """

    def __init__(
        self,
        bot_token: str = "xoxb-sandbox",
        bot_user_id: str = "UBOT",
        team_id: str = "T0SANDBOX",
        rate_limits: Mapping[str, Rules] | None = None,
        *,
        app_token: str | None = "xapp-sandbox",
        clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], float] = time.time,
    ) -> None:
        self._workspace_args: dict[str, Any] = {
            "team_id": team_id,
            "bot_user_id": bot_user_id,
            "wall_clock": wall_clock,
        }
        self.state = StandInState(
            workspace=Workspace(**self._workspace_args),
            bot_token=bot_token,
            app_token=app_token,
            limiter=RateLimiter(rate_limits, clock),
            triggers=Triggers(clock),
            clock=clock,
        )
        self.responses = ResponseUrls(self.state)
        self.routes = Routes(self.state, self.responses)
        self.app = web.Application()
        self.routes.install(self.app)
        self.socket = SocketHub(self.state)
        self.socket.install(self.app, self.routes.extra_methods)
        self._runner: web.AppRunner | None = None

    # ---------------------------------------------------------------------- lifecycle

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> None:
        """Listen (on an ephemeral port by default, so tests can run side by side)."""
        self._runner = web.AppRunner(self.app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, host, port)
        await site.start()
        server = site._server
        assert server is not None
        sockets = getattr(server, "sockets", None) or []
        bound_port = sockets[0].getsockname()[1]
        self.state.base_url = f"http://{host}:{bound_port}"

    async def stop(self) -> None:
        """Stop listening (closing Socket Mode connections); safe to call twice."""
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> SlackStandIn:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    @property
    def url(self) -> str:
        """Base URL of the server, e.g. `http://127.0.0.1:54321`."""
        if not self.state.base_url:
            raise RuntimeError("SlackStandIn is not started")
        return self.state.base_url

    @property
    def api_url(self) -> str:
        """What the bot gets as SLACK_API_URL (trailing slash included, as slack_sdk needs)."""
        return f"{self.url}/api/"

    @property
    def bot_token(self) -> str:
        return self.state.bot_token

    @property
    def faults(self) -> Faults:
        """Faults to inject: lost answers, 429s, 503s (see `sandbox.faults`)."""
        return self.state.faults

    @property
    def workspace(self) -> Workspace:
        return self.state.workspace

    @property
    def calls(self) -> list[RecordedCall]:
        """Every Web API call, upload and response-URL post, in arrival order."""
        return self.state.calls

    def calls_to(self, method: str) -> list[RecordedCall]:
        """The recorded calls of one method (`response_url` for response-URL posts)."""
        return [c for c in self.state.calls if c.method == method]

    def subscribe(self, listener: Callable[[RecordedCall], None]) -> Callable[[], None]:
        """Be told of every recorded call as it happens; returns the unsubscribe function.

        Listeners run inside the request handler, so they must be quick and must not raise.
        """
        self.state.listeners.append(listener)
        return lambda: self.state.listeners.remove(listener)

    def reset(self) -> None:
        """A fresh workspace and empty logs, keeping the server (and its URL) up."""
        self.state.workspace = Workspace(**self._workspace_args)
        self.state.calls.clear()
        self.state.triggers.reset()
        self.state.limiter.reset()
        self.state.faults.clear()
        self.state.teams.clear()
        app = self.state.oauth
        self.state.oauth = OAuthApp(app.client_id, app.client_secret, app.redirect_uri)
        self.responses.reset()

    # -------------------------------------------------------------------------- setup

    def add_user(self, user_id: str, name: str, **details: Any) -> User:
        """See `Workspace.add_user` (real_name, display_name, tz, is_bot, deleted, locale,
        channels)."""
        return self.workspace.add_user(user_id, name, **details)

    def add_channel(self, channel_id: str, name: str, **details: Any) -> Channel:
        """See `Workspace.add_channel` (is_private, members, bot_is_member)."""
        return self.workspace.add_channel(channel_id, name, **details)

    def add_team(self, team_id: str, domain: str, *, bot_user_id: str = "UBOT") -> Workspace:
        """Another workspace the app can be installed into, with its own people, channels and
        bot token (its users may have the same ids as another workspace's, as in Slack)."""
        if team_id == self.state.workspace.team_id or team_id in self.state.teams:
            raise ValueError(f"workspace {team_id} exists already")
        ws = Workspace(
            team_id=team_id,
            team_domain=domain,
            bot_user_id=bot_user_id,
            bot_id=f"B{team_id}",
            app_id=self.state.workspace.app_id,
            wall_clock=self._workspace_args["wall_clock"],
        )
        self.state.teams[team_id] = ws
        return ws

    def team(self, team_id: str | None) -> Workspace:
        """That workspace (the first one for None)."""
        return self.state.team(team_id)

    @property
    def oauth(self) -> OAuthApp:
        """The app's credentials, redirect URL, codes and issued tokens (see sandbox.oauth)."""
        return self.state.oauth

    @property
    def authorize_url(self) -> str:
        """Slack's consent page here: the bot's SLACK_AUTHORIZE_URL."""
        return f"{self.url}/oauth/v2/authorize"

    def token_of(self, team_id: str) -> str | None:
        """The live bot token issued to that workspace by an install, if any."""
        return next((t for t, team in self.state.oauth.tokens.items() if team == team_id), None)

    def uninstall(self, team_id: str) -> list[str]:
        """The app is removed from the workspace: its tokens are refused from now on. (The
        events that tell the bot are the driver's `app_uninstalled`/`tokens_revoked`.)"""
        return oauth.uninstall(self.state, team_id)

    def calls_in(self, team_id: str, method: str | None = None) -> list[RecordedCall]:
        """The calls made with that workspace's tokens (of one method, if given)."""
        return [
            c
            for c in self.state.calls
            if c.team_id == team_id and (method is None or c.method == method)
        ]

    def set_rate_limits(self, limits: Mapping[str, Rules] | None) -> None:
        """Turn rate limiting on (or off with None) for the rest of a test."""
        self.state.limiter.limits = dict(limits or {})
        self.state.limiter.reset()

    # ----------------------------------------------------- what Slack hands the bot

    def issue_trigger(self, user_id: str) -> str:
        """A trigger id as an interaction by `user_id` would carry (valid 3 s, once)."""
        return self.state.triggers.issue(user_id)

    def new_response_url(
        self,
        channel_id: str,
        user_id: str,
        *,
        message_ts: str | None = None,
        is_ephemeral: bool = False,
        team_id: str | None = None,
    ) -> str:
        """A response URL; with `message_ts` it can replace or delete that message."""
        return self.responses.new(
            channel_id, user_id, message_ts=message_ts, is_ephemeral=is_ephemeral, team_id=team_id
        )

    def responses_to(self, response_url: str) -> list[dict[str, Any]]:
        """The JSON bodies posted to a response URL (and a command's own JSON answer)."""
        found = self.responses.find(response_url)
        return list(found.bodies) if found is not None else []

    # ------------------------------------------------------------------- queries

    def messages(self, channel_id: str) -> list[Message]:
        return self.workspace.messages(channel_id)

    def thread(self, channel_id: str, ts: str) -> list[Message]:
        return self.workspace.thread(channel_id, ts)

    def dm_channel(self, user_id: str) -> str | None:
        return self.workspace.dm_channel(user_id)

    def dm_messages(self, user_id: str) -> list[Message]:
        return self.workspace.dm_messages(user_id)

    def ephemerals(self, user_id: str) -> list[Message]:
        return self.workspace.ephemerals(user_id)

    def home_view(self, user_id: str) -> dict[str, Any] | None:
        return self.workspace.home_view(user_id)

    def open_modals(self, user_id: str) -> list[dict[str, Any]]:
        return self.workspace.open_modals(user_id)

    async def wait_for(
        self,
        predicate: Callable[[], T | bool | None],
        timeout: float = 5.0,  # noqa: ASYNC109 - polls a condition, wraps no single await
    ) -> T:
        """Poll until `predicate()` is truthy and return its value.

        The bot acknowledges first and acts after, so a test waits for the effect rather than
        sleeping a guessed amount. On timeout the error lists the last calls to help find why.
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            value = predicate()
            if value:
                return cast(T, value)
            if loop.time() >= deadline:
                recent = "\n  ".join(
                    f"{c.method} -> {c.status} {c.error or 'ok'} {_brief(c.args)}"
                    for c in self.calls[-10:]
                )
                raise AssertionError(
                    f"condition {getattr(predicate, '__name__', predicate)!s} not met within "
                    f"{timeout}s; last calls:\n  {recent or '(none)'}"
                )
            await asyncio.sleep(POLL_INTERVAL_SECONDS)


def _brief(args: dict[str, Any]) -> str:
    """A one-line glimpse of a call's arguments for failure messages."""
    shown = {k: v for k, v in args.items() if k in ("channel", "user", "user_id", "text", "ts")}
    text = repr(shown)
    return text if len(text) <= 160 else text[:157] + "..."
