"""What every command-line entry point does first: the validated settings, then logging."""

from __future__ import annotations

import sys

from config.logs import configure_logging
from config.settings import Settings, SettingsError, load


def secrets_of(settings: Settings) -> list[str | None]:
    """Values no log line may show (tokens are also caught by their shape)."""
    return [
        settings.signing_secret,
        getattr(settings, "client_secret", None),  # OAuth mode, where configured
        settings.bot_token,
        settings.app_token,
    ]


def start_cli() -> Settings | None:
    """Settings, or None after printing the one-line reason (the caller exits with 2)."""
    try:
        settings = load()
    except SettingsError as error:
        configure_logging()
        print(f"Configuration error: {error}", file=sys.stderr)
        return None
    configure_logging(settings.log_format, secrets_of(settings))
    return settings
