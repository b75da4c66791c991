"""The privacy sub-commands: `/plan privacy`, `/plan forget me`, `/plan member forget @person`
and `/plan settings retention <days>` (re-exported by :mod:`bot.grammar`).

Kept apart so the privacy work touches the shared grammar files in one line each. ``confirm``
after a forget is what the confirmation button sends back (see bot.listeners.confirm): typing
the command asks first, clicking runs it.
"""

from __future__ import annotations

import re
from datetime import date

from bot.grammar_commands import Command
from bot.grammar_privacy_commands import (
    ForgetMeCmd,
    MemberForgetCmd,
    PrivacyCmd,
    SettingsRetentionCmd,
)
from bot.grammar_text import Args, Handler, group
from bot.grammar_values import mention
from core.i18n import _
from core.retention import RETENTION_MAX, RETENTION_MIN

__all__ = [
    "MEMBER_FORGET",
    "PRIVACY_COMMANDS",
    "ForgetMeCmd",
    "MemberForgetCmd",
    "PrivacyCmd",
    "SettingsRetentionCmd",
    "settings_retention",
]


def _confirm(args: Args, example: str) -> bool:
    token = args.take()
    if token is not None and not token.is_word("confirm"):
        args.fail(_("`{command}` takes nothing after it.").format(command=example))
    args.done()
    return token is not None


def _forget_me(args: Args, today: date) -> Command:
    return ForgetMeCmd(confirmed=_confirm(args, "/plan forget me"))


def _member_forget(args: Args, today: date) -> Command:
    example = "/plan member forget @maria"
    user = mention(args, _("Who? Mention them, like `{example}`.").format(example=example))
    return MemberForgetCmd(user, confirmed=_confirm(args, example))


def _privacy(args: Args, today: date) -> Command:
    args.done()
    return PrivacyCmd()


def settings_retention(args: Args, today: date) -> Command:
    """``settings retention <days>``, from RETENTION_MIN to RETENTION_MAX."""
    value = args.next(
        _("Give a number of days from {low} to {high}.").format(
            low=RETENTION_MIN, high=RETENTION_MAX
        )
    )
    digits = "" if value.quoted else value.inner
    if not re.fullmatch(r"[0-9]{1,4}", digits) or not RETENTION_MIN <= int(digits) <= RETENTION_MAX:
        args.fail(
            _("“{typed}” isn't a number of days from {low} to {high}.").format(
                typed=value.text, low=RETENTION_MIN, high=RETENTION_MAX
            )
        )
    args.done()
    return SettingsRetentionCmd(int(digits))


PRIVACY_COMMANDS: dict[str, Handler] = {
    "privacy": _privacy,
    "forget": group("forget", {"me": _forget_me}),
}
MEMBER_FORGET: Handler = _member_forget
