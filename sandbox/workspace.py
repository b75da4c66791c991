"""In-memory state of the stand-in Slack workspace.

The Web API handlers mutate it and the tests read it, so the helpers here answer the questions a
test asks ("what did the bot say to Ana?") rather than mirror Slack's storage. Messages stay plain
dicts shaped like Slack's own JSON so that what the bot reads back from the API is what Slack
would return, and tests can assert on the same shape.
"""

from __future__ import annotations

import copy
import itertools
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal
from zoneinfo import ZoneInfo

Message = dict[str, Any]
ChannelKind = Literal["channel", "im", "mpim"]

#: Slack refuses group DMs with fewer than two or more than eight people besides the bot.
MPIM_MIN_USERS = 2
MPIM_MAX_USERS = 8


@dataclass
class User:
    """A member of the workspace; `tz` is an IANA name so offsets follow DST like Slack's."""

    id: str
    name: str
    real_name: str = ""
    display_name: str = ""
    tz: str = "UTC"
    is_bot: bool = False
    deleted: bool = False
    #: What Slack's users.info reports as `locale` when asked with include_locale.
    locale: str = "en-US"

    def tz_offset(self, at: float | None = None) -> int:
        """Seconds east of UTC *now* (or at `at`), because Slack reports the current offset."""
        moment = datetime.fromtimestamp(time.time() if at is None else at, ZoneInfo(self.tz))
        offset = moment.utcoffset()
        return int(offset.total_seconds()) if offset is not None else 0

    def to_api(self, team_id: str, include_locale: bool = False) -> dict[str, Any]:
        """The `user` object of `users.info`, with the fields the bot relies on; `locale` only
        when asked with include_locale, as Slack does."""
        real_name = self.real_name or self.name
        locale = {"locale": self.locale} if include_locale else {}
        return locale | {
            "id": self.id,
            "team_id": team_id,
            "name": self.name,
            "deleted": self.deleted,
            "real_name": real_name,
            "tz": self.tz,
            "tz_label": self.tz,
            "tz_offset": self.tz_offset(),
            "is_bot": self.is_bot,
            "is_app_user": False,
            "profile": {
                "real_name": real_name,
                "real_name_normalized": real_name,
                "display_name": self.display_name,
                "display_name_normalized": self.display_name,
                "team": team_id,
            },
        }


@dataclass
class Channel:
    """A conversation: public/private channel, DM (`im`) or group DM (`mpim`)."""

    id: str
    name: str
    kind: ChannelKind = "channel"
    is_private: bool = False
    members: set[str] = field(default_factory=set)
    #: The other person of a DM, as Slack reports it in `conversations.info`.
    user: str | None = None
    messages: list[Message] = field(default_factory=list)

    @property
    def channel_type(self) -> str:
        """The `channel_type` Slack puts on message events from this conversation."""
        if self.kind == "channel":
            return "group" if self.is_private else "channel"
        return self.kind


@dataclass
class StoredFile:
    """An uploaded file: bytes arrive at the upload URL before the upload is completed."""

    id: str
    filename: str
    length: int
    title: str = ""
    alt_txt: str = ""
    content: bytes | None = None
    channels: list[str] = field(default_factory=list)
    completed: bool = False


