"""The weekly digest's schedule: which period is due at `now`, then posting it through delivery."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy import func, select

from bot.blocks.digest import DigestMessages
from bot.delivery.digest import DigestPostFailed, post_digest, render_digest
from bot.delivery.pacing import Pacer
from bot.delivery.workspace_clients import WorkspaceClients, as_workspace_clients
from core.calendar import numbered_sessions
from core.periods import Period
from core.time import local_to_utc
from storage.models import Collaborative, Digest
from storage.uow import UnitOfWork, UnitOfWorkFactory

log = logging.getLogger(__name__)

#: A digest missed by more than this (the bot was down for days) is not posted late.
GRACE = timedelta(days=3)
#: After the last session, once this long has passed, the rhythm turns monthly.
MONTHLY_AFTER = timedelta(days=7)

__all__ = ["GRACE", "MONTHLY_AFTER", "Period", "due_period", "run_digests"]


def _weekly_anchor(c: Collaborative, now: datetime) -> datetime:
    """The latest scheduled digest instant at or before `now`, on the local calendar (DST-safe)."""
    tz = ZoneInfo(c.timezone)
    day = now.astimezone(tz).date()
    day -= timedelta(days=(day.weekday() - c.digest_weekday) % 7)
    anchor = local_to_utc(day, c.digest_time, tz)
    if anchor > now:
        anchor = local_to_utc(day - timedelta(days=7), c.digest_time, tz)
    return anchor


def _monthly_anchor(c: Collaborative, now: datetime) -> datetime:
    """The first digest weekday of the month at or before `now` (this month's or last month's)."""
    tz = ZoneInfo(c.timezone)
    local = now.astimezone(tz).date()
    this_month = local.replace(day=1)
    for month_start in (this_month, (this_month - timedelta(days=1)).replace(day=1)):
        day = month_start + timedelta(days=(c.digest_weekday - month_start.weekday()) % 7)
        anchor = local_to_utc(day, c.digest_time, tz)
        if anchor <= now:
            return anchor
    raise AssertionError("a month always has its first weekday")


async def due_period(uow: UnitOfWork, c: Collaborative, now: datetime) -> Period | None:
    """The period whose digest is due at `now`, or None (closed, too late, nothing scheduled)."""
    if c.closed_at is not None:
        return None
    sessions = await numbered_sessions(uow, c.id)
    finished = bool(sessions) and all(s.starts_at + MONTHLY_AFTER <= now for s in sessions)
    tz = ZoneInfo(c.timezone)
    if finished:
        end = _monthly_anchor(c, now)
        # The month since the previous monthly digest, or since the last weekly one if later.
        start = _monthly_anchor(c, end - timedelta(seconds=1))
        latest = await uow.session.scalar(
            select(func.max(Digest.period_end)).where(
                Digest.collaborative_id == c.id, Digest.period_end < end
            )
        )
        if latest is not None:
            start = max(start, latest if latest.tzinfo else latest.replace(tzinfo=UTC))
    else:
        end = _weekly_anchor(c, now)
        start = local_to_utc(end.astimezone(tz).date() - timedelta(days=7), c.digest_time, tz)
    if now - end > GRACE or end < c.created_at:
        return None
    return Period(start=start, end=end, monthly=finished)


async def run_digests(
    uow_factory: UnitOfWorkFactory,
    client: AsyncWebClient | WorkspaceClients | None,
    now: datetime,
    dry_run: bool = False,
    *,
    pacer: Pacer | None = None,
) -> list[tuple[Collaborative, Period, DigestMessages | None]]:
    """Post every collaborative's due digest (or, with dry_run, only draw it), each with its
    workspace's client; a workspace without one (uninstalled) is skipped and nothing claimed."""
    done: list[tuple[Collaborative, Period, DigestMessages | None]] = []
    async with uow_factory() as uow:
        collaboratives = list(await uow.repos.collaboratives.all())
        due = [(c, await due_period(uow, c, now)) for c in collaboratives]
    for c, period in due:
        if period is None:
            continue
        if dry_run:
            async with uow_factory() as uow:
                already = await uow.session.scalar(
                    select(Digest).where(
                        Digest.collaborative_id == c.id, Digest.period_end == period.end
                    )
                )
                messages = (
                    None
                    if already
                    else await render_digest(
                        uow, c, period.start, period.end, period.monthly, read_at=now
                    )
                )
            done.append((c, period, messages))
            continue
        assert client is not None
        workspace_client = await as_workspace_clients(client).for_collaborative(c.id)
        if workspace_client is None:
            log.info("collaborative %s: its workspace has no token (uninstalled); no digest", c.id)
            continue
        try:
            if await post_digest(uow_factory, workspace_client, c, period, now=now, pacer=pacer):
                done.append((c, period, None))
        except (SlackApiError, DigestPostFailed) as error:
            log.warning("digest for collaborative %s failed: %s", c.id, error)
    return done
