"""The stand-in plays Slack's side of an install: the consent page hands out a single-use code,
`oauth.v2.access` checks the app's credentials and answers Slack's shape, each token speaks for
its own workspace, and an uninstalled workspace's token is refused."""

from __future__ import annotations

from collections.abc import AsyncIterator
from urllib.parse import parse_qs, urlsplit

import aiohttp
import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from sandbox.api import SlackStandIn

BETA = "T0BETA0001"
BACK = "https://bot.example.org/slack/oauth_redirect"


@pytest.fixture
async def standin() -> AsyncIterator[SlackStandIn]:
    server = SlackStandIn()
    server.workspace.add_user("U1", "ana")
    server.add_team(BETA, "beta").add_user("U1", "ana-in-beta")
    server.oauth.redirect_uri = BACK
    await server.start()
    yield server
    await server.stop()


async def approve(standin: SlackStandIn, team: str, user: str) -> tuple[str, str]:
    query = f"client_id={standin.oauth.client_id}&scope=commands,chat:write&state=s1"
    async with (
        aiohttp.ClientSession() as browser,
        browser.get(
            f"{standin.authorize_url}?{query}&team={team}&user={user}", allow_redirects=False
        ) as page,
    ):
        assert page.status == 302, await page.text()
        location = page.headers["Location"]
    params = parse_qs(urlsplit(location).query)
    assert location.startswith(BACK + "?") and params["state"] == ["s1"]
    return params["code"][0], location


async def test_a_code_is_exchanged_once_for_that_workspace_s_token(standin: SlackStandIn) -> None:
    code, _ = await approve(standin, BETA, "U1")
    client = AsyncWebClient(base_url=standin.api_url)
    with pytest.raises(SlackApiError, match="bad_client_secret"):
        await client.oauth_v2_access(
            client_id=standin.oauth.client_id, client_secret="x", code=code
        )
    answer = await client.oauth_v2_access(
        client_id=standin.oauth.client_id, client_secret=standin.oauth.client_secret, code=code
    )
    assert answer["token_type"] == "bot" and answer["access_token"].startswith("xoxb-")
    assert answer["team"] == {"id": BETA, "name": "beta"} and answer["authed_user"] == {"id": "U1"}
    assert answer["enterprise"] is None and answer["is_enterprise_install"] is False
    assert answer["scope"] == "commands,chat:write" and answer["bot_user_id"]
    with pytest.raises(SlackApiError, match="invalid_code"):
        await client.oauth_v2_access(
            client_id=standin.oauth.client_id, client_secret=standin.oauth.client_secret, code=code
        )

    token = answer["access_token"]
    beta = AsyncWebClient(token=token, base_url=standin.api_url)
    assert (await beta.auth_test())["team_id"] == BETA
    assert (await beta.users_info(user="U1"))["user"]["name"] == "ana-in-beta"
    first = AsyncWebClient(token=standin.bot_token, base_url=standin.api_url)
    assert (await first.users_info(user="U1"))["user"]["name"] == "ana"
    await beta.chat_postMessage(channel="U1", text="hello beta")
    assert [m["text"] for m in standin.team(BETA).dm_messages("U1")] == ["hello beta"]
    assert standin.workspace.dm_messages("U1") == []
    assert standin.calls_in(BETA, "chat.postMessage")[0].token == token

    standin.uninstall(BETA)
    with pytest.raises(SlackApiError, match="token_revoked"):
        await beta.auth_test()
    assert (await first.auth_test())["ok"]


async def test_the_consent_page_refuses_a_stranger_app_and_can_be_declined(
    standin: SlackStandIn,
) -> None:
    async with aiohttp.ClientSession() as browser:
        async with browser.get(f"{standin.authorize_url}?client_id=nope&state=s") as page:
            assert page.status == 400
        url = f"{standin.authorize_url}?client_id={standin.oauth.client_id}&state=s2&deny=1"
        async with browser.get(url, allow_redirects=False) as page:
            assert page.status == 302
            assert page.headers["Location"] == f"{BACK}?error=access_denied&state=s2"
        url = f"{standin.authorize_url}?client_id={standin.oauth.client_id}&state=s3"
        async with browser.get(url) as page:
            listing = await page.text()
    assert "Allow as ana in sandbox" in listing and "Allow as ana-in-beta in beta" in listing
    assert not standin.oauth.codes
