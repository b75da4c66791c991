"""Drawing and posting a period's digest to the shared channel, once per period.

The digest row's unique (collaborative, period_end) is the claim: only one run wins it, so two
schedulers or a `/plan digest now` racing the scheduler post one digest.
"""

from __future__ import annotations

import logging
from datetime import datetime

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from bot.blocks.digest import DigestMessages, digest_messages
from core import digest as content
from core.calendar import numbered_sessions
from core.periods import Period
from storage.models import Collaborative, Digest, Question, Resource, ResourceShare
from storage.uow import UnitOfWork, UnitOfWorkFactory

log = logging.getLogger(__name__)

METADATA_TYPE = "follow_through_digest"


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
