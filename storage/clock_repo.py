"""The leading clock's last completed tick: written by the clock, read by /healthz anywhere."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import ClockTick

CLOCK = "clock"


async def record_tick(session: AsyncSession, at: datetime, holder: str) -> None:
    """Upsert the one row; only the leader writes it, so an UPDATE-then-INSERT cannot race."""
    result = await session.execute(
        update(ClockTick).where(ClockTick.name == CLOCK).values(ticked_at=at, holder=holder)
    )
    if not getattr(result, "rowcount", 0):
        session.add(ClockTick(name=CLOCK, ticked_at=at, holder=holder))


async def last_tick(session: AsyncSession) -> ClockTick | None:
    return await session.scalar(select(ClockTick).where(ClockTick.name == CLOCK))
