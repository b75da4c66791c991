"""What Slack puts in its requests to the bot, built from the stand-in's state.

Kept apart from the driver's HTTP so the shapes can be read (and checked against
SLACK_PAYLOADS.md) in one place.
"""

from __future__ import annotations

import secrets
import time
import uuid
from typing import Any

from sandbox.content import public
from sandbox.methods_views import public_view
from sandbox.workspace import Channel, Workspace


class DriverError(AssertionError):
    """A test asked for something Slack's client could not do (e.g. click a missing button)."""


def new_event_id() -> str:
    """An id shaped like Slack's `Ev…` event ids."""
    return "Ev" + secrets.token_hex(5).upper()


def user_object(ws: Workspace, user_id: str) -> dict[str, Any]:
    """The `user` of interactivity payloads."""
    user = ws.users.get(user_id)
    if user is None:
        raise DriverError(f"unknown user {user_id!r}: add it with standin.add_user first")
    return {"id": user_id, "username": user.name, "name": user.name, "team_id": ws.team_id}


def channel_name(channel: Channel) -> str:
    """What Slack reports as `channel_name`: DMs are all called `directmessage`."""
    return "directmessage" if channel.kind == "im" else channel.name


def slash_command(
    ws: Workspace,
    *,
    user_id: str,
    channel: Channel,
    command: str,
    text: str,
    response_url: str,
    trigger_id: str,
    verification_token: str,
) -> dict[str, str]:
    """The form fields of a slash command."""
    user = user_object(ws, user_id)
    return {
        "token": verification_token,
        "team_id": ws.team_id,
        "team_domain": ws.team_domain,
        "channel_id": channel.id,
        "channel_name": channel_name(channel),
        "user_id": user_id,
        "user_name": user["name"],
        "command": command,
        "text": text,
        "api_app_id": ws.app_id,
        "is_enterprise_install": "false",
        "response_url": response_url,
        "trigger_id": trigger_id,
    }


def find_element(
    blocks: list[dict[str, Any]], action_id: str, value: str | None, block_id: str | None
) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """The (block, element) a click would hit: matched by action_id, and value/block_id if given."""
    for block in blocks:
        if block_id is not None and block.get("block_id") != block_id:
            continue
        elements = list(block.get("elements") or [])
        if isinstance(block.get("accessory"), dict):
            elements.append(block["accessory"])
        for element in elements:
            if element.get("action_id") != action_id:
                continue
            if value is not None and element.get("value") != value:
                continue
            return block, element
    return None


def describe_buttons(blocks: list[dict[str, Any]]) -> str:
    """The clickable things in some blocks, for a failure message that helps fix the test."""
    found = []
    for block in blocks:
        elements = list(block.get("elements") or [])
        if isinstance(block.get("accessory"), dict):
            elements.append(block["accessory"])
        found += [f"{e.get('action_id')}={e.get('value')!r}" for e in elements if "action_id" in e]
    return ", ".join(found) or "(none)"


def button_action(block: dict[str, Any], element: dict[str, Any]) -> dict[str, Any]:
    """One entry of `actions` for a button click."""
    action: dict[str, Any] = {
        "action_id": element["action_id"],
        "block_id": block["block_id"],
        "text": element.get("text"),
        "type": element.get("type", "button"),
        "action_ts": f"{time.time():.6f}",
    }
    for key in ("value", "url", "style"):
        if key in element:
            action[key] = element[key]
    return action


def message_click(
    ws: Workspace,
    *,
    user_id: str,
    channel: Channel,
    message: dict[str, Any],
    is_ephemeral: bool,
    action: dict[str, Any],
    response_url: str,
    trigger_id: str,
    verification_token: str,
) -> dict[str, Any]:
    """`block_actions` from a message; ephemeral messages come without `message`, as in Slack."""
    payload: dict[str, Any] = {
        "type": "block_actions",
        "user": user_object(ws, user_id),
        "api_app_id": ws.app_id,
        "token": verification_token,
        "container": {
            "type": "message",
            "message_ts": message["ts"],
            "channel_id": channel.id,
            "is_ephemeral": is_ephemeral,
        },
        "trigger_id": trigger_id,
        "team": {"id": ws.team_id, "domain": ws.team_domain},
        "enterprise": None,
        "is_enterprise_install": False,
        "channel": {"id": channel.id, "name": channel_name(channel)},
        "state": {"values": {}},
        "response_url": response_url,
        "actions": [action],
    }
    if not is_ephemeral:
        payload["message"] = public(message)
    return payload


