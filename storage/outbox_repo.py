"""The outbox: messages owed, claimed by one sender at a time, recorded once sent."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import CursorResult, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import OutboxMessage


class OutboxRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add_if_new(self, row: OutboxMessage) -> bool:
        """Insert unless the dedupe key exists; a savepoint keeps a clash from spoiling the rest.

        Two planners racing on the same key is exactly what the unique key is for: the loser's
        insert fails and it moves on.
        """
        if await self.by_key(row.dedupe_key) is not None:
            return False
        try:
            async with self.session.begin_nested():
                self.session.add(row)
        except IntegrityError:
            return False
        return True

    async def by_key(self, dedupe_key: str) -> OutboxMessage | None:
        return await self.session.scalar(
            select(OutboxMessage).where(OutboxMessage.dedupe_key == dedupe_key)
        )

    async def get(self, outbox_id: int) -> OutboxMessage | None:
        return await self.session.get(OutboxMessage, outbox_id)

    async def due(self, now: datetime, limit: int) -> Sequence[OutboxMessage]:
        return (
            await self.session.scalars(
                select(OutboxMessage)
                .where(OutboxMessage.status == "pending", OutboxMessage.due_at <= now)
                .order_by(OutboxMessage.due_at, OutboxMessage.id)
                .limit(limit)
            )
        ).all()

    async def claim(self, outbox_id: int, now: datetime) -> bool:
        """Only one sender wins a row: the UPDATE matches only while it is still pending."""
        result = await self.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == outbox_id, OutboxMessage.status == "pending")
            .values(status="sending", claimed_at=now, attempts=OutboxMessage.attempts + 1)
            .execution_options(synchronize_session=False)
        )
        assert isinstance(result, CursorResult)
        return result.rowcount == 1

    async def stuck(self, claimed_before: datetime) -> Sequence[OutboxMessage]:
        """Rows a sender claimed and never finished: it may have died mid-send."""
        return (
            await self.session.scalars(
                select(OutboxMessage).where(
                    OutboxMessage.status == "sending", OutboxMessage.claimed_at < claimed_before
                )
            )
        ).all()

    async def by_message(self, channel_id: str, ts: str) -> OutboxMessage | None:
        return await self.session.scalar(
            select(OutboxMessage).where(
                OutboxMessage.channel_id == channel_id, OutboxMessage.ts == ts
            )
        )

    async def since(self, collaborative_id: int, since: datetime) -> Sequence[OutboxMessage]:
        return (
            await self.session.scalars(
                select(OutboxMessage)
                .where(
                    OutboxMessage.collaborative_id == collaborative_id,
                    OutboxMessage.created_at >= since,
                )
                .order_by(OutboxMessage.id)
            )
        ).all()

    async def all(self, collaborative_id: int) -> Sequence[OutboxMessage]:
        return (
            await self.session.scalars(
                select(OutboxMessage)
                .where(OutboxMessage.collaborative_id == collaborative_id)
                .order_by(OutboxMessage.id)
            )
        ).all()
