"""`auth.test`, `chat.*` and `reactions.add`: posting and changing messages."""

from __future__ import annotations

from typing import Any

from sandbox.access import conversation, postable
from sandbox.args import Args, optional_str, text_arg
from sandbox.content import check_metadata, message_content, public
from sandbox.errors import SlackError
from sandbox.state import StandInState


def auth_test(state: StandInState, args: Args) -> dict[str, Any]:
    """Who the token belongs to; Bolt calls it at start-up to learn the bot's user id."""
    ws = state.workspace
    return {
        "url": f"https://{ws.team_domain}.slack.com/",
        "team": ws.team_domain,
        "user": ws.users[ws.bot_user_id].name,
        "team_id": ws.team_id,
        "user_id": ws.bot_user_id,
        "bot_id": ws.bot_id,
        "app_id": ws.app_id,
        "is_enterprise_install": False,
    }


def post_message(state: StandInState, args: Args) -> dict[str, Any]:
    """Post as the bot; a user id as `channel` lands in the bot's DM with that person."""
    ws = state.workspace
    channel = postable(ws, optional_str(args, "channel"), user_means_dm=True)
    content = message_content(args)
    metadata = args.get("metadata") or None
    check_metadata(metadata)
    stored = ws.post(
        channel,
        {
            "user": ws.bot_user_id,
            "bot_id": ws.bot_id,
            "app_id": ws.app_id,
            **content,
            "thread_ts": optional_str(args, "thread_ts"),
            "metadata": metadata,
        },
    )
    return {"channel": channel.id, "ts": stored["ts"], "message": public(stored)}


def _own_message(state: StandInState, args: Args, verb: str) -> tuple[str, dict[str, Any]]:
    """The bot's own message named by `channel` + `ts`; Slack refuses to touch anyone else's."""
    ws = state.workspace
    channel = conversation(ws, optional_str(args, "channel"))
    message = ws.find_message(channel.id, text_arg(args, "ts"))
    if message is None:
        raise SlackError("message_not_found")
    if message.get("bot_id") != ws.bot_id:
        raise SlackError(f"cant_{verb}_message")
    return channel.id, message


def update(state: StandInState, args: Args) -> dict[str, Any]:
    """Replace a bot message's text/blocks (and metadata when given), marking it edited."""
    ws = state.workspace
    channel_id, message = _own_message(state, args, "update")
    content = message_content(args)
    if "metadata" in args:
        check_metadata(args.get("metadata") or None)
        message["metadata"] = args.get("metadata") or None
    message.update(content)
    message["edited"] = {"user": ws.bot_user_id, "ts": ws.next_ts()}
    return {
        "channel": channel_id,
        "ts": message["ts"],
        "text": message["text"],
        "message": public(message),
    }


def delete(state: StandInState, args: Args) -> dict[str, Any]:
    """Delete one of the bot's messages."""
    channel_id, message = _own_message(state, args, "delete")
    state.workspace.delete_message(channel_id, message["ts"])
    return {"channel": channel_id, "ts": message["ts"]}


def post_ephemeral(state: StandInState, args: Args) -> dict[str, Any]:
    """Show a message to one member of a conversation; Slack needs them to be in it."""
    ws = state.workspace
    channel = postable(ws, optional_str(args, "channel"))
    user_id = text_arg(args, "user")
    user = ws.users.get(user_id)
    if user is None:
        raise SlackError("user_not_found")
    if user_id not in channel.members:
        raise SlackError("user_not_in_channel")
    content = message_content(args)
    stored = ws.post_ephemeral(
        channel.id,
        user_id,
        {"bot_id": ws.bot_id, **content, "thread_ts": optional_str(args, "thread_ts")},
    )
    return {"message_ts": stored["ts"]}


def reactions_add(state: StandInState, args: Args) -> dict[str, Any]:
    """React as the bot; the same emoji twice on one message is `already_reacted`."""
    ws = state.workspace
    channel = conversation(ws, optional_str(args, "channel"))
    message = ws.find_message(channel.id, text_arg(args, "timestamp"))
    if message is None:
        raise SlackError("message_not_found")
    name = text_arg(args, "name").strip(":")
    reactions: list[dict[str, Any]] = message.setdefault("reactions", [])
    reaction = next((r for r in reactions if r["name"] == name), None)
    if reaction is None:
        reaction = {"name": name, "users": [], "count": 0}
        reactions.append(reaction)
    if ws.bot_user_id in reaction["users"]:
        raise SlackError("already_reacted")
    reaction["users"].append(ws.bot_user_id)
    reaction["count"] += 1
    return {}
