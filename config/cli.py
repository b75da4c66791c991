"""What every command-line entry point does first: logging, then the validated settings."""

from __future__ import annotations

import logging
import sys

from config.settings import Settings, SettingsError, load


def start_cli() -> Settings | None:
    """Settings, or None after printing the one-line reason (the caller exits with 2)."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    logging.getLogger("alembic").setLevel(logging.WARNING)  # its start-up chatter helps nobody
    try:
        return load()
    except SettingsError as error:
        print(f"Configuration error: {error}", file=sys.stderr)
        return None
