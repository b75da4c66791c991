"""Replies waiting for "which commitment?": kept in the database so a restart loses none."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import OutboxMessage, PendingReply

#: Between kept replies in the one row per person and thread: a control character (ASCII's
#: record separator) that nobody types, so every reply comes back apart and in order.
SEPARATOR = "\x1e"


def kept_texts(pending: PendingReply) -> list[str]:
    """The replies kept for the question, oldest first."""
    return [text for text in pending.text.split(SEPARATOR) if text.strip()]


class PendingReplyRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, channel_id: str, thread_ts: str, person: str) -> PendingReply | None:
        result = await self.session.execute(
            select(PendingReply).where(
                PendingReply.channel_id == channel_id,
                PendingReply.thread_ts == thread_ts,
                PendingReply.person_slack_id == person,
            )
        )
        return result.scalar_one_or_none()

    async def keep(
        self,
        collaborative_id: int,
        channel_id: str,
        thread_ts: str,
        person: str,
        text: str,
        now: datetime,
    ) -> PendingReply:
        """Keep this text for the person in this thread, after any they wrote before: each
        unclear reply waits for the same answer, and none may be lost. The wait (a day) is
        counted from the latest."""
        text = text.replace(SEPARATOR, " ")
        pending = await self.get(channel_id, thread_ts, person)
        if pending is not None:
            pending.text = f"{pending.text}{SEPARATOR}{text}"
            pending.created_at = now
            await self.session.flush()
            return pending
        pending = PendingReply(
            collaborative_id=collaborative_id,
            person_slack_id=person,
            channel_id=channel_id,
            thread_ts=thread_ts,
            text=text,
            created_at=now,
        )
        self.session.add(pending)
        await self.session.flush()
        return pending

    async def drop(self, channel_id: str, thread_ts: str, person: str) -> None:
        await self.session.execute(
            delete(PendingReply).where(
                PendingReply.channel_id == channel_id,
                PendingReply.thread_ts == thread_ts,
                PendingReply.person_slack_id == person,
            )
        )

    async def nudged_since(self, person: str, since: datetime, thread_ts: str) -> bool:
        """Has another check-in (not the one in `thread_ts`) reached this person after `since`?
        Then that newer one is what a bare number answers, and the kept reply has expired."""
        result = await self.session.execute(
            select(OutboxMessage.id)
            .where(
                OutboxMessage.kind == "nudge",
                OutboxMessage.recipient_slack_id == person,
                OutboxMessage.status == "sent",
                OutboxMessage.ts != thread_ts,
                OutboxMessage.sent_at > since,
            )
            .limit(1)
        )
        return result.first() is not None
