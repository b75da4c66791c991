"""What the bot draws, in the reader's language: a Spanish speaker gets Spanish words, buttons
and forms with every number filled in and every command as it is typed; the buttons still do
the same thing (their action ids and values do not change); an English reader sees exactly
what they always saw."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.blocks.commitments import listing_replies, status_reply
from bot.blocks.digest import digest_messages
from bot.blocks.nudge import NudgeView, nudge_message
from bot.chart import ChartInput, OrgBar, alt_text
from bot.views.add_commitment import add_commitment_modal
from bot.views.ask_team import ask_modal
from bot.views.blocked_reason import Origin, blocked_modal
from bot.views.edit_commitment import edit_commitment_modal
from bot.views.share_resource import share_modal
from bot.views.ta_reply import reply_modal
from core.commitments import EditTarget, Listing
from core.digest import Digest, build_digest
from core.i18n import speaking
from storage.models import Commitment, Organization, Person, Resource, Session
from tests.support import buttons, visible
from tests.support.digest import commitment, data, everything, org, update

TODAY = date(2026, 12, 2)
CHICAGO = ZoneInfo("America/Chicago")
CLINIC = Organization(id=1, name="Clínica Salud Popular", handle="salud", sphere="health")


def step(number: int, status: str = "open", due: date | None = None) -> Commitment:
    return Commitment(
        number=number, title=f"Paso {number}", owner_slack_id="U1", status=status, due=due
    )


def checkin() -> dict[str, Any]:
    view = NudgeView(
        recipient="U1",
        kinds=("checkin",),
        commitments=[step(3, due=date(2026, 11, 28)), step(4, "in-progress")],
        today=TODAY,
        tz=CHICAGO,
        session=(2, Session(title="Salud y trabajo", starts_at=datetime(2026, 11, 25, tzinfo=UTC))),
        overdue=(3,),
        organization_name=CLINIC.name,
    )
    return nudge_message(view).__dict__


def test_a_check_in_in_spanish_has_spanish_words_and_buttons_that_do_the_same() -> None:
    with speaking("en"):
        english = checkin()
    with speaking("es"):
        spanish = checkin()

    assert spanish["text"] == "Seguimiento después de la sesión 2"
    shown = visible(spanish)
    assert "¡Hola, <@U1>! Han pasado unos días desde la sesión 2, *Salud y trabajo*." in shown
    assert "¿Cómo van los pasos de acción de Clínica Salud Popular?" in shown
    assert "`#3` vencía el sáb 28 nov (hace 4 días). ¿Sigue en eso o necesita ayuda?" in shown
    assert "`/plan list` muestra todo" in shown
    labels = [b["text"]["text"] for b in buttons(spanish)]
    assert labels[:4] == ["Hecho", "En curso", "Bloqueado – necesito ayuda", "Posponer"]
    assert [(b["action_id"], b["value"]) for b in buttons(spanish)] == [
        (b["action_id"], b["value"]) for b in buttons(english)
    ]
    assert [b["text"]["text"] for b in buttons(english)][:4] == [
        "Done",
        "In progress",
        "Blocked – need help",
        "Snooze",
    ]
    assert english["text"] == "Check-in after Session 2"
    assert "was due Sat Nov 28 (4 days ago). Still on it, or does it need help?" in visible(english)


def test_a_status_change_and_a_listing_agree_in_number() -> None:
    blocked = step(3, "blocked")
    listing = Listing(title="Compromisos", groups=[(CLINIC, [step(1), blocked])])
    with speaking("es"):
        changed = status_reply(blocked, "in-progress", TODAY).text
        footer = visible(listing_replies(listing, TODAY)[-1])
        one = visible(listing_replies(Listing("x", [(CLINIC, [step(1)])]), TODAY)[-1])

    assert changed == "`#3` *Paso 3* ahora está en estado *Bloqueado* (antes: En curso)."
    assert "2 compromisos · Edite uno con su botón, o véalo completo con `/plan show #N`." in footer
    assert "1 compromiso · Edite uno" in one
    with speaking("en"):
        assert status_reply(blocked, "in-progress", TODAY).text == (
            "`#3` *Paso 3* is now *Blocked* (was In progress)."
        )


def week() -> Digest:
    return build_digest(
        data(
            organizations=(org(1, "Clínica Salud Popular"), org(2, "Centro de Trabajadores")),
            commitments=(
                commitment(1, 1, status="done"),
                commitment(2, 1, status="blocked"),
                commitment(3, 2),
            ),
            updates=(
                update(1, new_status="done"),
                update(2, new_status="blocked", note="Need a <b> reviewer"),
            ),
        )
    )


def test_the_digest_speaks_the_collaboratives_language() -> None:
    with speaking("es"):
        messages = digest_messages(week())
    summary, details = everything([messages.summary]), everything(messages.details)

    assert messages.summary.text.startswith("Resumen semanal · ")
    assert "*1 paso hecho esta semana* — ¡gracias a todos!" in summary
    assert "3 compromisos · 1 abierto · 1 bloqueado · 1 hecho (33%)" in summary
    assert "Organizaciones con novedades esta semana: 1 de 2." in summary
    assert "_sin novedades esta semana todavía_" in summary
    assert ":tada: *Hecho esta semana*" in details
    # what people typed stays as typed, escaped
    assert "se necesita ayuda: “Need a &lt;b&gt; reviewer”" in details
    assert "this week" not in summary + details

    with speaking("en"):
        english = digest_messages(week())
    assert english.summary.text.startswith("Weekly digest · ")
    assert "3 commitments · 1 open · 1 blocked · 1 done (33%)" in everything([english.summary])


def _modals() -> list[dict[str, Any]]:
    member = Person(slack_user_id="U1", display_name="Ana")
    target = EditTarget(commitment=step(7), organization=CLINIC, members=[member])
    resource = Resource(id=1, number=1, title="Guía", url="https://example.org")
    return [
        add_commitment_modal([CLINIC], True, {CLINIC: [member]}),
        edit_commitment_modal(target),
        ask_modal(),
        blocked_modal(7, "Paso 7", Origin(number=7)),
        share_modal(7, "Paso 7", [resource]),
        reply_modal(7, "Paso 7", "Necesitamos un revisor"),
    ]


@pytest.mark.parametrize("language", ["en", "es"])
def test_every_form_fits_slacks_limits_in_both_languages(language: str) -> None:
    """Slack refuses a modal whose title, submit or close button is over 24 characters."""
    with speaking(language):
        modals = _modals()
    for modal in modals:
        for part in ("title", "submit", "close"):
            assert len(modal[part]["text"]) <= 24, (part, modal[part]["text"])


def test_the_add_form_in_spanish_keeps_the_values_it_submits() -> None:
    with speaking("es"):
        modal = add_commitment_modal([CLINIC], True, {})
    assert (modal["title"]["text"], modal["submit"]["text"], modal["close"]["text"]) == (
        "Agregar un compromiso",
        "Agregar",
        "Cancelar",
    )
    labels = [b["label"]["text"] for b in modal["blocks"]]
    assert labels == [
        "Organización",
        "¿Qué va a hacer?",
        "Detalles",
        "Fecha límite",
        "Nivel de cambio",
    ]
    levels = modal["blocks"][-1]["element"]["options"]
    assert [(o["text"]["text"], o["value"]) for o in levels] == [
        ("Políticas", "policy"),
        ("Sistemas", "systems"),
        ("Entorno", "environment"),
        ("Individual", "individual"),
    ]
    with speaking("en"):
        english = add_commitment_modal([CLINIC], True, {})
    assert english["title"]["text"] == "Add a commitment"
    assert english["blocks"][-1]["element"]["options"][0]["text"]["text"] == "Policy"


def test_the_chart_alt_text_is_in_the_digests_language() -> None:
    chart = ChartInput(
        "Salud, semana del 30 nov",
        [OrgBar("Clínica", done=1, in_progress=2, open=1), OrgBar("Centro")],
        [(date(2026, 11, 23), 3)],
    )
    with speaking("es"):
        text = alt_text(chart)
    assert text.startswith("Salud, semana del 30 nov. Pasos por estado en cada organización:")
    assert "Clínica: 1 hecho, 2 en curso, 1 sin empezar." in text
    assert "Centro: sin pasos." in text
    assert "Pasos hechos cada semana, semana del: 23 nov 3." in text
    with speaking("en"):
        assert "Clínica: 1 done, 2 in progress, 1 not started." in alt_text(chart)
