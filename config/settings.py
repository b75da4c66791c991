"""The only module that reads the environment.

Everything else receives a `Settings` value, so tests build one by hand and nothing deep inside
the rules depends on how the process was started.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dotenv import dotenv_values

DEFAULT_API_URL = "https://slack.com/api/"
DEFAULT_SQLITE_PATH = Path("data") / "follow-through.sqlite3"
DEFAULT_AUTHORIZE_URL = "https://slack.com/oauth/v2/authorize"
MANIFEST = Path(__file__).resolve().parents[1] / "manifest.json"


def manifest_bot_scopes() -> tuple[str, ...]:
    """The bot scopes the Slack app asks for (manifest.json), so OAuth asks for the same ones."""
    data = json.loads(MANIFEST.read_text(encoding="utf-8"))
    return tuple(data["oauth_config"]["scopes"]["bot"])


class SettingsError(ValueError):
    """A setting is wrong; the message names the variable so the fix is obvious."""


@dataclass(frozen=True)
class Settings:
    """What the process was configured with, validated once at start-up."""

    bot_token: str | None = None
    signing_secret: str | None = None
    app_token: str | None = None
    api_url: str = DEFAULT_API_URL
    database_url: str = f"sqlite+aiosqlite:///{DEFAULT_SQLITE_PATH}"
    host: str = "0.0.0.0"
    port: int = 3000
    ta_provider_ids: tuple[str, ...] = field(default_factory=tuple)
    default_timezone: str = "America/Chicago"
    scheduler: bool = True
    #: OAuth (many workspaces): the app's credentials, the scopes it asks for, and where the
    #: consent page is (slack.com's, or the stand-in's in tests).
    client_id: str | None = None
    client_secret: str | None = None
    scopes: tuple[str, ...] = field(default_factory=tuple)
    authorize_url: str = DEFAULT_AUTHORIZE_URL
    redirect_uri: str | None = None

    @property
    def oauth(self) -> bool:
        """Installed into any number of workspaces: each one's token comes from its install."""
        return bool(self.client_id and self.client_secret and not self.bot_token)

    #: Seconds between the clock's ticks (each tick: leadership, then the due jobs).
    clock_tick_seconds: float = 300.0
    #: For rehearsals and tests only: the process's clock starts at this instant and advances
    #: in real time from there (`python -m bot` and `python -m jobs`).
    clock_start: datetime | None = None
    #: `text` (one readable line) or `json` (one object a line, for log collectors).
    log_format: str = "text"
    #: Worker processes `python -m bot` starts on the one port (the platforms' variable).
    web_concurrency: int = 1

    @property
    def sandbox(self) -> bool:
        """Without a bot token (nor OAuth) there is no Slack to talk to: run the local stand-in."""
        return not self.bot_token and not self.oauth

    @property
    def socket_mode(self) -> bool:
        return bool(self.app_token)


def normalize_database_url(raw: str) -> str:
    """Accept URLs the way hosting platforms hand them out and pick the async driver ourselves.

    Heroku-style platforms give `postgres://…`; SQLAlchemy wants `postgresql+asyncpg://…`.
    """
    url = raw.strip()
    if not url:
        raise SettingsError("DATABASE_URL is empty; leave it unset for the SQLite default.")
    scheme, sep, rest = url.partition("://")
    if not sep:
        raise SettingsError(f"DATABASE_URL {url!r} is not a URL (expected scheme://…).")
    base = scheme.split("+", 1)[0].lower()
    if base in ("postgres", "postgresql"):
        return f"postgresql+asyncpg://{rest}"
    if base == "sqlite":
        return f"sqlite+aiosqlite://{rest}"
    raise SettingsError(
        f"DATABASE_URL scheme {scheme!r} is not supported; use postgresql://… or sqlite:///…."
    )


