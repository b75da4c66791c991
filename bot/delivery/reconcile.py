"""Settling posts whose outcome is unknown by asking Slack, never by posting again.

A row is checked when its post may have reached Slack: its answer was lost (`unknown`), or its
sender's lease ran out mid-send. Every post carries its row id in `metadata`, so the
conversation's history says whether it arrived. Rows are grouped by conversation (and thread):
one history look-up answers for all of them, which matters since Slack limits
`conversations.history` tightly. A row found is `sent`; a row not found goes back to `pending`
and is sent again; a failing look-up leaves it `unknown` for the next run, logged — never sent
blindly.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from bot.delivery.records import LEASE, SendReport, mark_sent, outbox_id_of
from bot.delivery.workspace_clients import RunClients, WorkspaceClients, as_workspace_clients
from storage.models import OutboxMessage
from storage.retry import with_retries
from storage.uow import UnitOfWorkFactory

log = logging.getLogger(__name__)

#: Newest messages read per look-up, and pages at most: the rows checked are recent ones.
PAGE = 200
MAX_PAGES = 3


@dataclass(frozen=True)
class Leased:
    id: int
    claimed_at: datetime
    channel_id: str | None
    recipient: str | None
    thread_ts: str | None
    collaborative_id: int = 0


async def _lease_rows(
    uow_factory: UnitOfWorkFactory,
    at: datetime,
    only: Collection[int] | None,
    limit: int,
    clients: RunClients,
) -> list[Leased]:
    async with uow_factory() as uow:
        rows: list[OutboxMessage] = list(await uow.repos.outbox.to_check(at - LEASE, limit))
    rows = [row for row in rows if only is None or row.id in only]
    # Looked up outside any unit of work (SQLite has one writer), before any row is taken
    # over: a workspace with no token now (uninstalled) leaves its rows as they are.
    reachable = {
        cid
        for cid in {row.collaborative_id for row in rows}
        if await clients.for_collaborative(cid) is not None
    }
    leased = []
    async with uow_factory() as uow:
        for row in rows:
            if row.collaborative_id not in reachable:
                continue
            if await uow.repos.outbox.take_over(row, at):
                leased.append(
                    Leased(
                        row.id,
                        at,
                        row.channel_id,
                        row.recipient_slack_id,
                        (row.payload or {}).get("thread_ts"),
                        row.collaborative_id,
                    )
                )
        await uow.commit()
    return leased


async def _posted(
    client: AsyncWebClient, channel: str, thread_ts: str | None, wanted: set[int]
) -> dict[int, str]:
    """Outbox ids found in the conversation (or thread), with their ts."""
    found: dict[int, str] = {}
    cursor: str | None = None
    for _ in range(MAX_PAGES):
        args: dict[str, Any] = {"channel": channel, "limit": PAGE, "include_all_metadata": True}
        if cursor:
            args["cursor"] = cursor
        if thread_ts:
            page = await client.conversations_replies(ts=thread_ts, **args)
        else:
            page = await client.conversations_history(**args)
        for message in page.get("messages") or []:
            outbox_id = outbox_id_of(message)
            if outbox_id in wanted:
                found[outbox_id] = str(message["ts"])
        cursor = (page.get("response_metadata") or {}).get("next_cursor") or None
        if wanted <= found.keys() or not page.get("has_more") or not cursor:
            break
    return found


async def _conversation(client: AsyncWebClient, row: Leased) -> str | None:
    if row.channel_id:
        return row.channel_id
    if not row.recipient:
        return None
    opened = await client.conversations_open(users=row.recipient)
    return (opened.get("channel") or {}).get("id")


async def reconcile(
    uow_factory: UnitOfWorkFactory,
    client: AsyncWebClient | WorkspaceClients,
    at: datetime,
    report: SendReport,
    *,
    only: Collection[int] | None = None,
    limit: int = 500,
) -> list[int]:
    """Check the rows that may have been posted; returns the ids put back to `pending`."""
    clients = client if isinstance(client, RunClients) else RunClients(as_workspace_clients(client))
    leased = await with_retries(
        partial(_lease_rows, uow_factory, at, only, limit, clients),
        what="leasing outbox rows to check",
    )
    if not leased:
        return []
    groups: dict[tuple[int, str, str | None], list[Leased]] = defaultdict(list)
    unreachable: list[Leased] = []
    for row in leased:
        row_client = await clients.for_collaborative(row.collaborative_id)
        assert row_client is not None  # only rows of reachable workspaces were leased
        try:
            channel = await _conversation(row_client, row)
        except Exception as error:
            log.warning("outbox %s: cannot open its conversation to check it: %s", row.id, error)
            channel = None
        if channel is None:
            unreachable.append(row)
        else:
            groups[(row.collaborative_id, channel, row.thread_ts)].append(row)
    found: dict[int, tuple[str, str]] = {}
    for (collaborative_id, channel, thread_ts), rows in groups.items():
        group_client = await clients.for_collaborative(collaborative_id)
        assert group_client is not None
        try:
            posted = await _posted(group_client, channel, thread_ts, {r.id for r in rows})
        except Exception as error:
            log.warning(
                "outbox %s: history of %s unavailable (%s); left unknown for the next run",
                ", ".join(str(r.id) for r in rows),
                channel,
                error,
            )
            unreachable.extend(rows)
            continue
        found.update({outbox_id: (channel, ts) for outbox_id, ts in posted.items()})

    async def record() -> list[tuple[int, str]]:
        fates: list[tuple[int, str]] = []
        async with uow_factory() as uow:
            for row in leased:
                if row in unreachable:
                    if await uow.repos.outbox.settle(row.id, row.claimed_at, status="unknown"):
                        fates.append((row.id, "unknown"))
                elif row.id in found:
                    channel, ts = found[row.id]
                    if await mark_sent(uow, row.id, channel, ts, at):
                        fates.append((row.id, "sent"))
                elif await uow.repos.outbox.settle(row.id, row.claimed_at, status="pending"):
                    fates.append((row.id, "again"))
            await uow.commit()
        return fates

    again: list[int] = []
    for outbox_id, fate in await with_retries(record, what="recording checked outbox rows"):
        if fate == "again":
            again.append(outbox_id)
        else:
            report.mark(fate, outbox_id)
    if found or again:
        log.info(
            "checked %d outbox rows: %d found, %d to send", len(leased), len(found), len(again)
        )
    return again
