"""Pausing nudges for someone who is away: nobody should be chased on vacation."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from core.access import require_known
from core.context import Context
from core.errors import Refusal
from core.i18n import _
from core.time import local_to_utc
from storage.uow import UnitOfWork

#: A pause without an end date lasts until `/plan resume`; stored as a far-off instant so the
#: planner needs only one comparison.
INDEFINITE = datetime(9999, 1, 1, tzinfo=UTC)


async def pause(uow: UnitOfWork, ctx: Context, until: date | None) -> datetime:
    """Returns when nudges start again (INDEFINITE for an open-ended pause)."""
    person = require_known(ctx, "pause")
    zone = ZoneInfo(person.timezone or ctx.collaborative.timezone)
    today = ctx.now.astimezone(zone).date()
    if until is not None and until <= today:
        raise Refusal(_("Pick a date after today for the end of your pause."), "pause")
    # Back on the morning of the given day, in the person's own time zone.
    resumes = local_to_utc(until, time(0, 0), zone) if until else INDEFINITE
    person.paused_until = resumes
    person.paused_at = ctx.now
    await uow.commit()
    return resumes


async def resume(uow: UnitOfWork, ctx: Context) -> bool:
    """Returns False when they weren't paused, so the reply can say so."""
    person = require_known(ctx, "resume")
    was_paused = person.paused_until is not None and person.paused_until > ctx.now
    person.paused_until = None
    person.paused_at = None
    await uow.commit()
    return was_paused


def is_paused(paused_until: datetime | None, now: datetime) -> bool:
    return paused_until is not None and paused_until > now
