"""The privacy texts in both languages, and how mentions of a forgotten person are replaced."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from bot.blocks.privacy import notice_block, privacy_reply
from bot.blocks.retention import purged_notice, ta_notice
from core.forget import _patterns, scrub
from core.i18n import speaking
from tests.support import visible

CHICAGO = ZoneInfo("America/Chicago")
PURGE = datetime(2026, 12, 31, 15, 0, tzinfo=UTC)


def test_privacy_in_spanish_fills_the_retention_and_keeps_the_commands() -> None:
    with speaking("es"):
        [page] = privacy_reply(365, None, CHICAGO)
        shown = visible(page.payload())
    assert "*Qué se guarda:*" in shown and "365 días" in shown
    assert "`/plan forget me`" in shown and "`/plan member forget @person`" in shown
    with speaking("en"):
        [page] = privacy_reply(365, None, CHICAGO)
    english = visible(page.payload())
    assert "*What is stored:*" in english and "then 365 days after it closes" in english


def test_the_notice_and_the_purge_notices_in_spanish() -> None:
    with speaking("es"):
        notice = visible({"blocks": [notice_block()]})
        told = visible(ta_notice(PURGE, 30, CHICAGO).payload())
        one, many = visible(purged_notice(1).payload()), visible(purged_notice(4).payload())
    assert "guarda los compromisos" in notice and "`/plan privacy`" in notice
    assert "El 2026-12-31, 30 días después" in told
    assert "1 persona borrada" in one and "4 personas borradas" in many
    with speaking("en"):
        assert "4 people forgotten" in visible(purged_notice(4).payload())
        assert "1 person forgotten" in visible(purged_notice(1).payload())


def test_every_form_of_a_mention_becomes_a_former_member() -> None:
    patterns = _patterns("U0JORGE01", ["jorge", "Jorge Ruiz"])
    text = "Ask <@U0JORGE01|jorge>, @Jorge Ruiz or JORGE; U0JORGE01 knows. Jorgensen stays."
    assert scrub(text, patterns) == (
        "Ask a former member, a former member or a former member; a former member knows. "
        "Jorgensen stays."
    )
