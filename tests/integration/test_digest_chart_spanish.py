"""The digest's picture reads in the collaborative's language, like the digest it completes:
its comment, its title and the weeks in its alt text are Spanish once a TA chose Spanish, and
stay exactly as before in English."""

from __future__ import annotations

from sandbox.api import SlackStandIn
from tests.integration.test_digest_chart import chart_messages, digest, scenario
from tests.support.harness import BotHarness, Person


async def test_a_spanish_collaboratives_chart_reads_in_spanish(
    bot: BotHarness, people: dict[str, Person], standin: SlackStandIn
) -> None:
    await scenario(bot, people)
    assert "Spanish" in await people["ta"].plan("settings language es")
    await digest(bot)

    (message,) = chart_messages(standin)
    (shared,) = message["files"]
    assert message["text"].startswith("📊 La semana en una imagen:")
    assert "`/plan ask <question>`" in message["text"]
    assert shared["title"].endswith(", semana del 30 nov")
    alt = shared["alt_txt"]
    assert "semana del: 14 sept 0" in alt and alt.endswith("23 nov 0, 30 nov 1.")
    assert "Mercy Health Clinic: 1 hecho, 1 bloqueado, 1 vencido." in alt, alt


async def test_an_english_collaboratives_chart_is_unchanged(
    bot: BotHarness, people: dict[str, Person], standin: SlackStandIn
) -> None:
    await scenario(bot, people)
    await digest(bot)

    (message,) = chart_messages(standin)
    (shared,) = message["files"]
    assert message["text"].startswith("📊 The week in one picture:")
    assert shared["title"].endswith(", week of Nov 30")
