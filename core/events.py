"""Events API deliveries are handled once: the event id is recorded in the same transaction."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.exc import IntegrityError

from storage.models import ProcessedEvent
from storage.uow import UnitOfWork


async def first_delivery(uow: UnitOfWork, event_id: str, now: datetime) -> bool:
    """Record the event id; False when an earlier delivery (Slack retries) already did.

    The savepoint keeps a clash from spoiling the caller's transaction, and because the row is
    committed with the effect, a crash before commit leaves neither: the retry then does both.
    """
    if not event_id:
        return True
    if await uow.session.get(ProcessedEvent, event_id) is not None:
        return False
    try:
        async with uow.session.begin_nested():
            uow.session.add(ProcessedEvent(event_id=event_id, received_at=now))
    except IntegrityError:
        return False
    return True
