"""The conversation's messages (thread replies, the TA relay, the DM answer) read in Spanish for
a Spanish speaker, with what the code fills in, and exactly as before in English."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from bot.blocks.alerts import answer_message, relay_outcome
from bot.blocks.direct import dm_welcome
from bot.listeners.nudge_replies import _Done, recorded, which_one
from core.i18n import speaking
from core.i18n_dates import moment
from storage.models import Commitment

CHICAGO = ZoneInfo("America/Chicago")
#: Wed Dec 2 2026, 09:00 in Chicago.
MORNING = datetime(2026, 12, 2, 15, 0, tzinfo=UTC)


def _parts() -> list[_Done]:
    return [
        _Done(2, "Call the committee", "done", "open", "sent it"),
        _Done(15, "Survey the night shift", None, None, "called them"),
    ]


def test_what_a_thread_reply_recorded_reads_in_spanish() -> None:
    with speaking("es"):
        said = recorded(_parts())
    assert said == (
        ":white_check_mark: Marqué `#2` *Call the committee* como *Hecho*, con la nota "
        "“sent it” y anoté en `#15` *Survey the night shift*: “called them”."
    )
    with speaking("en"):
        said = recorded(_parts())
    assert said == (
        ":white_check_mark: Marked `#2` *Call the committee* *Done*, noting “sent it” and "
        "noted on `#15` *Survey the night shift*: “called them”."
    )


def test_which_one_names_the_numbers_in_either_language() -> None:
    listed = [Commitment(number=2, title="a"), Commitment(number=15, title="b")]
    with speaking("es"):
        asked = which_one(listed)
    assert asked.startswith("¡Gracias! ¿De cuál compromiso se trata?")
    assert "(`#2` o `#15`)" in asked
    with speaking("en"):
        asked = which_one(listed)
    assert asked.startswith("Thanks! Which commitment is this about?")
    assert "(`#2` or `#15`)" in asked


def test_a_relayed_answer_is_framed_in_the_readers_language_and_keeps_the_tas_words() -> None:
    with speaking("es"):
        reply = answer_message("UTA", "¿Cuenta un borrador?", "Yes, it counts.")
    text = reply.blocks[0]["text"]["text"]
    assert text == (
        ":speech_balloon: <@UTA> respondió su pregunta:\n> ¿Cuenta un borrador?\n\nYes, it counts."
    )
    assert reply.text == "Su pregunta tiene respuesta"
    with speaking("en"):
        reply = answer_message("UTA", "Does it count?", "Sí.")
    assert reply.blocks[0]["text"]["text"] == (
        ":speech_balloon: <@UTA> answered your question:\n> Does it count?\n\nSí."
    )
    assert reply.blocks[1]["elements"][0]["text"] == (
        "Reply in this thread to answer: your reply goes to <@UTA>."
    )


def test_a_held_answer_says_when_in_the_threads_language() -> None:
    with speaking("es"):
        held = relay_outcome("UM", "held", held_until=moment(MORNING, CHICAGO))
    assert held == (
        ":hourglass: <@UM> lo recibirá el mié 2 dic, 09:00 CST, cuando terminen sus horas de "
        "descanso: su respuesta aparecerá aquí."
    )
    with speaking("en"):
        held = relay_outcome("UM", "held", held_until=moment(MORNING, CHICAGO))
    assert held == (
        ":hourglass: <@UM> gets this at Wed Dec 2, 09:00 CST, when their quiet hours end: "
        "their reply will appear here."
    )


def test_the_answer_to_a_plain_dm_is_spanish_with_its_button() -> None:
    with speaking("es"):
        welcome = dm_welcome(True, "hola")
    assert welcome.blocks[0]["text"]["text"].startswith(
        ":wave: Le ayudo a avanzar con su plan de acción entre sesiones."
    )
    assert welcome.blocks[1]["elements"][0]["text"]["text"] == "Enviar al equipo de AT"
    assert welcome.blocks[1]["elements"][0]["value"] == "ask"
    with speaking("en"):
        welcome = dm_welcome(True, "hello")
    assert welcome.blocks[1]["elements"][0]["text"]["text"] == "Send this to the TA team"
