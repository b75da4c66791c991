"""Looking people up in Slack (users.info) for the rules that need a name, a time zone or the
language Slack shows them (its locale)."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from core.context import Profile

log = logging.getLogger(__name__)


async def fetch_profile(client: AsyncWebClient, user_id: str) -> Profile | None:
    """None when Slack doesn't know the person; other API failures propagate."""
    try:
        # include_locale: Slack leaves the person's language out unless asked (it is what they
        # read until they choose with `/plan language`).
        response = await client.users_info(user=user_id, include_locale=True)
    except SlackApiError as error:
        if error.response.get("error") in ("user_not_found", "users_not_found"):
            return None
        raise
    user = response.get("user") or {}
    profile = user.get("profile") or {}
    return Profile(
        user_id=user_id,
        display_name=profile.get("display_name") or user.get("real_name") or user.get("name"),
        timezone=user.get("tz"),
        is_bot=bool(user.get("is_bot")),
        deleted=bool(user.get("deleted")),
        locale=user.get("locale") or None,
    )


async def fetch_profiles(
    client: AsyncWebClient, user_ids: Iterable[str]
) -> dict[str, Profile | None]:
    return {user_id: await fetch_profile(client, user_id) for user_id in user_ids}
