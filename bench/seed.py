"""Collaboratives of a chosen size, loaded the way TA teams load real ones: through the import.

Going through `core.transfer.import_files` (the use case behind `python -m bot import`) rather
than inserting rows by hand keeps the data shaped exactly as the bot expects (numbers, history,
handles), and is much faster than typing hundreds of `/plan add` commands at setup time.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from core.context import ensure_collaborative
from core.transfer import import_files, parse
from sandbox.api import SlackStandIn
from storage.db import create_engine, session_factory
from storage.migrate import upgrade
from storage.uow import UnitOfWorkFactory

TEAM_ID = "T0SANDBOX"  # the stand-in's default team: commands from the driver land here
TIMEZONE = "America/Chicago"
TA = "UTA0000001"
STATUS_CYCLE = ("open", "in-progress", "blocked", "done", "open", "in-progress")
SPHERE_CYCLE = ("health", "labor", "community", "employer", "workforce")
# Titles carry characters that must be escaped in mrkdwn, and are long, so the renderer works.
TITLE = "Draft & share <policy> brief {n} on predictable scheduling for front-line staff"


@dataclass(frozen=True)
class Size:
    """How big a collaborative to build."""

    organizations: int
    commitments_per_org: int
    people_per_org: int = 1


def handle(org: int) -> str:
    return f"org-{org:03d}"


def person_id(org: int, n: int) -> str:
    """A Slack-looking user id that sorts by organization (e.g. UB007P01)."""
    return f"UB{org:03d}P{n:02d}"


def participants(size: Size) -> list[str]:
    return [
        person_id(org, n)
        for org in range(1, size.organizations + 1)
        for n in range(1, size.people_per_org + 1)
    ]


def _csv(header: tuple[str, ...], rows: Iterator[tuple[str, ...]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def roster_csv(size: Size) -> str:
    def rows() -> Iterator[tuple[str, ...]]:
        for org in range(1, size.organizations + 1):
            name = f"Organization {org:03d} for Worker Health"
            sphere = SPHERE_CYCLE[org % len(SPHERE_CYCLE)]
            for n in range(1, size.people_per_org + 1):
                yield (name, handle(org), sphere, person_id(org, n), "participant")

    return _csv(("organization", "handle", "sphere", "slack_user_id", "role"), rows())


def sessions_csv(starts: list[datetime]) -> str:
    rows = (
        (str(i), at.isoformat(), f"Session {i}: precarious work and health")
        for i, at in enumerate(starts, 1)
    )
    return _csv(("session", "starts_at", "title"), rows)


def commitments_csv(size: Size, today: date, with_session: bool) -> str:
    """Statuses cycle and due dates straddle `today`, so listings and digests have every group."""

    def rows() -> Iterator[tuple[str, ...]]:
        n = 0
        for org in range(1, size.organizations + 1):
            for i in range(size.commitments_per_org):
                n += 1
                due = today + timedelta(days=(n % 21) - 7)
                yield (
                    handle(org),
                    TITLE.format(n=n),
                    person_id(org, 1 + i % size.people_per_org),
                    due.isoformat(),
                    STATUS_CYCLE[n % len(STATUS_CYCLE)],
                    "policy",
                    "1" if with_session else "",
                )

    header = ("organization", "title", "owner_slack_id", "due", "status", "pse_level", "session")
    return _csv(header, rows())


async def create(database_url: str, now: datetime, team_id: str = TEAM_ID) -> None:
    """Migrate a fresh database and create the team's (empty) collaborative."""
    engine = create_engine(database_url)
    try:
        await upgrade(engine)
        uow_factory = UnitOfWorkFactory(session_factory(engine))
        async with uow_factory() as uow:
            await ensure_collaborative(uow, team_id, now, TIMEZONE)
            await uow.commit()
    finally:
        await engine.dispose()


def csv_files(
    size: Size,
    now: datetime,
    *,
    sessions: list[datetime] | None = None,
    statuses_open_only: bool = False,
) -> list[tuple[str, str]]:
    """The (name, text) of the files a TA team would import for a collaborative of `size`."""
    files = [("roster.csv", roster_csv(size))]
    if sessions:
        files.append(("sessions.csv", sessions_csv(sessions)))
    text = commitments_csv(size, now.date(), with_session=bool(sessions))
    if statuses_open_only:
        text = text.replace(",in-progress,", ",open,").replace(",blocked,", ",open,")
        text = text.replace(",done,", ",open,")
    files.append(("commitments.csv", text))
    return files


async def import_csv(
    database_url: str, files: list[tuple[str, str]], now: datetime, team_id: str = TEAM_ID
) -> None:
    """Parse and import the files in one transaction, as `python -m bot import` does."""
    engine = create_engine(database_url)
    try:
        uow_factory = UnitOfWorkFactory(session_factory(engine))
        async with uow_factory() as uow:
            parsed = [parse(text, name) for name, text in files]
            await import_files(uow, parsed, now, TIMEZONE, team_id=team_id)
    finally:
        await engine.dispose()


async def seed(
    database_url: str,
    size: Size,
    now: datetime,
    *,
    sessions: list[datetime] | None = None,
    statuses_open_only: bool = False,
    team_id: str = TEAM_ID,
) -> None:
    """Migrate the database and import a collaborative of `size` for the team (by default the
    stand-in's)."""
    await create(database_url, now, team_id)
    files = csv_files(size, now, sessions=sessions, statuses_open_only=statuses_open_only)
    await import_csv(database_url, files, now, team_id)


def add_people(standin: SlackStandIn, size: Size) -> None:
    """The same people in the stand-in's workspace, so DMs and commands reach real users."""
    if TA not in standin.workspace.users:
        standin.add_user(TA, "tessa", real_name="Tessa Bonney", tz=TIMEZONE)
    for user_id in participants(size):
        if user_id not in standin.workspace.users:
            standin.add_user(user_id, user_id.lower(), real_name=f"Person {user_id}", tz=TIMEZONE)
