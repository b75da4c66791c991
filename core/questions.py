"""Questions about the content: from a participant to the TA team and the answer back."""

from __future__ import annotations

from datetime import datetime

from core.context import Context
from core.errors import Refusal
from core.i18n import _
from core.vocabulary import NOTE_LIMIT
from storage.models import Question
from storage.uow import UnitOfWork


def is_newcomer(ctx: Context) -> bool:
    """In the workspace but in no organization yet (nor a TA provider): the TA team is told so
    along with the question, since adding them is usually the answer."""
    return not ctx.is_ta and ctx.organization_id is None


async def ask(uow: UnitOfWork, ctx: Context, text: str) -> Question:
    """Anyone in the workspace may ask the TA team: someone in no organization yet is the person
    who most needs a human, and refusing them would leave them nowhere to go."""
    text = text.strip()
    if not text:
        raise Refusal(_("Say what your question is: `/plan ask <question>`."), "ask")
    if len(text) > NOTE_LIMIT:
        raise Refusal(
            _("Keep the question under {limit} characters.").format(limit=NOTE_LIMIT), "ask"
        )
    question = Question(
        collaborative_id=ctx.collaborative.id,
        asker_slack_id=ctx.user_id,
        organization_id=ctx.organization_id,
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
