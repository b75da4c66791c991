"""The weekly digest: which period is due, what it says, and posting it exactly once."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from bot.blocks.digest import DigestMessages, digest_messages
from core import digest as content
from core.calendar import numbered_sessions
from core.time import local_to_utc
from storage.models import Collaborative, Digest, Question, Resource, ResourceShare
from storage.uow import UnitOfWork, UnitOfWorkFactory

log = logging.getLogger(__name__)

METADATA_TYPE = "follow_through_digest"
#: A digest missed by more than this (the bot was down for days) is not posted late.
GRACE = timedelta(days=3)
#: After the last session, once this long has passed, the rhythm turns monthly.
MONTHLY_AFTER = timedelta(days=7)


@dataclass(frozen=True)
class Period:
    start: datetime
    end: datetime
    monthly: bool


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


async def digest_input(
    uow: UnitOfWork, c: Collaborative, start: datetime, end: datetime, monthly: bool
) -> content.DigestInput:
    repos = uow.repos
    organizations = await repos.organizations.all(c.id)
    commitments = await repos.commitments.all(c.id)
    updates = await repos.commitments.updates_since(c.id, start, end)
    people = await repos.people.all(c.id)
    sessions = await numbered_sessions(uow, c.id)
    shares = (
        await uow.session.execute(
            select(ResourceShare, Resource)
            .join(Resource, Resource.id == ResourceShare.resource_id)
            .where(
                Resource.collaborative_id == c.id,
                ResourceShare.at >= start,
                ResourceShare.at < end,
            )
        )
    ).all()
    unique_shares: dict[tuple[int, int | None], content.ShareSnap] = {}
    for share, resource in shares:
        unique_shares.setdefault(
            (resource.id, share.organization_id),
            content.ShareSnap(resource.title, share.organization_id, share.at),
        )
    questions = (
        await uow.session.scalars(select(Question).where(Question.collaborative_id == c.id))
    ).all()
    return content.DigestInput(
        collaborative_name=c.name,
        timezone=c.timezone,
        period_start=start,
        period_end=end,
        organizations=tuple(
            content.OrgSnap(o.id, o.name, o.handle, o.sphere) for o in organizations
        ),
        commitments=tuple(
            content.CommitmentSnap(
                x.id,
                x.number,
                x.organization_id,
                x.title,
                x.owner_slack_id,
                x.due,
                x.status,
                x.updated_at,
            )
            for x in commitments
        ),
        updates=tuple(
            content.UpdateSnap(
                u.commitment_id, u.at, u.kind, u.new_status, u.note, u.actor_slack_id
            )
            for u, _ in updates
        ),
        people=tuple(
            content.PersonSnap(p.slack_user_id, p.organization_id, p.paused_until, p.display_name)
            for p in people
        ),
        sessions=tuple(
            content.SessionSnap(s.number, s.session.title, s.starts_at) for s in sessions
        ),
        resources_shared=tuple(unique_shares.values()),
        questions=tuple(
            content.QuestionSnap(q.asked_at, q.answered_at)
            for q in questions
            if start <= q.asked_at < end
            or (q.answered_at is not None and start <= q.answered_at < end)
            or (q.asked_at < end and q.answered_at is None)
        ),
        monthly=monthly,
    )


async def render_digest(
    uow: UnitOfWork, c: Collaborative, start: datetime, end: datetime, monthly: bool
) -> DigestMessages:
    data = await digest_input(uow, c, start, end, monthly)
    return digest_messages(content.build_digest(data))


async def _claim(uow_factory: UnitOfWorkFactory, c: Collaborative, period: Period) -> int | None:
    """Insert the period's row; the unique (collaborative, period_end) lets only one run win."""
    try:
        async with uow_factory() as uow:
            row = Digest(
                collaborative_id=c.id,
                period_start=period.start,
                period_end=period.end,
                status="claimed",
            )
            uow.session.add(row)
            await uow.commit()
            return row.id
    except IntegrityError:
        return None


async def post_digest(
    uow_factory: UnitOfWorkFactory,
    client: AsyncWebClient,
    c: Collaborative,
    period: Period,
) -> str | None:
    """Post the period's digest once; returns the summary's ts, or None if already posted."""
    if not c.digest_channel_id:
        log.info("collaborative %s has no digest channel; skipping", c.id)
        return None
    digest_id = await _claim(uow_factory, c, period)
    if digest_id is None:
        return None
    async with uow_factory() as uow:
        messages = await render_digest(uow, c, period.start, period.end, period.monthly)
    channel = c.digest_channel_id
    try:
        summary = await client.chat_postMessage(
            channel=channel,
            metadata={"event_type": METADATA_TYPE, "event_payload": {"digest_id": digest_id}},
            **messages.summary.payload(),
        )
    except SlackApiError:
        async with uow_factory() as uow:  # nothing went out: let the next run try again
            row = await uow.session.get(Digest, digest_id)
            if row is not None:
                await uow.session.delete(row)
            await uow.commit()
        raise
    ts = str(summary["ts"])
    async with uow_factory() as uow:
        row = await uow.session.get(Digest, digest_id)
        assert row is not None
        row.status, row.channel_id, row.ts, row.posted_at = "posting", channel, ts, period.end
        await uow.commit()
    for detail in messages.details:
        await client.chat_postMessage(channel=channel, thread_ts=ts, **detail.payload())
    async with uow_factory() as uow:
        row = await uow.session.get(Digest, digest_id)
        assert row is not None
        row.status = "posted"
        await uow.commit()
    return ts


async def run_digests(
    uow_factory: UnitOfWorkFactory,
    client: AsyncWebClient | None,
    now: datetime,
    dry_run: bool = False,
) -> list[tuple[Collaborative, Period, DigestMessages | None]]:
    """Post every collaborative's due digest (or, with dry_run, only draw it)."""
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
                    else await render_digest(uow, c, period.start, period.end, period.monthly)
                )
            done.append((c, period, messages))
            continue
        assert client is not None
        try:
            if await post_digest(uow_factory, client, c, period):
                done.append((c, period, None))
        except SlackApiError as error:
            log.warning("digest for collaborative %s failed: %s", c.id, error)
    return done
