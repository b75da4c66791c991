"""The rules' own words in the reader's language: refusals and the texts core builds come out
in Spanish inside ``speaking("es")``, with what the code fills in, and exactly as before in
English. The history an edit records stays English: it is the collaborative's shared record
(export, `/plan show`), whoever made the change."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import UTC, date, datetime

import pytest

from core.access import require_ta
from core.commitments import CommitmentEdit, edit_commitment, snooze
from core.context import Context
from core.errors import Refusal
from core.i18n import speaking
from core.roster import add_organization
from core.time import DateError, parse_date, parse_timezone
from core.vocabulary import sphere_label, status_label
from storage.db import create_engine, session_factory
from storage.migrate import upgrade
from storage.models import Collaborative, Commitment, Organization, Person, Workspace
from storage.uow import UnitOfWork

NOW = datetime(2026, 3, 4, 15, 0, tzinfo=UTC)  # a Wednesday, 9:00 in Chicago
TODAY = date(2026, 3, 4)


def _refusal(language: str, action: Callable[[], object]) -> str:
    with speaking(language), pytest.raises(Refusal) as refused:
        action()
    return refused.value.message


def _date_error(language: str | None, typed: str) -> str:
    with speaking(language), pytest.raises(DateError) as refused:
        parse_date(typed, TODAY)
    return str(refused.value)


def test_a_participant_asking_for_a_ta_command_is_told_in_their_language() -> None:
    collaborative = Collaborative(id=1, timezone="America/Chicago")
    maria = Person(slack_user_id="U1", is_ta=False, organization_id=7)
    ctx = Context(collaborative=collaborative, actor=maria, user_id="U1", now=NOW)

    spanish = _refusal("es", lambda: require_ta(ctx, "org add"))
    assert spanish == "Eso solo lo puede hacer el equipo de asistencia técnica."
    assert _refusal("en", lambda: require_ta(ctx, "org add")) == "Only TA providers can do that."


def test_a_date_that_does_not_exist_is_explained_in_spanish_with_a_spanish_month() -> None:
    assert _date_error("es", "2/30/2027") == (
        "La fecha “2/30/2027” no existe: febrero de 2027 no tiene día 30."
    )
    assert _date_error("en", "2/30/2027") == (
        "There's no such date as “2/30/2027”: February 2027 has no day 30."
    )


def test_an_unreadable_date_gets_spanish_examples_computed_from_today() -> None:
    assert _date_error("es", "someday") == (
        "No entendí “someday” como fecha. "
        "Pruebe con 2026-03-18, 18/3, mañana, viernes o en 2 semanas."
    )
    assert _date_error(None, "someday") == (  # no language: English
        "I couldn't read “someday” as a date. Try 2026-03-18, 3/18, tomorrow, friday or in 2 weeks."
    )


def test_an_unknown_time_zone_suggests_the_close_one_in_spanish() -> None:
    with speaking("es"), pytest.raises(ValueError) as refused:
        parse_timezone("America/Chicgo")
    assert str(refused.value) == (
        "No conozco la zona horaria “America/Chicgo”. ¿Quiso decir America/Chicago? "
        "Use un nombre de tipo Región/Ciudad, como America/Chicago o Europe/London."
    )


def test_statuses_and_spheres_are_shown_in_the_readers_words() -> None:
    with speaking("es"):
        assert [status_label(s) for s in ("open", "in-progress", "blocked", "done")] == [
            "Abierto",
            "En curso",
            "Bloqueado",
            "Hecho",
        ]
        assert sphere_label("health") == "Salud"
        assert status_label("unknown") == "unknown"
    with speaking("en"):
        assert status_label("in-progress") == "In progress"
        assert sphere_label("labor") == "Labor & worker advocacy"


# ---------------------------------------------------------------- with a database (SQLite)


@pytest.fixture
async def uow(sqlite_url: str) -> AsyncIterator[UnitOfWork]:
    """A migrated database holding one collaborative, a TA provider, an organization with one
    member, and commitment #1 owned by nobody."""
    engine = create_engine(sqlite_url)
    await upgrade(engine)
    factory = session_factory(engine)
    async with UnitOfWork(factory) as setup:
        workspace = Workspace(team_id="T1", created_at=NOW)
        setup.session.add(workspace)
        await setup.flush()
        collaborative = Collaborative(
            workspace_id=workspace.id, timezone="America/Chicago", created_at=NOW
        )
        setup.session.add(collaborative)
        await setup.flush()
        clinic = Organization(
            collaborative_id=collaborative.id, name="Mercy Clinic", handle="mercy", created_at=NOW
        )
        setup.session.add(clinic)
        await setup.flush()
        setup.session.add_all(
            [
                Person(
                    collaborative_id=collaborative.id,
                    slack_user_id="UTA",
                    is_ta=True,
                    created_at=NOW,
                ),
                Person(
                    collaborative_id=collaborative.id,
                    slack_user_id="UMARIA",
                    display_name="María López",
                    organization_id=clinic.id,
                    created_at=NOW,
                ),
                Commitment(
                    collaborative_id=collaborative.id,
                    number=1,
                    organization_id=clinic.id,
                    title="Print intake guides",
                    status="done",
                    created_at=NOW,
                    updated_at=NOW,
                ),
            ]
        )
        collaborative.next_commitment_number = 2
        await setup.commit()
    async with UnitOfWork(factory) as work:
        yield work
    await engine.dispose()


async def _ta_context(uow: UnitOfWork) -> Context:
    [collaborative] = await uow.repos.collaboratives.all()
    ta = await uow.repos.people.by_slack_id(collaborative.id, "UTA")
    return Context(collaborative=collaborative, actor=ta, user_id="UTA", now=NOW)


async def test_an_edit_answers_in_spanish_and_records_its_history_in_english(
    uow: UnitOfWork,
) -> None:
    ctx = await _ta_context(uow)
    edit = CommitmentEdit(
        title="Print intake guides in Spanish",
        detail=None,
        due=date(2026, 3, 20),
        owner="UMARIA",
        pse_level=None,
    )
    with speaking("es"):
        commitment, changes = await edit_commitment(uow, ctx, 1, edit, "modal")
    assert changes == [
        "el título",
        "la fecha límite (ninguna → 2026-03-20)",
        "el responsable (nadie → María López)",
    ]
    [update] = await uow.repos.commitments.history(commitment.id)
    assert update.note == (
        "Changed the title, the due date (none → 2026-03-20), the owner (nobody → María López)."
    )


async def test_refusals_from_the_database_rules_fill_in_names_and_numbers(
    uow: UnitOfWork,
) -> None:
    ctx = await _ta_context(uow)
    with speaking("es"), pytest.raises(Refusal) as taken:
        await add_organization(uow, ctx, "Mercy Clinic", None, "health")
    assert taken.value.message == "Ya hay una organización llamada “Mercy Clinic”."
    with speaking("es"), pytest.raises(Refusal) as finished:
        await snooze(uow, ctx, 1, "button")
    assert finished.value.message == "El #1 ya está hecho: no hay nada que posponer."
    with speaking("en"), pytest.raises(Refusal) as english:
        await snooze(uow, ctx, 1, "button")
    assert english.value.message == "#1 is already done: nothing to snooze."
