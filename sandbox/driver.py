"""`SlackDriver`: plays Slack's side toward the bot, over real, signed HTTP.

It sends to `{bot_url}/slack/events` what Slack would send when a person types a command, clicks
a button, submits a modal or writes a message, building each payload from what the stand-in
holds. So a test can only click a button the bot really posted, and what the bot answers in the
HTTP response (a command's reply, a modal's `response_action`) is applied to the stand-in as
Slack would apply it.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import aiohttp

from sandbox import modals, payloads
from sandbox.api import SlackStandIn
from sandbox.payloads import DriverError
from sandbox.signing import signed_headers
from sandbox.workspace import Channel, Workspace

FORM = "application/x-www-form-urlencoded"
JSON = "application/json"


@dataclass
class DriverResponse:
    """The bot's HTTP answer to one delivery."""

    status: int
    body: str
    headers: Mapping[str, str] = field(default_factory=dict)
    #: For commands and clicks: where the bot's follow-up replies land, and the trigger sent.
    response_url: str | None = None
    trigger_id: str | None = None

    def json(self) -> Any:
        """The answer parsed as JSON (raises if the bot answered something else)."""
        return json.loads(self.body)

    def json_or_none(self) -> Any:
        """The answer as JSON, or None for an empty or non-JSON body (a bare ack)."""
        try:
            return json.loads(self.body) if self.body.strip() else None
        except ValueError:
            return None


