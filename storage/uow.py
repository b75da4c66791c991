"""The unit of work: one transaction per use case, rolled back unless the use case commits."""

from __future__ import annotations

from types import TracebackType

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from storage.db import READ_ONLY
from storage.repositories import Repositories
from storage.retry import note_commit


class UnitOfWork:
    """Opens a session on entry; anything not committed is rolled back on exit.

    Services call `commit()` once their change is whole, so an exception halfway through a
    use case leaves the database as it was — the "changes nothing" promise of every bad input.
    """

    session: AsyncSession
    repos: Repositories

    def __init__(
        self, factory: async_sessionmaker[AsyncSession], bind: AsyncEngine | None = None
    ) -> None:
        self._factory = factory
        self._bind = bind

    async def __aenter__(self) -> UnitOfWork:
        self.session = self._factory() if self._bind is None else self._factory(bind=self._bind)
        self.repos = Repositories(self.session)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        # close() rolls back whatever was not committed and detaches the objects without
        # expiring them, so a reply can still be rendered from them after the block.
        await self.session.close()

    async def commit(self, *, repeatable: bool = False) -> None:
        """Make the change whole. `repeatable` says re-running the use case after this commit
        does no harm (it finds the work done), so a transient error later may still re-run it."""
        await self.session.commit()
        if not repeatable:
            note_commit()

    async def flush(self) -> None:
        await self.session.flush()


class UnitOfWorkFactory:
    """Hands out fresh units of work; the one object the edges need to reach storage.

    `read_only=True` is for use cases that only read (a listing): on SQLite its transaction
    reads a snapshot instead of taking the write lock, so it neither waits for writers nor
    makes them wait. Any write it attempts raises `storage.db.ReadOnlyViolation` before reaching
    the database; the caller then runs the use case again as a writing unit of work.
    """

    def __init__(self, factory: async_sessionmaker[AsyncSession]) -> None:
        self._factory = factory
        bind = factory.kw.get("bind")
        self._read_only_bind = (
            bind.execution_options(**{READ_ONLY: True}) if isinstance(bind, AsyncEngine) else None
        )

    def __call__(self, *, read_only: bool = False) -> UnitOfWork:
        if read_only and self._read_only_bind is not None:
            return UnitOfWork(self._factory, self._read_only_bind)
        return UnitOfWork(self._factory)
