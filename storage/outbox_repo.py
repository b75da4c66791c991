"""The outbox: messages owed, claimed one at a time with a lease, recorded once sent.

Statuses: `pending` (owed), `sending` (claimed at `claimed_at`, a lease: a sender is posting it
now), `unknown` (the post may have reached Slack; only the conversation's history can tell),
`sent`, `failed`. Every move between them is a conditional UPDATE, so two senders on one
database (SQLite or PostgreSQL) never both win a row.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import CursorResult, and_, or_, select, update
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

    async def due_ids(self, now: datetime, limit: int) -> list[int]:
        """The next pending rows, oldest first: only ids, each is claimed just before it goes."""
        return list(
            (
                await self.session.scalars(
                    select(OutboxMessage.id)
                    .where(OutboxMessage.status == "pending", OutboxMessage.due_at <= now)
                    .order_by(OutboxMessage.due_at, OutboxMessage.id)
                    .limit(limit)
                )
            ).all()
        )

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

    async def claim_row(self, outbox_id: int, now: datetime) -> OutboxMessage | None:
        """`claim`, and the claimed row as it now is, in one statement (UPDATE … RETURNING):
        the sender's round trip per message that the claim and a re-read used to cost two."""
        claimed: OutboxMessage | None = await self.session.scalar(
            update(OutboxMessage)
            .where(OutboxMessage.id == outbox_id, OutboxMessage.status == "pending")
            .values(status="sending", claimed_at=now, attempts=OutboxMessage.attempts + 1)
            .returning(OutboxMessage)
        )
        return claimed

    async def to_check(self, lease_expired_before: datetime, limit: int) -> Sequence[OutboxMessage]:
        """Rows whose post may have reached Slack: `unknown` ones, and `sending` ones whose
        sender's lease ran out (it died or hung mid-send)."""
        return (
            await self.session.scalars(
                select(OutboxMessage)
                .where(
                    or_(
                        OutboxMessage.status == "unknown",
                        and_(
                            OutboxMessage.status == "sending",
                            OutboxMessage.claimed_at < lease_expired_before,
                        ),
                    )
                )
                .order_by(OutboxMessage.id)
                .limit(limit)
            )
        ).all()

    async def take_over(self, row: OutboxMessage, now: datetime) -> bool:
        """Lease a row to check it, only if nobody moved it since it was read."""
        result = await self.session.execute(
            update(OutboxMessage)
            .where(
                OutboxMessage.id == row.id,
                OutboxMessage.status == row.status,
                OutboxMessage.claimed_at == row.claimed_at
                if row.claimed_at is not None
                else OutboxMessage.claimed_at.is_(None),
            )
            .values(status="sending", claimed_at=now)
            .execution_options(synchronize_session=False)
        )
        assert isinstance(result, CursorResult)
        return result.rowcount == 1

    async def delivered(
        self, outbox_id: int, **values: Any
    ) -> tuple[dict[str, Any] | None, str | None] | None:
        """Record a post Slack confirmed (or history shows), whoever holds the lease now: the
        message exists, and a reconciler still looking must not send it again.

        Returns the row's payload and recipient when this call settled it (None when it was
        already `sent`), from the same statement (UPDATE … RETURNING), so counting the shares it
        carried needs no second read."""
        result = await self.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == outbox_id, OutboxMessage.status != "sent")
            .values(status="sent", **values)
            .returning(OutboxMessage.payload, OutboxMessage.recipient_slack_id)
            .execution_options(synchronize_session=False)
        )
        settled = result.first()
        return None if settled is None else (settled[0], settled[1])

    async def settle(self, outbox_id: int, claimed_at: datetime, **values: Any) -> bool:
        """Record a leased row's failure, only while the lease is still ours: a sender that
        hung past its lease must not undo what the run that took the row over decided."""
        result = await self.session.execute(
            update(OutboxMessage)
            .where(
                OutboxMessage.id == outbox_id,
                OutboxMessage.status == "sending",
                OutboxMessage.claimed_at == claimed_at,
            )
            .values(**values)
            .execution_options(synchronize_session=False)
        )
        assert isinstance(result, CursorResult)
        return result.rowcount == 1

    async def in_flight_to(self, channel_id: str, person: str) -> bool:
        """Is a post to this conversation (a channel, or that person's DM) leased right now?
        Its message may already be in Slack with its `ts` not yet recorded."""
        found = await self.session.scalar(
            select(OutboxMessage.id)
            .where(
                OutboxMessage.status == "sending",
                or_(
                    OutboxMessage.channel_id == channel_id,
                    OutboxMessage.recipient_slack_id == person,
                ),
            )
            .limit(1)
        )
        return found is not None

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

    async def cancel_pending_shares(self, collaborative_id: int, resource_id: int) -> int:
        """Withdraw the shares still waiting (quiet hours, a weekend) that would carry only this
        resource: it left the library, so they would arrive empty. Marked ``cancelled``, never
        sent and never counted as shared. Returns how many."""
        rows = (
            await self.session.scalars(
                select(OutboxMessage).where(
                    OutboxMessage.collaborative_id == collaborative_id,
                    OutboxMessage.kind == "share",
                    OutboxMessage.status == "pending",
                )
            )
        ).all()
        found = [r for r in rows if (r.payload or {}).get("resource_ids") == [resource_id]]
        for row in found:
            row.status = "cancelled"
        await self.session.flush()
        return len(found)