def _parse_port(raw: str) -> int:
    try:
        port = int(raw)
    except ValueError:
        raise SettingsError(f"PORT must be a number, got {raw!r}.") from None
    if not 0 < port < 65536:
        raise SettingsError(f"PORT must be between 1 and 65535, got {port}.")
    return port


def _parse_user_ids(raw: str) -> tuple[str, ...]:
    ids = tuple(part.strip() for part in raw.split(",") if part.strip())
    for user_id in ids:
        if user_id[:1] not in ("U", "W") or not user_id.isalnum():
            raise SettingsError(
                f"TA_PROVIDER_IDS must be Slack user ids like U012ABCDEF, got {user_id!r}."
            )
    return ids


def _parse_timezone(raw: str) -> str:
    try:
        ZoneInfo(raw)
    except (ZoneInfoNotFoundError, ValueError):
        raise SettingsError(
            f"DEFAULT_TIMEZONE {raw!r} is not a time zone; use an Area/City name."
        ) from None
    return raw


def _parse_switch(name: str, raw: str) -> bool:
    value = raw.strip().lower()
    if value in ("on", "true", "1", "yes"):
        return True
    if value in ("off", "false", "0", "no"):
        return False
    raise SettingsError(f"{name} must be on or off, got {raw!r}.")


def _parse_positive_int(name: str, raw: str) -> int:
    try:
        value = int(raw)
    except ValueError:
        raise SettingsError(f"{name} must be a whole number, got {raw!r}.") from None
    if value < 1:
        raise SettingsError(f"{name} must be 1 or more, got {value}.")
    return value


def _parse_seconds(name: str, raw: str) -> float:
    try:
        value = float(raw)
    except ValueError:
        raise SettingsError(f"{name} must be a number of seconds, got {raw!r}.") from None
    if not value > 0:
        raise SettingsError(f"{name} must be more than 0 seconds, got {raw!r}.")
    return value


def _parse_instant(name: str, raw: str) -> datetime:
    try:
        moment = datetime.fromisoformat(raw)
    except ValueError:
        raise SettingsError(
            f"{name} {raw!r} is not an ISO time like 2026-12-07T14:55:00Z."
        ) from None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _parse_log_format(raw: str) -> str:
    value = raw.strip().lower()
    if value not in ("text", "json"):
        raise SettingsError(f"LOG_FORMAT must be text or json, got {raw!r}.")
    return value


def _require_prefix(name: str, raw: str, prefix: str) -> str:
    if not raw.startswith(prefix):
        raise SettingsError(f"{name} must start with {prefix!r}.")
    return raw


def from_mapping(env: Mapping[str, str]) -> Settings:
    """Validate raw variables; unset and empty mean the default."""

    def get(name: str) -> str | None:
        value = env.get(name)
        return value.strip() if value and value.strip() else None

    bot_token = get("SLACK_BOT_TOKEN")
    signing_secret = get("SLACK_SIGNING_SECRET")
    app_token = get("SLACK_APP_TOKEN")
    if bot_token:
        _require_prefix("SLACK_BOT_TOKEN", bot_token, "xoxb-")
        if not app_token and not signing_secret:
            raise SettingsError(
                "SLACK_SIGNING_SECRET is required for HTTP mode (or set SLACK_APP_TOKEN "
                "for Socket Mode)."
            )
    if app_token:
        _require_prefix("SLACK_APP_TOKEN", app_token, "xapp-")
        if not bot_token:
            raise SettingsError("SLACK_APP_TOKEN needs SLACK_BOT_TOKEN as well.")
    oauth = _oauth_settings(get, bot_token, signing_secret, app_token)
    api_url = get("SLACK_API_URL") or DEFAULT_API_URL
    if not api_url.startswith(("http://", "https://")):
        raise SettingsError(f"SLACK_API_URL must be an http(s) URL, got {api_url!r}.")
    if not api_url.endswith("/"):
        api_url += "/"
    database_url = get("DATABASE_URL")
    web_concurrency = _parse_positive_int("WEB_CONCURRENCY", get("WEB_CONCURRENCY") or "1")
    scheduler_raw = get("SCHEDULER")
    clock_start = get("CLOCK_START")
    return Settings(
        bot_token=bot_token,
        signing_secret=signing_secret,
        app_token=app_token,
        api_url=api_url,
        database_url=(
            normalize_database_url(database_url)
            if database_url
            else f"sqlite+aiosqlite:///{DEFAULT_SQLITE_PATH}"
        ),
        host=get("HOST") or "0.0.0.0",
        port=_parse_port(get("PORT") or "3000"),
        ta_provider_ids=_parse_user_ids(get("TA_PROVIDER_IDS") or ""),
        default_timezone=_parse_timezone(get("DEFAULT_TIMEZONE") or "America/Chicago"),
        # Several web workers would each run a clock: only when asked (leadership then decides).
        scheduler=_parse_switch(
            "SCHEDULER", scheduler_raw or ("on" if web_concurrency == 1 else "off")
        ),
        clock_tick_seconds=_parse_seconds("CLOCK_TICK_SECONDS", get("CLOCK_TICK_SECONDS") or "300"),
        clock_start=_parse_instant("CLOCK_START", clock_start) if clock_start else None,
        log_format=_parse_log_format(get("LOG_FORMAT") or "text"),
        web_concurrency=web_concurrency,
        **oauth,
    )


