"""Sending the outbox: each row claimed just before it is posted, paced, and settled once.

`chat.postMessage` has no idempotency key, so a row is leased (pending → sending, `claimed_at`
the lease start) right before its post and settled right after: a crash holds back only the
row in flight, which the next run checks against Slack's history (see `reconcile`). No
transaction is held open while Slack is called: claim and render in one unit of work, post,
then record — in the next row's claim transaction, or alone when no row follows — before the
next post goes out. What every row is drawn from is read once per run (`render.DrawCache`).
One row's failure is recorded on that row and the run goes on:

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
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial

from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy import select

from bot.blocks.reply import Reply
from bot.delivery.client import posting_client
from bot.delivery.notice import notice_for_row
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
from bot.delivery.render import DrawCache, empty_share, prefetch_recipients, render
from bot.delivery.workspace_clients import RunClients, WorkspaceClients, as_workspace_clients
from storage.models import OutboxMessage
from storage.retry import DatabaseUnavailable, with_retries
from storage.uow import UnitOfWork, UnitOfWorkFactory

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


@dataclass(frozen=True)
class _Drawn:
    """A claimed row, drawn as it will be posted."""

    reply: Reply
    target: str
    thread_ts: str | None
    attempts: int


@dataclass(frozen=True)
class _Posted:
    """A post Slack accepted whose `sent` is not recorded yet."""

    outbox_id: int
    channel: str
    ts: str
    at: datetime


class _Run:
    """One pass of the sender: its clock is `now` moved on by the pacer's clock, so leases
    start when each row is claimed, not when a long run began."""

    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        client: AsyncWebClient | WorkspaceClients,
        now: datetime,
        pacer: Pacer | None,
        report: SendReport,
    ) -> None:
        self.uow_factory = uow_factory
        #: Each row is posted with its own workspace's client (one client in token mode); a
        #: workspace without one (uninstalled) keeps its rows pending and out of this run.
        self.clients = RunClients(as_workspace_clients(client))
        self._posters: dict[int, AsyncWebClient] = {}
        self.now = now
        self.pacer = pacer or shared_pacer()
        self.started = self.pacer.clock()
        #: The calendar, library, people… every row of this run is drawn from, read once.
        self.cache = DrawCache(self.pacer.clock)
        self.report = report
        self.rate_limited: Counter[int] = Counter()
        #: The last post Slack accepted, to be recorded with the next claim (or `flush`).
        self._posted: _Posted | None = None
        self.ambiguous: list[int] = []

    def at(self) -> datetime:
        return self.now + timedelta(seconds=max(0.0, self.pacer.clock() - self.started))

    def _poster(self, client: AsyncWebClient) -> AsyncWebClient:
        poster = self._posters.get(id(client))
        if poster is None:
            poster = self._posters[id(client)] = posting_client(client)
        return poster

    async def _client_for(self, outbox_id: int) -> AsyncWebClient | None:
        """The client of the row's workspace, or None when that workspace has none now."""
        if not self.clients.per_workspace:
            return await self.clients.for_collaborative(0)

        async def owner() -> int | None:
            async with self.uow_factory() as uow:
                return await uow.session.scalar(
                    select(OutboxMessage.collaborative_id).where(OutboxMessage.id == outbox_id)
                )

        collaborative_id = await with_retries(owner, what=f"reading outbox {outbox_id}")
        if collaborative_id is None:
            return None
        return await self.clients.for_collaborative(collaborative_id)

    async def send_row(self, outbox_id: int) -> str:
        """Claim, render, pace, post, settle; returns what became of the row.

        The previous row's `sent` is recorded in the same transaction as this row's claim (one
        transaction per message, not two): it is still recorded before this row is posted, so
        a crash leaves at most one post unrecorded, exactly as when each had its own."""
        client = await self._client_for(outbox_id)
        if client is None:
            return "skipped"  # its workspace uninstalled the app: the row waits, unsent
        if self.pacer.clock() < self.pacer.held_until:
            await self.flush()  # a 429 hold: the last post is not left unrecorded meanwhile
        await self.pacer.wait_held()
        claimed_at = self.at()
        posted = self._posted

        async def claim_and_draw() -> tuple[_Drawn | None, bool]:
            async with self.uow_factory() as uow:
                settled = posted is not None and await self._record(uow, posted)
                row = await uow.repos.outbox.claim_row(outbox_id, claimed_at)
                if row is None:
                    await uow.commit()  # another sender has it, or it is no longer pending
                    return None, settled
                owner = row.collaborative_id
                collaborative = await self.cache.get(
                    ("collaborative", owner), partial(uow.repos.collaboratives.get, owner)
                )
                assert collaborative is not None
                if await empty_share(uow, collaborative, row):
                    row.status = "cancelled"  # its resource was removed: nothing to share
                    await uow.commit()
                    return None, settled
                reply = await render(uow, collaborative, row, self.now, self.cache)
                reply = await notice_for_row(uow, row, reply, claimed_at, self.cache)
                await uow.commit()
                drawn = _Drawn(
                    reply,
                    row.channel_id or row.recipient_slack_id or "",
                    (row.payload or {}).get("thread_ts"),
                    row.attempts,
                )
                return drawn, settled

        try:
            drawn, settled = await with_retries(claim_and_draw, what=f"claiming outbox {outbox_id}")
        except DatabaseUnavailable:
            raise  # nothing can be recorded: the run stops, the rows wait for the next one
        except Exception as error:
            log.exception("outbox %s could not be drawn", outbox_id)
            drawing = Outcome("transient", repr(error))
            return await self._unsent(outbox_id, claimed_at, None, drawing)
        if posted is not None:
            self._posted = None
            self._recorded(posted, settled)
        if drawn is None:
            return "skipped"
        await self.pacer.wait(drawn.target)
        try:
            response = await self._poster(client).chat_postMessage(
                channel=drawn.target,
                thread_ts=drawn.thread_ts,
                metadata=metadata_for(outbox_id),
                **drawn.reply.payload(),
            )
        except Exception as error:
            return await self._unsent(outbox_id, claimed_at, drawn.attempts, classify(error))
        channel, ts = str(response.get("channel") or drawn.target), str(response.get("ts"))
        self._posted = _Posted(outbox_id, channel, ts, self.at())
        return "sent"

    async def _record(self, uow: UnitOfWork, posted: _Posted) -> bool:
        return await mark_sent(uow, posted.outbox_id, posted.channel, posted.ts, posted.at)

    def _recorded(self, posted: _Posted, settled: bool) -> None:
        if not settled:
            log.warning("outbox %s was already recorded as sent", posted.outbox_id)
        self.report.mark("sent", posted.outbox_id)

    async def flush(self) -> None:
        """Record the last post on its own: no row is claimed after it (the batch ended, a
        failure is about to be recorded, or sending waits out a 429)."""
        posted = self._posted
        if posted is None:
            return

        async def record() -> bool:
            async with self.uow_factory() as uow:
                settled = await self._record(uow, posted)
                await uow.commit()
                return settled

        settled = await with_retries(record, what=f"recording outbox {posted.outbox_id}")
        self._posted = None
        self._recorded(posted, settled)

    def _fate(
        self, outbox_id: int, attempts: int, outcome: Outcome, at: datetime
    ) -> tuple[dict[str, object], str | None, str]:
        """The row's new values, the report bucket and what `send_row` returns."""
        if outcome.kind == "ratelimited":
            later = self.rate_limited[outbox_id] >= MAX_RATE_LIMITED
            values: dict[str, object] = {
                "status": "pending",
                "attempts": attempts - 1,  # Slack refused before trying: not an attempt
                "due_at": at + timedelta(minutes=1) if later else self.now,
            }
            kind, result = ("retry", "retry") if later else (None, "ratelimited")
        elif outcome.kind == "ambiguous":
            values, kind, result = {"status": "unknown"}, "unknown", "unknown"
        elif outcome.kind == "permanent" or attempts >= MAX_ATTEMPTS:
            values, kind, result = {"status": "failed"}, "failed", "failed"
        else:
            values = {"status": "pending", "due_at": at + backoff(attempts)}
            kind = result = "retry"
        values["error"] = outcome.reason[:200]
        return values, kind, result

    async def _unsent(
        self, outbox_id: int, claimed_at: datetime, attempts: int | None, outcome: Outcome
    ) -> str:
        """Record a post that did not (certainly) go out; the run carries on."""
        await self.flush()
        at = self.at()
        if outcome.kind == "ratelimited":
            self.rate_limited[outbox_id] += 1
            self.pacer.hold(outcome.retry_after)

        async def record() -> tuple[bool, str | None, str]:
            async with self.uow_factory() as uow:
                known = attempts
                if known is None:  # drawing failed, and its claim was rolled back with it
                    row = await uow.repos.outbox.claim_row(outbox_id, claimed_at)
                    if row is None:
                        return False, None, "skipped"
                    known = row.attempts
                values, kind, result = self._fate(outbox_id, known, outcome, at)
                settled = await uow.repos.outbox.settle(outbox_id, claimed_at, **values)
                await uow.commit()
                return settled, kind, result

        settled, kind, result = await with_retries(record, what=f"recording outbox {outbox_id}")
        if result == "unknown":
            self.ambiguous.append(outbox_id)
        if result == "failed":
            log.warning("outbox %s failed for good: %s", outbox_id, outcome.reason)
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
        await self.flush()

    async def _due(self, count: int) -> list[int]:
        """The next due rows' ids, their recipients read into the run's cache in the same
        transaction (one query for the batch instead of one per message)."""
        skipped = self.clients.skipped()
        async with self.uow_factory() as uow:
            if not skipped:
                ids = await uow.repos.outbox.due_ids(self.at(), count)
            else:
                # Rows of uninstalled workspaces stay pending; reading past them keeps them
                # from filling every batch (and starving the workspaces that are installed).
                ids = list(
                    (
                        await uow.session.scalars(
                            select(OutboxMessage.id)
                            .where(
                                OutboxMessage.status == "pending",
                                OutboxMessage.due_at <= self.at(),
                                OutboxMessage.collaborative_id.not_in(skipped),
                            )
                            .order_by(OutboxMessage.due_at, OutboxMessage.id)
                            .limit(count)
                        )
                    ).all()
                )
            if ids:
                await prefetch_recipients(uow, self.cache, ids)
            return ids

    async def send_pending(self, limit: int) -> None:
        attempted = 0
        while attempted < limit:
            count = min(BATCH, limit - attempted)
            ids = await with_retries(partial(self._due, count), what="reading the outbox")
            if not ids:
                break
            for outbox_id in ids:
                attempted += 1
                await self.send_row(outbox_id)
        await self.flush()

    async def settle_ambiguous(self) -> None:
        """Check this run's maybe-delivered posts at once, then send what Slack does not have."""
        if not self.ambiguous:
            return
        checked, self.ambiguous = self.ambiguous, []
        again = await reconcile(
            self.uow_factory, self.clients, self.at(), self.report, only=checked
        )
        await self.send_ids(again)


async def send_due(
    uow_factory: UnitOfWorkFactory,
    client: AsyncWebClient | WorkspaceClients,
    now: datetime,
    *,
    limit: int = 10_000,  # a fan-out to 5,000 people goes in one run, not ten 5-minute ticks
    pacer: Pacer | None = None,
) -> SendReport:
    """Check what a dead sender or a lost answer left unsure, then send what is due."""
    report = SendReport()
    run = _Run(uow_factory, client, now, pacer, report)
    again = await reconcile(uow_factory, run.clients, run.at(), report)
    await run.send_ids(again)
    await run.send_pending(limit)
    await run.settle_ambiguous()
    return report


async def send_now(
    uow_factory: UnitOfWorkFactory,
    client: AsyncWebClient | WorkspaceClients,
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
