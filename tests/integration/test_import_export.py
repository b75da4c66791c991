"""Import and export against real databases (SQLite, and PostgreSQL when TEST_DATABASE_URL answers).

Each test gets an empty, migrated database from the `database_url` fixture in conftest.
"""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from core.context import ensure_collaborative
from core.transfer import (
    EXPORT_FILES,
    IMPORT_TEAM_ID,
    ImportSummary,
    TransferError,
    export_files,
    import_collaborative,
    import_files,
    parse,
)
from storage.db import create_engine, session_factory
from storage.migrate import upgrade
from storage.models import (
    Base,
    Collaborative,
    Commitment,
    CommitmentUpdate,
    Organization,
    OutboxMessage,
    Person,
    Session,
    Workspace,
)
from storage.uow import UnitOfWork, UnitOfWorkFactory

DATA = Path(__file__).parent.parent / "data" / "transfer"
NOW = datetime(2025, 3, 10, 16, 0, tzinfo=UTC)
LATER = NOW + timedelta(days=3)
ZONE = "America/Chicago"


@pytest.fixture
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(database_url)
    await upgrade(engine)
    yield engine
    await engine.dispose()


def uow(engine: AsyncEngine) -> UnitOfWork:
    return UnitOfWorkFactory(session_factory(engine))()


