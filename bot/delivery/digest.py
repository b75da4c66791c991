"""Drawing and posting a period's digest to the shared channel, once per period.

The digest row's unique (collaborative, period_end) is the claim: only one run wins it, so two
schedulers or a `/plan digest now` racing the scheduler post one digest.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy import CursorResult, select, update
from sqlalchemy.exc import IntegrityError

from bot.blocks.digest import DigestMessages, digest_messages
from bot.delivery.client import posting_client
from bot.delivery.digest_chart import chart_input, share_chart
from bot.delivery.outcomes import Outcome, classify
from bot.delivery.pacing import Pacer, shared_pacer
from bot.delivery.records import LEASE
from core import digest as content
from core.calendar import numbered_sessions
from core.figures import Window
from core.figures_load import load_evidence
from core.i18n import speaking
from core.languages import shared_language
from core.periods import Period
from storage.models import (
    Collaborative,
    Commitment,
    CommitmentUpdate,
    Digest,
    Question,
    Resource,
    ResourceShare,
)
from storage.uow import UnitOfWork, UnitOfWorkFactory

log = logging.getLogger(__name__)

METADATA_TYPE = "follow_through_digest"


async def digest_input(
    uow: UnitOfWork,
    c: Collaborative,
    start: datetime,
    end: datetime,
    monthly: bool,
    read_at: datetime | None = None,
) -> content.DigestInput:
    """The digest's facts as the database holds them now; `read_at` (default `end`) is when the
    digest is posted or previewed, later than `end` when a digest goes out late."""
    read_at = max(read_at or end, end)
    repos = uow.repos
    organizations = await repos.organizations.all(c.id)
    commitments = await repos.commitments.all(c.id)
    updates = [u for u, _ in await repos.commitments.updates_since(c.id, start, end)]
    seen = {u.id for u in updates}
    updates += [u for u in await _current_blocks(uow, c.id, read_at) if u.id not in seen]
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
    evidence = await load_evidence(uow, c, end)
    return content.DigestInput(
        ta_given=evidence.ta(Window(end, start)),
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
                u.commitment_id,
                u.at,
                u.kind,
                u.new_status,
                u.note,
                u.actor_slack_id,
                u.id,
                u.source_key,
            )
            for u in updates
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
        read_at=read_at,
    )


async def _current_blocks(
    uow: UnitOfWork, collaborative_id: int, read_at: datetime
) -> list[CommitmentUpdate]:
    """For each commitment blocked now, its history up to `read_at`.

    The help it asks for is read from it (core.history), whenever it was written: three weeks
    before the period, or after the period ended and before a late digest went out; and an
    Undo in it brings back the request from before the slip. The status shown is the one the
    step has now, so the help text must be as recent as the status.
    """
    rows = await uow.session.scalars(
        select(CommitmentUpdate)
        .join(Commitment, Commitment.id == CommitmentUpdate.commitment_id)
        .where(
            Commitment.collaborative_id == collaborative_id,
            Commitment.status == "blocked",
            CommitmentUpdate.at <= read_at,
        )
        .order_by(CommitmentUpdate.at, CommitmentUpdate.id)
    )
    return list(rows)


async def render_digest(
    uow: UnitOfWork,
    c: Collaborative,
    start: datetime,
    end: datetime,
    monthly: bool,
    read_at: datetime | None = None,
) -> DigestMessages:
    """The period's digest as it reads at `read_at` (the period's end unless posted late), in
    the collaborative's language: everyone in the channel reads the same message."""
    data = await digest_input(uow, c, start, end, monthly, read_at)
    with speaking(shared_language(c)):
        return digest_messages(content.build_digest(data))


#: 429s one digest message may meet before the run gives up on it (the next run resumes).
MAX_RATE_LIMITED = 5


class DigestPostFailed(Exception):
    """A digest message did not (certainly) go out; `outcome` says whether it may have."""

    def __init__(self, outcome: Outcome) -> None:
        super().__init__(outcome.reason)
        self.outcome = outcome


def _metadata(digest_id: int, part: int) -> dict[str, Any]:
    return {"event_type": METADATA_TYPE, "event_payload": {"digest_id": digest_id, "part": part}}


async def _post(poster: AsyncWebClient, pacer: Pacer, channel: str, **kwargs: Any) -> str:
    """Post one digest message, paced; a 429 waits `Retry-After` and tries again."""
    for _ in range(MAX_RATE_LIMITED):
        await pacer.wait_held()
        await pacer.wait(channel)
        try:
            response = await poster.chat_postMessage(channel=channel, **kwargs)
        except Exception as error:
            outcome = classify(error)
            if outcome.kind != "ratelimited":
                raise DigestPostFailed(outcome) from error
            pacer.hold(outcome.retry_after)
            continue
        return str(response["ts"])
    raise DigestPostFailed(Outcome("transient", "ratelimited"))


