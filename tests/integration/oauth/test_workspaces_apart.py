"""Two workspaces installed through OAuth, with the same user ids and the same organization
handles, never see each other's data; the nudge job posts each one's check-ins with that
workspace's own token; after `app_uninstalled` one of them gets nothing more and is refused."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from slack_sdk.oauth.installation_store.sqlalchemy import AsyncSQLAlchemyInstallationStore

from bot.app import workspace_clients
from jobs.digest_job import run_digests
from jobs.nudge_job import run_nudges
from sandbox.api import SlackStandIn
from tests.support import visible
from tests.support.harness import BotHarness, Person
from tests.support.oauth import ALPHA, BETA, install, person_in
from tests.support.waits import listeners_finished
from tests.support.workspace import HEALTH_1, TA

CHECKIN = datetime(2026, 12, 3, 16, 30, tzinfo=UTC)  # Thu 10:30 in Chicago


async def set_up(ta: Person, member: Person, title: str) -> str:
    """The same organization handle and the same member id; returns what `/plan add` said."""
    assert "Added" in await ta.plan('org add "Acme Health" as acme')
    assert "Added" in await ta.plan(f"member add acme <@{HEALTH_1}>")
    assert "Session 1" in await ta.plan("session add 2026-12-01 10:00 Kick-off")
    return await member.plan(f"add {title} due 2026-12-20")


def checkins(standin: SlackStandIn, team: str) -> list[str]:
    return [visible(m) for m in standin.team(team).dm_messages(HEALTH_1) if m.get("bot_id")]


async def test_same_ids_same_handles_never_cross(bot: BotHarness, standin: SlackStandIn) -> None:
    await install(bot.url, ALPHA, TA)
    await install(bot.url, BETA, TA)
    alpha_slack, alpha_ta = person_in(standin, bot.url, ALPHA, TA)
    beta_slack, beta_ta = person_in(standin, bot.url, BETA, TA)
    async with alpha_slack, beta_slack:
        alpha_member = Person(HEALTH_1, alpha_slack, standin)
        beta_member = Person(HEALTH_1, beta_slack, standin)
        assert "#1" in await set_up(alpha_ta, alpha_member, "Alpha hiring plan")
        assert "#1" in await set_up(beta_ta, beta_member, "Beta training plan")

        alpha_list = await alpha_ta.plan("list acme")
        beta_list = await beta_ta.plan("list acme")
        assert "Alpha hiring plan" in alpha_list and "Beta training plan" not in alpha_list
        assert "Beta training plan" in beta_list and "Alpha hiring plan" not in beta_list
        assert "Beta" not in await alpha_member.plan("list")

    bot.clock.set(CHECKIN)
    clients = workspace_clients(bot.runtime, bot.process.engine)
    report = await run_nudges(bot.runtime.uow, clients, CHECKIN)

    assert len(report.sent) == 2 and not report.failed
    assert any("Alpha hiring plan" in t for t in checkins(standin, ALPHA))
    assert any("Beta training plan" in t for t in checkins(standin, BETA))
    assert not any("Beta" in t for t in checkins(standin, ALPHA))
    for team in (ALPHA, BETA):
        posts = [
            c for c in standin.calls_in(team, "chat.postMessage") if c.args["channel"] == HEALTH_1
        ]
        assert posts and {c.token for c in posts} == {standin.token_of(team)}


@pytest.mark.expect_errors("AuthorizeResult")  # Bolt logs the refused request as an error
async def test_after_app_uninstalled_nothing_more_reaches_that_workspace(
    bot: BotHarness, standin: SlackStandIn
) -> None:
    await install(bot.url, ALPHA, TA)
    await install(bot.url, BETA, TA)
    alpha_slack, alpha_ta = person_in(standin, bot.url, ALPHA, TA)
    beta_slack, beta_ta = person_in(standin, bot.url, BETA, TA)
    async with alpha_slack, beta_slack:
        await set_up(alpha_ta, Person(HEALTH_1, alpha_slack, standin), "Alpha hiring plan")
        await set_up(beta_ta, Person(HEALTH_1, beta_slack, standin), "Beta training plan")
        alpha_token = standin.token_of(ALPHA)

        assert (await alpha_slack.app_uninstalled()).status == 200
        store = AsyncSQLAlchemyInstallationStore(
            client_id=bot.settings.client_id or "", engine=bot.process.engine
        )

        await listeners_finished(standin)
        assert await store.async_find_bot(enterprise_id=None, team_id=ALPHA) is None
        assert await store.async_find_bot(enterprise_id=None, team_id=BETA) is not None

        before = len(standin.calls)
        bot.clock.set(CHECKIN)
        report = await run_nudges(
            bot.runtime.uow, workspace_clients(bot.runtime, bot.process.engine), CHECKIN
        )
        after = standin.calls[before:]
        assert len(report.sent) == 1
        assert not [c for c in after if c.team_id == ALPHA or c.token == alpha_token]
        assert any("Beta training plan" in t for t in checkins(standin, BETA))
        assert not any("Alpha hiring plan" in t for t in checkins(standin, ALPHA))

        refused = await alpha_ta.plan("list acme")
        assert "no longer available" in refused and "Alpha hiring plan" not in refused
        assert "Beta training plan" in await beta_ta.plan("list acme")

    async with bot.runtime.uow() as uow:  # Alpha's data stays until it reinstalls
        workspace = await uow.repos.collaboratives.workspace(ALPHA)
        assert workspace is not None


async def test_each_workspace_gets_its_own_digest_with_its_own_token(
    bot: BotHarness, standin: SlackStandIn
) -> None:
    await install(bot.url, ALPHA, TA)
    await install(bot.url, BETA, TA)
    for team, title in ((ALPHA, "Alpha hiring plan"), (BETA, "Beta training plan")):
        driver, ta = person_in(standin, bot.url, team, TA)
        async with driver:
            await set_up(ta, Person(HEALTH_1, driver, standin), title)
            assert "C0DIGEST01" in await ta.plan("settings channel <#C0DIGEST01|collaborative>")
    await listeners_finished(standin)
    alpha_slack, _ = person_in(standin, bot.url, ALPHA, TA)
    async with alpha_slack:
        await alpha_slack.tokens_revoked()
    await listeners_finished(standin)

    monday = datetime(2026, 12, 7, 15, 5, tzinfo=UTC)  # Mon 09:05 in Chicago
    bot.clock.set(monday)
    clients = workspace_clients(bot.runtime, bot.process.engine)
    posted = await run_digests(bot.runtime.uow, clients, monday)

    assert len(posted) == 1
    beta_digest = "\n".join(visible(m) for m in standin.team(BETA).messages("C0DIGEST01"))
    assert "Acme Health" in beta_digest
    assert standin.team(ALPHA).messages("C0DIGEST01") == []
    posts = standin.calls_to("chat.postMessage")
    digest_posts = [c for c in posts if c.args["channel"] == "C0DIGEST01"]
    assert digest_posts and {c.token for c in digest_posts} == {standin.token_of(BETA)}
