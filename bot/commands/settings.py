"""Handlers for `/plan settings …`, `/plan close` and `/plan reopen`."""

from __future__ import annotations

from datetime import time

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
from core.i18n import N_, _, ngettext
from storage.models import Collaborative

#: Monday first, as Python numbers weekdays; plural because the digest comes every week.
WEEKDAYS_PLURAL = (
    N_("Mondays"),
    N_("Tuesdays"),
    N_("Wednesdays"),
    N_("Thursdays"),
    N_("Fridays"),
    N_("Saturdays"),
    N_("Sundays"),
)


def _hhmm(value: object) -> str:
    return value.strftime("%H:%M") if hasattr(value, "strftime") else "—"


def _days(count: int) -> str:
    return ngettext("{count} day", "{count} days", count).format(count=count)


def _channel(channel_id: str | None) -> str:
    return channel(channel_id) if channel_id else _("_not set_")


def settings_lines(c: Collaborative) -> list[str]:
    quiet = (
        f"{_hhmm(c.quiet_start)}–{_hhmm(c.quiet_end)}"
        if c.quiet_start is not None and c.quiet_end is not None
        else _("none")
    )
    return [
        _("*Time zone:* {zone}").format(zone=c.timezone),
        _("*Digest channel:* {channel}").format(channel=_channel(c.digest_channel_id)),
        _("*TA channel:* {channel}").format(channel=_channel(c.ta_channel_id)),
        _("*Weekly digest:* {weekdays} at {time}").format(
            weekdays=_(WEEKDAYS_PLURAL[c.digest_weekday]), time=_hhmm(c.digest_time)
        ),
        _("*Quiet hours:* {hours} (each person's own time zone)").format(hours=quiet),
        _("*Weekends:* no nudges") if c.skip_weekends else _("*Weekends:* nudges allowed"),
        _("*Check-in:* {days} after a session, from {time}").format(
            days=_days(c.checkin_days), time=_hhmm(c.checkin_time)
        ),
        _("*Due soon:* {days} before the due date").format(days=_days(c.due_soon_days)),
        _("*Overdue:* the day after, then every {days}").format(days=_days(c.overdue_repeat_days)),
        _("*Stale:* after {days} without an update").format(days=_days(c.stale_days)),
        _("*Before a session:* {days} ahead").format(days=_days(c.before_session_days)),
        _("*Status:* closed") if c.closed_at else _("*Status:* running"),
        _("*People's data:* kept {days} days after the collaborative closes").format(
            days=retention.retention_days(c)
        ),
    ]


def settings_reply(c: Collaborative, changed: str | None = None) -> list[Reply]:
    blocks = [header(_("Settings")), section("\n".join(settings_lines(c)))]
    if changed:
        blocks.insert(0, section(f":white_check_mark: {changed}"))
    blocks.append(
        context(_("Change one with `/plan settings <name> <value>`; `/plan help` lists them."))
    )
    return [Reply(text=changed or _("Settings"), blocks=blocks)]


@handles(SettingsShowCmd)
async def show(cmd: SettingsShowCmd, req: Request) -> list[Reply]:
    return settings_reply(preferences.show(req.ctx))


@handles(SettingsChannelCmd)
async def digest_channel(cmd: SettingsChannelCmd, req: Request) -> list[Reply]:
    c = await preferences.set_digest_channel(req.uow, req.ctx, cmd.channel_id)
    return settings_reply(
        c,
        _("The weekly digest goes to <#{channel}>. Invite me there.").format(
            channel=cmd.channel_id
        ),
    )


@handles(SettingsTaChannelCmd)
async def ta_channel(cmd: SettingsTaChannelCmd, req: Request) -> list[Reply]:
    c = await preferences.set_ta_channel(req.uow, req.ctx, cmd.channel_id)
    return settings_reply(
        c, _("Questions and help requests go to <#{channel}>.").format(channel=cmd.channel_id)
    )


