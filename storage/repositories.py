"""Repositories: queries by what the rules ask for. They add and flush, never commit."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import (
    Collaborative,
    Commitment,
    CommitmentUpdate,
    Organization,
    Person,
    ProcessedEvent,
    Resource,
    ResourceOpen,
    Session,
    Workspace,
)
from storage.outbox_repo import OutboxRepo
from storage.pending_repo import PendingReplyRepo


class _Repo:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, row: object) -> None:
        self.session.add(row)
        await self.session.flush()


class CollaborativeRepo(_Repo):
    async def workspace(self, team_id: str) -> Workspace | None:
        return await self.session.scalar(select(Workspace).where(Workspace.team_id == team_id))

    async def for_team(self, team_id: str) -> Collaborative | None:
        """The collaborative of the workspace `team_id`, if both exist (one query, not two)."""
        return await self.session.scalar(
            select(Collaborative)
            .join(Workspace, Workspace.id == Collaborative.workspace_id)
            .where(Workspace.team_id == team_id)
        )

    async def for_workspace(self, workspace_id: int) -> Collaborative | None:
        return await self.session.scalar(
            select(Collaborative).where(Collaborative.workspace_id == workspace_id)
        )

    async def all(self) -> Sequence[Collaborative]:
        return (await self.session.scalars(select(Collaborative).order_by(Collaborative.id))).all()

    async def get(self, collaborative_id: int) -> Collaborative | None:
        return await self.session.get(Collaborative, collaborative_id)

    async def team_id(self, collaborative: Collaborative) -> str:
        workspace = await self.session.get(Workspace, collaborative.workspace_id)
        assert workspace is not None
        return workspace.team_id

    async def next_number(self, collaborative_id: int, counter: str) -> int:
        """Allocate the next short number atomically (the UPDATE locks the row until commit).

        One round trip (UPDATE … RETURNING, on SQLite 3.35+ and PostgreSQL), not two: an import
        of 10,000 commitments allocates 10,000 numbers."""
        column = getattr(Collaborative, counter)
        value = await self.session.scalar(
            update(Collaborative)
            .where(Collaborative.id == collaborative_id)
            .values({column: column + 1})
            .returning(column)
            .execution_options(synchronize_session=False)
        )
        assert value is not None
        return int(value) - 1


class OrganizationRepo(_Repo):
    async def all(self, collaborative_id: int) -> Sequence[Organization]:
        return (
            await self.session.scalars(
                select(Organization)
                .where(Organization.collaborative_id == collaborative_id)
                .order_by(func.lower(Organization.name))
            )
        ).all()

    async def by_handle(self, collaborative_id: int, handle: str) -> Organization | None:
        return await self.session.scalar(
            select(Organization).where(
                Organization.collaborative_id == collaborative_id,
                Organization.handle == handle.lower(),
            )
        )

    async def by_name(self, collaborative_id: int, name: str) -> Organization | None:
        return await self.session.scalar(
            select(Organization).where(
                Organization.collaborative_id == collaborative_id,
                func.lower(Organization.name) == name.lower(),
            )
        )

    async def get(self, organization_id: int) -> Organization | None:
        return await self.session.get(Organization, organization_id)

    async def member_counts(self, collaborative_id: int) -> dict[int, int]:
        rows = await self.session.execute(
            select(Person.organization_id, func.count(Person.id))
            .where(Person.collaborative_id == collaborative_id, Person.organization_id.is_not(None))
            .group_by(Person.organization_id)
        )
        return {int(org_id): int(count) for org_id, count in rows.all() if org_id is not None}


class PersonRepo(_Repo):
    async def by_slack_id(self, collaborative_id: int, slack_user_id: str) -> Person | None:
        return await self.session.scalar(
            select(Person).where(
                Person.collaborative_id == collaborative_id,
                Person.slack_user_id == slack_user_id,
            )
        )

    async def by_slack_ids(
        self, collaborative_id: int, slack_user_ids: Iterable[str]
    ) -> dict[str, Person]:
        """The people among `slack_user_ids` this collaborative knows, by Slack id (one query)."""
        wanted = sorted(set(slack_user_ids))
        if not wanted:
            return {}
        people = await self.session.scalars(
            select(Person).where(
                Person.collaborative_id == collaborative_id,
                Person.slack_user_id.in_(wanted),
            )
        )
        return {person.slack_user_id: person for person in people}

    async def all(self, collaborative_id: int) -> Sequence[Person]:
        return (
            await self.session.scalars(
                select(Person)
                .where(Person.collaborative_id == collaborative_id)
                .order_by(Person.id)
            )
        ).all()

    async def members(self, organization_id: int) -> Sequence[Person]:
        return (
            await self.session.scalars(
                select(Person).where(Person.organization_id == organization_id).order_by(Person.id)
            )
        ).all()

    async def ta_providers(self, collaborative_id: int) -> Sequence[Person]:
        return (
            await self.session.scalars(
                select(Person)
                .where(Person.collaborative_id == collaborative_id, Person.is_ta.is_(True))
                .order_by(Person.id)
            )
        ).all()


class SessionRepo(_Repo):
    async def all(self, collaborative_id: int) -> Sequence[Session]:
        return (
            await self.session.scalars(
                select(Session)
                .where(Session.collaborative_id == collaborative_id)
                .order_by(Session.starts_at, Session.id)
            )
        ).all()

    async def at(self, collaborative_id: int, starts_at: datetime) -> Session | None:
        return await self.session.scalar(
            select(Session).where(
                Session.collaborative_id == collaborative_id, Session.starts_at == starts_at
            )
        )

    async def by_number(self, collaborative_id: int, number: int) -> Session | None:
        return await self.session.scalar(
            select(Session).where(
                Session.collaborative_id == collaborative_id, Session.number == number
            )
        )

    async def pointing_at(self, session_id: int) -> tuple[int, int]:
        """How many commitments and (not removed) resources name this session."""
        commitments = await self.session.scalar(
            select(func.count(Commitment.id)).where(Commitment.session_id == session_id)
        )
        resources = await self.session.scalar(
            select(func.count(Resource.id)).where(
                Resource.session_id == session_id, Resource.removed_at.is_(None)
            )
        )
        return int(commitments or 0), int(resources or 0)

    async def remove(self, session: Session) -> None:
        """Delete the session after pointing everything that named it at no session."""
        for model in (Commitment, Resource):
            await self.session.execute(
                update(model)
                .where(model.session_id == session.id)
                .values(session_id=None)
                .execution_options(synchronize_session="fetch")
            )
        await self.session.delete(session)
        await self.session.flush()


class CommitmentRepo(_Repo):
    async def by_number(self, collaborative_id: int, number: int) -> Commitment | None:
        return await self.session.scalar(
            select(Commitment).where(
                Commitment.collaborative_id == collaborative_id, Commitment.number == number
            )
        )

    async def for_organization(
        self, organization_id: int, statuses: Sequence[str] | None = None
    ) -> Sequence[Commitment]:
        query = select(Commitment).where(Commitment.organization_id == organization_id)
        if statuses is not None:
            query = query.where(Commitment.status.in_(statuses))
        return (await self.session.scalars(query.order_by(Commitment.number))).all()

    async def all(
        self, collaborative_id: int, statuses: Sequence[str] | None = None
    ) -> Sequence[Commitment]:
        query = select(Commitment).where(Commitment.collaborative_id == collaborative_id)
        if statuses is not None:
            query = query.where(Commitment.status.in_(statuses))
        return (await self.session.scalars(query.order_by(Commitment.number))).all()

    async def history(self, commitment_id: int) -> Sequence[CommitmentUpdate]:
        return (
            await self.session.scalars(
                select(CommitmentUpdate)
                .where(CommitmentUpdate.commitment_id == commitment_id)
                .order_by(CommitmentUpdate.at, CommitmentUpdate.id)
            )
        ).all()

    async def updates_since(
        self, collaborative_id: int, since: datetime, until: datetime
    ) -> Sequence[tuple[CommitmentUpdate, Commitment]]:
        rows = await self.session.execute(
            select(CommitmentUpdate, Commitment)
            .join(Commitment, Commitment.id == CommitmentUpdate.commitment_id)
            .where(
                Commitment.collaborative_id == collaborative_id,
                CommitmentUpdate.at >= since,
                CommitmentUpdate.at < until,
            )
            .order_by(CommitmentUpdate.at, CommitmentUpdate.id)
        )
        return [(u, c) for u, c in rows.all()]

    async def all_updates(self, collaborative_id: int) -> Sequence[CommitmentUpdate]:
        return (
            await self.session.scalars(
                select(CommitmentUpdate)
                .join(Commitment, Commitment.id == CommitmentUpdate.commitment_id)
                .where(Commitment.collaborative_id == collaborative_id)
                .order_by(CommitmentUpdate.at, CommitmentUpdate.id)
            )
        ).all()


class ResourceRepo(_Repo):
    """The library. Removed resources are left out unless asked for: their rows stay only so
    past shares and opens keep counting."""

    async def all(
        self, collaborative_id: int, *, include_removed: bool = False
    ) -> Sequence[Resource]:
        query = select(Resource).where(Resource.collaborative_id == collaborative_id)
        if not include_removed:
            query = query.where(Resource.removed_at.is_(None))
        return (await self.session.scalars(query.order_by(Resource.number))).all()

    async def by_number(self, collaborative_id: int, number: int) -> Resource | None:
        return await self.session.scalar(
            select(Resource).where(
                Resource.collaborative_id == collaborative_id,
                Resource.number == number,
                Resource.removed_at.is_(None),
            )
        )

    async def open_counts(self, collaborative_id: int) -> dict[int, int]:
        """How often each resource's link button was opened: the TA team's sign of use."""
        rows = await self.session.execute(
            select(ResourceOpen.resource_id, func.count(ResourceOpen.id))
            .join(Resource, Resource.id == ResourceOpen.resource_id)
            .where(Resource.collaborative_id == collaborative_id)
            .group_by(ResourceOpen.resource_id)
        )
        return {int(resource_id): int(count) for resource_id, count in rows.all()}


class EventRepo(_Repo):
    async def record_first(self, event_id: str, now: datetime) -> bool:
        """Record a delivery's event id; False when an earlier delivery (a retry) already did.

        The savepoint keeps a clash from spoiling the caller's transaction; since the id is
        committed together with the event's effect, a crash before commit leaves neither and
        the retry does both.
        """
        if await self.session.get(ProcessedEvent, event_id) is not None:
            return False
        try:
            async with self.session.begin_nested():
                self.session.add(ProcessedEvent(event_id=event_id, received_at=now))
        except IntegrityError:
            return False
        return True


class Repositories:
    """Every repository over one session, so a use case sees one consistent transaction."""

    def __init__(self, session: AsyncSession) -> None:
        self.collaboratives = CollaborativeRepo(session)
        self.organizations = OrganizationRepo(session)
        self.people = PersonRepo(session)
        self.sessions = SessionRepo(session)
        self.commitments = CommitmentRepo(session)
        self.resources = ResourceRepo(session)
        self.outbox = OutboxRepo(session)
        self.events = EventRepo(session)
        self.pending = PendingReplyRepo(session)
