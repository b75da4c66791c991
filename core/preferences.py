"""Collaborative settings a TA provider changes with `/plan settings …`."""

from __future__ import annotations

from datetime import time
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from core.access import require_ta
from core.context import Context
from core.errors import Refusal
from core.i18n import _
from storage.models import Collaborative
from storage.uow import UnitOfWork

NUDGE_KEYS = {
    "checkin-days": "checkin_days",
    "due-soon-days": "due_soon_days",
    "stale-days": "stale_days",
    "before-session-days": "before_session_days",
}


def show(ctx: Context) -> Collaborative:
    require_ta(ctx, "settings")
    return ctx.collaborative


async def _save(uow: UnitOfWork, ctx: Context, usage_key: str, **values: object) -> Collaborative:
    require_ta(ctx, usage_key)
    collaborative = ctx.collaborative
    for name, value in values.items():
        setattr(collaborative, name, value)
    uow.session.add(collaborative)
    await uow.commit()
    return collaborative


async def set_digest_channel(uow: UnitOfWork, ctx: Context, channel_id: str) -> Collaborative:
    return await _save(uow, ctx, "settings channel", digest_channel_id=channel_id)


async def set_ta_channel(uow: UnitOfWork, ctx: Context, channel_id: str) -> Collaborative:
    return await _save(uow, ctx, "settings ta-channel", ta_channel_id=channel_id)


async def set_digest_time(uow: UnitOfWork, ctx: Context, weekday: int, at: time) -> Collaborative:
    return await _save(uow, ctx, "settings digest", digest_weekday=weekday, digest_time=at)


async def set_timezone(uow: UnitOfWork, ctx: Context, name: str) -> Collaborative:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise Refusal(
            _("“{name}” isn't a time zone I know.").format(name=name), "settings timezone"
        ) from None
    return await _save(uow, ctx, "settings timezone", timezone=name)


async def set_quiet_hours(uow: UnitOfWork, ctx: Context, start: time, end: time) -> Collaborative:
    if start == end:
        return await _save(uow, ctx, "settings quiet", quiet_start=None, quiet_end=None)
    return await _save(uow, ctx, "settings quiet", quiet_start=start, quiet_end=end)


async def set_nudge_days(uow: UnitOfWork, ctx: Context, key: str, value: int) -> Collaborative:
    column = NUDGE_KEYS.get(key)
    if column is None:
        raise Refusal(_("“{key}” isn't a nudge setting.").format(key=key), "settings nudge")
    if not 0 <= value <= 60:
        raise Refusal(_("Use a number of days from 0 to 60."), "settings nudge")
    return await _save(uow, ctx, "settings nudge", **{column: value})


async def set_weekends(uow: UnitOfWork, ctx: Context, allowed: bool) -> Collaborative:
    return await _save(uow, ctx, "settings weekends", skip_weekends=not allowed)


async def close(uow: UnitOfWork, ctx: Context) -> Collaborative:
    return await _save(uow, ctx, "close", closed_at=ctx.now)


async def reopen(uow: UnitOfWork, ctx: Context) -> Collaborative:
    # A later close counts its retention afresh, and its purge is announced again.
    return await _save(uow, ctx, "reopen", closed_at=None, purge_notice_at=None)
