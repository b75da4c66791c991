"""OAuth mode (many workspaces): on with Bolt's SLACK_CLIENT_ID and SLACK_CLIENT_SECRET and no
SLACK_BOT_TOKEN; a bad combination is refused in one line naming the variable."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from config.settings import SettingsError, from_mapping

OAUTH = {"SLACK_CLIENT_ID": "111.222", "SLACK_CLIENT_SECRET": "s3", "SLACK_SIGNING_SECRET": "x"}
MANIFEST = Path(__file__).resolve().parents[2] / "manifest.json"


def test_client_id_and_secret_without_a_bot_token_serve_many_workspaces() -> None:
    settings = from_mapping(OAUTH)
    assert settings.oauth and not settings.sandbox and not settings.socket_mode
    assert (settings.client_id, settings.client_secret) == ("111.222", "s3")
    assert settings.authorize_url == "https://slack.com/oauth/v2/authorize"
    assert settings.redirect_uri is None
    bot_scopes = json.loads(MANIFEST.read_text())["oauth_config"]["scopes"]["bot"]
    assert settings.scopes == tuple(bot_scopes)


def test_oauth_settings_of_its_own() -> None:
    settings = from_mapping(
        OAUTH
        | {
            "SLACK_SCOPES": "commands, chat:write",
            "SLACK_AUTHORIZE_URL": "http://127.0.0.1:9/oauth/v2/authorize",
            "SLACK_REDIRECT_URI": "https://bot.example.org/slack/oauth_redirect",
            "TA_PROVIDER_IDS": "U0123ABCD",
        }
    )
    assert settings.scopes == ("commands", "chat:write")
    assert settings.authorize_url == "http://127.0.0.1:9/oauth/v2/authorize"
    assert settings.redirect_uri == "https://bot.example.org/slack/oauth_redirect"
    assert settings.ta_provider_ids == ("U0123ABCD",)  # extra TA providers, as before


def test_a_bot_token_keeps_the_single_workspace_mode() -> None:
    settings = from_mapping(OAUTH | {"SLACK_BOT_TOKEN": "xoxb-1"})
    assert not settings.oauth and not settings.sandbox
    assert settings.client_id is None and settings.scopes == ()
    assert from_mapping({}).sandbox and not from_mapping({}).oauth


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"SLACK_CLIENT_ID": "111.222"}, "SLACK_CLIENT_SECRET"),
        ({"SLACK_CLIENT_SECRET": "s3"}, "SLACK_CLIENT_ID"),
        (OAUTH | {"SLACK_SIGNING_SECRET": ""}, "SLACK_SIGNING_SECRET"),
        (OAUTH | {"SLACK_APP_TOKEN": "xapp-1"}, "SLACK_APP_TOKEN"),
        (OAUTH | {"SLACK_SCOPES": "chat write"}, "SLACK_SCOPES"),
        (OAUTH | {"SLACK_AUTHORIZE_URL": "slack.com/oauth"}, "SLACK_AUTHORIZE_URL"),
        (OAUTH | {"SLACK_REDIRECT_URI": "/slack/oauth_redirect"}, "SLACK_REDIRECT_URI"),
    ],
)
def test_a_wrong_oauth_setting_names_the_variable(env: dict[str, str], named: str) -> None:
    with pytest.raises(SettingsError, match=named) as raised:
        from_mapping(env)
    assert "\n" not in str(raised.value)


def test_the_manifest_is_ready_for_installs_into_many_workspaces() -> None:
    """Slack sends installers back only to a listed redirect URL, and tells the app about an
    uninstall only if it subscribed to the events that delete its tokens."""
    from bot.oauth import REDIRECT_PATH

    manifest = json.loads(MANIFEST.read_text())
    urls = manifest["oauth_config"]["redirect_urls"]
    assert urls and all(url.endswith(REDIRECT_PATH) for url in urls)
    events = manifest["settings"]["event_subscriptions"]["bot_events"]
    assert {"app_uninstalled", "tokens_revoked"} <= set(events)
