"""Who may see and post where: the membership rules behind `channel_not_found`/`not_in_channel`."""

from __future__ import annotations

from sandbox.errors import SlackError
from sandbox.workspace import Channel, Workspace


def conversation(
    workspace: Workspace, channel_id: str | None, *, user_means_dm: bool = False
) -> Channel:
    """The conversation a `channel` argument names, if the bot may see it."""
    channel = workspace.resolve(channel_id, user_means_dm=user_means_dm) if channel_id else None
    if channel is None:
        raise SlackError("channel_not_found")
    if channel.is_private and workspace.bot_user_id not in channel.members:
        # Slack hides private conversations the bot is not in; only channels say not_in_channel.
        if channel.kind == "channel":
            raise SlackError("not_in_channel")
        raise SlackError("channel_not_found")
    return channel


def postable(
    workspace: Workspace, channel_id: str | None, *, user_means_dm: bool = False
) -> Channel:
    """A conversation the bot may post into; a departed person's DM is archived in Slack.

    Without the `chat:write.public` scope (our manifest doesn't ask for it) a bot can post only
    in channels it was invited to, public ones included.
    """
    channel = conversation(workspace, channel_id, user_means_dm=user_means_dm)
    if channel.kind == "channel" and workspace.bot_user_id not in channel.members:
        raise SlackError("not_in_channel")
    if channel.kind == "im" and channel.user is not None:
        user = workspace.users.get(channel.user)
        if user is not None and user.deleted:
            raise SlackError("is_archived")
    return channel
