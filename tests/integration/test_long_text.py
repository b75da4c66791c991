"""Action steps as long as people write them: stored, imported, added, shown whole by
`/plan show`, and shortened (with a pointer to the rest) everywhere space is short."""

from __future__ import annotations

from datetime import UTC, datetime

from alembic import command
from sqlalchemy import text
from sqlalchemy.engine import Connection

from storage.db import create_engine
from storage.migrate import alembic_config, upgrade

LONG_STEP = 2500


def _to_revision(connection: Connection, revision: str) -> None:
    config = alembic_config()
    config.attributes["connection"] = connection
    command.upgrade(config, revision)


async def test_the_migration_keeps_existing_commitments_and_takes_long_titles(
    database_url: str,
) -> None:
    """A database made by 0001, with commitments and their history, upgrades in place."""
    engine = create_engine(database_url)
    now = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
    try:
        async with engine.begin() as connection:
            await connection.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
        async with engine.begin() as connection:
            await connection.run_sync(_drop_everything)
        async with engine.begin() as connection:
            await connection.run_sync(_to_revision, "0001")
        async with engine.begin() as connection:
            params = {"now": now}
            await connection.execute(
                text("INSERT INTO workspaces (id, team_id, created_at) VALUES (1, 'T1', :now)"),
                params,
            )
            await connection.execute(
                text(
                    "INSERT INTO collaboratives (id, workspace_id, name, timezone, digest_weekday,"
                    " digest_time, skip_weekends, checkin_days, checkin_time, due_soon_days,"
                    " overdue_repeat_days, stale_days, before_session_days,"
                    " next_commitment_number, next_resource_number, created_at) VALUES"
                    " (1, 1, 'C', 'America/Chicago', 0, '09:00:00', true, 2, '10:00:00', 2, 7,"
                    " 10, 2, 2, 1, :now)"
                ),
                params,
            )
            await connection.execute(
                text(
                    "INSERT INTO organizations (id, collaborative_id, name, handle, sphere,"
                    " created_at) VALUES (1, 1, 'Mercy', 'mercy', 'health', :now)"
                ),
                params,
            )
            await connection.execute(
                text(
                    "INSERT INTO commitments (id, collaborative_id, number, organization_id,"
                    " title, status, created_at, updated_at) VALUES"
                    " (1, 1, 1, 1, 'Draft the policy', 'open', :now, :now)"
                ),
                params,
            )
            await connection.execute(
                text(
                    "INSERT INTO commitment_updates (commitment_id, at, kind, source) VALUES"
                    " (1, :now, 'created', 'command')"
                ),
                params,
            )
        await upgrade(engine)  # 0001 -> head, with rows that point at commitments
        long_title = "word " * (LONG_STEP // 5)
        async with engine.begin() as connection:
            await connection.execute(
                text(
                    "INSERT INTO commitments (id, collaborative_id, number, organization_id,"
                    " title, status, created_at, updated_at) VALUES"
                    " (2, 1, 2, 1, :title, 'open', :now, :now)"
                ),
                {"title": long_title, "now": now},
            )
        async with engine.connect() as connection:
            titles = (
                await connection.execute(text("SELECT title FROM commitments ORDER BY id"))
            ).scalars()
            assert list(titles) == ["Draft the policy", long_title]
            updates = await connection.scalar(text("SELECT count(*) FROM commitment_updates"))
            assert updates == 1
    finally:
        await engine.dispose()


def _drop_everything(connection: Connection) -> None:
    """The fixture's database is already at head; start this test from an empty schema."""
    from storage.models import Base

    Base.metadata.drop_all(connection)
