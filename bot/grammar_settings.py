"""`/plan settings …`: the collaborative's channels, digest time, zone, quiet hours and nudges.

Values are validated here (a zone must exist, a time must be a time) so the service layer only
stores them; it still decides who may change them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, time

from bot.grammar_commands import (
    Command,
    SettingsChannelCmd,
    SettingsDigestCmd,
    SettingsNudgeCmd,
    SettingsQuietCmd,
    SettingsShowCmd,
    SettingsTaChannelCmd,
    SettingsTimezoneCmd,
    SettingsWeekendsCmd,
)
from bot.grammar_language import settings_language
from bot.grammar_privacy import settings_retention
from bot.grammar_text import (
    Args,
    Handler,
    group,
    no_arguments,
)
from bot.grammar_usage import NUDGE_KEYS
from bot.grammar_values import (
    channel_id,
)
from core.i18n import _
from core.time import (
    ClockError,
    QuietWindowError,
    TimezoneError,
    WeekdayError,
    parse_clock,
    parse_quiet_window,
    parse_timezone,
    parse_weekday,
)

NUDGE_DAYS_MAX = 60
_ON = ("on", "yes", "true", "allow", "allowed")
_OFF = ("off", "no", "false", "skip")


def _channel(build: Callable[[str], Command], example: str) -> Handler:
    """A handler taking exactly one ``<#C…>`` channel mention."""

    def handler(args: Args, today: date) -> Command:
        token = args.next(_("Which channel? Mention it, like `{example}`.").format(example=example))
        found = channel_id(token)
        if found is None:
            args.fail(
                _(
                    "“{typed}” isn't a channel mention. Type # and pick the channel from the "
                    "list so it becomes a link."
                ).format(typed=token.text)
            )
        args.done()
        return build(found)

    return handler


def _clock(args: Args, missing: str) -> time:
    """A time of day, allowing ``9 am`` as two words."""
    text = args.next(missing).text
    suffix = args.peek()
    if suffix is not None and suffix.is_word("am", "pm", "a.m.", "p.m."):
        args.take()
        text += suffix.inner
    try:
        return parse_clock(text)
    except ClockError as error:
        args.fail(str(error))


def _digest(args: Args, today: date) -> Command:
    """``settings digest <weekday> [at] <HH:MM>``."""
    example = "`/plan settings digest monday 09:00`"
    token = args.next(_("Give a weekday and a time, like {example}.").format(example=example))
    try:
        weekday = parse_weekday(token.text)
    except WeekdayError as error:
        args.fail(str(error))
    following = args.peek()
    if following is not None and following.is_word("at"):
        args.take()
    at = _clock(args, _("Give the time too, like {example}.").format(example=example))
    args.done()
    return SettingsDigestCmd(weekday, at)


def _timezone(args: Args, today: date) -> Command:
    """``settings timezone <Area/City>``, stored under its canonical IANA name."""
    token = args.next(_("Which time zone? Like `/plan settings timezone America/Chicago`."))
    try:
        zone = parse_timezone(token.text)
    except TimezoneError as error:
        args.fail(str(error))
    args.done()
    return SettingsTimezoneCmd(zone.key)


def _quiet(args: Args, today: date) -> Command:
    """``settings quiet 18:00-09:00``; ``off`` (or ``none``) clears quiet hours (start == end)."""
    tokens = args.remaining()
    if not tokens:
        args.fail(_("Give the quiet hours, like `/plan settings quiet 18:00-09:00`."))
    if len(tokens) == 1 and tokens[0].is_word("off", "none"):
        return SettingsQuietCmd(time(0, 0), time(0, 0))
    try:
        start, end = parse_quiet_window(" ".join(token.text for token in tokens))
    except QuietWindowError as error:
        args.fail(str(error))
    return SettingsQuietCmd(start, end)


def _nudge_key(typed: str) -> str:
    """``checkin-days`` from ``checkin``, ``check-in``, ``checkin_days``, ``Stale`` …"""
    key = typed.lower().replace("_", "-").replace("check-in", "checkin")
    return key if key.endswith("-days") else f"{key}-days"


def _nudge(args: Args, today: date) -> Command:
    """``settings nudge <key> <n>`` with n in 0–60 days."""
    token = args.next(_("Which nudge? One of {keys}.").format(keys=", ".join(NUDGE_KEYS)))
    key = _nudge_key(token.inner)
    if token.quoted or key not in NUDGE_KEYS:
        args.fail(
            _("“{typed}” isn't a nudge setting. Use one of {keys}.").format(
                typed=token.text, keys=", ".join(NUDGE_KEYS)
            )
        )
    value = args.next(_("Give a number of days from 0 to {limit}.").format(limit=NUDGE_DAYS_MAX))
    digits = "" if value.quoted else value.inner
    if not re.fullmatch(r"[0-9]{1,2}", digits) or int(digits) > NUDGE_DAYS_MAX:
        args.fail(
            _("“{typed}” isn't a number of days from 0 to {limit}.").format(
                typed=value.text, limit=NUDGE_DAYS_MAX
            )
        )
    args.done()
    return SettingsNudgeCmd(key, int(value.inner))


def _weekends(args: Args, today: date) -> Command:
    """``settings weekends on|off``: on lets nudges go out on Saturdays and Sundays."""
    token = args.next(_("Say on or off, like `/plan settings weekends off`."))
    if not token.is_word(*_ON, *_OFF):
        args.fail(_("“{typed}” isn't on or off.").format(typed=token.text))
    args.done()
    return SettingsWeekendsCmd(token.is_word(*_ON))


settings: Handler = group(
    "settings",
    {
        "show": no_arguments(SettingsShowCmd()),
        "channel": _channel(SettingsChannelCmd, "/plan settings channel #follow-through"),
        "ta-channel": _channel(SettingsTaChannelCmd, "/plan settings ta-channel #ta-team"),
        "digest": _digest,
        "timezone": _timezone,
        "quiet": _quiet,
        "nudge": _nudge,
        "weekends": _weekends,
        "language": settings_language,
        "retention": settings_retention,
    },
    aliases={
        "tachannel": "ta-channel",
        "ta_channel": "ta-channel",
        "tz": "timezone",
        "time-zone": "timezone",
        "zone": "timezone",
        "weekend": "weekends",
        "nudges": "nudge",
        "idioma": "language",
    },
    default=SettingsShowCmd(),
)
