"""The migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy.engine import Connection

from storage.db import create_engine
from storage.migrate import upgrade
from storage.models import Base


def _differences(connection: Connection) -> list[Any]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return list(compare_metadata(context, Base.metadata))


async def test_migrations_match_the_models_and_apply_twice(database_url: str) -> None:
    engine = create_engine(database_url)
    try:
        await upgrade(engine)
        await upgrade(engine)  # every start applies pending migrations: none left is a no-op
        async with engine.connect() as connection:
            assert await connection.run_sync(_differences) == []
    finally:
        await engine.dispose()


def _to(connection: Connection, revision: str, down: bool = False) -> None:
    from alembic import command

    from storage.migrate import alembic_config

    config = alembic_config()
    config.attributes["connection"] = connection
    (command.downgrade if down else command.upgrade)(config, revision)


async def test_existing_sessions_are_numbered_by_start_time(database_url: str) -> None:
    """0003 gives sessions made before it the numbers people saw: their order in time.

    The PostgreSQL test database is already at head (other tests), hence down to 0002 first.
    """
    from sqlalchemy import text

    engine = create_engine(database_url)
    try:
        async with engine.begin() as connection:
            await connection.run_sync(_to, "head")
            await connection.run_sync(_to, "0002", True)  # 0003's downgrade works too
            await connection.execute(
                text(
                    "INSERT INTO workspaces (id, team_id, created_at)"
                    " VALUES (1, 'T1', '2026-11-30 10:00:00+00:00')"
                ),
            )
            await connection.execute(
                text(
                    "INSERT INTO collaboratives (id, workspace_id, name, timezone, digest_weekday,"
                    " digest_time, skip_weekends, checkin_days, checkin_time, due_soon_days,"
                    " overdue_repeat_days, stale_days, before_session_days,"
                    " next_commitment_number, next_resource_number, created_at) VALUES"
                    " (1, 1, 'C', 'America/Chicago', 0, '09:00:00', true, 2, '10:00:00', 2, 7,"
                    " 10, 2, 1, 1, '2026-11-30 10:00:00+00:00')"
                ),
            )
            for session_id, day, title in [(1, 20, "Third"), (2, 5, "First"), (3, 12, "Second")]:
                await connection.execute(
                    text(
                        "INSERT INTO sessions (id, collaborative_id, starts_at, title, created_at)"
                        f" VALUES ({session_id}, 1, '2026-12-{day:02d} 16:00:00+00:00', :title,"
                        " '2026-11-30 10:00:00+00:00')"
                    ),
                    {"title": title},
                )
            await connection.run_sync(_to, "head")
            numbers = (
                await connection.execute(text("SELECT title, number FROM sessions ORDER BY id"))
            ).all()
            counter = await connection.scalar(
                text("SELECT next_session_number FROM collaboratives")
            )
        assert [tuple(row) for row in numbers] == [("Third", 3), ("First", 1), ("Second", 2)]
        assert counter == 4
    finally:
        await engine.dispose()
