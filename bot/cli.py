"""`python -m bot migrate|import|export`: the command-line edge of the CSV transfer.

Each function returns the process exit code: 0 done, 1 refused (a bad file, an ambiguous
database, a Slack that can't say which workspace this is), with the reason on stderr. The
current time is read here, at the edge, and passed in.

With a bot token configured, import and export work on the collaborative of the workspace that
token belongs to, as Slack says (`auth.test`): the same one `/plan` in that workspace uses,
whichever came first. Without a token they use the database's only collaborative (see
`core.transfer.import_collaborative`).
"""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

import aiohttp
from slack_sdk.errors import SlackClientError
from slack_sdk.oauth.installation_store.sqlalchemy import AsyncSQLAlchemyInstallationStore
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy import MetaData, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine
from tqdm import tqdm

from config.settings import Settings
from core.pseudonyms import pseudonymize_files
from core.transfer import (
    EXPORT_FILES,
    ParsedFile,
    TransferError,
    decode,
    export_files,
    import_collaborative,
    import_files,
    parse,
)
from storage.db import create_engine, session_factory
from storage.installations import BOTS
from storage.migrate import upgrade
from storage.uow import UnitOfWorkFactory

MAX_PROBLEMS_SHOWN = 20
#: Seconds to wait for Slack's auth.test before saying it can't be reached.
SLACK_TIMEOUT = 15
# What a folder import reads: the export's own round-trip files, in the order they build on.
FOLDER_FILES = ("organizations.csv", "sessions.csv", "commitments.csv")


def _err(text: str) -> None:
    print(text, file=sys.stderr)


def _report(error: TransferError) -> int:
    problems = error.problems
    for problem in problems[:MAX_PROBLEMS_SHOWN]:
        _err(problem)
    if len(problems) > MAX_PROBLEMS_SHOWN:
        _err(f"… and {len(problems) - MAX_PROBLEMS_SHOWN} more")
    _err("Nothing was imported.")
    return 1


class WorkspaceUnknown(Exception):
    """Slack couldn't say which workspace the bot token belongs to; the message is one line."""


async def serving_team(
    settings: Settings, nothing_done: str, team: str | None = None
) -> str | None:
    """The team id of the workspace the bot serves (Slack's `auth.test`), None without a token.

    `nothing_done` ends the one-line refusal ("Nothing was imported."). In OAuth mode it is
    `team` (`--team T…`), which must be installed, or else the only installed workspace.
    """
    if settings.oauth:
        return await _installed_team(settings, nothing_done, team)
    if not settings.bot_token:
        return None
    client = AsyncWebClient(
        token=settings.bot_token, base_url=settings.api_url, timeout=SLACK_TIMEOUT
    )
    try:
        answer = await client.auth_test()
    except SlackClientError as error:
        response = getattr(error, "response", None)
        reason = response.get("error") if response is not None else None
        raise WorkspaceUnknown(
            f"Slack didn't accept SLACK_BOT_TOKEN (auth.test: {reason or error}), so I can't "
            f"tell which workspace this is. {nothing_done}"
        ) from None
    except (aiohttp.ClientError, TimeoutError, OSError, ValueError) as error:
        raise WorkspaceUnknown(
            f"Couldn't reach Slack at {settings.api_url} to ask which workspace this is "
            f"({type(error).__name__}): check SLACK_API_URL and the network. {nothing_done}"
        ) from None
    team_id = answer.get("team_id")
    if not team_id:
        raise WorkspaceUnknown(f"Slack's auth.test named no team. {nothing_done}")
    return str(team_id)


async def _installed_team(settings: Settings, nothing_done: str, team: str | None) -> str:
    """Many workspaces: the one named, or the only one installed; never a guess."""
    engine = create_engine(settings.database_url)
    try:
        await upgrade(engine)
        async with engine.connect() as connection:
            bots = AsyncSQLAlchemyInstallationStore.build_bots_table(MetaData(), BOTS)
            found = await connection.execute(
                select(bots.c.team_id)
                .where(bots.c.client_id == settings.client_id, bots.c.team_id.is_not(None))
                .distinct()
            )
            installed = sorted(str(row[0]) for row in found)
    except (SQLAlchemyError, OSError) as error:
        raise WorkspaceUnknown(f"Database error: {error}. {nothing_done}") from None
    finally:
        await engine.dispose()
    if team is not None:
        if team not in installed:
            listed = ", ".join(installed) or "none"
            raise WorkspaceUnknown(
                f"Workspace {team} has not installed the app (installed: {listed}). {nothing_done}"
            )
        return team
    if len(installed) == 1:
        return installed[0]
    if not installed:
        raise WorkspaceUnknown(
            f"No workspace has installed the app yet (open /slack/install). {nothing_done}"
        )
    raise WorkspaceUnknown(
        f"Several workspaces installed the app ({', '.join(installed)}): name one with "
        f"--team. {nothing_done}"
    )


