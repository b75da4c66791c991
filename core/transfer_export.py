"""The export: the import formats (so an export imports back unchanged) plus evaluation tables.

`organizations.csv`, `sessions.csv` and `commitments.csv` are exactly what the import reads;
`updates.csv`, `nudges.csv` and `responses.csv` are for evaluators, who ask what happened
between sessions and whether people answered the nudges; `engagement.csv` is one row of figures
per organization, from :mod:`core.figures` like `/plan report`, so the two always agree.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from core.calendar import numbered_sessions
from core.figures import Evidence
from core.figures_load import load_evidence
from core.transfer_formats import (
    COMMITMENT_COLUMNS,
    COMMITMENT_OPTIONAL,
    ROSTER_COLUMNS,
    SESSION_COLUMNS,
    render,
)
from storage.models import Collaborative, Commitment, CommitmentUpdate
from storage.uow import UnitOfWork

UPDATE_COLUMNS = (
    "commitment",
    "organization",
    "at",
    "actor",
    "kind",
    "old_status",
    "new_status",
    "note",
    "source",
)
NUDGE_COLUMNS = ("kind", "recipient", "due_at", "status", "sent_at")
ENGAGEMENT_COLUMNS = (
    "organization",
    "sphere",
    "commitments",
    "done",
    "overdue",
    "blocked",
    "nudges_sent",
    "nudges_answered",
    "median_hours_to_update",
    "resources_shared",
    "resources_opened",
    "questions_asked",
    "questions_answered",
)
RESPONSE_SOURCES = ("button", "thread", "modal")
EXPORT_FILES = (
    "organizations.csv",
    "sessions.csv",
    "commitments.csv",
    "updates.csv",
    "nudges.csv",
    "responses.csv",
    "engagement.csv",
)


async def export_files(
    uow: UnitOfWork, collaborative: Collaborative | None, now: datetime
) -> dict[str, str]:
    """Every export file's CSV text, by file name, in EXPORT_FILES order; ``now`` is what
    "overdue" is measured from in engagement.csv.

    Built in memory: the Slack command uploads the texts and the command line writes them, and
    a collaborative's history is small enough (thousands of rows) for that to be the simple way.
    Without a collaborative every file still comes out, with its header only.
    """
    if collaborative is None:
        return _empty_files()
    cid = collaborative.id
    commitments = list(await uow.repos.commitments.all(cid))
    handles = {org.id: org.handle for org in await uow.repos.organizations.all(cid)}
    updates = list(await uow.repos.commitments.all_updates(cid))
    responses = [u for u in updates if u.source in RESPONSE_SOURCES]
    return {
        "organizations.csv": await _roster(uow, cid),
        "sessions.csv": await _sessions(uow, collaborative),
        "commitments.csv": await _commitments(uow, cid, commitments, handles),
        "updates.csv": _updates(updates, commitments, handles),
        "nudges.csv": await _nudges(uow, cid),
        "responses.csv": _updates(responses, commitments, handles),
        "engagement.csv": engagement(await load_evidence(uow, collaborative, now)),
    }


def _empty_files() -> dict[str, str]:
    columns = {
        "organizations.csv": ROSTER_COLUMNS,
        "sessions.csv": SESSION_COLUMNS,
        "commitments.csv": COMMITMENT_COLUMNS + COMMITMENT_OPTIONAL,
        "updates.csv": UPDATE_COLUMNS,
        "nudges.csv": NUDGE_COLUMNS,
        "responses.csv": UPDATE_COLUMNS,
        "engagement.csv": ENGAGEMENT_COLUMNS,
    }
    return {name: render(columns[name], []) for name in EXPORT_FILES}


async def _roster(uow: UnitOfWork, cid: int) -> str:
    """One row per person, one per organization without members (so it survives the round trip),
    then the TA providers who belong to no organization. People with neither an organization nor
    the TA role (removed members) have no place in a roster and are left out."""
    people = list(await uow.repos.people.all(cid))
    rows: list[tuple[object, ...]] = []
    for org in await uow.repos.organizations.all(cid):
        members = [p for p in people if p.organization_id == org.id]
        if not members:
            rows.append((org.name, org.handle, org.sphere, None, None))
        for person in members:
            role = "ta" if person.is_ta else "participant"
            rows.append((org.name, org.handle, org.sphere, person.slack_user_id, role))
    for person in people:
        if person.organization_id is None and person.is_ta:
            rows.append((None, None, None, person.slack_user_id, "ta"))
    return render(ROSTER_COLUMNS, rows)


async def _sessions(uow: UnitOfWork, collaborative: Collaborative) -> str:
    """Start times in the collaborative's own zone, with the offset: readable and exact."""
    zone = ZoneInfo(collaborative.timezone)
    rows = [
        (s.number, s.starts_at.astimezone(zone), s.session.title)
        for s in await numbered_sessions(uow, collaborative.id)
    ]
    return render(SESSION_COLUMNS, rows)


async def _commitments(
    uow: UnitOfWork, cid: int, commitments: Sequence[Commitment], handles: dict[int, str]
) -> str:
    session_numbers = {s.session.id: s.number for s in await numbered_sessions(uow, cid)}
    rows = [
        (
            handles[c.organization_id],
            c.title,
            c.owner_slack_id,
            c.due,
            c.status,
            c.pse_level,
            session_numbers.get(c.session_id) if c.session_id is not None else None,
            c.number,
            c.detail,
        )
        for c in commitments
    ]
    return render(COMMITMENT_COLUMNS + COMMITMENT_OPTIONAL, rows)


def _updates(
    updates: Sequence[CommitmentUpdate],
    commitments: Sequence[Commitment],
    handles: dict[int, str],
) -> str:
    by_id = {c.id: c for c in commitments}
    rows = []
    for update in updates:
        commitment = by_id[update.commitment_id]
        rows.append(
            (
                commitment.number,
                handles[commitment.organization_id],
                update.at,
                update.actor_slack_id,
                update.kind,
                update.old_status,
                update.new_status,
                update.note,
                update.source,
            )
        )
    return render(UPDATE_COLUMNS, rows)


async def _nudges(uow: UnitOfWork, cid: int) -> str:
    """Every message the bot planned, sent or not: evaluators compare nudges with responses."""
    messages = sorted(await uow.repos.outbox.all(cid), key=lambda m: (m.due_at, m.id))
    rows = [
        (m.kind, m.recipient_slack_id or m.channel_id, m.due_at, m.status, m.sent_at)
        for m in messages
    ]
    return render(NUDGE_COLUMNS, rows)


def hours_cell(hours: float | None) -> str:
    """Hours with one decimal; empty when there is nothing to take a median of."""
    return "" if hours is None else f"{hours:.1f}"


def engagement(evidence: Evidence) -> str:
    """One row per organization over the whole collaborative (see the README for each column)."""
    rows = []
    for org in evidence.data.organizations:
        f = evidence.organization(org.id, evidence.whole)
        rows.append(
            (
                org.handle,
                org.sphere,
                f.commitments,
                f.done,
                f.overdue,
                f.blocked,
                f.nudges_sent,
                f.nudges_answered,
                hours_cell(f.median_hours_to_update),
                f.resources_shared,
                f.resources_opened,
                f.questions_asked,
                f.questions_answered,
            )
        )
    return render(ENGAGEMENT_COLUMNS, rows)
