"""What Slack's client makes of what a person types, before the bot sees it.

Slack escapes `&`, `<` and `>`, turns an autocompleted `@name` into `<@U…>` (with `|name` in a
slash command, since the manifest sets `should_escape`), `#channel` into `<#C…|name>`, `@here`
into `<!here>`, and a bare link into `<https://…>`. The page's message box does the same, so the
bot receives exactly what it would from Slack, and typed angle brackets stay text.
"""

from __future__ import annotations

import re

from sandbox.workspace import Workspace

MENTION = re.compile(r"(?<![\w@&])@([A-Za-z0-9][\w.-]*)")
CHANNEL = re.compile(r"(?<![\w#&])#([a-z0-9][a-z0-9_-]*)")
LINK = re.compile(r"(?<![<|\w])(https?://[^\s<>|]+)")
SPECIAL = ("here", "channel", "everyone")
TRAILING = ".,;:!?-"


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _people(workspace: Workspace) -> dict[str, tuple[str, str]]:
    """Lower-cased handle and display name -> (user id, handle), as autocomplete finds them."""
    found: dict[str, tuple[str, str]] = {}
    for user in workspace.users.values():
        if user.deleted:
            continue
        for key in (user.display_name, user.name):
            if key and " " not in key:
                found.setdefault(key.lower(), (user.id, user.name))
    return found


def as_slack_sends(text: str, workspace: Workspace, *, command: bool) -> str:
    """The `text` Slack would deliver for what was typed (a slash command's or a message's)."""
    people = _people(workspace)
    channels = {c.name: c.id for c in workspace.channels.values() if c.kind == "channel"}

    def mention(match: re.Match[str]) -> str:
        word = match.group(1)
        name = word.rstrip(TRAILING)
        rest = word[len(name) :]
        if name.lower() in SPECIAL:
            return f"<!{name.lower()}>{rest}"
        person = people.get(name.lower())
        if person is None:
            return match.group(0)
        user_id, handle = person
        return (f"<@{user_id}|{handle}>" if command else f"<@{user_id}>") + rest

    def channel(match: re.Match[str]) -> str:
        word = match.group(1)
        name = word.rstrip(TRAILING)
        channel_id = channels.get(name)
        if channel_id is None:
            return match.group(0)
        return f"<#{channel_id}|{name}>{word[len(name) :]}"

    def link(match: re.Match[str]) -> str:
        url = match.group(1)
        bare = url.rstrip(TRAILING + ")")
        return f"<{bare}>{url[len(bare) :]}"

    escaped = escape(text)
    return LINK.sub(link, CHANNEL.sub(channel, MENTION.sub(mention, escaped)))