@handles(SettingsDigestCmd)
async def digest_time(cmd: SettingsDigestCmd, req: Request) -> list[Reply]:
    c = await preferences.set_digest_time(req.uow, req.ctx, cmd.weekday, cmd.at)
    return settings_reply(
        c,
        _("The digest is posted on {weekdays} at {time}.").format(
            weekdays=_(WEEKDAYS_PLURAL[cmd.weekday]), time=_hhmm(cmd.at)
        ),
    )


@handles(SettingsTimezoneCmd)
async def timezone(cmd: SettingsTimezoneCmd, req: Request) -> list[Reply]:
    c = await preferences.set_timezone(req.uow, req.ctx, cmd.tz)
    return settings_reply(c, _("The collaborative's time zone is {zone}.").format(zone=cmd.tz))


@handles(SettingsQuietCmd)
async def quiet(cmd: SettingsQuietCmd, req: Request) -> list[Reply]:
    c = await preferences.set_quiet_hours(req.uow, req.ctx, cmd.start, cmd.end)
    said = _("Quiet hours updated.")
    open_hours = _open_hours(cmd.start, cmd.end)
    if open_hours is not None and open_hours < MIN_OPEN_HOURS:
        # Taken as typed (a TA may mean it), but never silently: "11:30-11:00" is 23½ quiet hours.
        said += " " + _(
            ":warning: That leaves only {hours} a day when nudges, shares and answers can reach "
            "people; if you meant the other way round, type the times swapped."
        ).format(hours=_hours_words(open_hours))
    return settings_reply(c, said)


#: Fewer hours than this open for nudges a day reads like a typo (the times swapped).
MIN_OPEN_HOURS = 6


def _open_hours(start: time | None, end: time | None) -> float | None:
    """Hours a day outside the quiet window `start`–`end` (which may wrap past midnight)."""
    if start is None or end is None:
        return None
    quiet = (end.hour * 60 + end.minute - start.hour * 60 - start.minute) % (24 * 60)
    return (24 * 60 - quiet) / 60


def _hours_words(hours: float) -> str:
    if hours == int(hours):
        count = int(hours)
        return ngettext("{count} hour", "{count} hours", count).format(count=count)
    return _("{count} hours").format(count=f"{hours:g}")


@handles(SettingsNudgeCmd)
async def nudge_days(cmd: SettingsNudgeCmd, req: Request) -> list[Reply]:
    c = await preferences.set_nudge_days(req.uow, req.ctx, cmd.key, cmd.value)
    return settings_reply(
        c, _("{setting} is now {value}.").format(setting=cmd.key, value=cmd.value)
    )


@handles(SettingsWeekendsCmd)
async def weekends(cmd: SettingsWeekendsCmd, req: Request) -> list[Reply]:
    c = await preferences.set_weekends(req.uow, req.ctx, cmd.allowed)
    return settings_reply(
        c, _("Weekend nudges are on.") if cmd.allowed else _("Weekend nudges are off.")
    )


@handles(CloseCmd)
async def close(cmd: CloseCmd, req: Request) -> list[Reply]:
    c = await preferences.close(req.uow, req.ctx)
    purge = retention.purge_at(c)
    assert purge is not None
    kept = _(
        "People's data is deleted on {date} ({days} days from now; "
        "`/plan settings retention <days>` changes it), and the shared channel and the TA team "
        "are told two weeks before."
    ).format(
        date=purge.astimezone(req.ctx.tz).strftime("%Y-%m-%d"), days=retention.retention_days(c)
    )
    return say(
        _(
            "The collaborative is closed: no more nudges or digests. Thank you all! "
            "`/plan reopen` starts the rhythm again."
        )
        + " "
        + kept
    )


@handles(ReopenCmd)
async def reopen(cmd: ReopenCmd, req: Request) -> list[Reply]:
    await preferences.reopen(req.uow, req.ctx)
    return say(_("The collaborative is running again."))
