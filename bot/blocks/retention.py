"""The purge's announcements: two weeks before, to the shared channel and the TA team; after,
to the TA channel."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.blocks.reply import Reply, section
from core.i18n import _, ngettext


def _day(moment: datetime, tz: ZoneInfo) -> str:
    return moment.astimezone(tz).strftime("%Y-%m-%d")


def shared_notice(purge: datetime, tz: ZoneInfo) -> Reply:
    """For the digest channel: what goes, when, and what people can do before."""
    text = _(
        ":shield: The collaborative has closed, and on {date} Follow-through deletes what it "
        "keeps about people: Slack ids, names and time zones, notes, replies and questions. "
        "Organizations keep their commitments, without names. `/plan privacy` says what is "
        "kept; `/plan forget me` deletes yours now."
    ).format(date=_day(purge, tz))
    return Reply(text=text, blocks=[section(text)])


def ta_notice(purge: datetime, days: int, tz: ZoneInfo) -> Reply:
    """For the TA team: the date, and what they can still do before it."""
    text = _(
        ":shield: On {date}, {days} days after the collaborative closed, Follow-through deletes "
        "everyone's personal data (as `/plan forget me` would for each person). Before then, "
        "`/plan export` keeps the files you need; `/plan reopen` and then "
        "`/plan settings retention <days>` postpone it."
    ).format(date=_day(purge, tz), days=days)
    return Reply(text=text, blocks=[section(text)])


def purged_notice(count: int) -> Reply:
    text = ngettext(
        ":shield: People's data is deleted, as announced: {count} person forgotten. The "
        "organizations, their commitments and the anonymous history remain; `/plan export` "
        "still gives the figures.",
        ":shield: People's data is deleted, as announced: {count} people forgotten. The "
        "organizations, their commitments and the anonymous history remain; `/plan export` "
        "still gives the figures.",
        count,
    ).format(count=count)
    return Reply(text=text, blocks=[section(text)])
