"""Sending the outbox: claim a row, post it, record channel and ts; never send a row twice.

`chat.postMessage` has no idempotency key, so a row is claimed (pending → sending) before it is
posted and marked sent after. A sender that dies in between leaves the row in `sending`; the
next run looks for the message's metadata in the DM's history before posting it again — the rare
look-up Slack's tighter `conversations.history` limits still allow.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.blocks.reply import Reply
from bot.delivery.render import render
from storage.models import Collaborative, OutboxMessage, ResourceShare
from storage.uow import UnitOfWork, UnitOfWorkFactory

log = logging.getLogger(__name__)

METADATA_TYPE = "follow_through_outbox"
MAX_ATTEMPTS = 5
STUCK_AFTER = timedelta(minutes=10)
#: Errors that no retry will cure: give up on the row and say why.
PERMANENT = {
    "channel_not_found",
    "user_not_found",
    "not_in_channel",
    "is_archived",
    "invalid_blocks",
    "msg_too_long",
    "no_text",
    "cannot_dm_bot",
    "user_disabled",
    "account_inactive",
}


@dataclass
class SendReport:
    sent: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)
    retry: list[int] = field(default_factory=list)
    previews: list[tuple[str, Reply]] = field(default_factory=list)


async def _collaborative(uow: UnitOfWork, row: OutboxMessage) -> Collaborative:
    collaborative = await uow.repos.collaboratives.get(row.collaborative_id)
    assert collaborative is not None
    return collaborative


async def _record_shares(uow: UnitOfWork, row: OutboxMessage, now: datetime) -> None:
    """A resource counts as received by the organization once the message carrying it is sent."""
    payload = row.payload or {}
    for resource_id in payload.get("resource_ids") or []:
        uow.session.add(
            ResourceShare(
                resource_id=resource_id,
                organization_id=payload.get("organization_id"),
                person_slack_id=row.recipient_slack_id,
                shared_by_slack_id=payload.get("sender"),
                reason=str(payload.get("share_reason") or "auto"),
                at=now,
            )
        )


async def _already_posted(client: AsyncWebClient, row: OutboxMessage) -> tuple[str, str] | None:
    """Find a message carrying this row's id in the recipient's DM (only for stuck rows)."""
    channel = row.channel_id
    if channel is None and row.recipient_slack_id:
        opened = await client.conversations_open(users=row.recipient_slack_id)
        channel = (opened.get("channel") or {}).get("id")
    if channel is None:
        return None
    history = await client.conversations_history(
        channel=channel, limit=50, include_all_metadata=True
    )
    for message in history.get("messages") or []:
        metadata = message.get("metadata") or {}
        if (
            metadata.get("event_type") == METADATA_TYPE
            and (metadata.get("event_payload") or {}).get("outbox_id") == row.id
        ):
            return channel, str(message["ts"])
    return None


async def recover_stuck(
    uow_factory: UnitOfWorkFactory, client: AsyncWebClient, now: datetime
) -> None:
    async with uow_factory() as uow:
        for row in await uow.repos.outbox.stuck(now - STUCK_AFTER):
            try:
                found = await _already_posted(client, row)
            except SlackApiError as error:
                log.warning("could not check outbox %s: %s", row.id, error)
                continue
            if found:
                row.channel_id, row.ts = found
                row.status, row.sent_at = "sent", now
                await _record_shares(uow, row, now)
            else:
                row.status = "pending"
        await uow.commit()


async def _claim(uow_factory: UnitOfWorkFactory, now: datetime, limit: int) -> list[int]:
    async with uow_factory() as uow:
        claimed = [
            row.id
            for row in await uow.repos.outbox.due(now, limit)
            if await uow.repos.outbox.claim(row.id, now)
        ]
        await uow.commit()
    return claimed


async def _send_one(
    uow_factory: UnitOfWorkFactory,
    client: AsyncWebClient,
    outbox_id: int,
    now: datetime,
    report: SendReport,
) -> None:
    async with uow_factory() as uow:
        row = await uow.repos.outbox.get(outbox_id)
        assert row is not None
        collaborative = await _collaborative(uow, row)
        reply = await render(uow, collaborative, row, now)
        target = row.channel_id or row.recipient_slack_id or ""
        try:
            response = await client.chat_postMessage(
                channel=target,
                thread_ts=(row.payload or {}).get("thread_ts"),
                metadata={"event_type": METADATA_TYPE, "event_payload": {"outbox_id": row.id}},
                **reply.payload(),
            )
        except SlackApiError as error:
            reason = str(error.response.get("error") or "error")
            row.error = reason[:200]
            if reason in PERMANENT or row.attempts >= MAX_ATTEMPTS:
                row.status = "failed"
                report.failed.append(row.id)
                log.warning("outbox %s failed for good: %s", row.id, reason)
            else:
                row.status = "pending"
                row.due_at = now + timedelta(minutes=2**row.attempts)
                report.retry.append(row.id)
            await uow.commit()
            return
        row.channel_id = str(response.get("channel") or target)
        row.ts = str(response.get("ts"))
        row.status, row.sent_at, row.error = "sent", now, None
        await _record_shares(uow, row, now)
        await uow.commit()
        report.sent.append(row.id)


async def send_now(
    uow_factory: UnitOfWorkFactory,
    client: AsyncWebClient,
    outbox_ids: list[int],
    now: datetime,
) -> SendReport:
    """Send rows a command just queued (a question, a share, a manual nudge) right away.

    They still go through the outbox, so they are recorded like any other message and a row
    that fails here is retried by the next scheduled run.
    """
    report = SendReport()
    async with uow_factory() as uow:
        claimed = [i for i in outbox_ids if await uow.repos.outbox.claim(i, now)]
        await uow.commit()
    for outbox_id in claimed:
        await _send_one(uow_factory, client, outbox_id, now, report)
    return report


async def send_due(
    uow_factory: UnitOfWorkFactory,
    client: AsyncWebClient,
    now: datetime,
    *,
    limit: int = 500,
) -> SendReport:
    """Send what is due, one row at a time; slack_sdk's retry handler honours Retry-After."""
    report = SendReport()
    await recover_stuck(uow_factory, client, now)
    for outbox_id in await _claim(uow_factory, now, limit):
        await _send_one(uow_factory, client, outbox_id, now, report)
    return report
