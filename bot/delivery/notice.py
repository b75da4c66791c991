"""The privacy notice: added under the first message the bot writes to a participant, once.

Why in the database and not in memory: restarts, retries and two senders must still tell each
person once. ``people.notice_sent_at`` is set by a conditional UPDATE (only while NULL) in the
transaction that claims the outbox row (or, for a `/plan` reply, in its own), so exactly one
message wins it. The outbox row that won remembers it in its payload, so when that row is
drawn again (a retry after a failed post) it still carries the notice.

First-contact points covered: every outbox DM (check-ins, nudges, shares, a TA's relayed answer,
an introduction's DM) and the reply to a participant's `/plan` command. Not covered here: a
participant's first message to the bot being answered directly by bot/listeners/dm.py or
events.py (another engineer's files at the time); those answers are replies to them, and their
next outbox DM or `/plan` reply carries the notice.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import update

from bot.blocks.privacy import notice_block
from bot.blocks.reply import MAX_BLOCKS, Reply
from bot.delivery.render import DrawCache, recipient_of
from storage.models import OutboxMessage, Person
from storage.uow import UnitOfWork

#: The outbox payload key saying this row carries the notice.
NOTICE_KEY = "privacy_notice"


async def claim_notice(uow: UnitOfWork, person: Person | None, now: datetime) -> bool:
    """Whether ``person`` is to be told now: a participant never told, and this caller won the
    conditional UPDATE (the caller commits)."""
    if person is None or person.is_ta or person.notice_sent_at is not None:
        return False
    result = await uow.session.execute(
        update(Person)
        .where(Person.id == person.id, Person.notice_sent_at.is_(None))
        .values(notice_sent_at=now)
        .execution_options(synchronize_session=False)
    )
    return bool(getattr(result, "rowcount", 0))


def with_notice(reply: Reply) -> Reply:
    """The reply with the notice as its last block (within Slack's block limit)."""
    if len(reply.blocks) >= MAX_BLOCKS:
        return reply
    return Reply(text=reply.text, blocks=[*reply.blocks, notice_block()])


async def notice_for_row(
    uow: UnitOfWork,
    row: OutboxMessage,
    reply: Reply,
    now: datetime,
    cache: DrawCache | None = None,
) -> Reply:
    """An outbox DM, with the notice if it is this person's first (called while the row is
    claimed, in the claim's transaction). With the sender's run `cache`, the person is the one
    its drawing already read: whether they were told is decided by the conditional UPDATE."""
    if row.channel_id is not None or not row.recipient_slack_id:
        return reply
    payload = row.payload or {}
    if not payload.get(NOTICE_KEY):
        person = await recipient_of(uow, row.collaborative_id, row.recipient_slack_id, cache)
        if not await claim_notice(uow, person, now):
            return reply
        row.payload = {**payload, NOTICE_KEY: True}
    return with_notice(reply)
