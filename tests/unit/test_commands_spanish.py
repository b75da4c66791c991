"""The replies to `/plan …` read in the person's language: Spanish with ``speaking("es")``,
the same English as before with ``speaking("en")``, and the commands themselves typed the same
in both (a Spanish reader copies `/plan done #2` exactly as an English one does)."""

from __future__ import annotations

from datetime import UTC, datetime, time

import pytest

from bot.blocks.reply import Reply
from bot.commands.calendar import _pointing
from bot.commands.help import allowed, explain, topic_help
from bot.commands.help_topics import TOPICS
from bot.commands.rhythm import _delivery_summary, _no_members
from bot.commands.settings import settings_lines
from bot.grammar import USAGE
from core.calendar import SessionRemoval
from core.context import Context
from core.i18n import speaking
from storage.models import Collaborative, Person

NOW = datetime(2026, 12, 1, 15, 0, tzinfo=UTC)  # a Tuesday, 09:00 in Chicago


def collaborative() -> Collaborative:
    return Collaborative(
        id=1,
        timezone="America/Chicago",
        digest_channel_id=None,
        ta_channel_id="C0TA",
        digest_weekday=0,
        digest_time=time(9, 0),
        quiet_start=time(18, 0),
        quiet_end=time(9, 0),
        skip_weekends=True,
        checkin_days=1,
        checkin_time=time(10, 0),
        due_soon_days=2,
        overdue_repeat_days=7,
        stale_days=10,
        before_session_days=2,
        closed_at=None,
    )


def context(*, is_ta: bool) -> Context:
    person = Person(
        slack_user_id="U1",
        timezone="America/Chicago",
        is_ta=is_ta,
        organization_id=None if is_ta else 7,
    )
    return Context(collaborative=collaborative(), actor=person, user_id="U1", now=NOW)


def shown(reply: Reply) -> str:
    """The text of the reply's one section, as Slack shows it."""
    return str(reply.blocks[0]["text"]["text"])


def test_help_on_a_command_is_in_spanish_and_its_example_is_typed_as_in_english() -> None:
    participant = context(is_ta=False)
    with speaking("es"):
        reply = topic_help("done", participant)
        refused = shown(topic_help("export", participant))
    assert reply.text == "Ayuda: /plan done"
    assert shown(reply) == (
        "`/plan done #N [note]`\n"
        "Marca un compromiso como hecho, con una nota si quiere.\n"
        "Ejemplo: `/plan done #2 Board approved`"
    )
    assert refused == (
        ":lock: `/plan export` es para el equipo de asistencia técnica. "
        "`/plan help` muestra lo que usted puede hacer."
    )
    with speaking("en"):
        reply = topic_help("done", participant)
        assert reply.text == "Help: /plan done"
        assert shown(reply) == (
            "`/plan done #N [note]`\n"
            "Marks a commitment done, with an optional note.\n"
            "Example: `/plan done #2 Board approved`"
        )
        assert shown(topic_help("export", participant)) == (
            ":lock: `/plan export` is for TA providers. `/plan help` shows what you can do."
        )


@pytest.mark.parametrize("key", sorted(TOPICS))
def test_every_command_is_explained_in_spanish_with_its_usage_and_example_unchanged(
    key: str,
) -> None:
    ta = context(is_ta=True)
    assert key in allowed(ta)
    with speaking("en"):
        english = explain(key, ta).split("\n")
    with speaking("es"):
        spanish = explain(key, ta).split("\n")
    usage, _what, example = english
    assert spanish[0] == usage == USAGE[key].removeprefix("Usage: ")
    assert spanish[1] != english[1], "the explanation is translated"
    assert spanish[2] == example.replace("Example:", "Ejemplo:")


def test_settings_read_in_spanish_with_weekdays_plurals_and_an_unset_channel() -> None:
    c = collaborative()
    with speaking("es"):
        spanish = settings_lines(c)
    with speaking("en"):
        english = settings_lines(c)
    assert spanish[1] == "*Canal del resumen semanal:* _sin definir_"
    assert spanish[3] == "*Resumen semanal:* los lunes a las 09:00"
    assert spanish[6] == "*Seguimiento:* 1 día después de cada sesión, desde las 10:00"
    assert spanish[7] == "*Vence pronto:* 2 días antes de la fecha límite"
    assert english[1] == "*Digest channel:* _not set_"
    assert english[3] == "*Weekly digest:* Mondays at 09:00"
    assert english[6] == "*Check-in:* 1 day after a session, from 10:00"
    assert english[7] == "*Due soon:* 2 days before the due date"


def test_counts_take_the_right_plural_in_each_language() -> None:
    removal = SessionRemoval(number=3, title="Policy", commitments=1, resources=2, removed=False)
    ctx = context(is_ta=True)
    with speaking("es"):
        assert _pointing(removal) == "1 compromiso y 2 recursos"
        assert _delivery_summary("Seguimiento enviado a {people}", 1, [], ctx) == (
            "Seguimiento enviado a 1 persona."
        )
    with speaking("en"):
        assert _pointing(removal) == "1 commitment and 2 resources"
        assert _delivery_summary("Check-in sent to {people}", 3, [], ctx) == (
            "Check-in sent to 3 people."
        )


def test_a_held_message_says_when_it_arrives_in_spanish() -> None:
    ctx = context(is_ta=True)
    # 20:00 in Chicago: inside quiet hours until 09:00 tomorrow.
    late = Context(ctx.collaborative, ctx.actor, "U1", datetime(2026, 12, 2, 2, 0, tzinfo=UTC))
    person = Person(slack_user_id="U2", timezone="America/Chicago")
    tomorrow_nine = datetime(2026, 12, 2, 15, 0, tzinfo=UTC)
    with speaking("es"):
        text = _delivery_summary(
            "Seguimiento enviado a {people}", 0, [(person, tomorrow_nine)], late
        )
    assert text == (
        "Todavía no se envió nada; 1 lo recibe mañana a las 9:00 hora local (cuando terminen "
        "sus horas de silencio o el fin de semana). Agregue `now` al comando para enviarlo de "
        "inmediato."
    )
    with speaking("en"):
        text = _delivery_summary("Check-in sent to {people}", 2, [(person, tomorrow_nine)], late)
    assert text == (
        "Check-in sent to 2 people now; 1 gets it at 9:00 their time tomorrow (after their quiet "
        "hours or weekend). Add `now` to the command to send right away."
    )


def test_an_organization_with_no_members_is_named_as_typed_in_both_languages() -> None:
    """Its name is people's text: shown as typed, never as markup or a ping."""
    name = "*Mercy* <!channel>"
    with speaking("es"):
        assert _no_members(name) == "∗Mercy∗ &lt;!channel&gt; todavía no tiene integrantes."
    with speaking("en"):
        assert _no_members(name) == "∗Mercy∗ &lt;!channel&gt; has no members yet."
