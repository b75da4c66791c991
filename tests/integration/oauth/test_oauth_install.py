"""Installing the app into workspaces through the whole OAuth flow, over HTTP: the bot's
install link, the stand-in's consent page, the bot's redirect URL, `oauth.v2.access` at the
stand-in. The installer becomes that workspace's TA provider and is welcomed; a forged state or
a code used twice installs nothing; an uninstall takes the tokens away."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from bot.app import workspace_clients
from sandbox.api import SlackStandIn
from storage.models import Person as PersonRow
from storage.models import Workspace
from tests.support.harness import BotHarness, Person
from tests.support.oauth import (
    ALPHA,
    BETA,
    install,
    person_in,
    revisit,
)
from tests.support.waits import listeners_finished
from tests.support.workspace import HEALTH_1, TA


async def count(bot: BotHarness, model: type) -> int:
    async with bot.runtime.uow() as uow:
        return int(await uow.session.scalar(select(func.count()).select_from(model)) or 0)


async def test_the_installer_of_each_workspace_is_its_ta_and_is_welcomed(
    bot: BotHarness, standin: SlackStandIn
) -> None:
    alpha = await install(bot.url, ALPHA, TA)
    beta = await install(bot.url, BETA, HEALTH_1)

    assert alpha.status == beta.status == 200
    assert "Thank you!" in alpha.body and "Thank you!" in beta.body
    assert alpha.consent_url.startswith(standin.authorize_url)
    exchanges = standin.calls_to("oauth.v2.access")
    assert [c.response["team"]["id"] for c in exchanges] == [ALPHA, BETA]
    tokens = {team: standin.token_of(team) for team in (ALPHA, BETA)}
    assert tokens[ALPHA] and tokens[BETA] and tokens[ALPHA] != tokens[BETA]

    def welcomed(team: str, user: str) -> bool:
        return any("first TA provider" in m["text"] for m in standin.team(team).dm_messages(user))

    await standin.wait_for(lambda: welcomed(ALPHA, TA) and welcomed(BETA, HEALTH_1))
    posts = standin.calls_to("chat.postMessage")
    assert {(c.team_id, c.token) for c in posts} == {
        (ALPHA, tokens[ALPHA]),
        (BETA, tokens[BETA]),
    }
    assert not welcomed(ALPHA, HEALTH_1) and not welcomed(BETA, TA)

    # Each installer's TA commands work in their own workspace only.
    alpha_slack, alpha_ta = person_in(standin, bot.url, ALPHA, TA)
    beta_slack, beta_ta = person_in(standin, bot.url, BETA, HEALTH_1)
    beta_other = Person(TA, beta_slack, standin)  # in Alpha a TA; in Beta nobody yet
    async with alpha_slack, beta_slack:
        assert "Added" in await alpha_ta.plan('org add "Acme Health" as acme')
        assert "Added" in await beta_ta.plan('org add "Acme Health" as acme')
        refused = await beta_other.plan('org add "Other" as other')
        assert "Added" not in refused and "TA" in refused


async def test_reinstalling_duplicates_nothing(bot: BotHarness, standin: SlackStandIn) -> None:
    await install(bot.url, ALPHA, TA)
    await standin.wait_for(lambda: standin.team(ALPHA).dm_messages(TA))
    again = await install(bot.url, ALPHA, TA)

    assert again.status == 200 and "Thank you!" in again.body
    assert await count(bot, Workspace) == 1
    assert await count(bot, PersonRow) == 1
    assert len(standin.team(ALPHA).dm_messages(TA)) == 1  # welcomed once


async def test_a_forged_state_or_a_reused_code_installs_nothing(
    bot: BotHarness, standin: SlackStandIn
) -> None:
    forged = await install(bot.url, ALPHA, TA, tamper_state=True)
    assert forged.status == 400 and "Something Went Wrong" in forged.body
    assert not standin.calls_to("oauth.v2.access")
    assert await count(bot, Workspace) == 0

    done = await install(bot.url, BETA, HEALTH_1)
    assert done.status == 200
    status, body = await revisit(done.redirect_url, done.consent_url, bot.url)
    assert status == 401 and "Something Went Wrong" in body
    assert standin.calls_to("oauth.v2.access")[-1].error == "invalid_code"
    assert await count(bot, Workspace) == 1


@pytest.mark.expect_errors("AuthorizeResult")  # Bolt logs the refusal as an error
async def test_a_workspace_that_never_installed_is_refused(
    bot: BotHarness, standin: SlackStandIn
) -> None:
    await install(bot.url, ALPHA, TA)
    beta_slack, stranger = person_in(standin, bot.url, BETA, TA)
    async with beta_slack:
        answer = await stranger.plan('org add "Acme Health" as acme')
    assert "no longer available" in answer
    async with bot.runtime.uow() as uow:
        assert await uow.repos.collaboratives.workspace(BETA) is None


@pytest.mark.expect_errors("AuthorizeResult")  # Bolt logs the refused request as an error
async def test_a_revoked_bot_token_removes_the_install(
    bot: BotHarness, standin: SlackStandIn
) -> None:
    await install(bot.url, BETA, HEALTH_1)
    beta_slack, beta_ta = person_in(standin, bot.url, BETA, HEALTH_1)
    async with beta_slack:
        assert "Added" in await beta_ta.plan('org add "Acme Health" as acme')
        assert (await beta_slack.tokens_revoked()).status == 200
        await listeners_finished(standin)
        assert "no longer available" in await beta_ta.plan("org list")
    clients = workspace_clients(bot.runtime, bot.process.engine)
    async with bot.runtime.uow() as uow:
        workspace = await uow.repos.collaboratives.workspace(BETA)
        assert workspace is not None
        collaborative = await uow.repos.collaboratives.for_workspace(workspace.id)
        assert collaborative is not None
    assert await clients.for_collaborative(collaborative.id) is None
    assert await clients.for_team(BETA) is None
