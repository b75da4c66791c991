"""Everything a Web API handler may touch, gathered so handlers stay plain functions."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from sandbox.faults import Faults
from sandbox.ratelimit import RateLimiter
from sandbox.triggers import Triggers
from sandbox.workspace import Workspace


@dataclass(frozen=True)
class RecordedCall:
    """One Web API call or response-URL post, as the stand-in saw and answered it.

    `method` is the Web API method, or `response_url` for posts to a response URL (then
    `args["response_url"]` says which). `at` is on the stand-in's monotonic clock.
    """

    method: str
    args: dict[str, Any]
    ok: bool
    error: str | None
    status: int
    at: float
    response: dict[str, Any] = field(default_factory=dict)
    #: False when a fault dropped the connection instead of sending `response`.
    answered: bool = True
    #: The token the call carried and the workspace it spoke for (None: no known workspace).
    token: str | None = None
    team_id: str | None = None


@dataclass
class OAuthApp:
    """The Slack app as the stand-in knows it for installs: its credentials, the redirect URL
    configured for it, the codes handed out (each exchanged once) and the bot tokens issued."""

    client_id: str = "1111.2222"
    client_secret: str = "sandbox-client-secret"
    redirect_uri: str | None = None
    #: code -> (team id, installing user id, scopes, redirect_uri it was issued for)
    codes: dict[str, tuple[str, str, str, str | None]] = field(default_factory=dict)
    #: issued bot token -> team id; revoked ones move to `revoked` with the error they now get.
    tokens: dict[str, str] = field(default_factory=dict)
    revoked: dict[str, str] = field(default_factory=dict)


@dataclass
class StandInState:
    """The workspace plus the machinery around it (tokens, triggers, limits, the call log)."""

    workspace: Workspace
    bot_token: str
    app_token: str | None
    limiter: RateLimiter
    triggers: Triggers
    clock: Callable[[], float]
    base_url: str = ""
    calls: list[RecordedCall] = field(default_factory=list)
    faults: Faults = field(default_factory=Faults)
    #: Called after each recorded call, e.g. so the sandbox page can refresh what it shows.
    listeners: list[Callable[[RecordedCall], None]] = field(default_factory=list)
    #: Other workspaces than `workspace`, by team id (several installs of one app).
    teams: dict[str, Workspace] = field(default_factory=dict)
    oauth: OAuthApp = field(default_factory=OAuthApp)

    def team(self, team_id: str | None) -> Workspace:
        """That team's workspace; the first workspace for None or its own id."""
        if team_id is None or team_id == self.workspace.team_id:
            return self.workspace
        found = self.teams.get(team_id)
        if found is None:
            raise KeyError(f"no workspace {team_id!r}: add it with standin.add_team")
        return found

    def workspace_of(self, token: str) -> Workspace | None:
        """The workspace a bot token speaks for: the configured one, or an installed one."""
        if token == self.bot_token:
            return self.workspace
        team_id = self.oauth.tokens.get(token)
        return self.team(team_id) if team_id is not None else None

    def for_team(self, ws: Workspace) -> StandInState:
        """This state as a handler in `ws` sees it: same log, limits and faults, its workspace."""
        return self if ws is self.workspace else replace(self, workspace=ws)

    def record(self, call: RecordedCall) -> None:
        """Append to the call log that tests read, then tell whoever listens."""
        self.calls.append(call)
        for listener in list(self.listeners):
            listener(call)