def data(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8")


async def run_import(
    engine: AsyncEngine, *texts: str, now: datetime = NOW, names: tuple[str, ...] = ()
) -> list[ImportSummary]:
    parsed = [
        parse(text, name) for text, name in zip(texts, names or ("",) * len(texts), strict=True)
    ]
    async with uow(engine) as work:
        return await import_files(work, parsed, now, ZONE)


async def import_all(engine: AsyncEngine, now: datetime = NOW) -> list[str]:
    summaries = await run_import(
        engine, data("roster.csv"), data("sessions.csv"), data("commitments.csv"), now=now
    )
    return [s.line() for s in summaries]


async def snapshot(engine: AsyncEngine) -> dict[str, Any]:
    """What the round trip promises to keep, by natural keys (ids differ between databases)."""
    async with engine.connect() as connection:

        async def rows(query: Any) -> list[tuple[Any, ...]]:
            return sorted(tuple(r) for r in (await connection.execute(query)).all())

        org = Organization.__table__.alias("org")
        ses = Session.__table__.alias("ses")
        return {
            "organizations": await rows(
                select(Organization.handle, Organization.name, Organization.sphere)
            ),
            "people": await rows(
                select(Person.slack_user_id, Person.is_ta, org.c.handle)
                .outerjoin(org, org.c.id == Person.organization_id)
                .where((Person.is_ta.is_(True)) | (Person.organization_id.is_not(None)))
            ),
            "sessions": await rows(select(Session.starts_at, Session.title)),
            "commitments": await rows(
                select(
                    Commitment.number,
                    org.c.handle,
                    Commitment.title,
                    Commitment.detail,
                    Commitment.owner_slack_id,
                    Commitment.due,
                    Commitment.status,
                    Commitment.pse_level,
                    ses.c.starts_at,
                )
                .join(org, org.c.id == Commitment.organization_id)
                .outerjoin(ses, ses.c.id == Commitment.session_id)
            ),
            "updates": await connection.scalar(select(func.count(CommitmentUpdate.id))),
            "counters": await rows(select(Collaborative.next_commitment_number)),
        }


async def wipe(engine: AsyncEngine) -> None:
    async with engine.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            await connection.execute(delete(table))


def read_csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


# --- importing ---------------------------------------------------------------------------------


async def test_an_import_fills_an_empty_database(engine: AsyncEngine) -> None:
    assert await import_all(engine) == [
        "Imported roster: 3 organizations, 4 people",
        "Imported sessions: 2 sessions",
        "Imported commitments: 3 commitments",
    ]
    state = await snapshot(engine)
    assert state["organizations"] == [
        ("clinica", "Clínica del Pueblo", "health"),
        ("eastside", "Eastside Community Coalition", "community"),
        ("si-se-puede-workers-center", "Sí Se Puede Workers' Center", "labor"),
    ]
    assert state["people"] == [
        ("U0CLIN1", False, "clinica"),
        ("U0CLIN2", False, "clinica"),
        ("U0LAB1", False, "si-se-puede-workers-center"),
        ("U0TA1", True, None),
    ]
    kickoff = datetime(2025, 3, 4, 21, 0, tzinfo=UTC)
    levers = datetime(2025, 4, 1, 20, 0, tzinfo=UTC)
    assert state["sessions"] == [
        (kickoff, "Kickoff: precarious work and health"),
        (levers, "Policy levers for paid leave"),
    ]
    assert state["commitments"] == [
        (1, "clinica", "Screen patients for precarious work", None, "U0CLIN1",
         date(2025, 4, 15), "in-progress", "systems", kickoff),
        (2, "si-se-puede-workers-center", "Share intake form with the clinic", None, "U0LAB1",
         None, "open", None, kickoff),
        (3, "clinica", "Draft a paid sick leave letter", None, None,
         date(2025, 5, 1), "open", "policy", levers),
    ]  # fmt: skip
    assert state["counters"] == [(4,)]


async def test_the_import_records_where_each_commitment_came_from(engine: AsyncEngine) -> None:
    await import_all(engine)
    async with uow(engine) as work:
        updates = await work.session.execute(
            select(Commitment.number, CommitmentUpdate).join(
                Commitment, Commitment.id == CommitmentUpdate.commitment_id
            )
        )
        history = sorted(
            (n, u.kind, u.source, u.new_status, u.at, u.actor_slack_id) for n, u in updates.all()
        )
        team = await work.session.scalar(select(Workspace.team_id))
    assert history == [
        (1, "created", "import", "in-progress", NOW, None),
        (2, "created", "import", "open", NOW, None),
        (3, "created", "import", "open", NOW, None),
    ]
    assert team == IMPORT_TEAM_ID


async def test_importing_the_same_files_twice_changes_nothing(engine: AsyncEngine) -> None:
    await import_all(engine)
    before = await snapshot(engine)
    assert await import_all(engine, now=LATER) == [
        "Imported roster: 0 organizations, 0 people (7 already there)",
        "Imported sessions: 0 sessions (2 already there)",
        "Imported commitments: 0 commitments (3 already there)",
    ]
    assert await snapshot(engine) == before


async def test_commitments_match_by_organization_and_title_whatever_the_case(
    engine: AsyncEngine,
) -> None:
    await import_all(engine)
    before = await snapshot(engine)
    text = (
        "organization,title,owner_slack_id,due,status,pse_level,session\n"
        "Clínica del Pueblo,SCREEN PATIENTS FOR PRECARIOUS WORK,,,done,,\n"
        "CLINICA,Train the front desk,,,,,\n"
    )
    [summary] = await run_import(engine, text, now=LATER)
    assert summary.line() == "Imported commitments: 1 commitment (1 already there)"
    after = await snapshot(engine)
    assert after["commitments"][:3] == before["commitments"]  # the old one keeps its status
    assert after["commitments"][3][:3] == (4, "clinica", "Train the front desk")
    assert after["counters"] == [(5,)]


async def test_a_bad_row_names_its_line_and_imports_nothing(engine: AsyncEngine) -> None:
    await run_import(engine, data("roster.csv"), data("sessions.csv"))
    before = await snapshot(engine)
    text = (
        "organization,title,owner_slack_id,due,status,pse_level,session\n"
        "clinica,Fine one,,,open,,1\n"
        "unknown-org,Orphan,,,open,,\n"
        "eastside,Too late,,,open,,3\n"
        "clinica,Also fine,,,open,,2\n"
    )
    with pytest.raises(TransferError) as caught:
        await run_import(engine, text)
    assert caught.value.problems == [
        "line 3: there is no organization “unknown-org”: import the roster first, or use a "
        "handle or full name from it",
        "line 4: there is no session 3 (the calendar has 2): import the sessions first",
    ]
    assert await snapshot(engine) == before


async def test_a_bad_file_in_a_folder_import_leaves_the_database_empty(
    engine: AsyncEngine,
) -> None:
    with pytest.raises(TransferError) as caught:
        await run_import(
            engine,
            data("commitments.csv").replace("clinica,", "nowhere,", 1),
            data("roster.csv"),
            names=("commitments.csv", "organizations.csv"),
        )
    assert caught.value.problems[0].startswith("commitments.csv line 2: there is no organization")
    async with engine.connect() as connection:
        assert await connection.scalar(select(func.count(Organization.id))) == 0
        assert await connection.scalar(select(func.count(Collaborative.id))) == 0


async def test_a_carried_number_is_kept_unless_another_commitment_has_it(
    engine: AsyncEngine,
) -> None:
    await import_all(engine)
    header = "organization,title,owner_slack_id,due,status,pse_level,session,number\n"
    with pytest.raises(TransferError) as caught:
        await run_import(engine, header + "eastside,Host a listening session,,,,,,2\n")
    assert caught.value.problems == [
        "line 2: #2 is already “Share intake form with the clinic”: leave the number empty "
        "to get a new one"
    ]
    await run_import(
        engine, header + "eastside,Host a listening session,,,,,,40\neastside,Next,,,,,,\n"
    )
    numbers = [(c[0], c[2]) for c in (await snapshot(engine))["commitments"]]
    assert numbers[3:] == [(40, "Host a listening session"), (41, "Next")]
    assert (await snapshot(engine))["counters"] == [(42,)]


async def test_an_edited_roster_updates_but_never_takes_away(engine: AsyncEngine) -> None:
    await run_import(engine, data("roster.csv"))
    edited = (
        "organization,handle,sphere,slack_user_id,role\n"
        "Eastside Community Coalition,eastside,workforce,U0CLIN2,participant\n"
        "Clínica del Pueblo,clinica,,U0CLIN1,ta\n"
        ",,,U0TA1,participant\n"
    )
    with pytest.raises(TransferError):  # a participant needs an organization
        await run_import(engine, edited)
    edited = edited.replace(",,,U0TA1,participant", "Clínica del Pueblo,clinica,,U0TA1,participant")
    [summary] = await run_import(engine, edited, now=LATER)
    assert (
        summary.line() == "Imported roster: 0 organizations, 0 people (1 already there, 4 updated)"
    )
    state = await snapshot(engine)
    assert ("eastside", "Eastside Community Coalition", "workforce") in state["organizations"]
    assert ("clinica", "Clínica del Pueblo", "health") in state["organizations"]
    assert state["people"] == [
        ("U0CLIN1", True, "clinica"),
        ("U0CLIN2", False, "eastside"),
        ("U0LAB1", False, "si-se-puede-workers-center"),
        ("U0TA1", True, "clinica"),  # joined an organization, still a TA provider
    ]


async def test_an_organization_name_taken_under_another_handle_is_refused(
    engine: AsyncEngine,
) -> None:
    await run_import(engine, data("roster.csv"))
    text = "organization,handle,sphere,slack_user_id,role\nclínica DEL pueblo,cdp,health,,\n"
    with pytest.raises(TransferError) as caught:
        await run_import(engine, text)
    assert caught.value.problems == [
        "line 2: “clínica DEL pueblo” is already the organization with handle clinica, not cdp"
    ]


async def test_a_row_without_a_handle_finds_its_organization_by_name(engine: AsyncEngine) -> None:
    await run_import(engine, data("roster.csv"))
    text = (
        "organization,handle,sphere,slack_user_id,role\nCLÍNICA del Pueblo,,,U0CLIN3,participant\n"
    )
    [summary] = await run_import(engine, text)
    assert summary.line() == "Imported roster: 0 organizations, 1 person (1 already there)"
    assert ("U0CLIN3", False, "clinica") in (await snapshot(engine))["people"]


async def test_the_import_joins_the_workspace_collaborative(engine: AsyncEngine) -> None:
    async with uow(engine) as work:
        await ensure_collaborative(work, "T0SLACK", NOW, "America/New_York")
        await work.commit()
    await import_all(engine)
    async with uow(engine) as work:
        [collaborative] = await work.repos.collaboratives.all()
        assert await work.repos.collaboratives.team_id(collaborative) == "T0SLACK"
        assert len(await work.repos.organizations.all(collaborative.id)) == 3


async def test_several_collaboratives_are_refused(engine: AsyncEngine) -> None:
    async with uow(engine) as work:
        await ensure_collaborative(work, "T0ONE", NOW, ZONE)
        await ensure_collaborative(work, "T0TWO", NOW, ZONE)
        await work.commit()
    with pytest.raises(TransferError, match=r"holds 2 collaboratives \(teams T0ONE, T0TWO\)"):
        await import_all(engine)
    async with uow(engine) as work:
        with pytest.raises(TransferError):
            await import_collaborative(work, NOW, ZONE, create=False)


# --- exporting ---------------------------------------------------------------------------------


async def test_an_empty_database_exports_headers_only(engine: AsyncEngine) -> None:
    async with uow(engine) as work:
        collaborative = await import_collaborative(work, NOW, ZONE, create=False)
        files = await export_files(work, collaborative, NOW)
    assert collaborative is None
    assert list(files) == list(EXPORT_FILES)
    assert files["organizations.csv"] == "organization,handle,sphere,slack_user_id,role\n"
    assert all(text.count("\n") == 1 for text in files.values())


async def seed(engine: AsyncEngine) -> None:
    """A collaborative made the way the bot makes one, with the awkward cases a round trip meets."""
    async with uow(engine) as work:
        collaborative, _ = await ensure_collaborative(work, "T0SLACK", NOW, ZONE)
        cid = collaborative.id
        repos = work.repos
        orgs = {}
        for handle, name, sphere in [
            ("clinica", "Clínica del Pueblo", "health"),
            ("labor", "Sí Se Puede, Workers' Center", "labor"),
            ("quiet", "=Quiet Org", "other"),
        ]:
            orgs[handle] = Organization(
                collaborative_id=cid, name=name, handle=handle, sphere=sphere, created_at=NOW
            )
            await repos.organizations.add(orgs[handle])
        for user_id, org, is_ta in [
            ("U0CLIN1", "clinica", False),
            ("U0CLIN2", "clinica", False),
            ("U0LAB1", "labor", True),
            ("U0TA1", None, True),
            ("U0GONE", None, False),  # removed from their organization: no place in a roster
        ]:
            await repos.people.add(
                Person(
                    collaborative_id=cid,
                    slack_user_id=user_id,
                    display_name="Someone",
                    timezone="America/New_York",
                    is_ta=is_ta,
                    organization_id=orgs[org].id if org else None,
                    created_at=NOW,
                )
            )
        sessions = []
        for number, (starts_at, title) in enumerate(
            [
                (datetime(2025, 3, 4, 21, 0, tzinfo=UTC), "Kickoff"),  # CST
                (datetime(2025, 4, 1, 20, 0, tzinfo=UTC), 'Levers, and "pressure"'),  # CDT
            ],
            start=1,
        ):
            session = Session(
                collaborative_id=cid,
                number=number,
                starts_at=starts_at,
                title=title,
                created_at=NOW,
            )
            await repos.sessions.add(session)
            sessions.append(session)
        commitments = []
        for number, org, title, detail, owner, due, status, pse, session_index in [
            (1, "clinica", "Screen patients", None, "U0CLIN1", date(2025, 4, 15), "done",
             "systems", 0),
            (2, "labor", "-5% turnover, then more", "Line one,\nline two", "U0GONE", None,
             "blocked", None, 1),
            (5, "clinica", "@mention the mayor", None, None, None, "dropped", "policy", None),
        ]:  # fmt: skip
            commitment = Commitment(
                collaborative_id=cid,
                number=number,
                organization_id=orgs[org].id,
                title=title,
                detail=detail,
                owner_slack_id=owner,
                due=due,
                status=status,
                pse_level=pse,
                session_id=sessions[session_index].id if session_index is not None else None,
                created_by_slack_id=owner,
                created_at=NOW,
                updated_at=NOW,
            )
            await repos.commitments.add(commitment)
            commitments.append(commitment)
        collaborative.next_commitment_number = 6
        for commitment, source, old, new, note, at in [
            (commitments[0], "command", None, "open", None, NOW),
            (commitments[0], "button", "open", "done", None, LATER),
            (commitments[1], "thread", None, None, "=waiting on legal", LATER),
        ]:
            await repos.commitments.add(
                CommitmentUpdate(
                    commitment_id=commitment.id,
                    actor_slack_id="U0CLIN1",
                    at=at,
                    kind="status" if new else "note",
                    old_status=old,
                    new_status=new,
                    note=note,
                    source=source,
                )
            )
        work.session.add(
            OutboxMessage(
                collaborative_id=cid,
                dedupe_key="checkin:1:U0CLIN1",
                kind="checkin",
                recipient_slack_id="U0CLIN1",
                due_at=LATER,
                status="sent",
                sent_at=LATER + timedelta(minutes=1),
                created_at=NOW,
            )
        )
        await work.commit()


async def export(engine: AsyncEngine) -> dict[str, str]:
    async with uow(engine) as work:
        collaborative = await import_collaborative(work, NOW, ZONE, create=False)
        return await export_files(work, collaborative, NOW)


async def test_the_export_writes_the_import_formats_and_the_evaluation_tables(
    engine: AsyncEngine,
) -> None:
    await seed(engine)
    files = await export(engine)
    assert files["organizations.csv"] == (
        "organization,handle,sphere,slack_user_id,role\n"
        "'=Quiet Org,quiet,other,,\n"
        "Clínica del Pueblo,clinica,health,U0CLIN1,participant\n"
        "Clínica del Pueblo,clinica,health,U0CLIN2,participant\n"
        '"Sí Se Puede, Workers\' Center",labor,labor,U0LAB1,ta\n'
        ",,,U0TA1,ta\n"
    )
    assert files["sessions.csv"] == (
        "session,starts_at,title\n"
        "1,2025-03-04T15:00:00-06:00,Kickoff\n"
        '2,2025-04-01T15:00:00-05:00,"Levers, and ""pressure"""\n'
    )
    assert files["commitments.csv"] == (
        "organization,title,owner_slack_id,due,status,pse_level,session,number,detail\n"
        "clinica,Screen patients,U0CLIN1,2025-04-15,done,systems,1,1,\n"
        'labor,"\'-5% turnover, then more",U0GONE,,blocked,,2,2,"Line one,\nline two"\n'
        "clinica,'@mention the mayor,,,dropped,policy,,5,\n"
    )
    assert read_csv(files["updates.csv"]) == [
        {"commitment": "1", "organization": "clinica", "at": "2025-03-10T16:00:00+00:00",
         "actor": "U0CLIN1", "kind": "status", "old_status": "", "new_status": "open",
         "note": "", "source": "command"},
        {"commitment": "1", "organization": "clinica", "at": "2025-03-13T16:00:00+00:00",
         "actor": "U0CLIN1", "kind": "status", "old_status": "open", "new_status": "done",
         "note": "", "source": "button"},
        {"commitment": "2", "organization": "labor", "at": "2025-03-13T16:00:00+00:00",
         "actor": "U0CLIN1", "kind": "note", "old_status": "", "new_status": "",
         "note": "'=waiting on legal", "source": "thread"},
    ]  # fmt: skip
    assert [row["source"] for row in read_csv(files["responses.csv"])] == ["button", "thread"]
    assert read_csv(files["nudges.csv"]) == [
        {"kind": "checkin", "recipient": "U0CLIN1", "due_at": "2025-03-13T16:00:00+00:00",
         "status": "sent", "sent_at": "2025-03-13T16:01:00+00:00"},
    ]  # fmt: skip


async def test_an_export_imports_back_into_an_empty_database_unchanged(
    engine: AsyncEngine, tmp_path: Path
) -> None:
    await seed(engine)
    original = await snapshot(engine)
    files = await export(engine)
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8", newline="")
    round_trip = [
        (tmp_path / name).read_text(encoding="utf-8")
        for name in ("commitments.csv", "organizations.csv", "sessions.csv")
    ]

    await wipe(engine)
    summaries = await run_import(engine, *round_trip, now=LATER)
    assert [s.line() for s in summaries] == [
        "Imported roster: 3 organizations, 4 people",
        "Imported sessions: 2 sessions",
        "Imported commitments: 3 commitments",
    ]
    restored = await snapshot(engine)
    original["people"] = [p for p in original["people"] if p[0] != "U0GONE"]
    assert {k: v for k, v in restored.items() if k != "updates"} == {
        k: v for k, v in original.items() if k != "updates"
    }
    again = await export(engine)
    for name in ("organizations.csv", "sessions.csv", "commitments.csv"):
        assert again[name] == files[name], name

    # the round trip is idempotent too: the same folder again changes nothing
    await run_import(engine, *round_trip, now=LATER + timedelta(days=1))
    assert await snapshot(engine) == restored
