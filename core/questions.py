"""Questions about the content: from a participant to the TA team and the answer back."""

from __future__ import annotations

from datetime import datetime

from core.access import require_known
from core.context import Context
from core.errors import Refusal
from core.vocabulary import NOTE_LIMIT
from storage.models import Question
from storage.uow import UnitOfWork


async def ask(uow: UnitOfWork, ctx: Context, text: str) -> Question:
    person = require_known(ctx, "ask")
    text = text.strip()
    if not text:
        raise Refusal("Say what your question is: `/plan ask <question>`.", "ask")
    if len(text) > NOTE_LIMIT:
        raise Refusal(f"Keep the question under {NOTE_LIMIT} characters.", "ask")
    question = Question(
        collaborative_id=ctx.collaborative.id,
        asker_slack_id=ctx.user_id,
        organization_id=person.organization_id,
        text=text,
        asked_at=ctx.now,
    )
    uow.session.add(question)
    await uow.flush()
    return question


def mark_answered(question: Question, by: str, at: datetime) -> bool:
    """The first TA reply answers it; later replies are still relayed but don't reset the time."""
    if question.answered_at is not None:
        return False
    question.answered_at = at
    question.answered_by_slack_id = by
    return True
