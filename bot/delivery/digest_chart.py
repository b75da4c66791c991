"""The digest's chart: read the numbers, draw them, and share the PNG in the digest's channel.

The chart is a complement to the digest, never a condition of it: it is shared after the
digest is recorded as posted, at most once (a run that dies between the two leaves a digest
without a picture rather than two pictures), and any failure is logged and swallowed.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime
from zoneinfo import ZoneInfo

from slack_sdk.web.async_client import AsyncWebClient

from bot.chart import ChartInput, OrgBar, alt_text, render_png
from core.figures_load import load_evidence
from core.i18n import N_, _
from core.i18n_dates import month_day
from core.time import to_local
from storage.models import Collaborative
from storage.uow import UnitOfWork

log = logging.getLogger(__name__)

WEEKS_SHOWN = 12
CHART_COMMENT = N_(
    "📊 The week in one picture: each organization's steps by status, and the steps done each"
    " week. To ask the TA team about any of it: `/plan ask <question>`."
)


async def chart_input(uow: UnitOfWork, c: Collaborative, now: datetime) -> ChartInput:
    """Each organization's steps as of `now`, and the steps completed in each of the twelve
    weeks before it, from the figures `/plan report` and `engagement.csv` read (core.figures):
    the last bar is the digest's own "done this week", since both end at the digest's hour."""
    evidence = await load_evidence(uow, c, now)
    bars = []
    for org in evidence.data.organizations:
        counts = evidence.statuses(org.id)
        bars.append(
            OrgBar(
                org.name,
                done=counts["done"],
                in_progress=counts["in-progress"],
                open=counts["open"],
                blocked=counts["blocked"],
                overdue=counts["overdue"],
            )
        )
    weeks = [
        (to_local(start, ZoneInfo(c.timezone)).date(), count)
        for start, count in evidence.done_by_week(WEEKS_SHOWN)
    ]
    last = weeks[-1][0] if weeks else to_local(now, ZoneInfo(c.timezone)).date()
    title = _("{collaborative}, week of {day}").format(collaborative=c.name, day=month_day(last))
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
            initial_comment=_(CHART_COMMENT),
        )
    except Exception as error:  # the digest is out; its picture is a bonus
        log.warning("digest chart for %s not shared: %s", channel, error)
        return False
    return True
