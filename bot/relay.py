"""A participant's question on its way to the TA team, from `/plan ask` or a DM's button."""

from __future__ import annotations

from bot.blocks.alerts import question_message
from bot.delivery.outbox import queue_for_ta_team
from core import questions
from core.context import Context
from core.errors import Refusal
from storage.models import OutboxMessage
from storage.uow import UnitOfWork

NO_TA = "There is no TA provider to ask yet."


async def relay_question(uow: UnitOfWork, ctx: Context, text: str) -> list[OutboxMessage]:
    """Record the question and queue it for the TA channel (or each TA provider's DM); the
    caller commits and delivers, so both ways of asking are counted and answered alike."""
    question = await questions.ask(uow, ctx, text)
    organization = (
        await uow.repos.organizations.get(question.organization_id)
        if question.organization_id
        else None
    )
    rows = await queue_for_ta_team(
        uow,
        ctx.collaborative,
        ctx.now,
        "question",
        question_message(ctx.user_id, organization, question.text),
        question_id=question.id,
    )
    if not rows:
        raise Refusal(NO_TA, "ask")
    return rows