class Workspace:
    """Users, conversations, messages and views of one stand-in workspace.

    `wall_clock` only feeds message timestamps; it is injectable so a test can pin them.
    """

    def __init__(
        self,
        *,
        team_id: str = "T0SANDBOX",
        team_domain: str = "sandbox",
        bot_user_id: str = "UBOT",
        bot_id: str = "B0SANDBOX",
        app_id: str = "A0SANDBOX",
        wall_clock: Callable[[], float] = time.time,
    ) -> None:
        self.team_id = team_id
        self.team_domain = team_domain
        self.bot_user_id = bot_user_id
        self.bot_id = bot_id
        self.app_id = app_id
        self._wall_clock = wall_clock
        self.users: dict[str, User] = {}
        self.channels: dict[str, Channel] = {}
        #: (channel id, user id) -> ephemeral messages that user saw there.
        self.ephemeral: dict[tuple[str, str], list[Message]] = {}
        self.home_views: dict[str, dict[str, Any]] = {}
        #: Open modals by view id; each carries the `user_id` it was opened for.
        self.modals: dict[str, dict[str, Any]] = {}
        self.files: dict[str, StoredFile] = {}
        self._counter = itertools.count(1)
        self._last_ts_micros = 0
        self.add_user(bot_user_id, "follow-through", real_name="Follow-through", is_bot=True)
        self.add_channel("C0GENERAL", "general")

    # ----------------------------------------------------------------- identity and time

    def new_id(self, prefix: str) -> str:
        """A Slack-looking id (`D0000000A1`…): unique per workspace, stable across a run."""
        return f"{prefix}{next(self._counter):09X}"

    def next_ts(self) -> str:
        """A message timestamp, strictly increasing even within the same microsecond."""
        micros = max(int(self._wall_clock() * 1_000_000), self._last_ts_micros + 1)
        self._last_ts_micros = micros
        return f"{micros // 1_000_000}.{micros % 1_000_000:06d}"

    # ------------------------------------------------------------------------- setup

    def add_user(
        self,
        user_id: str,
        name: str,
        *,
        real_name: str = "",
        display_name: str = "",
        tz: str = "UTC",
        is_bot: bool = False,
        deleted: bool = False,
        locale: str = "en-US",
        channels: Iterable[str] = ("C0GENERAL",),
    ) -> User:
        """Add a person; as with Slack's default channel, everyone joins #general by default."""
        ZoneInfo(tz)  # fail at setup, not deep inside a handler, on a misspelt zone
        user = User(user_id, name, real_name, display_name, tz, is_bot, deleted, locale)
        self.users[user_id] = user
        for channel_id in channels:
            if channel_id in self.channels:
                self.channels[channel_id].members.add(user_id)
        return user

    def add_channel(
        self,
        channel_id: str,
        name: str,
        *,
        is_private: bool = False,
        members: Iterable[str] = (),
        bot_is_member: bool = True,
    ) -> Channel:
        """Add a channel; the bot is in it unless said otherwise, to test `not_in_channel`."""
        member_ids = set(members)
        if bot_is_member:
            member_ids.add(self.bot_user_id)
        channel = Channel(channel_id, name, "channel", is_private, member_ids)
        self.channels[channel_id] = channel
        return channel

    # ---------------------------------------------------------------- conversations

    def open_dm(self, user_id: str) -> Channel:
        """The bot's DM with a person, created on first use as Slack does."""
        for channel in self.channels.values():
            if channel.kind == "im" and channel.user == user_id:
                return channel
        channel_id = self.new_id("D")
        channel = Channel(channel_id, user_id, "im", True, {user_id, self.bot_user_id}, user_id)
        self.channels[channel_id] = channel
        return channel

    def open_mpim(self, user_ids: Iterable[str]) -> Channel:
        """The group DM of exactly these people and the bot (the same one when reopened)."""
        members = set(user_ids) | {self.bot_user_id}
        for channel in self.channels.values():
            if channel.kind == "mpim" and channel.members == members:
                return channel
        names = sorted(self.users[u].name for u in members if u in self.users)
        channel_id = self.new_id("G")
        channel = Channel(channel_id, "mpdm-" + "--".join(names) + "-1", "mpim", True, members)
        self.channels[channel_id] = channel
        return channel

    def resolve(self, channel: str, *, user_means_dm: bool = False) -> Channel | None:
        """What a `channel` argument names: an id or `#name`, or with `user_means_dm` a person's
        DM with the bot (opened if need be), which only `chat.postMessage` accepts."""
        if channel in self.channels:
            return self.channels[channel]
        if channel.startswith("#"):
            return next((c for c in self.channels.values() if c.name == channel[1:]), None)
        user = self.users.get(channel)
        if user_means_dm and user is not None and not user.is_bot:
            return self.open_dm(channel)
        return None

    # -------------------------------------------------------------------- messages

    def post(self, channel: Channel, message: Message) -> Message:
        """Store a message with a fresh ts; thread replies also bump their parent's counters."""
        stored: Message = {
            "type": "message",
            "ts": self.next_ts(),
            "text": "",
            "blocks": None,
            "thread_ts": None,
            "metadata": None,
            "reactions": [],
            "edited": None,
            "files": None,
            "team": self.team_id,
        }
        stored.update(copy.deepcopy(message))
        thread_ts = stored.get("thread_ts")
        if thread_ts:
            parent = self.find_message(channel.id, thread_ts)
            if parent is not None:
                parent["thread_ts"] = parent["ts"]
                parent["reply_count"] = parent.get("reply_count", 0) + 1
                parent["latest_reply"] = stored["ts"]
        channel.messages.append(stored)
        return stored

    def find_message(self, channel_id: str, ts: str) -> Message | None:
        """The stored message with that ts, or None (Slack's `message_not_found`)."""
        channel = self.channels.get(channel_id)
        if channel is None:
            return None
        return next((m for m in channel.messages if m["ts"] == ts), None)

    def delete_message(self, channel_id: str, ts: str) -> bool:
        """Remove a message; False when there was none."""
        channel = self.channels.get(channel_id)
        message = self.find_message(channel_id, ts)
        if channel is None or message is None:
            return False
        channel.messages.remove(message)
        return True

    def post_ephemeral(self, channel_id: str, user_id: str, message: Message) -> Message:
        """Record a message only `user_id` saw; it is never returned by history, as in Slack."""
        stored: Message = {
            "type": "message",
            "ts": self.next_ts(),
            "channel": channel_id,
            "user": user_id,
            "text": "",
            "blocks": None,
            "thread_ts": None,
        }
        stored.update(copy.deepcopy(message))
        self.ephemeral.setdefault((channel_id, user_id), []).append(stored)
        return stored

    def find_ephemeral(self, channel_id: str, user_id: str, ts: str) -> Message | None:
        """An ephemeral message by ts, for clicks and `replace_original` on ephemeral replies."""
        found = self.ephemeral.get((channel_id, user_id), [])
        return next((m for m in found if m["ts"] == ts), None)

    # ---------------------------------------------------------- queries for the tests

    def messages(self, channel_id: str) -> list[Message]:
        """Everything posted in a conversation in order, thread replies included.

        A user id means that person's DM with the bot; asking never opens one.
        """
        channel = self.channels.get(self.dm_channel(channel_id) or channel_id)
        return list(channel.messages) if channel is not None else []

    def thread(self, channel_id: str, ts: str) -> list[Message]:
        """A thread's parent followed by its replies."""
        return [m for m in self.messages(channel_id) if m["ts"] == ts or m.get("thread_ts") == ts]

    def dm_channel(self, user_id: str) -> str | None:
        """The id of the bot's DM with that person, if it exists yet."""
        for channel in self.channels.values():
            if channel.kind == "im" and channel.user == user_id:
                return channel.id
        return None

    def dm_messages(self, user_id: str) -> list[Message]:
        """What the bot and the person said to each other in their DM."""
        channel_id = self.dm_channel(user_id)
        return self.messages(channel_id) if channel_id is not None else []

    def ephemerals(self, user_id: str) -> list[Message]:
        """Every ephemeral message shown to that person, in any conversation, oldest first."""
        found = [m for (_, user), ms in self.ephemeral.items() if user == user_id for m in ms]
        return sorted(found, key=lambda m: float(m["ts"]))

    def home_view(self, user_id: str) -> dict[str, Any] | None:
        """The Home tab last published for that person."""
        return self.home_views.get(user_id)

    def open_modals(self, user_id: str) -> list[dict[str, Any]]:
        """Modals currently open for that person, bottom of the stack first."""
        return [v for v in self.modals.values() if v.get("user_id") == user_id]
