"""What the page shows one person: their conversations, their Home tab, their open modals.

The page renders whatever the bot posted, read from the stand-in exactly as Slack holds it, plus
who everyone is in the collaborative (from the bot's database, since roles change with `/plan ta`
and `/plan member`). Nothing here interprets the bot's messages: new message shapes show up on
the page without changes here.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

from sandbox.web_clock import digest_label
from sandbox.workspace import Channel, Message, Workspace

if TYPE_CHECKING:
    from sandbox.launch import Sandbox

Json = dict[str, Any]

MESSAGE_FIELDS = (
    "ts",
    "user",
    "bot_id",
    "text",
    "blocks",
    "thread_ts",
    "reply_count",
    "edited",
    "reactions",
    "files",
    "attachments",
)


async def roles(sandbox: Sandbox) -> tuple[Json, dict[str, Json]]:
    """The collaborative's name and channels, and each person's role, from the database."""
    info: Json = {"name": "Sandbox", "digest_channel": None, "ta_channel": None, "timezone": None}
    people: dict[str, Json] = {}
    async with sandbox.bot.runtime.uow() as uow:
        found = list(await uow.repos.collaboratives.all())
        if not found:
            return info, people
        c = found[0]
        info.update(
            name=c.name,
            digest_channel=c.digest_channel_id,
            ta_channel=c.ta_channel_id,
            timezone=c.timezone,
        )
        orgs = {o.id: o for o in await uow.repos.organizations.all(c.id)}
        for person in await uow.repos.people.all(c.id):
            org = orgs.get(person.organization_id) if person.organization_id else None
            people[person.slack_user_id] = {
                "ta": person.is_ta,
                "org": org.name if org else None,
                "sphere": org.sphere if org else None,
            }
        info["digest_label"] = await digest_label(uow, sandbox.clock())
    return info, people


def _message(raw: Message, *, ephemeral: bool = False) -> Json:
    message = {key: copy.deepcopy(raw.get(key)) for key in MESSAGE_FIELDS if key in raw}
    message["ephemeral"] = ephemeral
    return message


def _conversation_kind(channel: Channel) -> str:
    return "private" if channel.kind == "channel" and channel.is_private else channel.kind


def conversation(ws: Workspace, channel: Channel, user_id: str) -> Json:
    """A conversation as the person sees it: messages, their ephemerals, thread replies."""
    top: list[Json] = []
    replies: dict[str, list[Json]] = {}
    seen = [(m, False) for m in channel.messages]
    seen += [(m, True) for m in ws.ephemeral.get((channel.id, user_id), [])]
    for raw, ephemeral in sorted(seen, key=lambda pair: float(pair[0]["ts"])):
        message = _message(raw, ephemeral=ephemeral)
        parent = raw.get("thread_ts")
        if parent and parent != raw["ts"]:
            replies.setdefault(parent, []).append(message)
        else:
            top.append(message)
    for message in top:
        message["replies"] = replies.pop(message["ts"], [])
    # replies whose parent is gone (deleted) still show, rather than vanish
    orphans = [m for found in replies.values() for m in found]
    return {
        "id": channel.id,
        "name": channel.name,
        "kind": _conversation_kind(channel),
        "members": sorted(channel.members),
        "messages": top + orphans,
    }


def _user(ws: Workspace, user_id: str, by_user: dict[str, Json]) -> Json:
    user = ws.users[user_id]
    role = by_user.get(user_id, {})
    return {
        "id": user.id,
        "name": user.display_name or user.real_name or user.name,
        "real_name": user.real_name or user.name,
        "handle": user.name,
        "tz": user.tz,
        "bot": user.is_bot,
        "ta": bool(role.get("ta")),
        "org": role.get("org"),
        "sphere": role.get("sphere"),
    }


async def snapshot(sandbox: Sandbox, user_id: str | None) -> Json:
    """Everything the page needs for one person, in one JSON document."""
    ws = sandbox.standin.workspace
    info, people = await roles(sandbox)
    users = {uid: _user(ws, uid, people) for uid in ws.users}
    humans = [u for u in users.values() if not u["bot"]]
    if user_id not in users or users[user_id]["bot"]:
        # a participant's view first: the nudges are what people come to see
        first = sorted(humans, key=lambda u: u["org"] is None)
        user_id = first[0]["id"] if first else None
    conversations: list[Json] = []
    if user_id is not None:
        ws.open_dm(user_id)  # the app's Messages tab exists before the bot writes, as in Slack
        for channel in ws.channels.values():
            if user_id in channel.members:
                conversations.append(conversation(ws, channel, user_id))
    now = sandbox.clock()
    return {
        "version": sandbox.changes.version,
        "me": user_id,
        "bot_user": ws.bot_user_id,
        "collaborative": info,
        "clock": {"now": now.isoformat(), "offset_seconds": sandbox.clock.offset.total_seconds()},
        "users": users,
        "channels": {c.id: c.name for c in ws.channels.values()},
        "conversations": conversations,
        "home": copy.deepcopy(ws.home_view(user_id)) if user_id else None,
        "modals": copy.deepcopy(ws.open_modals(user_id)) if user_id else [],
    }