def view_click(
    ws: Workspace,
    *,
    user_id: str,
    view: dict[str, Any],
    action: dict[str, Any],
    trigger_id: str,
    verification_token: str,
) -> dict[str, Any]:
    """`block_actions` from a Home tab or modal: `container.type` is `view`."""
    return {
        "type": "block_actions",
        "user": user_object(ws, user_id),
        "api_app_id": ws.app_id,
        "token": verification_token,
        "container": {"type": "view", "view_id": view["id"]},
        "trigger_id": trigger_id,
        "team": {"id": ws.team_id, "domain": ws.team_domain},
        "enterprise": None,
        "is_enterprise_install": False,
        "view": public_view(view),
        "state": {"values": view.get("state", {}).get("values", {})},
        "actions": [action],
    }


def view_submission(
    ws: Workspace,
    *,
    user_id: str,
    view: dict[str, Any],
    trigger_id: str,
    verification_token: str,
) -> dict[str, Any]:
    """`view_submission` with the view's current `state.values`."""
    return {
        "type": "view_submission",
        "team": {"id": ws.team_id, "domain": ws.team_domain},
        "user": user_object(ws, user_id),
        "api_app_id": ws.app_id,
        "token": verification_token,
        "trigger_id": trigger_id,
        "view": public_view(view),
        "response_urls": [],
        "is_enterprise_install": False,
        "enterprise": None,
    }


def view_closed(
    ws: Workspace, *, user_id: str, view: dict[str, Any], verification_token: str
) -> dict[str, Any]:
    """`view_closed`, sent only for views opened with `notify_on_close`."""
    return {
        "type": "view_closed",
        "team": {"id": ws.team_id, "domain": ws.team_domain},
        "user": user_object(ws, user_id),
        "api_app_id": ws.app_id,
        "token": verification_token,
        "view": public_view(view),
        "is_cleared": False,
        "is_enterprise_install": False,
        "enterprise": None,
    }


def user_message(user_id: str, text: str, thread_ts: str | None) -> dict[str, Any]:
    """A person's message as stored in the workspace."""
    return {
        "user": user_id,
        "text": text,
        "client_msg_id": str(uuid.uuid4()),
        "thread_ts": thread_ts,
    }


def message_event(ws: Workspace, channel: Channel, message: dict[str, Any]) -> dict[str, Any]:
    """The `message` event for a stored message."""
    event: dict[str, Any] = {
        "type": "message",
        "channel": channel.id,
        "user": message["user"],
        "text": message["text"],
        "ts": message["ts"],
        "event_ts": message["ts"],
        "channel_type": channel.channel_type,
        "team": ws.team_id,
        "client_msg_id": message.get("client_msg_id"),
    }
    if message.get("thread_ts") and message["thread_ts"] != message["ts"]:
        event["thread_ts"] = message["thread_ts"]
        # Bolt's thread handling and most bots read the parent's author from here.
        parent = ws.find_message(channel.id, message["thread_ts"])
        if parent is not None and parent.get("user"):
            event["parent_user_id"] = parent["user"]
    return event


def app_home_opened(ws: Workspace, *, user_id: str, channel: Channel, tab: str) -> dict[str, Any]:
    """The `app_home_opened` event, with the published view when there is one."""
    event: dict[str, Any] = {
        "type": "app_home_opened",
        "user": user_id,
        "channel": channel.id,
        "tab": tab,
        "event_ts": f"{time.time():.6f}",
    }
    view = ws.home_view(user_id)
    if view is not None and tab == "home":
        event["view"] = public_view(view)
    return event


def event_callback(
    ws: Workspace, event: dict[str, Any], *, event_id: str, verification_token: str
) -> dict[str, Any]:
    """The Events API envelope around an event."""
    return {
        "token": verification_token,
        "team_id": ws.team_id,
        "context_team_id": ws.team_id,
        "context_enterprise_id": None,
        "api_app_id": ws.app_id,
        "event": event,
        "type": "event_callback",
        "event_id": event_id,
        "event_time": int(time.time()),
        "authorizations": [
            {
                "enterprise_id": None,
                "team_id": ws.team_id,
                "user_id": ws.bot_user_id,
                "is_bot": True,
                "is_enterprise_install": False,
            }
        ],
        "is_ext_shared_channel": False,
        "event_context": "4-" + secrets.token_hex(12),
    }
