"""`/plan show #N`: one commitment whole — its full text, where it belongs, every change.

Everywhere else a long title is shortened and points here, so nothing here is shortened: the
title, the detail and every note are split over as many sections as Slack's 3,000-character
limit needs (at spaces, never inside an escaped entity), and the blocks over as many messages
as the 50-block limit needs. A command's response URL takes five posts; a history too long for
that keeps its newest updates and says how many older ones the export holds.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from zoneinfo import ZoneInfo

from bot.blocks.commitments import STATUS_EMOJI, due_text, title_fallback
from bot.blocks.reply import (
    RESPONSE_URL_USES,
    SECTION_LIMIT,
    Block,
    Reply,
    context,
    header,
    pack_lines,
    section,
    split_messages,
)
from bot.mrkdwn import escape
from bot.shorten import split
from core.commitments import CommitmentRecord
from core.forget import FORMER_MEMBER, FORMER_MEMBER_TEXT
from core.i18n import _
from core.time import format_moment
from core.vocabulary import STATUS_LABELS
from storage.models import CommitmentUpdate

#: Room left in a section for the "> " or heading put in front of a piece of people's text.
_PIECE = SECTION_LIMIT - 100

SOURCE_WORDS = {
    "command": "with `/plan`",
    "button": "with a button",
    "thread": "in a thread reply",
    "modal": "in a form",
    "import": "from the import",
    "undo": "with Undo",
}


def _label(status: str | None) -> str:
    return STATUS_LABELS.get(status or "", status or "")


def _pieces(text: str) -> list[str]:
    """People's text, escaped and split to fit sections; line breaks kept as typed."""
    return split(escape(text.strip()), _PIECE)


def _facts(record: CommitmentRecord, today: date, tz: ZoneInfo) -> str:
    c = record.commitment
    organization = record.organization
    lines = [
        f"*Status:* {STATUS_EMOJI.get(c.status, '')} {_label(c.status)}",
        f"*Organization:* {escape(organization.name)} `{organization.handle}`",
        f"*Owner:* <@{c.owner_slack_id}>" if c.owner_slack_id else "*Owner:* nobody yet",
        f"*Due:* {due_text(c, today).removeprefix('due ')}" if c.due else "*Due:* no due date",
        f"*PSE level:* {c.pse_level}" if c.pse_level else "*PSE level:* not set",
    ]
    if record.session_number is not None:
        title = escape(record.session_title or "")
        lines.append(f"*Session:* {record.session_number}, {title}")
    else:
        lines.append("*Session:* made before the first session")
    lines.append(f"*Added:* {format_moment(c.created_at, tz)}")
    return "\n".join(lines)


def _what(update: CommitmentUpdate) -> str:
    if update.kind == "created":
        return f"added it as {_label(update.new_status)}"
    if update.kind == "status" and update.old_status != update.new_status:
        return f"{_label(update.old_status)} → {_label(update.new_status)}"
    if update.kind == "snooze":
        return "snoozed its reminders"
    if update.kind == "edit":
        return "edited it"
    if update.kind == "unsnooze":
        return "turned its reminders back on"
    if update.kind in ("note", "status"):
        return "added a note"
    return update.kind


def _who(update: CommitmentUpdate) -> str:
    if update.actor_slack_id == FORMER_MEMBER:  # forgotten (core.forget): nobody to name
        return _(FORMER_MEMBER_TEXT)
    if update.actor_slack_id:
        return f"<@{update.actor_slack_id}>"
    return "the import" if update.source == "import" else "Follow-through"


def history_lines(history: Sequence[CommitmentUpdate], tz: ZoneInfo) -> list[list[str]]:
    """One group of lines per update: who, when (in the viewer's zone), what, from where, and
    the note in full (as quoted pieces)."""
    groups = []
    for update in history:
        source = SOURCE_WORDS.get(update.source, update.source)
        lines = [f"• {format_moment(update.at, tz)} · {_who(update)} · {_what(update)} {source}"]
        if update.note:
            lines += [f"> {' '.join(piece.split())}" for piece in _pieces(update.note)]
        groups.append(lines)
    return groups


def _head(record: CommitmentRecord, today: date, tz: ZoneInfo) -> list[Block]:
    """The title in full, the facts, and the details in full."""
    c = record.commitment
    blocks: list[Block] = [header(f"#{c.number} · {record.organization.name}")]
    blocks += [section(piece) for piece in _pieces(c.title)]
    blocks.append(section(_facts(record, today, tz)))
    if c.detail:
        details = _pieces(c.detail)
        blocks.append(section(f"*Details*\n{details[0]}"))
        blocks += [section(piece) for piece in details[1:]]
    return blocks


def _history(groups: list[list[str]], skip: int) -> list[Block]:
    count = len(groups)
    blocks = [section(f"*History* ({count} update{'s' if count != 1 else ''})")]
    if skip:
        blocks.append(
            context(
                f"The {skip} oldest updates don't fit here: `/plan export` (updates.csv) has "
                "every one."
            )
        )
    return blocks + pack_lines(line for group in groups[skip:] for line in group)


def show_replies(record: CommitmentRecord, today: date, tz: ZoneInfo) -> list[Reply]:
    """The whole commitment in as few messages as Slack's limits allow (at most five)."""
    c = record.commitment
    fallback = f"#{c.number}: {title_fallback(c.number, c.title)}"
    head = _head(record, today, tz)
    groups = history_lines(record.history, tz)  # escaped and split once, however many tries
    skip = 0
    while True:
        replies = split_messages(fallback, head + _history(groups, skip))
        if len(replies) <= RESPONSE_URL_USES or skip >= len(groups):
            return replies[:RESPONSE_URL_USES]
        skip += 1
