"""Queueing messages from the Slack edge: everything the bot says on its own goes through the
outbox, so it is recorded, counted in the export and retried if Slack is briefly away."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from bot.blocks.reply import Reply
from bot.delivery.sender import SendReport, send_now
from bot.runtime import Runtime
from core.i18n import speaking
from core.languages import person_language, shared_language
from core.nudges_rules import next_allowed, zone
from core.nudges_settings import planner_settings
from storage.models import Collaborative, OutboxMessage
from storage.uow import UnitOfWork

#: Kinds a person did not trigger at that moment, held until their quiet hours or weekend end:
#: a TA's answer to their question or help request. (Shares and TA nudges pass their own
#: ``due_at``, since the TA may say ``now``.)
HELD_FOR_ALLOWED_HOURS = ("answer",)


async def allowed_moment(
    uow: UnitOfWork, collaborative: Collaborative, recipient: str, now: datetime
) -> datetime:
    """``now``, or the end of the recipient's quiet hours or weekend (in their own zone)."""
    person = await uow.repos.people.by_slack_id(collaborative.id, recipient)
    settings = planner_settings(collaborative)
    tz = zone(person.timezone if person else None, settings.timezone)
    return next_allowed(now, tz, settings)


async def queue(
    uow: UnitOfWork,
    collaborative: Collaborative,
    now: datetime,
    *,
    kind: str,
    payload: dict[str, Any],
    recipient: str | None = None,
    channel_id: str | None = None,
    due_at: datetime | None = None,
) -> OutboxMessage:
    """Add a pending row; ``due_at`` (default ``now``) holds it back until then, e.g. until the
    end of the recipient's quiet hours. The send job sends rows once they are due. Kinds in
    ``HELD_FOR_ALLOWED_HOURS`` to a person get that ``due_at`` on their own."""
    if due_at is None and recipient and kind in HELD_FOR_ALLOWED_HOURS:
        due_at = await allowed_moment(uow, collaborative, recipient, now)
    row = OutboxMessage(
        collaborative_id=collaborative.id,
        dedupe_key=f"{collaborative.id}:{kind}:{recipient or channel_id}:{uuid.uuid4().hex}",
        kind=kind,
        recipient_slack_id=recipient,
        channel_id=channel_id,
        payload=payload,
        due_at=due_at if due_at is not None else now,
        status="pending",
        attempts=0,
        created_at=now,
    )
    uow.session.add(row)
    await uow.flush()
    return row


async def queue_for_ta_team(
    uow: UnitOfWork,
    collaborative: Collaborative,
    now: datetime,
    kind: str,
    reply: Reply | Callable[[], Reply],
    **extra: Any,
) -> list[OutboxMessage]:
    """The TA channel when one is set, else each TA provider's DM.

    Given a function that draws the message, it is drawn in the collaborative's language for
    the channel and in each TA provider's own for their DM; a drawn Reply is sent as it is."""

    def payload(language: str) -> dict[str, Any]:
        if callable(reply):
            with speaking(language):
                drawn = reply()
        else:
            drawn = reply
        return {"text": drawn.text, "blocks": drawn.blocks, **extra}

    if collaborative.ta_channel_id:
        return [
            await queue(
                uow,
                collaborative,
                now,
                kind=kind,
                payload=payload(shared_language(collaborative)),
                channel_id=collaborative.ta_channel_id,
            )
        ]
    return [
        await queue(
            uow,
            collaborative,
            now,
            kind=kind,
            payload=payload(person_language(ta)),
            recipient=ta.slack_user_id,
        )
        for ta in await uow.repos.people.ta_providers(collaborative.id)
    ]


async def deliver(rt: Runtime, client: AsyncWebClient, rows: list[OutboxMessage]) -> SendReport:
    """Send the queued rows that are due now (after the caller committed them); rows held back
    for later are left to the send job."""
    now = rt.clock()
    due = [row.id for row in rows if row.due_at is None or _aware(row.due_at) <= now]
    return await send_now(rt.uow, client, due, now)


def _aware(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; every stored time is UTC."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
