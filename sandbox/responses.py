"""Response URLs: where a bot answers a command or a click after acknowledging it.

Slack lets each URL be used five times within thirty minutes. `replace_original` and
`delete_original` only mean something for a URL that came with a message (a click), so a URL from
a slash command posts anew, as in Slack.
"""

from __future__ import annotations

import copy
import secrets
from dataclasses import dataclass, field
from typing import Any

from sandbox.content import message_content
from sandbox.errors import SlackError
from sandbox.state import StandInState

MAX_USES = 5
LIFETIME_SECONDS = 30 * 60


@dataclass
class ResponseUrl:
    """One issued response URL and everything posted to it."""

    token: str
    channel_id: str
    user_id: str
    message_ts: str | None
    is_ephemeral: bool
    issued: float
    uses: int = 0
    bodies: list[dict[str, Any]] = field(default_factory=list)
    #: The workspace it was issued in (None: the stand-in's first one).
    team_id: str | None = None


class ResponseUrls:
    """Issues response URLs and carries out what is posted to them."""

    def __init__(self, state: StandInState) -> None:
        self._state = state
        self._urls: dict[str, ResponseUrl] = {}

    def new(
        self,
        channel_id: str,
        user_id: str,
        *,
        message_ts: str | None = None,
        is_ephemeral: bool = False,
        team_id: str | None = None,
    ) -> str:
        """A URL on this server; `message_ts` makes it one from a click on that message."""
        token = secrets.token_urlsafe(12)
        self._urls[token] = ResponseUrl(
            token,
            channel_id,
            user_id,
            message_ts,
            is_ephemeral,
            self._state.clock(),
            team_id=team_id,
        )
        return f"{self._state.base_url}/response/{token}"

    def find(self, response_url: str) -> ResponseUrl | None:
        """The record behind a response URL (by full URL or bare token)."""
        return self._urls.get(response_url.rstrip("/").rsplit("/", 1)[-1])

    def reset(self) -> None:
        """Forget every URL."""
        self._urls.clear()

    def deliver(self, token: str, body: dict[str, Any], *, counts: bool = True) -> dict[str, Any]:
        """Do what a post to the URL asks; `counts=False` for the command's own HTTP answer."""
        url = self._urls.get(token)
        if url is None:
            raise SlackError("invalid_url", status=404)
        if self._state.clock() - url.issued > LIFETIME_SECONDS:
            raise SlackError("expired_url", status=404)
        if counts and url.uses >= MAX_USES:
            raise SlackError("used_url", status=404)
        if counts:
            url.uses += 1
        url.bodies.append(copy.deepcopy(body))
        if body.get("delete_original"):
            self._delete_original(url)
            return {"ok": True}
        content = message_content(body)
        if body.get("replace_original") and url.message_ts is not None:
            self._replace_original(url, content)
        elif body.get("response_type") == "in_channel":
            ws = self._state.team(url.team_id)
            channel = ws.resolve(url.channel_id)
            if channel is None:
                raise SlackError("channel_not_found")
            ws.post(
                channel,
                {
                    "user": ws.bot_user_id,
                    "bot_id": ws.bot_id,
                    **content,
                    "thread_ts": body.get("thread_ts"),
                },
            )
        else:
            ws = self._state.team(url.team_id)
            ws.post_ephemeral(
                url.channel_id,
                url.user_id,
                {"bot_id": ws.bot_id, **content, "source": "response_url"},
            )
        return {"ok": True}

    def _original(self, url: ResponseUrl) -> dict[str, Any] | None:
        ws = self._state.team(url.team_id)
        assert url.message_ts is not None
        if url.is_ephemeral:
            return ws.find_ephemeral(url.channel_id, url.user_id, url.message_ts)
        return ws.find_message(url.channel_id, url.message_ts)

    def _replace_original(self, url: ResponseUrl, content: dict[str, Any]) -> None:
        original = self._original(url)
        if original is None:
            raise SlackError("message_not_found", status=404)
        original.update(content)
        if not url.is_ephemeral:
            ws = self._state.team(url.team_id)
            original["edited"] = {"user": ws.bot_user_id, "ts": ws.next_ts()}

    def _delete_original(self, url: ResponseUrl) -> None:
        if url.message_ts is None:
            raise SlackError("no_original_message", status=404)
        ws = self._state.team(url.team_id)
        original = self._original(url)
        if original is None:
            raise SlackError("message_not_found", status=404)
        if url.is_ephemeral:
            ws.ephemeral[(url.channel_id, url.user_id)].remove(original)
        else:
            ws.delete_message(url.channel_id, url.message_ts)
