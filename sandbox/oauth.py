"""Installing the app into a stand-in workspace: Slack's consent page and `oauth.v2.access`.

What Slack does, reduced to what an install needs: `GET /oauth/v2/authorize` is the page a
person approves the app on (here, approving is asking for it with `team` and `user`, as the
tests and the sandbox page do), which sends the browser back to the app's redirect URL with a
single-use `code` and the app's `state`; the app exchanges the code with `oauth.v2.access`,
authenticated with its client id and secret (HTTP Basic or form fields), for the workspace's
bot token. Every later call with that token speaks for that workspace only, until the app is
uninstalled and the token refused.
"""

from __future__ import annotations

import base64
import binascii
import html
import secrets
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from aiohttp import web

from sandbox.state import StandInState
from sandbox.workspace import Workspace


def _page(status: int, title: str, text: str) -> web.Response:
    body = (
        f"<!doctype html><html><head><title>{html.escape(title)}</title></head>"
        f"<body><h1>{html.escape(title)}</h1><p>{text}</p></body></html>"
    )
    return web.Response(status=status, text=body, content_type="text/html")


def _back(redirect_uri: str, **params: str) -> web.Response:
    joiner = "&" if "?" in redirect_uri else "?"
    return web.Response(status=302, headers={"Location": redirect_uri + joiner + urlencode(params)})


def consent(state: StandInState, query: Mapping[str, str]) -> web.Response:
    """The consent page: without `team` and `user`, a list of who may approve (links); with
    them, approved as that person of that workspace (`deny=1`: cancelled), and back to the
    app's redirect URL as Slack would send the browser."""
    app = state.oauth
    if query.get("client_id") != app.client_id:
        return _page(400, "Invalid client_id", "This link does not name a known app.")
    redirect_uri = query.get("redirect_uri") or app.redirect_uri
    if not redirect_uri:
        return _page(400, "No redirect URL", "The app has no redirect URL configured.")
    if app.redirect_uri and query.get("redirect_uri") not in (None, "", app.redirect_uri):
        return _page(400, "bad_redirect_uri", "That redirect URL is not the app's.")
    oauth_state = query.get("state", "")
    team_id, user_id = query.get("team"), query.get("user")
    if query.get("deny"):
        return _back(redirect_uri, error="access_denied", state=oauth_state)
    if not team_id or not user_id:
        return _page(200, "Install the app", _choices(state, dict(query)))
    try:
        ws = state.team(team_id)
    except KeyError:
        return _page(404, "No such workspace", html.escape(team_id))
    person = ws.users.get(user_id)
    if person is None or person.is_bot or person.deleted:
        return _page(403, "Not a member", f"{html.escape(user_id)} is not in {ws.team_id}.")
    code = f"{secrets.randbelow(10**12)}.{secrets.token_hex(16)}"
    app.codes[code] = (ws.team_id, user_id, query.get("scope", ""), query.get("redirect_uri"))
    return _back(redirect_uri, code=code, state=oauth_state)


def _choices(state: StandInState, query: dict[str, str]) -> str:
    links = []
    for ws in [state.workspace, *state.teams.values()]:
        for user in ws.users.values():
            if user.is_bot or user.deleted:
                continue
            href = "/oauth/v2/authorize?" + urlencode(
                {**query, "team": ws.team_id, "user": user.id}
            )
            label = f"Allow as {user.name} in {ws.team_domain} ({ws.team_id})"
            links.append(f'<a href="{html.escape(href)}">{html.escape(label)}</a>')
    return "<br>".join(links) or "No workspace has anyone to approve it."


def _credentials(args: Mapping[str, Any], authorization: str | None) -> tuple[str, str]:
    """HTTP Basic (what slack_sdk sends) or the form fields."""
    if authorization and authorization.startswith("Basic "):
        try:
            raw = base64.b64decode(authorization.removeprefix("Basic ").strip()).decode()
        except (binascii.Error, UnicodeDecodeError):
            return "", ""
        client_id, _, secret = raw.partition(":")
        return client_id, secret
    return str(args.get("client_id") or ""), str(args.get("client_secret") or "")


def access(
    state: StandInState, args: Mapping[str, Any], authorization: str | None
) -> tuple[dict[str, Any], int]:
    """`oauth.v2.access`: a code for the workspace's bot token, once."""
    app = state.oauth
    client_id, secret = _credentials(args, authorization)
    if client_id != app.client_id:
        return {"ok": False, "error": "invalid_client_id"}, 200
    if secret != app.client_secret:
        return {"ok": False, "error": "bad_client_secret"}, 200
    grant = app.codes.pop(str(args.get("code") or ""), None)
    if grant is None:
        return {"ok": False, "error": "invalid_code"}, 200
    team_id, user_id, scope, redirect_uri = grant
    if redirect_uri and args.get("redirect_uri") not in (None, redirect_uri):
        return {"ok": False, "error": "bad_redirect_uri"}, 200
    ws = state.team(team_id)
    return {
        "ok": True,
        "access_token": bot_token(state, ws),
        "token_type": "bot",
        "scope": scope,
        "bot_user_id": ws.bot_user_id,
        "app_id": ws.app_id,
        "team": {"id": ws.team_id, "name": ws.team_domain},
        "enterprise": None,
        "authed_user": {"id": user_id},
        "is_enterprise_install": False,
    }, 200


def bot_token(state: StandInState, ws: Workspace) -> str:
    """The workspace's live bot token (Slack keeps it across reinstalls), or a new one."""
    for token, team_id in state.oauth.tokens.items():
        if team_id == ws.team_id:
            return token
    token = f"xoxb-{ws.team_id}-{secrets.token_hex(12)}"
    state.oauth.tokens[token] = ws.team_id
    return token


def uninstall(state: StandInState, team_id: str, error: str = "token_revoked") -> list[str]:
    """Revoke every token issued for the workspace; calls with them then get `error`."""
    revoked = [token for token, team in state.oauth.tokens.items() if team == team_id]
    for token in revoked:
        del state.oauth.tokens[token]
        state.oauth.revoked[token] = error
    return revoked
