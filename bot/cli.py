"""`python -m bot migrate|import|export`: the command-line edge of the CSV transfer.

Each function returns the process exit code: 0 done, 1 refused (a bad file, an ambiguous
database), with the reason on stderr. The current time is read here, at the edge, and passed in.
"""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine
from tqdm import tqdm

from config.settings import Settings
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
from storage.migrate import upgrade
from storage.uow import UnitOfWorkFactory

MAX_PROBLEMS_SHOWN = 20
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


async def import_file(settings: Settings, path: str | Path) -> int:
    """Parse everything before touching the database, so a bad file doesn't even migrate it."""
    try:
        parsed = read_files(Path(path))
    except TransferError as error:
        return _report(error)
    engine = create_engine(settings.database_url)
    try:
        await upgrade(engine)
        return await _import(engine, settings, parsed)
    except TransferError as error:
        return _report(error)
    except (SQLAlchemyError, OSError) as error:
        _err(f"Database error: {error}")
        return 1
    finally:
        await engine.dispose()


async def _import(engine: AsyncEngine, settings: Settings, parsed: Sequence[ParsedFile]) -> int:
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


async def export_folder(settings: Settings, folder: str | Path) -> int:
    target = Path(folder)
    if _is_file(target):
        _err(f"{target} is a file, not a folder.")
        return 1
    engine = create_engine(settings.database_url)
    try:
        await upgrade(engine)
        async with UnitOfWorkFactory(session_factory(engine))() as uow:
            collaborative = await import_collaborative(
                uow, datetime.now(UTC), settings.default_timezone, create=False
            )
            files = await export_files(uow, collaborative)
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
    print(f"Exported to {target}: {counts}")
    return 0