class SlackDriver:
    """Sends Slack's requests to the bot. Use as `async with SlackDriver(...) as slack:`.

    `timestamp_override` and `bad_signature` apply to every later request, for tests of the
    bot's verification (stale timestamps, forged signatures). With `socket_mode=True` the same
    deliveries go as envelopes over the bot's Socket Mode connection instead (`bot_url` and the
    secret are then unused); the answer is the acknowledgement's payload.
    """

    def __init__(
        self,
        bot_url: str,
        signing_secret: str,
        standin: SlackStandIn,
        team_id: str | None = None,
        *,
        verification_token: str = "sandbox-verification-token",
        timeout: float = 10.0,
        clock: Callable[[], float] = time.time,
        socket_mode: bool = False,
    ) -> None:
        self.events_url = bot_url.rstrip("/") + "/slack/events"
        self.signing_secret = signing_secret
        self.standin = standin
        self.team_id = team_id or standin.workspace.team_id
        self.verification_token = verification_token
        self.timestamp_override: int | None = None
        self.bad_signature = False
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        self._clock = clock
        self.socket_mode = socket_mode
        self._session: aiohttp.ClientSession | None = None
        #: Envelopes of the events sent, by event id, so a retry resends exactly the same event.
        self._events: dict[str, dict[str, Any]] = {}

    async def __aenter__(self) -> SlackDriver:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def close(self) -> None:
        """Close the HTTP session."""
        if self._session is not None:
            await self._session.close()
            self._session = None

    @property
    def workspace(self) -> Workspace:
        """The workspace this driver plays (its `team_id`; the stand-in's first by default)."""
        return self.standin.team(self.team_id)

    # ----------------------------------------------------------------------- transport

    async def send(
        self, body: bytes, content_type: str, headers: Mapping[str, str] | None = None
    ) -> DriverResponse:
        """POST a signed request to the bot, as Slack does for every delivery."""
        if self._session is None:
            self._session = aiohttp.ClientSession(timeout=self._timeout)
        stamp = self.timestamp_override
        all_headers = {
            "Content-Type": content_type,
            "User-Agent": "Slackbot 1.0 (+https://api.slack.com/robots)",
            **signed_headers(
                self.signing_secret,
                body,
                timestamp=stamp if stamp is not None else int(self._clock()),
                bad_signature=self.bad_signature,
            ),
            **(headers or {}),
        }
        async with self._session.post(self.events_url, data=body, headers=all_headers) as resp:
            text = await resp.text()
            return DriverResponse(resp.status, text, dict(resp.headers))

    async def _over_socket(
        self,
        kind: str,
        payload: dict[str, Any],
        retry_num: int | None = None,
        retry_reason: str | None = None,
    ) -> DriverResponse:
        reply = await self.standin.socket.deliver(
            kind, payload, retry_attempt=retry_num, retry_reason=retry_reason
        )
        return DriverResponse(200, json.dumps(reply) if reply else "")

    async def _send_command(self, fields: dict[str, str]) -> DriverResponse:
        if self.socket_mode:
            return await self._over_socket("slash_commands", fields)
        return await self.send(urlencode(fields).encode(), FORM)

    async def _send_payload(self, payload: dict[str, Any]) -> DriverResponse:
        if self.socket_mode:
            return await self._over_socket("interactive", payload)
        body = urlencode({"payload": json.dumps(payload)}).encode()
        return await self.send(body, FORM)

    async def _send_event(
        self, envelope: dict[str, Any], retry_num: int | None, retry_reason: str
    ) -> DriverResponse:
        if self.socket_mode:
            reason = retry_reason if retry_num is not None else None
            return await self._over_socket("events_api", envelope, retry_num, reason)
        headers = {}
        if retry_num is not None:
            headers = {"X-Slack-Retry-Num": str(retry_num), "X-Slack-Retry-Reason": retry_reason}
        return await self.send(json.dumps(envelope).encode(), JSON, headers)

    def _channel(self, channel_id: str) -> Channel:
        channel = self.workspace.resolve(channel_id, user_means_dm=True)
        if channel is None:
            raise DriverError(f"unknown channel {channel_id!r}: add it with standin.add_channel")
        return channel

    # --------------------------------------------------------------------- commands

    async def command(
        self, user_id: str, text: str, channel_id: str = "C0GENERAL", command: str = "/plan"
    ) -> DriverResponse:
        """Type `/plan text` in a conversation. A JSON answer is shown like Slack shows it.

        `text` is what Slack puts on the wire (with `should_escape`): a person's `&`, `<` and `>`
        already escaped, mentions as `<@U…|name>`. The sandbox page escapes what it is given.
        """
        channel = self._channel(channel_id)
        if user_id not in channel.members:
            raise DriverError(f"{user_id} is not in {channel.id}; Slack would not run the command")
        response_url = self.standin.new_response_url(channel.id, user_id, team_id=self.team_id)
        trigger_id = self.standin.issue_trigger(user_id)
        fields = payloads.slash_command(
            self.workspace,
            user_id=user_id,
            channel=channel,
            command=command,
            text=text,
            response_url=response_url,
            trigger_id=trigger_id,
            verification_token=self.verification_token,
        )
        response = await self._send_command(fields)
        response.response_url, response.trigger_id = response_url, trigger_id
        reply = response.json_or_none()
        if reply is None and response.body.strip():
            reply = {"text": response.body}  # Slack shows a plain-text answer as the reply
        if response.status == 200 and isinstance(reply, dict) and reply:
            self.standin.routes.deliver(response_url, reply, counts=False)
        return response

    # ----------------------------------------------------------------------- clicks

    async def click(
        self,
        user_id: str,
        channel_id: str,
        message_ts: str,
        action_id: str,
        value: str | None = None,
        block_id: str | None = None,
    ) -> DriverResponse:
        """Click a button in a message (or in an ephemeral message that person saw)."""
        channel = self._channel(channel_id)
        message = self.workspace.find_message(channel.id, message_ts)
        is_ephemeral = message is None
        if message is None:
            message = self.workspace.find_ephemeral(channel.id, user_id, message_ts)
        if message is None:
            raise DriverError(f"no message {message_ts} in {channel.id} that {user_id} can see")
        blocks = message.get("blocks") or []
        hit = payloads.find_element(blocks, action_id, value, block_id)
        if hit is None:
            raise DriverError(
                f"no button {action_id!r} (value={value!r}) in message {message_ts}; "
                f"it has: {payloads.describe_buttons(blocks)}"
            )
        response_url = self.standin.new_response_url(
            channel.id,
            user_id,
            message_ts=message_ts,
            is_ephemeral=is_ephemeral,
            team_id=self.team_id,
        )
        trigger_id = self.standin.issue_trigger(user_id)
        payload = payloads.message_click(
            self.workspace,
            user_id=user_id,
            channel=channel,
            message=message,
            is_ephemeral=is_ephemeral,
            action=payloads.button_action(*hit),
            response_url=response_url,
            trigger_id=trigger_id,
            verification_token=self.verification_token,
        )
        response = await self._send_payload(payload)
        response.response_url, response.trigger_id = response_url, trigger_id
        return response

    async def _click_view(
        self, user_id: str, view: dict[str, Any], action_id: str, value: str | None
    ) -> DriverResponse:
        blocks = view.get("blocks") or []
        hit = payloads.find_element(blocks, action_id, value, None)
        if hit is None:
            raise DriverError(
                f"no button {action_id!r} (value={value!r}) in view {view['id']}; "
                f"it has: {payloads.describe_buttons(blocks)}"
            )
        trigger_id = self.standin.issue_trigger(user_id)
        payload = payloads.view_click(
            self.workspace,
            user_id=user_id,
            view=view,
            action=payloads.button_action(*hit),
            trigger_id=trigger_id,
            verification_token=self.verification_token,
        )
        response = await self._send_payload(payload)
        response.trigger_id = trigger_id
        return response

    async def click_home(
        self, user_id: str, action_id: str, value: str | None = None
    ) -> DriverResponse:
        """Click a button in the person's published Home tab."""
        view = self.workspace.home_view(user_id)
        if view is None:
            raise DriverError(f"no Home tab published for {user_id}")
        return await self._click_view(user_id, view, action_id, value)

    async def click_modal(
        self, user_id: str, view_id: str, action_id: str, value: str | None = None
    ) -> DriverResponse:
        """Click a button inside an open modal."""
        return await self._click_view(user_id, self._modal(user_id, view_id), action_id, value)

    # ----------------------------------------------------------------------- modals

    def _modal(self, user_id: str, view_id: str) -> dict[str, Any]:
        view: dict[str, Any] | None = self.workspace.modals.get(view_id)
        if view is None or view.get("user_id") != user_id:
            open_ids = [v["id"] for v in self.workspace.open_modals(user_id)]
            raise DriverError(f"no open modal {view_id} for {user_id}; open: {open_ids}")
        return view

    async def submit_view(
        self, user_id: str, view_id: str, values: dict[str, dict[str, dict[str, Any]]]
    ) -> DriverResponse:
        """Press Submit with these `state.values`; the bot's `response_action` is then applied."""
        view = self._modal(user_id, view_id)
        modals.check_values(view, values)
        view["state"] = {"values": values}
        trigger_id = self.standin.issue_trigger(user_id)
        payload = payloads.view_submission(
            self.workspace,
            user_id=user_id,
            view=view,
            trigger_id=trigger_id,
            verification_token=self.verification_token,
        )
        response = await self._send_payload(payload)
        response.trigger_id = trigger_id
        if response.status == 200:
            state = self.standin.state.for_team(self.workspace)
            modals.apply_response_action(state, user_id, view, response.json_or_none())
        return response

    async def close_view(self, user_id: str, view_id: str) -> DriverResponse | None:
        """Press Cancel; Slack tells the bot only if the view asked (`notify_on_close`)."""
        view = self._modal(user_id, view_id)
        self.workspace.modals.pop(view_id, None)
        if not view.get("notify_on_close"):
            return None
        payload = payloads.view_closed(
            self.workspace, user_id=user_id, view=view, verification_token=self.verification_token
        )
        return await self._send_payload(payload)

    # ----------------------------------------------------------------------- events

    async def message_event(
        self,
        user_id: str,
        channel_id: str,
        text: str,
        thread_ts: str | None = None,
        event_id: str | None = None,
        retry_num: int | None = None,
        retry_reason: str = "http_timeout",
    ) -> tuple[DriverResponse, str]:
        """A person writes in a conversation (a user id means their DM with the bot).

        With `retry_num` and the `event_id` of an earlier delivery, the very same event is sent
        again with Slack's retry headers, and nothing new is posted.
        """
        if retry_num is not None and event_id in self._events:
            response = await self._send_event(self._events[event_id], retry_num, retry_reason)
            return response, event_id
        channel = self._channel(channel_id)
        if user_id not in channel.members:
            raise DriverError(f"{user_id} is not in {channel.id}; they cannot write there")
        if self.workspace.bot_user_id not in channel.members:
            raise DriverError(f"the bot is not in {channel.id}; Slack would not deliver the event")
        stored = self.workspace.post(channel, payloads.user_message(user_id, text, thread_ts))
        event_id = event_id or payloads.new_event_id()
        envelope = payloads.event_callback(
            self.workspace,
            payloads.message_event(self.workspace, channel, stored),
            event_id=event_id,
            verification_token=self.verification_token,
        )
        self._events[event_id] = envelope
        return await self._send_event(envelope, retry_num, retry_reason), event_id

    async def app_home_opened(self, user_id: str, tab: str = "home") -> DriverResponse:
        """The person opens the app's Home (or Messages) tab."""
        payloads.user_object(self.workspace, user_id)
        channel = self.workspace.open_dm(user_id)
        event_id = payloads.new_event_id()
        envelope = payloads.event_callback(
            self.workspace,
            payloads.app_home_opened(self.workspace, user_id=user_id, channel=channel, tab=tab),
            event_id=event_id,
            verification_token=self.verification_token,
        )
        self._events[event_id] = envelope
        return await self._send_event(envelope, None, "")

    async def app_uninstalled(self) -> DriverResponse:
        """Slack tells the bot it was uninstalled from this workspace (after revoking its
        tokens in the stand-in, as Slack does)."""
        self.standin.uninstall(self.workspace.team_id)
        event = {"type": "app_uninstalled", "event_ts": f"{self._clock():.6f}"}
        return await self._send_lifecycle(event)

    async def tokens_revoked(
        self, *, bot: bool = True, users: tuple[str, ...] = ()
    ) -> DriverResponse:
        """Slack tells the bot tokens of this workspace were revoked (the bot's, by default)."""
        if bot:
            self.standin.uninstall(self.workspace.team_id)
        tokens: dict[str, list[str]] = {"oauth": list(users)}
        if bot:
            tokens["bot"] = [self.workspace.bot_user_id]
        event = {"type": "tokens_revoked", "tokens": tokens, "event_ts": f"{self._clock():.6f}"}
        return await self._send_lifecycle(event)

    async def _send_lifecycle(self, event: dict[str, Any]) -> DriverResponse:
        envelope = payloads.event_callback(
            self.workspace,
            event,
            event_id=payloads.new_event_id(),
            verification_token=self.verification_token,
        )
        return await self._send_event(envelope, None, "")

    async def url_verification(self, challenge: str) -> DriverResponse:
        """The handshake Slack does when the Request URL is saved."""
        body = {
            "token": self.verification_token,
            "challenge": challenge,
            "type": "url_verification",
        }
        return await self.send(json.dumps(body).encode(), JSON)
