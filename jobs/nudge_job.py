"""One run of the nudge job: plan what is due, then send the outbox."""

from __future__ import annotations

from datetime import datetime

from slack_sdk.web.async_client import AsyncWebClient

from bot.delivery.pacing import Pacer
from bot.delivery.render import render
from bot.delivery.sender import SendReport, send_due
from bot.delivery.workspace_clients import WorkspaceClients, as_workspace_clients
from jobs.planning import enqueue_due_nudges
from storage.uow import UnitOfWorkFactory


async def run_nudges(
    uow_factory: UnitOfWorkFactory,
    client: AsyncWebClient | WorkspaceClients | None,
    now: datetime,
    *,
    dry_run: bool = False,
    pacer: Pacer | None = None,
) -> SendReport:
    """Exactly what the scheduler does at `now`; with dry_run, drawn and rolled back, not sent.

    `client` is the one workspace's client, or each workspace's (OAuth): a workspace that
    uninstalled the app still gets its check-ins planned, and they wait unsent."""
    if dry_run:
        return await _preview(uow_factory, now)
    assert client is not None
    clients = as_workspace_clients(client)
    async with uow_factory() as uow:
        collaboratives = list(await uow.repos.collaboratives.all())
    for collaborative in collaboratives:
        if clients.per_workspace and await clients.for_collaborative(collaborative.id) is None:
            continue  # uninstalled: nothing is planned that would pile up until a reinstall
        async with uow_factory() as uow:
            fresh = await uow.repos.collaboratives.get(collaborative.id)
            assert fresh is not None
            await enqueue_due_nudges(uow, fresh, now)
    return await send_due(uow_factory, clients, now, pacer=pacer)


async def _preview(uow_factory: UnitOfWorkFactory, now: datetime) -> SendReport:
    report = SendReport()
    async with uow_factory() as uow:
        for collaborative in await uow.repos.collaboratives.all():
            await enqueue_due_nudges(uow, collaborative, now, commit=False)
        for row in await uow.repos.outbox.due(now, 10_000):
            owner = await uow.repos.collaboratives.get(row.collaborative_id)
            assert owner is not None
            reply = await render(uow, owner, row, now)
            report.previews.append((row.recipient_slack_id or row.channel_id or "?", reply))
        # leaving the block rolls the planned rows back: a dry run changes nothing
    return report
