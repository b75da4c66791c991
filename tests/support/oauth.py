"""Two workspaces with the same people and an OAuth-mode bot, and installing it as a browser
does: the bot's install link, the stand-in's consent page, back to the bot with the code."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import aiohttp

from config.settings import Settings
from sandbox.api import SlackStandIn
from sandbox.driver import SlackDriver
from tests.support.harness import Person, bot_settings
from tests.support.workspace import HEALTH_1, HEALTH_2, LABOR_1, OUTSIDER, SIGNING_SECRET, TA, TA2

#: The stand-in's first workspace, and a second one holding people with the very same ids.
ALPHA = "T0SANDBOX"
BETA = "T0BETA0001"
SAME_PEOPLE = {
    TA: "tessa",
    TA2: "lorraine",
    HEALTH_1: "maria",
    HEALTH_2: "sam",
    LABOR_1: "jorge",
    OUTSIDER: "pat",
}


def two_workspaces() -> SlackStandIn:
    """Alpha and Beta, each with the same six user ids and the same channel ids."""
    standin = SlackStandIn()
    beta = standin.add_team(BETA, "beta")
    for ws in (standin.workspace, beta):
        for user_id, name in SAME_PEOPLE.items():
            ws.add_user(user_id, f"{name}-{ws.team_domain}", tz="America/Chicago")
        ws.add_channel("C0DIGEST01", "collaborative", members=list(SAME_PEOPLE))
    return standin


def oauth_settings(standin: SlackStandIn, database_url: str, **overrides: Any) -> Settings:
    """The bot in OAuth mode: client id and secret, no bot token; consent at the stand-in."""
    values: dict[str, Any] = {
        "bot_token": None,
        "client_id": standin.oauth.client_id,
        "client_secret": standin.oauth.client_secret,
        "scopes": ("commands", "chat:write", "im:write", "users:read"),
        "authorize_url": standin.authorize_url,
        "ta_provider_ids": (),
    }
    values.update(overrides)
    return bot_settings(standin, database_url, **values)


@dataclass
class Visit:
    """Where the browser ended up: the bot's page after the redirect."""

    status: int
    body: str
    consent_url: str
    redirect_url: str


def _cookie(set_cookie: str | None) -> str:
    return (set_cookie or "").split(";", 1)[0]


async def install(bot_url: str, team_id: str, user_id: str, *, tamper_state: bool = False) -> Visit:
    """Open the bot's install link, approve as `user_id` of `team_id`, follow the way back.

    Redirects are followed by hand, as a browser would, carrying the state cookie the bot set
    (aiohttp's jar keeps no `Secure` cookie for plain http on 127.0.0.1)."""
    async with aiohttp.ClientSession() as browser:
        async with browser.get(f"{bot_url}/slack/install", allow_redirects=False) as start:
            assert start.status == 302, await start.text()
            consent_url = start.headers["Location"]
            cookie = _cookie(start.headers.get("Set-Cookie"))
        approve = f"{consent_url}&team={team_id}&user={user_id}"
        async with browser.get(approve, allow_redirects=False) as consent:
            assert consent.status == 302, await consent.text()
            redirect_url = consent.headers["Location"]
        if tamper_state:
            redirect_url = redirect_url.replace("state=", "state=forged")
        async with browser.get(redirect_url, headers={"Cookie": cookie}) as back:
            return Visit(back.status, await back.text(), consent_url, redirect_url)


async def revisit(redirect_url: str, consent_url: str, bot_url: str) -> tuple[int, str]:
    """The same code again, with a fresh state of the bot's (a code is good once)."""
    async with aiohttp.ClientSession() as browser:
        async with browser.get(f"{bot_url}/slack/install", allow_redirects=False) as start:
            cookie = _cookie(start.headers.get("Set-Cookie"))
            fresh_state = cookie.split("=", 1)[1]
        code = redirect_url.split("code=", 1)[1].split("&", 1)[0]
        base = redirect_url.split("?", 1)[0]
        url = f"{base}?code={code}&state={fresh_state}"
        async with browser.get(url, headers={"Cookie": cookie}) as back:
            return back.status, await back.text()


def person_in(
    standin: SlackStandIn, bot_url: str, team_id: str, user_id: str
) -> tuple[SlackDriver, Person]:
    """A driver playing Slack for that workspace, and that person typing in it."""
    driver = SlackDriver(bot_url, SIGNING_SECRET, standin, team_id=team_id)
    return driver, Person(user_id, driver, standin)
