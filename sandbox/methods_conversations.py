"""`conversations.*` and `users.info`: finding people and reading conversations back."""

from __future__ import annotations

from typing import Any

from sandbox.access import conversation
from sandbox.args import Args, flag, int_arg, optional_str, text_arg
from sandbox.content import public
from sandbox.errors import SlackError
from sandbox.state import StandInState
from sandbox.workspace import MPIM_MAX_USERS, Channel

HISTORY_MAX_LIMIT = 999


def channel_object(channel: Channel) -> dict[str, Any]:
    """The conversation object Slack returns from `conversations.open`/`info`."""
    shown: dict[str, Any] = {
        "id": channel.id,
        "name": channel.name,
        "is_channel": channel.kind == "channel" and not channel.is_private,
        "is_group": channel.kind == "channel" and channel.is_private,
        "is_im": channel.kind == "im",
        "is_mpim": channel.kind == "mpim",
        "is_private": channel.is_private,
    }
    if channel.user is not None:
        shown["user"] = channel.user
    return shown


def open_conversation(state: StandInState, args: Args) -> dict[str, Any]:
    """A DM for one person, a group DM for two to eight; the same ids when reopened."""
    ws = state.workspace
    raw = args.get("users")
    if not raw:
        if optional_str(args, "channel"):
            return {"channel": channel_object(conversation(ws, optional_str(args, "channel")))}
        raise SlackError("users_list_not_supplied")
    listed = raw if isinstance(raw, list) else str(raw).split(",")
    user_ids = [u for u in dict.fromkeys(str(u).strip() for u in listed) if u]
    user_ids = [u for u in user_ids if u != ws.bot_user_id]
    for user_id in user_ids:
        user = ws.users.get(user_id)
        if user is None:
            raise SlackError("user_not_found")
        if user.deleted:
            raise SlackError("user_disabled")
        if user.is_bot:
            raise SlackError("cannot_dm_bot")
    if not user_ids:
        raise SlackError("not_enough_users")
    if len(user_ids) > MPIM_MAX_USERS:
        raise SlackError("too_many_users")
    existed = len(user_ids) == 1 and ws.dm_channel(user_ids[0]) is not None
    channel = ws.open_dm(user_ids[0]) if len(user_ids) == 1 else ws.open_mpim(user_ids)
    answer: dict[str, Any] = {
        "channel": channel_object(channel) if flag(args, "return_im") else {"id": channel.id}
    }
    if existed:
        answer["already_open"] = True
        answer["no_op"] = True
    return answer


def info(state: StandInState, args: Args) -> dict[str, Any]:
    """`conversations.info`."""
    return {"channel": channel_object(conversation(state.workspace, text_arg(args, "channel")))}


def _page(messages: list[dict[str, Any]], args: Args) -> dict[str, Any]:
    """Cursor pagination as Slack does it: an opaque `next_cursor` and `has_more`."""
    limit = max(1, min(int_arg(args, "limit", 100), HISTORY_MAX_LIMIT))
    cursor = optional_str(args, "cursor")
    start = int(cursor.removeprefix("offset:")) if cursor and cursor.startswith("offset:") else 0
    page = messages[start : start + limit]
    more = start + limit < len(messages)
    return {
        "messages": page,
        "has_more": more,
        "response_metadata": {"next_cursor": f"offset:{start + limit}" if more else ""},
    }


def _in_window(ts: str, args: Args) -> bool:
    """`oldest`/`latest` bounds, exclusive unless `inclusive` like Slack's."""
    inclusive = flag(args, "inclusive")
    value = float(ts)
    oldest = optional_str(args, "oldest")
    latest = optional_str(args, "latest")
    if oldest is not None and (value < float(oldest) or (value == float(oldest) and not inclusive)):
        return False
    return not (
        latest is not None and (value > float(latest) or (value == float(latest) and not inclusive))
    )


def history(state: StandInState, args: Args) -> dict[str, Any]:
    """Top-level messages newest first; `metadata` only with `include_all_metadata=true`."""
    channel = conversation(state.workspace, optional_str(args, "channel"))
    with_metadata = flag(args, "include_all_metadata")
    top = [
        public(m, include_metadata=with_metadata)
        for m in reversed(channel.messages)
        if (not m.get("thread_ts") or m["thread_ts"] == m["ts"]) and _in_window(m["ts"], args)
    ]
    return {**_page(top, args), "pin_count": 0}


def replies(state: StandInState, args: Args) -> dict[str, Any]:
    """A thread oldest first, parent included, as `conversations.replies` returns it."""
    ws = state.workspace
    channel = conversation(ws, optional_str(args, "channel"))
    ts = text_arg(args, "ts")
    if ws.find_message(channel.id, ts) is None:
        raise SlackError("thread_not_found")
    with_metadata = flag(args, "include_all_metadata")
    thread = [
        public(m, include_metadata=with_metadata)
        for m in ws.thread(channel.id, ts)
        if _in_window(m["ts"], args)
    ]
    return _page(thread, args)


def users_info(state: StandInState, args: Args) -> dict[str, Any]:
    """A person's profile and time zone (and locale with include_locale); unknown ids are
    `user_not_found`."""
    ws = state.workspace
    user = ws.users.get(text_arg(args, "user"))
    if user is None:
        raise SlackError("user_not_found")
    return {"user": user.to_api(ws.team_id, include_locale=flag(args, "include_locale"))}