def _oauth_settings(
    get: Callable[[str], str | None],
    bot_token: str | None,
    signing_secret: str | None,
    app_token: str | None,
) -> dict[str, Any]:
    """OAuth mode is on with SLACK_CLIENT_ID and SLACK_CLIENT_SECRET and no SLACK_BOT_TOKEN
    (Bolt's own variable names); with a bot token the credentials are ignored, as before."""
    client_id, client_secret = get("SLACK_CLIENT_ID"), get("SLACK_CLIENT_SECRET")
    if bot_token or not (client_id or client_secret):
        return {}
    if not client_id:
        raise SettingsError("SLACK_CLIENT_SECRET needs SLACK_CLIENT_ID as well.")
    if not client_secret:
        raise SettingsError("SLACK_CLIENT_ID needs SLACK_CLIENT_SECRET as well.")
    if not signing_secret:
        raise SettingsError("SLACK_SIGNING_SECRET is required with SLACK_CLIENT_ID (OAuth).")
    if app_token:
        raise SettingsError("SLACK_APP_TOKEN needs SLACK_BOT_TOKEN; OAuth serves over HTTP.")
    raw_scopes = get("SLACK_SCOPES")
    scopes = (
        tuple(part.strip() for part in raw_scopes.split(",") if part.strip())
        if raw_scopes
        else manifest_bot_scopes()
    )
    if not scopes or any(" " in scope for scope in scopes):
        raise SettingsError(f"SLACK_SCOPES must be comma-separated scopes, got {raw_scopes!r}.")
    authorize_url = get("SLACK_AUTHORIZE_URL") or DEFAULT_AUTHORIZE_URL
    if not authorize_url.startswith(("http://", "https://")):
        raise SettingsError(f"SLACK_AUTHORIZE_URL must be an http(s) URL, got {authorize_url!r}.")
    redirect_uri = get("SLACK_REDIRECT_URI")
    if redirect_uri and not redirect_uri.startswith(("http://", "https://")):
        raise SettingsError(f"SLACK_REDIRECT_URI must be an http(s) URL, got {redirect_uri!r}.")
    return {
        "client_id": client_id,
        "client_secret": client_secret,
        "scopes": scopes,
        "authorize_url": authorize_url,
        "redirect_uri": redirect_uri,
    }


def load(env_file: str | Path = ".env") -> Settings:
    """Read `.env` (if present) under the real environment, which wins, then validate."""
    merged: dict[str, str] = {
        key: value for key, value in dotenv_values(env_file).items() if value is not None
    }
    merged.update(os.environ)
    return from_mapping(merged)
