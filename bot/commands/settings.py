"""Handlers for `/plan settings …`, `/plan close` and `/plan reopen`."""

from __future__ import annotations

import calendar as weekdays

from bot.blocks.reply import Reply, context, header, section
from bot.commands.base import Request, handles, say
from bot.grammar import (
    CloseCmd,
    ReopenCmd,
    SettingsChannelCmd,
    SettingsDigestCmd,
    SettingsNudgeCmd,
    SettingsQuietCmd,
    SettingsShowCmd,
    SettingsTaChannelCmd,
    SettingsTimezoneCmd,
    SettingsWeekendsCmd,
)
from bot.mrkdwn import channel
from core import preferences, retention
from core.i18n import _
from core.retention import retention_days
from storage.models import Collaborative


def _hhmm(value: object) -> str:
    return value.strftime("%H:%M") if hasattr(value, "strftime") else "—"


def _days(count: int) -> str:
    return f"{count} day" if count == 1 else f"{count} days"


def settings_lines(c: Collaborative) -> list[str]:
    quiet = (
        f"{_hhmm(c.quiet_start)}–{_hhmm(c.quiet_end)}"
        if c.quiet_start is not None and c.quiet_end is not None
        else "none"
    )
    return [
        f"*Time zone:* {c.timezone}",
        f"*Digest channel:* {channel(c.digest_channel_id)}",
        f"*TA channel:* {channel(c.ta_channel_id)}",
        f"*Weekly digest:* {weekdays.day_name[c.digest_weekday]}s at {_hhmm(c.digest_time)}",
        f"*Quiet hours:* {quiet} (each person's own time zone)",
        f"*Weekends:* {'no nudges' if c.skip_weekends else 'nudges allowed'}",
        f"*Check-in:* {_days(c.checkin_days)} after a session, from {_hhmm(c.checkin_time)}",
        f"*Due soon:* {_days(c.due_soon_days)} before the due date",
        f"*Overdue:* the day after, then every {_days(c.overdue_repeat_days)}",
        f"*Stale:* after {_days(c.stale_days)} without an update",
        f"*Before a session:* {_days(c.before_session_days)} ahead",
        f"*Status:* {'closed' if c.closed_at else 'running'}",
        _("*People's data:* kept {days} days after the collaborative closes").format(
            days=retention.retention_days(c)
        ),
    ]


def settings_reply(c: Collaborative, changed: str | None = None) -> list[Reply]:
    blocks = [header("Settings"), section("\n".join(settings_lines(c)))]
    if changed:
        blocks.insert(0, section(f":white_check_mark: {changed}"))
    blocks.append(
        context("Change one with `/plan settings <name> <value>`; `/plan help` lists them.")
    )
    return [Reply(text=changed or "Settings", blocks=blocks)]


@handles(SettingsShowCmd)
async def show(cmd: SettingsShowCmd, req: Request) -> list[Reply]:
    return settings_reply(preferences.show(req.ctx))


@handles(SettingsChannelCmd)
async def digest_channel(cmd: SettingsChannelCmd, req: Request) -> list[Reply]:
    c = await preferences.set_digest_channel(req.uow, req.ctx, cmd.channel_id)
    return settings_reply(c, f"The weekly digest goes to <#{cmd.channel_id}>. Invite me there.")


@handles(SettingsTaChannelCmd)
async def ta_channel(cmd: SettingsTaChannelCmd, req: Request) -> list[Reply]:
    c = await preferences.set_ta_channel(req.uow, req.ctx, cmd.channel_id)
    return settings_reply(c, f"Questions and help requests go to <#{cmd.channel_id}>.")


@handles(SettingsDigestCmd)
async def digest_time(cmd: SettingsDigestCmd, req: Request) -> list[Reply]:
    c = await preferences.set_digest_time(req.uow, req.ctx, cmd.weekday, cmd.at)
    day = weekdays.day_name[cmd.weekday]
    return settings_reply(c, f"The digest is posted on {day}s at {_hhmm(cmd.at)}.")


@handles(SettingsTimezoneCmd)
async def timezone(cmd: SettingsTimezoneCmd, req: Request) -> list[Reply]:
    c = await preferences.set_timezone(req.uow, req.ctx, cmd.tz)
    return settings_reply(c, f"The collaborative's time zone is {cmd.tz}.")


@handles(SettingsQuietCmd)
async def quiet(cmd: SettingsQuietCmd, req: Request) -> list[Reply]:
    c = await preferences.set_quiet_hours(req.uow, req.ctx, cmd.start, cmd.end)
    return settings_reply(c, "Quiet hours updated.")


@handles(SettingsNudgeCmd)
async def nudge_days(cmd: SettingsNudgeCmd, req: Request) -> list[Reply]:
    c = await preferences.set_nudge_days(req.uow, req.ctx, cmd.key, cmd.value)
    return settings_reply(c, f"{cmd.key} is now {cmd.value}.")


@handles(SettingsWeekendsCmd)
async def weekends(cmd: SettingsWeekendsCmd, req: Request) -> list[Reply]:
    c = await preferences.set_weekends(req.uow, req.ctx, cmd.allowed)
    return settings_reply(c, f"Weekend nudges are {'on' if cmd.allowed else 'off'}.")


@handles(CloseCmd)
async def close(cmd: CloseCmd, req: Request) -> list[Reply]:
    c = await preferences.close(req.uow, req.ctx)
    purge = retention.purge_at(c)
    assert purge is not None
    kept = _(
        "People's data is deleted on {date} ({days} days from now; "
        "`/plan settings retention <days>` changes it), and the shared channel and the TA team "
        "are told two weeks before."
    ).format(date=purge.astimezone(req.ctx.tz).strftime("%Y-%m-%d"), days=retention_days(c))
    return say(
        "The collaborative is closed: no more nudges or digests. Thank you all! "
        "`/plan reopen` starts the rhythm again. " + kept
    )


@handles(ReopenCmd)
async def reopen(cmd: ReopenCmd, req: Request) -> list[Reply]:
    await preferences.reopen(req.uow, req.ctx)
    return say("The collaborative is running again.")
