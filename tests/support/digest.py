"""Shared builders for the digest tests, and Slack's message limits as a small validator.

The validator is written from Slack's documented limits (SLACK_PAYLOADS.md, "Limits Slack
enforces") rather than borrowed from the code under test, so a renderer that drifts past a limit
fails here instead of with `invalid_blocks` in a real workspace.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any

from bot.blocks.reply import Reply
from core.digest import (
    CommitmentSnap,
    DigestInput,
    OrgSnap,
    PersonSnap,
    QuestionSnap,
    SessionSnap,
    ShareSnap,
    UpdateSnap,
)

TZ = "America/Chicago"
# Monday Nov 30 2026, 09:00 CST: the digest covering Mon Nov 23 09:00 – Mon Nov 30 09:00.
START = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)
END = datetime(2026, 11, 30, 15, 0, tzinfo=UTC)
DURING = datetime(2026, 11, 25, 18, 0, tzinfo=UTC)
BEFORE = datetime(2026, 11, 20, 18, 0, tzinfo=UTC)

MAX_BLOCKS = 50
MAX_SECTION = 3000
MAX_HEADER = 150
MAX_CONTEXT_ELEMENTS = 10
MAX_TEXT_OBJECT = 3000
MAX_FALLBACK = 3000  # Reply.payload clips beyond this; staying under means nothing is clipped


def org(id: int, name: str | None = None, sphere: str = "health") -> OrgSnap:
    label = name or f"Org {id}"
    return OrgSnap(id=id, name=label, handle=f"org-{id}", sphere=sphere)


def commitment(
    id: int,
    organization_id: int = 1,
    *,
    status: str = "open",
    due: date | None = None,
    title: str | None = None,
    owner: str | None = None,
    number: int | None = None,
) -> CommitmentSnap:
    return CommitmentSnap(
        id=id,
        number=number if number is not None else id,
        organization_id=organization_id,
        title=title or f"Step {id}",
        owner_slack_id=owner,
        due=due,
        status=status,
        updated_at=DURING,
    )


def update(
    commitment_id: int,
    at: datetime = DURING,
    *,
    kind: str = "status",
    new_status: str | None = None,
    note: str | None = None,
) -> UpdateSnap:
    return UpdateSnap(
        commitment_id=commitment_id,
        at=at,
        kind=kind,
        new_status=new_status,
        note=note,
        actor_slack_id="U1",
    )


def person(
    user: str,
    organization_id: int | None = 1,
    paused_until: datetime | None = None,
    name: str | None = None,
) -> PersonSnap:
    return PersonSnap(
        slack_user_id=user,
        organization_id=organization_id,
        paused_until=paused_until,
        display_name=name,
    )


def session(number: int, starts_at: datetime, title: str | None = None) -> SessionSnap:
    return SessionSnap(number=number, title=title or f"Session title {number}", starts_at=starts_at)


def share(title: str, organization_id: int | None, at: datetime = DURING) -> ShareSnap:
    return ShareSnap(resource_title=title, organization_id=organization_id, at=at)


def question(asked_at: datetime, answered_at: datetime | None) -> QuestionSnap:
    return QuestionSnap(asked_at=asked_at, answered_at=answered_at)


def data(**changes: Any) -> DigestInput:
    """An empty week of a one-organization collaborative; tests change what they look at."""
    base = DigestInput(
        collaborative_name="Healthy Work Collaborative",
        timezone=TZ,
        period_start=START,
        period_end=END,
        organizations=(org(1, "Westside Health Center"),),
        commitments=(),
        updates=(),
        people=(),
        sessions=(),
        resources_shared=(),
        questions=(),
    )
    return replace(base, **changes)


# --------------------------------------------------------------------------- Slack limits


def limit_problems(reply: Reply) -> list[str]:
    """What Slack would refuse (or silently clip) in this message; empty when it is fine."""
    problems: list[str] = []
    if not reply.text.strip():
        problems.append("no fallback text")
    if len(reply.text) > MAX_FALLBACK:
        problems.append(f"fallback text is {len(reply.text)} characters")
    if not 1 <= len(reply.blocks) <= MAX_BLOCKS:
        problems.append(f"{len(reply.blocks)} blocks")
    for index, block in enumerate(reply.blocks):
        problems.extend(f"block {index}: {p}" for p in _block_problems(block))
    return problems


def _block_problems(block: dict[str, Any]) -> list[str]:
    kind = block.get("type")
    if kind == "divider":
        return []
    if kind == "section":
        return _text_problems(block["text"], "mrkdwn", MAX_SECTION)
    if kind == "header":
        return _text_problems(block["text"], "plain_text", MAX_HEADER)
    if kind == "context":
        elements = block["elements"]
        problems = [] if 1 <= len(elements) <= MAX_CONTEXT_ELEMENTS else ["context elements"]
        for element in elements:
            problems.extend(_text_problems(element, "mrkdwn", MAX_TEXT_OBJECT))
        return problems
    return [f"unexpected block type {kind!r}"]


def _text_problems(text: dict[str, Any], kind: str, limit: int) -> list[str]:
    problems = []
    if text.get("type") != kind:
        problems.append(f"text type {text.get('type')!r}, expected {kind}")
    body = text.get("text", "")
    if not body.strip():
        problems.append("empty text")
    if len(body) > limit:
        problems.append(f"text of {len(body)} characters > {limit}")
    return problems


def assert_within_limits(replies: Iterable[Reply]) -> None:
    for number, reply in enumerate(replies, start=1):
        problems = limit_problems(reply)
        assert not problems, f"message {number}: {problems}"


def texts(replies: Iterable[Reply]) -> list[str]:
    """Every string a person could see: fallback texts and every block's text."""
    found: list[str] = []
    for reply in replies:
        found.append(reply.text)
        for block in reply.blocks:
            if "text" in block:
                found.append(block["text"]["text"])
            found.extend(element["text"] for element in block.get("elements", []))
    return found


def everything(replies: Iterable[Reply]) -> str:
    return "\n".join(texts(replies))
