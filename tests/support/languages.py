"""People who read Slack in another language, for the tests of issue 10 (each person's language)."""

from __future__ import annotations

from sandbox.api import SlackStandIn


def reads_slack_in(standin: SlackStandIn, user_id: str, locale: str) -> None:
    """Give someone Slack's locale (``es-LA``, ``es-ES``): what users.info reports for them when
    asked with include_locale, so the bot learns it when it looks them up (e.g. member add)."""
    standin.workspace.users[user_id].locale = locale
