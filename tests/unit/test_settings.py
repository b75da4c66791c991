"""Configuration: every variable validated once, with a message naming the variable."""

from __future__ import annotations

import pytest

from config.settings import SettingsError, from_mapping, normalize_database_url


def test_defaults_run_the_sandbox_on_sqlite() -> None:
    settings = from_mapping({})
    assert settings.sandbox and not settings.socket_mode
    assert settings.database_url == "sqlite+aiosqlite:///data/follow-through.sqlite3"
    assert (settings.port, settings.host, settings.scheduler) == (3000, "0.0.0.0", True)
    assert settings.api_url == "https://slack.com/api/"
    assert settings.default_timezone == "America/Chicago"


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgres://u:p@db:5432/app", "postgresql+asyncpg://u:p@db:5432/app"),
        ("postgresql://u@db/app", "postgresql+asyncpg://u@db/app"),
        ("postgresql+asyncpg://u@db/app", "postgresql+asyncpg://u@db/app"),
        ("sqlite:///data/x.sqlite3", "sqlite+aiosqlite:///data/x.sqlite3"),
    ],
)
def test_database_urls_as_platforms_hand_them_out(given: str, expected: str) -> None:
    assert normalize_database_url(given) == expected


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"PORT": "eighty"}, "PORT"),
        ({"PORT": "70000"}, "PORT"),
        ({"DATABASE_URL": "mysql://x/y"}, "DATABASE_URL"),
        ({"DATABASE_URL": "not a url"}, "DATABASE_URL"),
        ({"TA_PROVIDER_IDS": "U123,bob"}, "TA_PROVIDER_IDS"),
        ({"DEFAULT_TIMEZONE": "Mars/Olympus"}, "DEFAULT_TIMEZONE"),
        ({"SCHEDULER": "sometimes"}, "SCHEDULER"),
        ({"SLACK_BOT_TOKEN": "xoxp-user-token", "SLACK_SIGNING_SECRET": "s"}, "SLACK_BOT_TOKEN"),
        ({"SLACK_BOT_TOKEN": "xoxb-1"}, "SLACK_SIGNING_SECRET"),
        ({"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xoxb-2"}, "SLACK_APP_TOKEN"),
        ({"SLACK_API_URL": "ftp://slack"}, "SLACK_API_URL"),
    ],
)
def test_a_wrong_setting_names_the_variable(env: dict[str, str], named: str) -> None:
    with pytest.raises(SettingsError, match=named):
        from_mapping(env)


def test_http_and_socket_mode() -> None:
    http = from_mapping({"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s"})
    assert not http.sandbox and not http.socket_mode
    socket = from_mapping({"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1"})
    assert socket.socket_mode
    ids = from_mapping({"TA_PROVIDER_IDS": " U0123ABCD, W0456EFGH ,"}).ta_provider_ids
    assert ids == ("U0123ABCD", "W0456EFGH")
    assert from_mapping({"SLACK_API_URL": "http://127.0.0.1:9/api"}).api_url.endswith("/api/")
    assert from_mapping({"SCHEDULER": "off"}).scheduler is False


def test_clock_and_process_settings() -> None:
    from datetime import UTC, datetime

    from config.settings import SettingsError

    defaults = from_mapping({})
    assert (defaults.clock_tick_seconds, defaults.clock_start) == (300.0, None)
    assert (defaults.log_format, defaults.web_concurrency) == ("text", 1)
    pinned = from_mapping({"CLOCK_START": "2026-12-07T14:55:00Z", "CLOCK_TICK_SECONDS": "2"})
    assert pinned.clock_start == datetime(2026, 12, 7, 14, 55, tzinfo=UTC)
    assert pinned.clock_tick_seconds == 2.0
    # several web workers run no clock unless SCHEDULER=on says so
    assert from_mapping({"WEB_CONCURRENCY": "3"}).scheduler is False
    assert from_mapping({"WEB_CONCURRENCY": "3", "SCHEDULER": "on"}).scheduler is True
    for name, raw in (
        ("CLOCK_START", "next monday"),
        ("CLOCK_TICK_SECONDS", "0"),
        ("LOG_FORMAT", "xml"),
        ("WEB_CONCURRENCY", "0"),
    ):
        with pytest.raises(SettingsError, match=name):
            from_mapping({name: raw})
