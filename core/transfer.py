"""Import and export use cases: spreadsheets in, evaluation CSVs out.

The formats and their row-by-row validation live in :mod:`core.transfer_formats` and the export
in :mod:`core.transfer_export`; this module checks a parsed file against what the database
already holds and then writes it. An import is all or nothing: every row is checked before the
first write, each problem names its line, and nothing is committed unless the whole file (or
folder) went in. It is idempotent: organizations are matched by handle, people by Slack id,
sessions by start time and commitments by organization and title (case-insensitively), so
importing the same file again changes nothing.

What a second import of an edited file does:
- roster: the file wins for what it states (an organization's name and sphere, a person's
  organization, the TA role), but an import never takes anything away: it removes nobody and
  revokes no TA role (that is `/plan member remove` and `/plan ta remove`);
- sessions and commitments already there are left as they are: since the first import, the
  bot's own history (status changes, renamed sessions) is newer than any spreadsheet.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from core.calendar import numbered_sessions
from core.context import IMPORT_TEAM_ID, ensure_collaborative
from core.transfer_export import EXPORT_FILES, export_files
from core.transfer_formats import (
    KIND_ORDER,
    CommitmentRow,
    Kind,
    ParsedFile,
    RosterRow,
    SessionRow,
    TransferError,
    adopt_handles,
    decode,
    parse,
)
from storage.models import (
    Collaborative,
    Commitment,
    CommitmentUpdate,
    Organization,
    Person,
    Session,
)
from storage.uow import UnitOfWork

__all__ = [
    "EXPORT_FILES",
    "IMPORT_TEAM_ID",
    "ImportSummary",
    "ParsedFile",
    "TransferError",
    "apply_import",
    "decode",
    "export_files",
    "import_collaborative",
    "import_files",
    "parse",
]

Tick = Callable[[], None]


def _no_tick() -> None:
    return None


@dataclass
class ImportSummary:
    """What one file changed, for the one-line report the command line prints."""

    kind: Kind
    created: dict[str, int] = field(default_factory=dict)
    already: int = 0
    updated: int = 0

    def count(self, what: str, n: int = 1) -> None:
        self.created[what] = self.created.get(what, 0) + n

    def line(self) -> str:
        """'Imported roster: 3 organizations, 7 people (2 already there)'."""
        parts = [_plural(self.created.get(what, 0), what) for what in _ENTITIES[self.kind]]
        extras = []
        if self.already:
            extras.append(f"{self.already} already there")
        if self.updated:
            extras.append(f"{self.updated} updated")
        tail = f" ({', '.join(extras)})" if extras else ""
        return f"Imported {self.kind}: {', '.join(parts)}{tail}"


_ENTITIES: dict[Kind, tuple[str, ...]] = {
    "roster": ("organizations", "people"),
    "sessions": ("sessions",),
    "commitments": ("commitments",),
}
_SINGULAR = {"organizations": "organization", "people": "person", "sessions": "session"}


def _plural(n: int, what: str) -> str:
    return f"{n} {what if n != 1 else _SINGULAR.get(what, what.removesuffix('s'))}"


# --- which collaborative -------------------------------------------------------------------------


async def import_collaborative(
    uow: UnitOfWork,
    now: datetime,
    default_timezone: str,
    *,
    create: bool = True,
    team_id: str | None = None,
) -> Collaborative | None:
    """The collaborative the command line works on: the one of the workspace the bot serves.

    With a bot token the command line asks Slack (`auth.test`) and passes the `team_id`: the
    import goes into that workspace's collaborative, creating it (or adopting a placeholder
    left by an earlier import without a token) as the first `/plan` would.

    Without a token, one deployment serves one workspace, so the database's only collaborative
    is the one meant. In an empty database the import creates one under the placeholder team
    id ``T_IMPORT``, which the first workspace to use the bot adopts (see
    :func:`core.context.ensure_collaborative`). With several collaboratives the choice would
    be a guess, so it refuses and says why.

    The export (`create=False`) never creates anything; with nothing to export it writes
    header-only files.
    """
    if team_id is not None:
        return await _collaborative_of(uow, team_id, now, default_timezone, create)
    collaboratives = list(await uow.repos.collaboratives.all())
    if len(collaboratives) == 1:
        return collaboratives[0]
    if collaboratives:
        teams = [await uow.repos.collaboratives.team_id(c) for c in collaboratives]
        raise TransferError(
            [
                f"the database holds {len(collaboratives)} collaboratives (teams "
                f"{', '.join(teams)}), and the command line can't tell which one is meant: "
                "use /plan in the workspace instead"
            ]
        )
    if not create:
        return None
    collaborative, _ = await ensure_collaborative(uow, IMPORT_TEAM_ID, now, default_timezone)
    return collaborative


async def _collaborative_of(
    uow: UnitOfWork, team_id: str, now: datetime, default_timezone: str, create: bool
) -> Collaborative | None:
    if create:
        collaborative, _ = await ensure_collaborative(uow, team_id, now, default_timezone)
        return collaborative
    repos = uow.repos
    workspace = await repos.collaboratives.workspace(team_id)
    workspace = workspace or await repos.collaboratives.workspace(IMPORT_TEAM_ID)
    return await repos.collaboratives.for_workspace(workspace.id) if workspace else None


async def import_files(
    uow: UnitOfWork,
    files: Sequence[ParsedFile],
    now: datetime,
    default_timezone: str,
    on_row: Tick = _no_tick,
    team_id: str | None = None,
) -> list[ImportSummary]:
    """Import one file, or a whole export folder, in one transaction: all of it or none of it.

    Files are applied roster first, then sessions, then commitments, so a folder written by the
    export comes back whatever order its files were listed in. `team_id` is the workspace the
    bot serves, when the command line could ask Slack (see :func:`import_collaborative`).
    """
    collaborative = await import_collaborative(uow, now, default_timezone, team_id=team_id)
    assert collaborative is not None
    summaries = []
    for parsed in sorted(files, key=lambda f: KIND_ORDER.index(f.kind)):
        try:
            summaries.append(await apply_import(uow, collaborative, parsed, now, on_row))
        except TransferError as error:
            if len(files) > 1 and parsed.name:
                raise TransferError([f"{parsed.name} {p}" for p in error.problems]) from None
            raise
    await uow.commit()
    return summaries


async def apply_import(
    uow: UnitOfWork,
    collaborative: Collaborative,
    parsed: ParsedFile,
    now: datetime,
    on_row: Tick = _no_tick,
) -> ImportSummary:
    """Check one parsed file against the database, then write it (flushed, not committed)."""
    if parsed.kind == "roster":
        roster = [row for row in parsed.rows if isinstance(row, RosterRow)]
        return await _import_roster(uow, collaborative, roster, now, on_row)
    if parsed.kind == "sessions":
        sessions = [row for row in parsed.rows if isinstance(row, SessionRow)]
        return await _import_sessions(uow, collaborative, sessions, now, on_row)
    commitments = [row for row in parsed.rows if isinstance(row, CommitmentRow)]
    return await _import_commitments(uow, collaborative, commitments, now, on_row)


# --- roster --------------------------------------------------------------------------------------


@dataclass
class _OrgPlan:
    name: str
    sphere: str | None
    line: int


def _organizations_in(rows: Sequence[RosterRow]) -> dict[str, _OrgPlan]:
    """One entry per handle; a sphere left empty on one row may be stated on another."""
    plans: dict[str, _OrgPlan] = {}
    for row in rows:
        if row.organization is None or row.handle is None:
            continue
        plan = plans.setdefault(row.handle, _OrgPlan(row.organization, row.sphere, row.line))
        plan.sphere = plan.sphere or row.sphere
    return plans


async def _import_roster(
    uow: UnitOfWork,
    collaborative: Collaborative,
    rows: Sequence[RosterRow],
    now: datetime,
    on_row: Tick,
) -> ImportSummary:
    repos = uow.repos
    cid = collaborative.id
    existing = {org.handle: org for org in await repos.organizations.all(cid)}
    by_name = {org.name.lower(): org for org in existing.values()}
    known = {name: org.handle for name, org in by_name.items()}
    rows = [row for row in adopt_handles(rows, known) if isinstance(row, RosterRow)]
    wanted = _organizations_in(rows)
    problems = [
        f"line {plan.line}: “{plan.name}” is already the organization with handle "
        f"{by_name[plan.name.lower()].handle}, not {handle}"
        for handle, plan in wanted.items()
        if plan.name.lower() in by_name and by_name[plan.name.lower()].handle != handle
    ]
    if problems:
        raise TransferError(problems)
    summary = ImportSummary("roster")
    organizations = {}
    for handle, plan in wanted.items():
        organizations[handle] = await _upsert_organization(
            uow, cid, existing.get(handle), handle, plan, now, summary
        )
    people = {person.slack_user_id: person for person in await repos.people.all(cid)}
    for row in rows:
        on_row()
        if row.slack_user_id is None:
            continue
        organization = organizations[row.handle] if row.handle else None
        await _upsert_person(
            uow, cid, people.get(row.slack_user_id), row, organization, now, summary
        )
    return summary


async def _upsert_organization(
    uow: UnitOfWork,
    cid: int,
    organization: Organization | None,
    handle: str,
    plan: _OrgPlan,
    now: datetime,
    summary: ImportSummary,
) -> Organization:
    if organization is None:
        organization = Organization(
            collaborative_id=cid,
            name=plan.name,
            handle=handle,
            sphere=plan.sphere or "other",
            created_at=now,
        )
        await uow.repos.organizations.add(organization)
        summary.count("organizations")
        return organization
    # Names match case-insensitively everywhere, so a file's capitals alone rename nothing.
    renamed = organization.name.lower() != plan.name.lower()
    resphered = plan.sphere is not None and organization.sphere != plan.sphere
    changed = renamed or resphered
    if renamed:
        organization.name = plan.name
    if resphered and plan.sphere is not None:
        organization.sphere = plan.sphere
    if changed:
        summary.updated += 1
    else:
        summary.already += 1
    return organization


async def _upsert_person(
    uow: UnitOfWork,
    cid: int,
    person: Person | None,
    row: RosterRow,
    organization: Organization | None,
    now: datetime,
    summary: ImportSummary,
) -> None:
    assert row.slack_user_id is not None
    is_ta = row.role == "ta"
    organization_id = organization.id if organization else None
    if person is None:
        person = Person(
            collaborative_id=cid,
            slack_user_id=row.slack_user_id,
            is_ta=is_ta,
            organization_id=organization_id,
            created_at=now,
        )
        await uow.repos.people.add(person)
        summary.count("people")
        return
    changed = (is_ta and not person.is_ta) or (
        organization_id is not None and person.organization_id != organization_id
    )
    person.is_ta = person.is_ta or is_ta
    person.organization_id = organization_id or person.organization_id
    if changed:
        summary.updated += 1
    else:
        summary.already += 1


# --- sessions ------------------------------------------------------------------------------------


async def _import_sessions(
    uow: UnitOfWork,
    collaborative: Collaborative,
    rows: Sequence[SessionRow],
    now: datetime,
    on_row: Tick,
) -> ImportSummary:
    """New sessions keep the file's number when no other session has it (an export imports
    back unchanged, gaps left by removed sessions included); the others get the next free one."""
    current = list(await uow.repos.sessions.all(collaborative.id))
    existing = {s.starts_at for s in current}
    taken = {s.number for s in current}
    new_rows = [row for row in rows if row.starts_at.astimezone(UTC) not in existing]
    kept: set[int] = set()
    for row in new_rows:
        if row.number is not None and row.number not in taken and row.number not in kept:
            kept.add(row.number)
    if kept:
        await uow.session.refresh(collaborative, attribute_names=["next_session_number"])
        collaborative.next_session_number = max(collaborative.next_session_number, max(kept) + 1)
        await uow.flush()
    summary = ImportSummary("sessions")
    for row in rows:
        on_row()
        starts_at = row.starts_at.astimezone(UTC)
        if starts_at in existing:
            summary.already += 1
            continue
        number = row.number if row.number in kept else None
        if number is None:
            number = await uow.repos.collaboratives.next_number(
                collaborative.id, "next_session_number"
            )
        kept.discard(number)
        await uow.repos.sessions.add(
            Session(
                collaborative_id=collaborative.id,
                number=number,
                starts_at=starts_at,
                title=row.title,
                created_at=now,
            )
        )
        existing.add(starts_at)
        summary.count("sessions")
    return summary


# --- commitments ---------------------------------------------------------------------------------


@dataclass
class _CommitmentPlan:
    row: CommitmentRow
    organization: Organization | None = None
    session_id: int | None = None

    @property
    def is_new(self) -> bool:
        return self.organization is not None


async def _plan_commitments(
    uow: UnitOfWork, cid: int, rows: Sequence[CommitmentRow]
) -> list[_CommitmentPlan]:
    """Resolve every row against the database and list every problem before anything is written."""
    repos = uow.repos
    organizations = list(await repos.organizations.all(cid))
    by_handle = {org.handle: org for org in organizations}
    by_name = {org.name.lower(): org for org in organizations}
    sessions = {s.number: s.session.id for s in await numbered_sessions(uow, cid)}
    existing = list(await repos.commitments.all(cid))
    by_key = {(c.organization_id, c.title.lower()): c for c in existing}
    by_number = {c.number: c for c in existing}
    plans: list[_CommitmentPlan] = []
    problems: list[str] = []
    planned: dict[tuple[int, str], int] = {}
    for row in rows:
        reference = row.organization.lower()
        organization = by_handle.get(reference) or by_name.get(reference)
        if organization is None:
            problems.append(
                f"line {row.line}: there is no organization “{row.organization}”: import the "
                "roster first, or use a handle or full name from it"
            )
            continue
        if row.session is not None and row.session not in sessions:
            problems.append(
                f"line {row.line}: there is no session {row.session} (the calendar has "
                f"{len(sessions)}): import the sessions first"
            )
            continue
        key = (organization.id, row.title.lower())
        if key in planned:
            problems.append(
                f"line {row.line}: the same commitment of {organization.handle} is on line "
                f"{planned[key]}"
            )
            continue
        planned[key] = row.line
        if key in by_key:
            plans.append(_CommitmentPlan(row))
            continue
        taken = by_number.get(row.number) if row.number is not None else None
        if taken is not None:
            problems.append(
                f"line {row.line}: #{row.number} is already “{taken.title}”: leave the number "
                "empty to get a new one"
            )
            continue
        session_id = sessions[row.session] if row.session is not None else None
        plans.append(_CommitmentPlan(row, organization, session_id))
    if problems:
        raise TransferError(problems)
    return plans


async def _import_commitments(
    uow: UnitOfWork,
    collaborative: Collaborative,
    rows: Sequence[CommitmentRow],
    now: datetime,
    on_row: Tick,
) -> ImportSummary:
    plans = await _plan_commitments(uow, collaborative.id, rows)
    carried = [p.row.number for p in plans if p.is_new and p.row.number is not None]
    if carried:
        await _reserve_numbers(uow, collaborative, max(carried) + 1)
    summary = ImportSummary("commitments")
    for plan in plans:
        on_row()
        if not plan.is_new:
            summary.already += 1
            continue
        await _add_commitment(uow, collaborative.id, plan, now)
        summary.count("commitments")
    return summary


async def _reserve_numbers(uow: UnitOfWork, collaborative: Collaborative, floor: int) -> None:
    """Numbers carried by the file are kept, so new ones must be allocated above them.

    `CollaborativeRepo.next_number` moves the counter with an UPDATE the ORM object doesn't see,
    so the counter is re-read before it is raised.
    """
    await uow.session.refresh(collaborative, attribute_names=["next_commitment_number"])
    if collaborative.next_commitment_number < floor:
        collaborative.next_commitment_number = floor
        await uow.flush()


async def _add_commitment(uow: UnitOfWork, cid: int, plan: _CommitmentPlan, now: datetime) -> None:
    row = plan.row
    assert plan.organization is not None
    number = row.number
    if number is None:
        number = await uow.repos.collaboratives.next_number(cid, "next_commitment_number")
    commitment = Commitment(
        collaborative_id=cid,
        number=number,
        organization_id=plan.organization.id,
        title=row.title,
        detail=row.detail,
        owner_slack_id=row.owner_slack_id,
        due=row.due,
        status=row.status,
        pse_level=row.pse_level,
        session_id=plan.session_id,
        created_by_slack_id=None,
        created_at=now,
        updated_at=now,
    )
    await uow.repos.commitments.add(commitment)
    await uow.repos.commitments.add(
        CommitmentUpdate(
            commitment_id=commitment.id,
            actor_slack_id=None,
            at=now,
            kind="created",
            old_status=None,
            new_status=row.status,
            note=None,
            source="import",
        )
    )
