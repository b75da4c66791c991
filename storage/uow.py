"""The unit of work: one transaction per use case, rolled back unless the use case commits."""

from __future__ import annotations

from types import TracebackType

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.repositories import Repositories
from storage.retry import note_commit


class UnitOfWork:
    """Opens a session on entry; anything not committed is rolled back on exit.

    Services call `commit()` once their change is whole, so an exception halfway through a
    use case leaves the database as it was — the "changes nothing" promise of every bad input.
    """

    session: AsyncSession
    repos: Repositories

    def __init__(self, factory: async_sessionmaker[AsyncSession]) -> None:
        self._factory = factory

    async def __aenter__(self) -> UnitOfWork:
        self.session = self._factory()
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
    """Hands out fresh units of work; the one object the edges need to reach storage."""

    def __init__(self, factory: async_sessionmaker[AsyncSession]) -> None:
        self._factory = factory

    def __call__(self) -> UnitOfWork:
        return UnitOfWork(self._factory)
