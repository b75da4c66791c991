"""Forgetting a person: what `/plan forget me`, `/plan member forget @person` and the purge after
close do to the database.

Why each table is touched the way it is (storage/models.py, table by table):

- ``people``: the row goes (Slack id, name, time zone, role, language of the notice).
- ``commitments``: they stay with the organization; a step the person owned has no owner, and
  "made by" is cleared. Titles and details are the organization's action plan and stay, with
  any mention of the person replaced by "a former member".
- ``commitment_updates``: the history keeps that something changed, when, and to what status,
  but the actor becomes :data:`FORMER_MEMBER` and the text they wrote (notes, thread replies)
  is removed; mentions of them in other people's notes are replaced.
- ``questions``: theirs are deleted; a TA provider's answer-by is cleared.
- ``outbox``: messages still owed to them are deleted (no more nudges); ones already sent keep
  only that a message went (kind, times, status), with the recipient as a former member and no
  text. Messages about them to others (help alerts, relayed replies) lose their text and their
  requester (so a later TA reply in that thread goes nowhere rather than to a stranger; the
  help request no longer counts in the figures, like their deleted questions).
- ``resource_shares`` / ``resource_opens``: theirs are deleted; shared-by is cleared.
- ``resources``: added-by is cleared.
- pseudonyms are computed from the Slack id (core.pseudonyms), so with the id gone everywhere
  no export can carry their code; there is no pseudonym table to clean.
- ``pending_replies`` (from main's migration 0006): theirs are deleted (see below).
- ``workspaces``, ``sessions``, ``digests``, ``processed_events``, ``organizations`` hold nothing
  about a person.

Nothing here logs the id or the name: logs written afterwards must not identify them either.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select, update

from core.i18n import N_
from storage.models import (
    Base,
    Commitment,
    CommitmentUpdate,
    OutboxMessage,
    Person,
    Question,
    Resource,
    ResourceOpen,
    ResourceShare,
)
from storage.uow import UnitOfWork

#: What stands in for a forgotten person where the history must say someone did something.
FORMER_MEMBER = "former-member"
#: What replaces their mentions in other people's text (stored in English, like all people's
#: text; shown translated where the history names who changed something).
FORMER_MEMBER_TEXT = N_("a former member")
#: Outbox statuses of a message not yet (certainly) delivered: owed, so deleted.
_OWED = ("pending", "sending", "unknown")
#: Payload keys holding people's text or Slack blocks made from it.
_TEXT_KEYS = ("text", "blocks", "note")
#: Payload keys naming someone to show them or to write to them (a nudge's sender, a help
#: alert's requester): cleared, so a TA's later thread reply is not relayed to nobody.
_SHOWN_KEYS = ("sender", "requester")


@dataclass(frozen=True)
class Forgotten:
    """What forgetting changed, for the confirmation (counts only: nothing identifying)."""

    updates: int
    questions: int
    messages: int


def _patterns(slack_id: str, names: Iterable[str]) -> list[re.Pattern[str]]:
    """Their mentions as people's text stores them: ``<@U…>`` / ``<@U…|name>``, the bare id,
    ``@Name`` and the name itself (whole words, any case)."""
    found = [
        re.compile(rf"<@{re.escape(slack_id)}(\|[^>]*)?>", re.IGNORECASE),
        re.compile(rf"\b{re.escape(slack_id)}\b", re.IGNORECASE),
    ]
    # Longest first, so "Jorge Ruiz" goes whole before "jorge" could leave "Ruiz" behind.
    for name in sorted({n.strip() for n in names if n}, key=len, reverse=True):
        if len(name) >= 3:
            found.append(re.compile(rf"@?\b{re.escape(name)}\b", re.IGNORECASE))
    return found


def scrub(text: str | None, patterns: list[re.Pattern[str]]) -> str | None:
    """``text`` with every mention of the person replaced by "a former member"."""
    if text is None:
        return None
    for pattern in patterns:
        text = pattern.sub(FORMER_MEMBER_TEXT, text)
    return text


def _mentions(value: Any, slack_id: str, patterns: list[re.Pattern[str]]) -> bool:
    if isinstance(value, str):
        return value == slack_id or any(p.search(value) for p in patterns)
    if isinstance(value, dict):
        return any(_mentions(v, slack_id, patterns) for v in value.values())
    if isinstance(value, list):
        return any(_mentions(v, slack_id, patterns) for v in value)
    return False


def _scrub_payload(payload: dict[str, Any], slack_id: str) -> dict[str, Any]:
    """A payload about them: their id where it was a field, and no text at all (a message
    about them carries what they wrote, which is not ours to keep)."""
    kept: dict[str, Any] = {}
    for key, value in payload.items():
        if key in _TEXT_KEYS:
            continue
        if value == slack_id:  # who sent it is only shown ("<@…> asked me"): no one, then
            value = None if key in _SHOWN_KEYS else FORMER_MEMBER
        kept[key] = value
    return kept


async def forget_person(
    uow: UnitOfWork, collaborative_id: int, slack_id: str, names: Iterable[str] = ()
) -> Forgotten:
    """Remove everything that identifies ``slack_id`` in the collaborative (the caller commits).

    ``names`` are extra names to scrub (the stored display name is always included).
    """
    session = uow.session
    person = await uow.repos.people.by_slack_id(collaborative_id, slack_id)
    all_names = [*names, *([person.display_name] if person and person.display_name else [])]
    patterns = _patterns(slack_id, all_names)
    cid = collaborative_id

    commitments = list(
        await session.scalars(select(Commitment).where(Commitment.collaborative_id == cid))
    )
    commitment_ids = [c.id for c in commitments]
    for c in commitments:
        if c.owner_slack_id == slack_id:
            c.owner_slack_id = None
        if c.created_by_slack_id == slack_id:
            c.created_by_slack_id = None
        c.title = scrub(c.title, patterns) or ""
        c.detail = scrub(c.detail, patterns)

    updates = list(
        await session.scalars(
            select(CommitmentUpdate).where(CommitmentUpdate.commitment_id.in_(commitment_ids))
        )
    )
    theirs = 0
    for u in updates:
        if u.actor_slack_id == slack_id:
            theirs += 1
            u.actor_slack_id = FORMER_MEMBER
            u.note = None
        else:
            u.note = scrub(u.note, patterns)

    asked = await session.execute(
        delete(Question).where(
            Question.collaborative_id == cid, Question.asker_slack_id == slack_id
        )
    )
    await session.execute(
        update(Question)
        .where(Question.collaborative_id == cid, Question.answered_by_slack_id == slack_id)
        .values(answered_by_slack_id=None)
    )
    for q in await session.scalars(select(Question).where(Question.collaborative_id == cid)):
        q.text = scrub(q.text, patterns) or ""

    owed = await session.execute(
        delete(OutboxMessage).where(
            OutboxMessage.collaborative_id == cid,
            OutboxMessage.recipient_slack_id == slack_id,
            OutboxMessage.status.in_(_OWED),
        )
    )
    for row in await session.scalars(
        select(OutboxMessage).where(OutboxMessage.collaborative_id == cid)
    ):
        if row.recipient_slack_id == slack_id:
            row.recipient_slack_id = FORMER_MEMBER
            row.channel_id = None  # their DM with the bot
            row.payload = _scrub_payload(row.payload or {}, slack_id)
        elif _mentions(row.payload or {}, slack_id, patterns):
            row.payload = _scrub_payload(row.payload or {}, slack_id)

    resource_ids = select(Resource.id).where(Resource.collaborative_id == cid)
    await session.execute(
        delete(ResourceShare).where(
            ResourceShare.resource_id.in_(resource_ids), ResourceShare.person_slack_id == slack_id
        )
    )
    await session.execute(
        update(ResourceShare)
        .where(
            ResourceShare.resource_id.in_(resource_ids),
            ResourceShare.shared_by_slack_id == slack_id,
        )
        .values(shared_by_slack_id=None)
    )
    await session.execute(
        delete(ResourceOpen).where(
            ResourceOpen.resource_id.in_(resource_ids), ResourceOpen.person_slack_id == slack_id
        )
    )
    await session.execute(
        update(Resource)
        .where(Resource.collaborative_id == cid, Resource.created_by_slack_id == slack_id)
        .values(created_by_slack_id=None)
    )
    for resource in await session.scalars(select(Resource).where(Resource.collaborative_id == cid)):
        resource.title = scrub(resource.title, patterns) or ""

    await _forget_pending_replies(uow, cid, slack_id, patterns)
    await session.execute(
        delete(Person).where(
            Person.collaborative_id == cid,
            Person.slack_user_id == slack_id,
        )
    )
    await session.flush()
    return Forgotten(
        updates=theirs,
        questions=_count(asked),
        messages=_count(owed),
    )


async def _forget_pending_replies(
    uow: UnitOfWork, cid: int, slack_id: str, patterns: list[re.Pattern[str]]
) -> None:
    """``pending_replies`` (a thread reply waiting for "which commitment?", added on main by
    migration 0006 while this was written): theirs are deleted, mentions in others' replaced.
    Read from the metadata so this works on either side of that merge."""
    table = Base.metadata.tables.get("pending_replies")
    if table is None:
        return
    session = uow.session
    await session.execute(
        delete(table).where(table.c.collaborative_id == cid, table.c.person_slack_id == slack_id)
    )
    others = await session.execute(
        select(table.c.id, table.c.text).where(table.c.collaborative_id == cid)
    )
    for row_id, text in others.all():
        cleaned = scrub(text, patterns)
        if cleaned != text:
            await session.execute(update(table).where(table.c.id == row_id).values(text=cleaned))


def _count(result: Any) -> int:
    return int(getattr(result, "rowcount", 0) or 0)
