"""`python -m sandbox`: the sandbox even when Slack tokens are configured (they are not used)."""

from __future__ import annotations

import asyncio
import sys

from config.cli import start_cli
from sandbox.launch import run_sandbox


def main() -> int:
    settings = start_cli()
    if settings is None:
        return 2
    return asyncio.run(run_sandbox(settings))


if __name__ == "__main__":
    sys.exit(main())
