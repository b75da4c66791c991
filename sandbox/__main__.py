"""`python -m sandbox`: the sandbox even when Slack tokens are configured (they are not used)."""

from __future__ import annotations

import asyncio
import logging
import sys

from config.settings import SettingsError, load
from sandbox.launch import run_sandbox


def main() -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    try:
        settings = load()
    except SettingsError as error:
        print(f"Configuration error: {error}", file=sys.stderr)
        return 2
    return asyncio.run(run_sandbox(settings))


if __name__ == "__main__":
    sys.exit(main())
