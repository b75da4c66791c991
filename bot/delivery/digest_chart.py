"""The digest's chart: read the numbers, draw them, and share the PNG in the digest's channel.

The chart is a complement to the digest, never a condition of it: it is shared after the
digest is recorded as posted, at most once (a run that dies between the two leaves a digest
without a picture rather than two pictures), and any failure is logged and swallowed.
"""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy import select

from bot.chart import ChartInput, OrgBar, alt_text, render_png
from core.commitments import is_overdue
from core.time import to_local
from storage.models import Collaborative, Commitment, CommitmentUpdate
from storage.uow import UnitOfWork

log = logging.getLogger(__name__)

WEEKS_SHOWN = 12
CHART_COMMENT = (
    "📊 The week in one picture: each organization's steps by status, and the steps done each"
    " week. To ask the TA team about any of it: `/plan ask <question>`."
)
STATUS_FIELDS = {"done": "done", "in-progress": "in_progress", "open": "open", "blocked": "blocked"}


def _week_start(moment: datetime, tz: ZoneInfo) -> date:
    local = to_local(moment, tz).date()
    return local - timedelta(days=local.weekday())


async def chart_input(uow: UnitOfWork, c: Collaborative, now: datetime) -> ChartInput:
    """Each organization's steps as of `now`, and steps marked done in each of the last weeks.

    Three queries whatever the number of organizations. A step counts once: an overdue one is
    "overdue" rather than open or in progress (as on the TA's Home tab); dropped steps are left
    out. A week is Monday to Sunday in the collaborative's time zone.
    """
    tz = ZoneInfo(c.timezone)
    today = to_local(now, tz).date()
    organizations = await uow.repos.organizations.all(c.id)
    commitments = await uow.repos.commitments.all(c.id)
    counts: dict[int, Counter[str]] = {o.id: Counter() for o in organizations}
    for commitment in commitments:
        if commitment.status == "dropped" or commitment.organization_id not in counts:
            continue
        field = (
            "overdue"
            if commitment.status != "blocked" and is_overdue(commitment, today)
            else STATUS_FIELDS[commitment.status]
        )
        counts[commitment.organization_id][field] += 1
    bars = [OrgBar(o.name, **counts[o.id]) for o in organizations]

    this_week = today - timedelta(days=today.weekday())
    first_week = this_week - timedelta(weeks=WEEKS_SHOWN - 1)
    done_at = await uow.session.scalars(
        select(CommitmentUpdate.at)
        .join(Commitment, Commitment.id == CommitmentUpdate.commitment_id)
        .where(
            Commitment.collaborative_id == c.id,
            CommitmentUpdate.new_status == "done",
            CommitmentUpdate.at <= now,
            CommitmentUpdate.at >= now - timedelta(weeks=WEEKS_SHOWN + 1),
        )
    )
    per_week = Counter(_week_start(at, tz) for at in done_at)
    weeks = [
        (first_week + timedelta(weeks=i), per_week.get(first_week + timedelta(weeks=i), 0))
        for i in range(WEEKS_SHOWN)
    ]
    title = f"{c.name}, week of {this_week:%b} {this_week.day}"
    return ChartInput(title, bars, weeks)


async def share_chart(
    client: AsyncWebClient, channel: str, data: ChartInput, *, thread_ts: str, filename: str
) -> bool:
    """Upload the chart into the digest's thread with its alt text; False (and a warning) if it
    did not go. In the thread, beside the details, the shared channel keeps one post a week."""
    if not any(bar.total for bar in data.organizations):
        return False  # nothing to draw: an empty chart says less than the digest's text
    try:
        png = await asyncio.to_thread(render_png, data)
        await client.files_upload_v2(
            channel=channel,
            thread_ts=thread_ts,
            content=png,
            filename=filename,
            title=data.title,
            alt_txt=alt_text(data),
            initial_comment=CHART_COMMENT,
        )
    except Exception as error:  # the digest is out; its picture is a bonus
        log.warning("digest chart for %s not shared: %s", channel, error)
        return False
    return True
