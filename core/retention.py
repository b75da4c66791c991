"""How long people's data is kept after `/plan close`, and the purge that ends it.

Why here and not in the job: the dates are rules (told to people in `/plan privacy`, in the
close reply and in the notices) and every rule takes ``now`` from its caller, so tests pin it.
The job in jobs/retention_job.py only decides when to look.

The purge forgets every person of the collaborative (core.forget), exactly as `/plan forget
me` would one by one; organizations, commitments (ownerless) and the anonymous history stay, so
the collaborative's evaluation still has its figures. Before it, the shared digest channel and
the TA team are told once, :data:`NOTICE_DAYS` ahead.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update

from core.access import require_ta
from core.context import Context
from core.errors import Refusal
from core.forget import FORMER_MEMBER, forget_person
from core.i18n import _
from storage.models import Collaborative, Commitment, CommitmentUpdate, OutboxMessage, Question
from storage.uow import UnitOfWork

DEFAULT_RETENTION_DAYS = 180
RETENTION_MIN = 14
RETENTION_MAX = 3650
#: The advance notice of the purge goes out this many days before it.
NOTICE_DAYS = 14


def retention_days(collaborative: Collaborative) -> int:
    return collaborative.retention_days or DEFAULT_RETENTION_DAYS


def _utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def purge_at(collaborative: Collaborative) -> datetime | None:
    """When people's data is purged: close + retention; None while the collaborative runs."""
    if collaborative.closed_at is None:
        return None
    return _utc(collaborative.closed_at) + timedelta(days=retention_days(collaborative))


def notice_at(collaborative: Collaborative) -> datetime | None:
    """When the advance notice goes out (never before the close itself)."""
    purge = purge_at(collaborative)
    if purge is None or collaborative.closed_at is None:
        return None
    return max(purge - timedelta(days=NOTICE_DAYS), _utc(collaborative.closed_at))


@dataclass(frozen=True)
class Step:
    """What is due for a collaborative at ``now``."""

    notice: bool
    purge: bool


def announced_purge(collaborative: Collaborative, told: datetime) -> datetime | None:
    """The purge day as announced at ``told``: never less than NOTICE_DAYS after the notice,
    so a job that was down on the notice's day still gives people their two weeks."""
    purge = purge_at(collaborative)
    if purge is None:
        return None
    return max(purge, _utc(told) + timedelta(days=NOTICE_DAYS))


def due(collaborative: Collaborative, now: datetime) -> Step:
    """The notice when its day has come and it was not sent; the purge once the announced day
    has come (never without the notice). A reopened collaborative has neither."""
    notice = notice_at(collaborative)
    if notice is None or collaborative.purged_at is not None:
        return Step(False, False)
    told = collaborative.purge_notice_at
    if told is None:
        return Step(notice=now >= notice, purge=False)
    announced = announced_purge(collaborative, told)
    return Step(notice=False, purge=announced is not None and now >= announced)


async def claim_notice(uow: UnitOfWork, collaborative: Collaborative, now: datetime) -> bool:
    """Mark the notice sent unless someone did already: a conditional UPDATE, so two job runs
    queue it once."""
    result = await uow.session.execute(
        update(Collaborative)
        .where(Collaborative.id == collaborative.id, Collaborative.purge_notice_at.is_(None))
        .values(purge_notice_at=now)
    )
    return bool(getattr(result, "rowcount", 0))


async def _everyone(uow: UnitOfWork, cid: int) -> list[str]:
    """Every Slack id the collaborative's data holds: people, and ids that only an import or a
    past message left behind (an owner never seen in Slack, a message's recipient)."""
    found: dict[str, None] = {p.slack_user_id: None for p in await uow.repos.people.all(cid)}
    for column, where in (
        (Commitment.owner_slack_id, Commitment.collaborative_id == cid),
        (Commitment.created_by_slack_id, Commitment.collaborative_id == cid),
        (Question.asker_slack_id, Question.collaborative_id == cid),
        (OutboxMessage.recipient_slack_id, OutboxMessage.collaborative_id == cid),
    ):
        for value in await uow.session.scalars(select(column).where(where).distinct()):
            if value:
                found[value] = None
    actors = select(CommitmentUpdate.actor_slack_id).join(
        Commitment, Commitment.id == CommitmentUpdate.commitment_id
    )
    for value in await uow.session.scalars(actors.where(Commitment.collaborative_id == cid)):
        if value:
            found[value] = None
    found.pop(FORMER_MEMBER, None)
    return list(found)


async def purge(uow: UnitOfWork, collaborative: Collaborative, now: datetime) -> int:
    """Forget everyone in the collaborative (the caller commits); returns how many people."""
    everyone = await _everyone(uow, collaborative.id)
    for slack_id in everyone:
        await forget_person(uow, collaborative.id, slack_id)
    collaborative.purged_at = now
    uow.session.add(collaborative)
    await uow.session.flush()
    return len(everyone)


async def set_retention(uow: UnitOfWork, ctx: Context, days: int) -> Collaborative:
    """A TA provider's `/plan settings retention <days>`."""
    require_ta(ctx, "settings retention")
    if not RETENTION_MIN <= days <= RETENTION_MAX:
        raise Refusal(
            _("Use a number of days from {low} to {high}.").format(
                low=RETENTION_MIN, high=RETENTION_MAX
            ),
            "settings retention",
        )
    collaborative = ctx.collaborative
    collaborative.retention_days = days
    uow.session.add(collaborative)
    await uow.commit()
    return collaborative
