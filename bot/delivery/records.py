"""Recording what became of a leased outbox row, shared by the sender and the reconciler."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from bot.blocks.reply import Reply
from storage.models import ResourceShare
from storage.uow import UnitOfWork

#: The event type every outbox post carries in its metadata, with the row id as payload.
METADATA_TYPE = "follow_through_outbox"
#: How long a claim holds a row. A post takes at most the client's timeout (30 s) plus a retry
#: of a refused connection; past this the sender is taken for dead and the row is checked
#: against Slack's history instead. Shorter than the scheduler's 5-minute tick, so the next run
#: after a crash delivers what the crash held back.
LEASE = timedelta(minutes=2)


def metadata_for(outbox_id: int) -> dict[str, Any]:
    return {"event_type": METADATA_TYPE, "event_payload": {"outbox_id": outbox_id}}


def outbox_id_of(message: dict[str, Any]) -> int | None:
    """The outbox row a message in a conversation's history delivers, if it is one of ours."""
    metadata = message.get("metadata") or {}
    if metadata.get("event_type") != METADATA_TYPE:
        return None
    value = (metadata.get("event_payload") or {}).get("outbox_id")
    return value if isinstance(value, int) else None


@dataclass
class SendReport:
    """What one run did, by outbox id (`unknown`: maybe delivered, to be checked next run)."""

    sent: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)
    retry: list[int] = field(default_factory=list)
    unknown: list[int] = field(default_factory=list)
    previews: list[tuple[str, Reply]] = field(default_factory=list)

    def mark(self, kind: str, outbox_id: int) -> None:
        for bucket in (self.sent, self.failed, self.retry, self.unknown):
            if outbox_id in bucket:
                bucket.remove(outbox_id)
        getattr(self, kind).append(outbox_id)


def record_shares(
    uow: UnitOfWork, payload: dict[str, Any] | None, recipient: str | None, now: datetime
) -> None:
    """A resource counts as received by the organization once the message carrying it is sent."""
    payload = payload or {}
    for resource_id in payload.get("resource_ids") or []:
        uow.session.add(
            ResourceShare(
                resource_id=resource_id,
                organization_id=payload.get("organization_id"),
                person_slack_id=recipient,
                shared_by_slack_id=payload.get("sender"),
                reason=str(payload.get("share_reason") or "auto"),
                at=now,
            )
        )


async def mark_sent(uow: UnitOfWork, outbox_id: int, channel: str, ts: str, at: datetime) -> bool:
    """Sent, with where it landed, and the resources it carried counted as shared (once)."""
    settled = await uow.repos.outbox.delivered(
        outbox_id, channel_id=channel, ts=ts, sent_at=at, error=None
    )
    if settled is None:
        return False
    payload, recipient = settled
    record_shares(uow, payload, recipient, at)
    return True
