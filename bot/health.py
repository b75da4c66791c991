"""What /healthz reports, read from the database so any process (web or clock) can answer.

- ``database``: ``ok``, or the error's class name (the probe then answers 503);
- ``clock``: this process's part in the clock: ``leader``, ``standby`` or ``off``;
- ``last_tick``: ISO UTC of the last tick the leading clock completed, whichever process that
  is (``null`` before the first);
- ``outbox``: messages owed now (``pending`` with ``due_at`` at or before now) and the oldest
  one's age in seconds, on the process's clock: a growing age means nothing is sending.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from bot.runtime import system_clock
from storage.clock_repo import last_tick
from storage.models import OutboxMessage


@dataclass(frozen=True)
class HealthSource:
    """What the probe is given by the process it runs in."""

    clock: Callable[[], datetime] = system_clock
    clock_state: Callable[[], str] = field(default=lambda: "off")


async def health_report(engine: AsyncEngine, source: HealthSource) -> tuple[int, dict[str, Any]]:
    """(HTTP status, body): 200 when the database answers, 503 with its error name when not."""
    state = source.clock_state()
    try:
        async with AsyncSession(engine) as session:
            await session.execute(text("SELECT 1"))
            tick = await last_tick(session)
            now = source.clock()
            count, oldest = (
                await session.execute(
                    select(func.count(OutboxMessage.id), func.min(OutboxMessage.due_at)).where(
                        OutboxMessage.status == "pending", OutboxMessage.due_at <= now
                    )
                )
            ).one()
    except Exception as error:  # the database is down: say so, don't crash the probe
        return 503, {"ok": False, "database": type(error).__name__, "clock": state}
    if oldest is not None and oldest.tzinfo is None:
        oldest = oldest.replace(tzinfo=UTC)
    return 200, {
        "ok": True,
        "database": "ok",
        "clock": state,
        "last_tick": None if tick is None else tick.ticked_at.astimezone(UTC).isoformat(),
        "outbox": {
            "pending": int(count),
            "oldest_age_seconds": None
            if oldest is None
            else max(0, round((now - oldest).total_seconds())),
        },
    }
