"""`python -m sandbox`: the sandbox even when Slack tokens are configured (they are not used)."""

from __future__ import annotations

import argparse
import asyncio
import sys
from datetime import datetime

from config.cli import start_cli
from sandbox.launch import run_sandbox


def _instant(text: str) -> datetime:
    """An ISO 8601 instant with its UTC offset: a wall time alone would depend on the machine."""
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        raise argparse.ArgumentTypeError(
            f"{text!r} needs a UTC offset, e.g. 2026-12-07T09:00-06:00"
        )
    return moment


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sandbox", description=__doc__)
    parser.add_argument(
        "--start",
        type=_instant,
        default=None,
        help="the instant the sandbox's clock starts at (ISO 8601 with offset); default: now",
    )
    args = parser.parse_args(argv)
    settings = start_cli()
    if settings is None:
        return 2
    return asyncio.run(run_sandbox(settings, start=args.start))


if __name__ == "__main__":
    sys.exit(main())
