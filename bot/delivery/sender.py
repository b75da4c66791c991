"""Sending the outbox: each row claimed just before it is posted, paced, and settled once.

`chat.postMessage` has no idempotency key, so a row is leased (pending → sending, `claimed_at`
the lease start) right before its post and settled right after: a crash holds back only the
row in flight, which the next run checks against Slack's history (see `reconcile`). No
transaction is held open while Slack is called: claim and render in one unit of work, post,
record in another. One row's failure is recorded on that row and the run goes on:

- permanent errors (`channel_not_found`, `invalid_blocks`, …): `failed`, with the error;
- transient ones (503, a connection never made, an unknown refusal): back to `pending` with an
  exponential backoff, `failed` after MAX_ATTEMPTS;
- 429: back to `pending` at once, every send held for `Retry-After`;
- ambiguous ones (timeout, connection dropped after the request went out, Slack's
  `internal_error`): `unknown`, never re-posted until history shows the message is not there.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable
from datetime import datetime, timedelta

from slack_sdk.web.async_client import AsyncWebClient

from bot.delivery.client import posting_client
from bot.delivery.outcomes import Outcome, classify
from bot.delivery.pacing import Pacer, shared_pacer
from bot.delivery.reconcile import reconcile
from bot.delivery.records import (
    LEASE,
    METADATA_TYPE,
    SendReport,
    mark_sent,
    metadata_for,
)
from bot.delivery.render import render
from storage.uow import UnitOfWorkFactory

__all__ = ["LEASE", "MAX_ATTEMPTS", "METADATA_TYPE", "SendReport", "send_due", "send_now"]

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
#: 429s one row may meet in a run before it waits for the next run.
MAX_RATE_LIMITED = 5
#: Rows read per query; each is still claimed on its own just before it is sent.
BATCH = 50
MAX_BACKOFF = timedelta(hours=1)


def backoff(attempts: int) -> timedelta:
    return min(timedelta(minutes=2 ** max(0, attempts)), MAX_BACKOFF)


class _Run:
    """One pass of the sender: its clock is `now` moved on by the pacer's clock, so leases
    start when each row is claimed, not when a long run began."""

    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        client: AsyncWebClient,
        now: datetime,
        pacer: Pacer | None,
        report: SendReport,
    ) -> None:
        self.uow_factory = uow_factory
        self.client = client
        self.poster = posting_client(client)
        self.now = now
        self.pacer = pacer or shared_pacer()
        self.started = self.pacer.clock()
        self.report = report
        self.rate_limited: Counter[int] = Counter()
        self.ambiguous: list[int] = []

    def at(self) -> datetime:
        return self.now + timedelta(seconds=max(0.0, self.pacer.clock() - self.started))

    async def send_row(self, outbox_id: int) -> str:
        """Claim, render, pace, post, settle; returns what became of the row."""
        await self.pacer.wait_held()
        claimed_at = self.at()
        try:
            async with self.uow_factory() as uow:
                if not await uow.repos.outbox.claim(outbox_id, claimed_at):
                    return "skipped"  # another sender has it, or it is no longer pending
                row = await uow.repos.outbox.get(outbox_id)
                assert row is not None
                collaborative = await uow.repos.collaboratives.get(row.collaborative_id)
                assert collaborative is not None
                reply = await render(uow, collaborative, row, self.now)
                target = row.channel_id or row.recipient_slack_id or ""
                thread_ts = (row.payload or {}).get("thread_ts")
                attempts = row.attempts
                await uow.commit()
        except Exception as error:
            log.exception("outbox %s could not be drawn", outbox_id)
            return await self._unsent(
                outbox_id, claimed_at, None, Outcome("transient", repr(error))
            )
        await self.pacer.wait(target)
        try:
            response = await self.poster.chat_postMessage(
                channel=target,
                thread_ts=thread_ts,
                metadata=metadata_for(outbox_id),
                **reply.payload(),
            )
        except Exception as error:
            return await self._unsent(outbox_id, claimed_at, attempts, classify(error))
        async with self.uow_factory() as uow:
            channel = str(response.get("channel") or target)
            settled = await mark_sent(
                uow, outbox_id, claimed_at, channel, str(response.get("ts")), self.at()
            )
            await uow.commit()
        if not settled:
            log.warning("outbox %s was posted after its lease was taken over", outbox_id)
        self.report.mark("sent", outbox_id)
        return "sent"

    async def _unsent(
        self, outbox_id: int, claimed_at: datetime, attempts: int | None, outcome: Outcome
    ) -> str:
        """Record a post that did not (certainly) go out; the run carries on."""
        at = self.at()
        async with self.uow_factory() as uow:
            if attempts is None:  # drawing failed after (or before) the claim was rolled back
                if not await uow.repos.outbox.claim(outbox_id, claimed_at):
                    return "skipped"
                row = await uow.repos.outbox.get(outbox_id)
                assert row is not None
                attempts = row.attempts
            values: dict[str, object]
            if outcome.kind == "ratelimited":
                self.rate_limited[outbox_id] += 1
                self.pacer.hold(outcome.retry_after)
                later = self.rate_limited[outbox_id] >= MAX_RATE_LIMITED
                values = {
                    "status": "pending",
                    "attempts": attempts - 1,  # Slack refused before trying: not an attempt
                    "due_at": at + timedelta(minutes=1) if later else self.now,
                    "error": outcome.reason,
                }
                kind, result = ("retry", "retry") if later else (None, "ratelimited")
            elif outcome.kind == "ambiguous":
                values = {"status": "unknown", "error": outcome.reason}
                kind = result = "unknown"
                self.ambiguous.append(outbox_id)
            elif outcome.kind == "permanent" or attempts >= MAX_ATTEMPTS:
                values = {"status": "failed", "error": outcome.reason}
                kind = result = "failed"
                log.warning("outbox %s failed for good: %s", outbox_id, outcome.reason)
            else:
                values = {"status": "pending", "due_at": at + backoff(attempts)}
                values["error"] = outcome.reason
                kind = result = "retry"
            values["error"] = str(values["error"])[:200]
            settled = await uow.repos.outbox.settle(outbox_id, claimed_at, **values)
            await uow.commit()
        if settled and kind is not None:
            self.report.mark(kind, outbox_id)
        return result

    async def send_ids(self, outbox_ids: Iterable[int]) -> None:
        """Send these rows (if still pending), retrying 429s after the hold."""
        queue = list(outbox_ids)
        while queue:
            outbox_id = queue.pop(0)
            if await self.send_row(outbox_id) == "ratelimited":
                queue.append(outbox_id)

    async def send_pending(self, limit: int) -> None:
        attempted = 0
        while attempted < limit:
            async with self.uow_factory() as uow:
                ids = await uow.repos.outbox.due_ids(self.at(), min(BATCH, limit - attempted))
            if not ids:
                return
            for outbox_id in ids:
                attempted += 1
                await self.send_row(outbox_id)

    async def settle_ambiguous(self) -> None:
        """Check this run's maybe-delivered posts at once, then send what Slack does not have."""
        if not self.ambiguous:
            return
        checked, self.ambiguous = self.ambiguous, []
        again = await reconcile(self.uow_factory, self.client, self.at(), self.report, only=checked)
        await self.send_ids(again)


async def send_due(
    uow_factory: UnitOfWorkFactory,
    client: AsyncWebClient,
    now: datetime,
    *,
    limit: int = 500,
    pacer: Pacer | None = None,
) -> SendReport:
    """Check what a dead sender or a lost answer left unsure, then send what is due."""
    report = SendReport()
    run = _Run(uow_factory, client, now, pacer, report)
    again = await reconcile(uow_factory, client, run.at(), report)
    await run.send_ids(again)
    await run.send_pending(limit)
    await run.settle_ambiguous()
    return report


async def send_now(
    uow_factory: UnitOfWorkFactory,
    client: AsyncWebClient,
    outbox_ids: list[int],
    now: datetime,
    *,
    pacer: Pacer | None = None,
) -> SendReport:
    """Send rows a command just queued (a question, a share, a manual nudge) right away.

    They still go through the outbox, so they are recorded like any other message and a row
    that fails here is retried (or checked) by the next scheduled run.
    """
    report = SendReport()
    run = _Run(uow_factory, client, now, pacer, report)
    await run.send_ids(outbox_ids)
    await run.settle_ambiguous()
    return report
