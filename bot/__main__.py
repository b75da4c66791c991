"""`python -m bot` — serve Slack; `python -m bot migrate|import <file>|export <folder>`
(`export --pseudonymize` for research: a code in place of every Slack id and name).

Serving with `WEB_CONCURRENCY=N` (N > 1, PostgreSQL only) starts N worker processes on the one
port under a supervisor (see bot.workers)."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import sys

from config.cli import start_cli
from config.settings import Settings
from config.single import MESSAGE, SingleProcessError, hold_single_process, sqlite_file


def serve_slack(settings: Settings) -> int:
    """One process, one worker of several, or the supervisor of several."""
    from bot.runtime import process_clock
    from bot.workers import Supervisor, worker_number

    worker = worker_number()
    clock = process_clock(settings)
    lock = None
    if worker is None and settings.web_concurrency > 1:
        if sqlite_file(settings.database_url) is not None:
            print(MESSAGE, file=sys.stderr)
            return 2
        return asyncio.run(Supervisor(settings.web_concurrency, clock=clock).run())
    if worker is None:
        try:
            lock = hold_single_process(settings.database_url)
        except SingleProcessError as error:
            print(error, file=sys.stderr)
            return 2
    from bot.serve import serve

    try:
        with contextlib.suppress(KeyboardInterrupt):
            asyncio.run(serve(settings, clock, reuse_port=worker is not None))
    finally:
        if lock is not None:
            lock.release()
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot", description=__doc__)
    sub = parser.add_subparsers(dest="action")
    sub.add_parser("serve", help="serve Slack (the default)")
    sub.add_parser("migrate", help="apply database migrations and exit")
    importer = sub.add_parser("import", help="import a roster or commitments CSV")
    importer.add_argument("file")
    importer.add_argument("--team", help="the workspace (T…) when several installed the app")
    exporter = sub.add_parser("export", help="write the CSV export into a folder")
    exporter.add_argument("folder")
    exporter.add_argument("--team", help="the workspace (T…) when several installed the app")
    exporter.add_argument(
        "--pseudonymize",
        action="store_true",
        help="replace every Slack user id and name with a stable code per person",
    )
    args = parser.parse_args(argv)
    settings = start_cli()
    if settings is None:
        return 2
    if args.action == "migrate":
        from bot.cli import migrate

        return asyncio.run(migrate(settings))
    if args.action == "import":
        from bot.cli import import_file

        return asyncio.run(import_file(settings, args.file, team=args.team))
    if args.action == "export":
        from bot.cli import export_folder

        return asyncio.run(
            export_folder(settings, args.folder, pseudonymize=args.pseudonymize, team=args.team)
        )
    if settings.sandbox:
        from sandbox.launch import run_sandbox

        return asyncio.run(run_sandbox(settings))
    return serve_slack(settings)


if __name__ == "__main__":
    sys.exit(main())