async def _claim(
    uow_factory: UnitOfWorkFactory, c: Collaborative, period: Period, now: datetime
) -> tuple[Digest, bool] | None:
    """The period's row, leased to this run: inserted (the unique (collaborative, period_end)
    lets only one run win), or taken over when a run before died or lost an answer mid-post.

    `posted_at` holds the lease start until the digest is posted. The flag is True for a row
    this run created (nothing of it can have been posted yet).
    """
    try:
        async with uow_factory() as uow:
            row = Digest(
                collaborative_id=c.id,
                period_start=period.start,
                period_end=period.end,
                status="claimed",
                posted_at=now,
            )
            uow.session.add(row)
            await uow.commit()
            return row, True
    except IntegrityError:
        pass
    async with uow_factory() as uow:
        found = await uow.session.scalar(
            select(Digest).where(Digest.collaborative_id == c.id, Digest.period_end == period.end)
        )
        if found is None or found.status == "posted":
            return None
        row = found
        expired = row.posted_at is None or row.posted_at < now - LEASE
        if row.status != "unknown" and not expired:
            return None  # another run is posting it right now
        taken = await uow.session.execute(
            update(Digest)
            .where(
                Digest.id == row.id,
                Digest.status == row.status,
                Digest.posted_at == row.posted_at
                if row.posted_at is not None
                else Digest.posted_at.is_(None),
            )
            .values(posted_at=now)
            .execution_options(synchronize_session=False)
        )
        assert isinstance(taken, CursorResult)
        await uow.commit()
        if taken.rowcount != 1:
            return None
        row.posted_at = now
        return row, False


async def _parts_posted(
    client: AsyncWebClient, row: Digest, channel: str
) -> tuple[str | None, set[int]]:
    """What a run before got out: the summary's ts (found by its metadata) and detail parts."""
    ts = row.ts
    if ts is None:
        history = await client.conversations_history(
            channel=channel, limit=200, include_all_metadata=True
        )
        for message in history.get("messages") or []:
            metadata = message.get("metadata") or {}
            payload = metadata.get("event_payload") or {}
            if metadata.get("event_type") == METADATA_TYPE and payload.get("digest_id") == row.id:
                ts = str(message["ts"])
                break
    if ts is None:
        return None, set()
    replies = await client.conversations_replies(
        channel=channel, ts=ts, limit=200, include_all_metadata=True
    )
    parts = set()
    for message in replies.get("messages") or []:
        metadata = message.get("metadata") or {}
        payload = metadata.get("event_payload") or {}
        if metadata.get("event_type") == METADATA_TYPE and payload.get("digest_id") == row.id:
            parts.add(int(payload.get("part") or 0))
    return ts, parts


async def _set(uow_factory: UnitOfWorkFactory, digest_id: int, **values: Any) -> None:
    async with uow_factory() as uow:
        row = await uow.session.get(Digest, digest_id)
        assert row is not None
        for name, value in values.items():
            setattr(row, name, value)
        await uow.commit()


async def post_digest(
    uow_factory: UnitOfWorkFactory,
    client: AsyncWebClient,
    c: Collaborative,
    period: Period,
    *,
    now: datetime | None = None,
    pacer: Pacer | None = None,
) -> str | None:
    """Post the period's digest once; returns the summary's ts, or None if already posted.

    Every message carries the digest's id and its part in `metadata`. A message whose outcome
    is unknown (answer lost, timeout) leaves the digest `unknown`; the next run looks in the
    channel (and the summary's thread) and posts only the parts Slack does not have. A summary
    Slack certainly refused frees the period for the next run, as before.
    """
    if not c.digest_channel_id:
        log.info("collaborative %s has no digest channel; skipping", c.id)
        return None
    at = now or period.end
    claimed = await _claim(uow_factory, c, period, at)
    if claimed is None:
        return None
    row, fresh = claimed
    digest_id = row.id
    channel = row.channel_id or c.digest_channel_id
    pacer = pacer or shared_pacer()
    poster = posting_client(client)
    ts: str | None = None
    parts: set[int] = set()
    if not fresh:
        try:
            ts, parts = await _parts_posted(client, row, channel)
        except Exception as error:
            log.warning("digest %s: cannot check what was posted (%s); left unknown", row.id, error)
            await _set(uow_factory, digest_id, status="unknown")
            return None
    async with uow_factory() as uow:
        messages = await render_digest(uow, c, period.start, period.end, period.monthly, read_at=at)
    try:
        if ts is None:
            try:
                ts = await _post(
                    poster,
                    pacer,
                    channel,
                    metadata=_metadata(digest_id, 0),
                    **messages.summary.payload(),
                )
            except DigestPostFailed as failed:
                if failed.outcome.kind == "ambiguous":
                    raise
                async with uow_factory() as uow:  # nothing went out: let the next run try again
                    gone = await uow.session.get(Digest, digest_id)
                    if gone is not None:
                        await uow.session.delete(gone)
                    await uow.commit()
                cause = failed.__cause__
                raise cause if isinstance(cause, SlackApiError) else failed from None
            await _set(uow_factory, digest_id, status="posting", channel_id=channel, ts=ts)
        for part, detail in enumerate(messages.details, start=1):
            if part not in parts:
                await _post(
                    poster,
                    pacer,
                    channel,
                    thread_ts=ts,
                    metadata=_metadata(digest_id, part),
                    **detail.payload(),
                )
    except DigestPostFailed as failed:
        if failed.outcome.kind != "ambiguous":
            raise
        log.warning("digest %s: a post's outcome is unknown (%s)", digest_id, failed.outcome.reason)
        await _set(uow_factory, digest_id, status="unknown")
        return None
    await _set(uow_factory, digest_id, status="posted", posted_at=at)
    with speaking(shared_language(c)):  # the picture reads in the digest's language
        async with uow_factory() as uow:
            chart = await chart_input(uow, c, at)
        await share_chart(
            poster, channel, chart, thread_ts=ts, filename=f"digest-{period.end:%Y-%m-%d}.png"
        )
    return ts
