"""One run of the retention job: announce and carry out the purge after close + retention.

Scheduling only: what is due is core.retention's rule at the ``now`` given, and the database
(``purge_notice_at``, ``purged_at``, claimed by conditional updates) keeps each step to once
however often the job runs.
"""

from __future__ import annotations

import logging
from datetime import datetime
from zoneinfo import ZoneInfo

from slack_sdk.web.async_client import AsyncWebClient

from bot.blocks.retention import purged_notice, shared_notice, ta_notice
from bot.delivery.outbox import queue, queue_for_ta_team
from bot.delivery.sender import SendReport, send_due
from bot.delivery.workspace_clients import WorkspaceClients
from core import retention
from storage.models import Collaborative
from storage.uow import UnitOfWork, UnitOfWorkFactory

log = logging.getLogger(__name__)

KIND = "retention"


async def _announce(uow: UnitOfWork, c: Collaborative, now: datetime) -> None:
    purge = retention.announced_purge(c, now)
    assert purge is not None
    tz = ZoneInfo(c.timezone)
    if c.digest_channel_id:
        shared = shared_notice(purge, tz)
        payload = {"text": shared.text, "blocks": shared.blocks}
        await queue(uow, c, now, kind=KIND, payload=payload, channel_id=c.digest_channel_id)
    await queue_for_ta_team(uow, c, now, KIND, ta_notice(purge, retention.retention_days(c), tz))


async def step(uow: UnitOfWork, collaborative_id: int, now: datetime) -> None:
    """The notice and the purge for one collaborative, each in its own transaction."""
    c = await uow.repos.collaboratives.get(collaborative_id)
    assert c is not None
    due = retention.due(c, now)
    if due.notice and await retention.claim_notice(uow, c, now):
        await _announce(uow, c, now)
        await uow.commit()
    if due.purge:
        count = await retention.purge(uow, c, now)
        if c.ta_channel_id:
            done = purged_notice(count)
            payload = {"text": done.text, "blocks": done.blocks}
            await queue(uow, c, now, kind=KIND, payload=payload, channel_id=c.ta_channel_id)
        await uow.commit()
        log.info("collaborative %s: people's data purged (%s people)", c.id, count)


async def run_retention(
    uow_factory: UnitOfWorkFactory, client: AsyncWebClient | WorkspaceClients, now: datetime
) -> SendReport:
    """Exactly what the scheduler does at ``now``: the due steps, then the outbox."""
    async with uow_factory() as uow:
        ids = [c.id for c in await uow.repos.collaboratives.all()]
    for collaborative_id in ids:
        async with uow_factory() as uow:
            await step(uow, collaborative_id, now)
    return await send_due(uow_factory, client, now)
