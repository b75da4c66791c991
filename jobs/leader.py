"""Which clock process leads: one at a time runs the jobs, the others stand by.

The jobs are idempotent through the database (outbox keys, digest periods), so two clocks would
still send everything once; but two clocks racing every tick waste work and make the logs hard
to read, and an operator wants to know which process is doing the sending.

PostgreSQL: a *session-level* advisory lock, held on a connection of its own for as long as the
process leads. Nothing has to renew it: PostgreSQL frees it when that connection closes, which
is also what happens when the process is killed (SIGKILL included) or its network goes away, so a
standby that tries at its next tick takes over. The leader checks its connection every tick and
stops leading if it is gone (the server may already have handed the lock to someone else).

SQLite serves one process (see `config.single`), so that process leads.
"""

from __future__ import annotations

import logging
from typing import Protocol

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

log = logging.getLogger(__name__)

#: Advisory lock key for "the clock that runs Follow-through's jobs" (a fixed number no other
#: application on the server uses; these bytes spell "FTCLOCK!" in ASCII). Distinct from the
#: migration lock in `storage.migrate`.
CLOCK_LOCK_KEY = 0x4654_434C_4F43_4B21


class Leadership(Protocol):
    """What the scheduler asks each tick, and what /healthz reports."""

    @property
    def leading(self) -> bool: ...

    async def check(self) -> bool:
        """Lead if possible, confirm the lead if held; True when this process should run jobs."""
        ...

    async def release(self) -> None: ...


class AlwaysLeader:
    """SQLite (one process by construction): this process leads."""

    leading = True

    async def check(self) -> bool:
        return True

    async def release(self) -> None:
        self.leading = False


class AdvisoryLockLeader:
    """Leadership through `pg_try_advisory_lock` on a dedicated connection.

    `check()` is called once per tick: a standby tries to take the lock (never waits for it); the
    leader pings its connection, and on any error closes it and stands by, so it never runs jobs
    on a lock it may no longer hold.
    """

    def __init__(self, engine: AsyncEngine, key: int = CLOCK_LOCK_KEY, name: str = "clock") -> None:
        self.engine = engine
        self.key = key
        self.name = name
        self._connection: AsyncConnection | None = None

    @property
    def leading(self) -> bool:
        return self._connection is not None

    async def check(self) -> bool:
        if self._connection is not None:
            try:
                await self._connection.execute(text("SELECT 1"))
                await self._connection.commit()  # never left "idle in transaction"
                return True
            except Exception as error:  # the lock went with the connection
                log.warning(
                    "%s: lost the connection holding the clock lock (%s); standing by",
                    self.name,
                    type(error).__name__,
                )
                await self._drop()
                return False
        return await self._try_take()

    async def _try_take(self) -> bool:
        connection: AsyncConnection | None = None
        try:
            connection = await self.engine.connect()
            taken = bool(
                await connection.scalar(
                    text("SELECT pg_try_advisory_lock(:key)"), {"key": self.key}
                )
            )
            # Commit the implicit transaction: the session-level lock outlives it, and the
            # connection must not sit "idle in transaction" for as long as we lead.
            await connection.commit()
        except Exception as error:
            log.warning(
                "%s: could not ask for the clock lock (%s); trying again next tick",
                self.name,
                type(error).__name__,
            )
            if connection is not None:
                await _close_quietly(connection, invalidate=True)
            return False
        if not taken:
            await connection.close()
            return False
        self._connection = connection
        log.info("%s: now leading the clock (advisory lock %d)", self.name, self.key)
        return True

    async def _drop(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            await _close_quietly(connection, invalidate=True)

    async def release(self) -> None:
        """Hand the lead over at once (a clean stop), instead of when the connection times out."""
        connection, self._connection = self._connection, None
        if connection is None:
            return
        try:
            await connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": self.key})
            await connection.commit()
        except Exception:  # closing the connection frees it anyway
            await _close_quietly(connection, invalidate=True)
            return
        await connection.close()
        log.info("%s: stopped leading the clock", self.name)


async def _close_quietly(connection: AsyncConnection, invalidate: bool = False) -> None:
    try:
        if invalidate:
            await connection.invalidate()
        await connection.close()
    except Exception:  # already broken: nothing more to free
        log.debug("closing a broken lock connection failed", exc_info=True)


def leadership_for(engine: AsyncEngine, name: str = "clock") -> Leadership:
    """The advisory lock on PostgreSQL; on SQLite, this process (the only one) leads."""
    if engine.dialect.name == "postgresql":
        return AdvisoryLockLeader(engine, name=name)
    return AlwaysLeader()