async def migrate(settings: Settings) -> int:
    engine = create_engine(settings.database_url)
    try:
        await upgrade(engine)
    except (SQLAlchemyError, OSError) as error:
        _err(f"Database error: {error}")
        return 1
    finally:
        await engine.dispose()
    print("Database schema is up to date.")
    return 0


def read_files(path: Path) -> list[ParsedFile]:
    """One CSV, or a folder written by the export (its organizations, sessions, commitments)."""
    if path.is_dir():
        paths = [path / name for name in FOLDER_FILES if (path / name).is_file()]
        if not paths:
            raise TransferError([f"{path} holds none of {', '.join(FOLDER_FILES)}"])
    elif path.is_file():
        paths = [path]
    else:
        raise TransferError([f"{path}: no such file"])
    parsed = []
    for file in paths:
        try:
            parsed.append(parse(decode(file.read_bytes()), name=file.name))
        except TransferError as error:
            prefix = f"{file.name} " if len(paths) > 1 else ""
            raise TransferError([prefix + p for p in error.problems]) from None
    return parsed


async def import_file(settings: Settings, path: str | Path, *, team: str | None = None) -> int:
    """Parse everything before touching the database, so a bad file doesn't even migrate it."""
    try:
        parsed = read_files(Path(path))
    except TransferError as error:
        return _report(error)
    try:
        team_id = await serving_team(settings, "Nothing was imported.", team)
    except WorkspaceUnknown as error:
        _err(str(error))
        return 1
    engine = create_engine(settings.database_url)
    try:
        await upgrade(engine)
        return await _import(engine, settings, parsed, team_id)
    except TransferError as error:
        return _report(error)
    except (SQLAlchemyError, OSError) as error:
        _err(f"Database error: {error}")
        return 1
    finally:
        await engine.dispose()


async def _import(
    engine: AsyncEngine, settings: Settings, parsed: Sequence[ParsedFile], team_id: str | None
) -> int:
    total = sum(len(file.rows) for file in parsed)
    # A progress bar is for people watching; in logs and pipes it would only be noise.
    with tqdm(
        total=total, unit="row", desc="Importing", file=sys.stderr, disable=not sys.stderr.isatty()
    ) as bar:
        async with UnitOfWorkFactory(session_factory(engine))() as uow:
            summaries = await import_files(
                uow,
                parsed,
                datetime.now(UTC),
                settings.default_timezone,
                on_row=lambda: _advance(bar),
                team_id=team_id,
            )
    for summary in summaries:
        print(summary.line())
    return 0


def _advance(bar: tqdm[None]) -> None:
    bar.update()


def _is_file(path: Path) -> bool:
    return path.exists() and not path.is_dir()


def _write(target: Path, files: dict[str, str]) -> None:
    """UTF-8 without a byte-order mark: what the import and most tools read by default."""
    target.mkdir(parents=True, exist_ok=True)
    for name in EXPORT_FILES:
        (target / name).write_text(files[name], encoding="utf-8", newline="")


def _row_count(text: str) -> int:
    """Rows, not lines: a note may span several lines inside its quotes."""
    return sum(1 for _ in csv.reader(io.StringIO(text, newline=""))) - 1


async def export_folder(
    settings: Settings,
    folder: str | Path,
    *,
    pseudonymize: bool = False,
    team: str | None = None,
) -> int:
    """Write the export; ``pseudonymize`` puts a stable code in place of every Slack user id
    and name (see core.pseudonyms), for research."""
    target = Path(folder)
    if _is_file(target):
        _err(f"{target} is a file, not a folder.")
        return 1
    try:
        team_id = await serving_team(settings, "Nothing was exported.", team)
    except WorkspaceUnknown as error:
        _err(str(error))
        return 1
    engine = create_engine(settings.database_url)
    try:
        await upgrade(engine)
        async with UnitOfWorkFactory(session_factory(engine))() as uow:
            collaborative = await import_collaborative(
                uow, datetime.now(UTC), settings.default_timezone, create=False, team_id=team_id
            )
            files = await export_files(uow, collaborative, datetime.now(UTC))
            if pseudonymize:
                files = await pseudonymize_files(uow, collaborative, files)
    except TransferError as error:
        for problem in error.problems:
            _err(problem)
        return 1
    except (SQLAlchemyError, OSError) as error:
        _err(f"Database error: {error}")
        return 1
    finally:
        await engine.dispose()
    _write(target, files)
    counts = ", ".join(f"{name} ({_row_count(files[name])} rows)" for name in EXPORT_FILES)
    coded = " (pseudonymized: people appear as codes)" if pseudonymize else ""
    print(f"Exported to {target}{coded}: {counts}")
    return 0
