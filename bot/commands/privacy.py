"""Handlers for `/plan privacy`, `/plan forget me`, `/plan member forget @person` and
`/plan settings retention <days>`.

Forgetting cannot be undone, so typing the command only asks, with a button; the button sends
the command back with ``confirm`` (bot.listeners.confirm) and only then is anything removed.
The answers never repeat the forgotten person's mention: nothing said afterwards identifies them.
"""

from __future__ import annotations

import logging

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.blocks.privacy import privacy_reply
from bot.blocks.reply import Reply, section
from bot.commands.base import Request, handles, say
from bot.commands.calendar import confirm_buttons
from bot.commands.settings import settings_reply
from bot.grammar_privacy_commands import (
    ForgetMeCmd,
    MemberForgetCmd,
    PrivacyCmd,
    SettingsRetentionCmd,
)
from core import privacy, retention
from core.i18n import _

log = logging.getLogger(__name__)


async def slack_names(client: AsyncWebClient, user_id: str) -> list[str]:
    """Every name Slack knows the person by (username, real and display names), so mentions
    of them typed as plain text are found too. A failure costs only those extra names: the
    stored display name is always scrubbed. Logged without the id, which is being forgotten."""
    try:
        response = await client.users_info(user=user_id)
    except SlackApiError:
        log.warning("users.info failed while forgetting someone; their stored name is used")
        return []
    user = response.get("user") or {}
    profile = user.get("profile") or {}
    names = (
        user.get("name"),
        user.get("real_name"),
        profile.get("real_name"),
        profile.get("display_name"),
    )
    return [str(n) for n in names if n]


@handles(PrivacyCmd)
async def show_privacy(cmd: PrivacyCmd, req: Request) -> list[Reply]:
    c = req.ctx.collaborative
    return privacy_reply(retention.retention_days(c), retention.purge_at(c), req.ctx.viewer_tz)


def _question(text: str, confirm_label: str, command: str) -> list[Reply]:
    return [
        Reply(
            text=text,
            blocks=[section(text), confirm_buttons(confirm_label, command, _("Keep it"))],
        )
    ]


@handles(ForgetMeCmd)
async def forget_me(cmd: ForgetMeCmd, req: Request) -> list[Reply]:
    if not cmd.confirmed:
        return _question(
            _(
                ":warning: Forget you? I will remove your Slack id, name and time zone, the "
                "text of your notes, replies and questions, and the reminders still owed to you. "
                "Commitments you owned stay with your organization, without an owner. This "
                "can't be undone."
            ),
            _("Forget me"),
            "forget me confirm",
        )
    await privacy.forget_me(req.uow, req.ctx, await slack_names(req.client, req.ctx.user_id))
    return say(
        _(
            ":white_check_mark: Done: you are forgotten. Nothing I keep identifies you any more. "
            "If you use `/plan` again I start a new record; `/plan privacy` says what it holds."
        )
    )


@handles(MemberForgetCmd)
async def member_forget(cmd: MemberForgetCmd, req: Request) -> list[Reply]:
    privacy.check_member_forget(req.ctx)
    if not cmd.confirmed:
        return _question(
            _(
                ":warning: Forget <@{person}>? I will remove their Slack id, name and time zone, "
                "the text of their notes, replies and questions, and the reminders still owed to "
                "them. Their commitments stay with their organization, without an owner. This "
                "can't be undone."
            ).format(person=cmd.user_id),
            _("Forget them"),
            f"member forget <@{cmd.user_id}> confirm",
        )
    names = await slack_names(req.client, cmd.user_id)
    await privacy.forget_member(req.uow, req.ctx, cmd.user_id, names)
    return say(
        _(
            ":white_check_mark: Done: that person is forgotten, and their commitments stay with "
            "their organization without an owner. `/plan list all` shows them."
        )
    )


@handles(SettingsRetentionCmd)
async def retention_setting(cmd: SettingsRetentionCmd, req: Request) -> list[Reply]:
    c = await retention.set_retention(req.uow, req.ctx, cmd.days)
    return settings_reply(
        c,
        _("People's data is kept {days} days after the collaborative closes, then deleted.").format(
            days=cmd.days
        ),
    )
