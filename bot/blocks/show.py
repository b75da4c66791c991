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

from bot.blocks.commitments import STATUS_EMOJI, due_text, status_label, title_fallback
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
from core import i18n_dates
from core.commitments import CommitmentRecord, is_overdue
from core.forget import FORMER_MEMBER, FORMER_MEMBER_TEXT
from core.i18n import N_, _, ngettext
from storage.models import CommitmentUpdate

#: Room left in a section for the "> " or heading put in front of a piece of people's text.
_PIECE = SECTION_LIMIT - 100

#: Where an update was made, as a history line ends (translated where shown).
SOURCE_WORDS = {
    "command": N_("with `/plan`"),
    "button": N_("with a button"),
    "thread": N_("in a thread reply"),
    "modal": N_("in a form"),
    "import": N_("from the import"),
    "undo": N_("with Undo"),
}


def _pieces(text: str) -> list[str]:
    """People's text, escaped and split to fit sections; line breaks kept as typed."""
    return split(escape(text.strip()), _PIECE)


def _facts(record: CommitmentRecord, today: date, tz: ZoneInfo) -> str:
    c = record.commitment
    organization = record.organization
    if c.due is None:
        due = _("*Due:* no due date")
    else:
        day = due_text(c, today) if is_overdue(c, today) else i18n_dates.day(c.due, today)
        due = _("*Due:* {day}").format(day=day)
    lines = [
        _("*Status:* {emoji} {status}").format(
            emoji=STATUS_EMOJI.get(c.status, ""), status=status_label(c.status)
        ),
        _("*Organization:* {name} `{handle}`").format(
            name=escape(organization.name), handle=organization.handle
        ),
        _("*Owner:* <@{owner}>").format(owner=c.owner_slack_id)
        if c.owner_slack_id
        else _("*Owner:* nobody yet"),
        due,
        _("*PSE level:* {level}").format(level=c.pse_level)
        if c.pse_level
        else _("*PSE level:* not set"),
    ]
    if record.session_number is not None:
        title = escape(record.session_title or "")
        lines.append(
            _("*Session:* {number}, {title}").format(number=record.session_number, title=title)
        )
    else:
        lines.append(_("*Session:* made before the first session"))
    lines.append(_("*Added:* {moment}").format(moment=i18n_dates.moment(c.created_at, tz)))
    return "\n".join(lines)


def _what(update: CommitmentUpdate) -> str:
    if update.kind == "created":
        return _("added it as {status}").format(status=status_label(update.new_status))
    if update.kind == "status" and update.old_status != update.new_status:
        return f"{status_label(update.old_status)} → {status_label(update.new_status)}"
    if update.kind == "snooze":
        return _("snoozed its reminders")
    if update.kind == "edit":
        return _("edited it")
    if update.kind == "unsnooze":
        return _("turned its reminders back on")
    if update.kind in ("note", "status"):
        return _("added a note")
    return update.kind


def _who(update: CommitmentUpdate) -> str:
    if update.actor_slack_id == FORMER_MEMBER:  # forgotten (core.forget): nobody to name
        return _(FORMER_MEMBER_TEXT)
    if update.actor_slack_id:
        return f"<@{update.actor_slack_id}>"
    return _("the import") if update.source == "import" else "Follow-through"


def history_lines(history: Sequence[CommitmentUpdate], tz: ZoneInfo) -> list[list[str]]:
    """One group of lines per update: who, when (in the viewer's zone), what, from where, and
    the note in full (as quoted pieces)."""
    groups = []
    for update in history:
        known = SOURCE_WORDS.get(update.source)
        source = _(known) if known else update.source
        lines = [
            f"• {i18n_dates.moment(update.at, tz)} · {_who(update)} · {_what(update)} {source}"
        ]
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
        blocks.append(section(_("*Details*") + "\n" + details[0]))
        blocks += [section(piece) for piece in details[1:]]
    return blocks


def _history(groups: list[list[str]], skip: int) -> list[Block]:
    count = len(groups)
    blocks = [
        section(
            ngettext("*History* ({count} update)", "*History* ({count} updates)", count).format(
                count=count
            )
        )
    ]
    if skip:
        blocks.append(
            context(
                ngettext(
                    "The {count} oldest updates don't fit here: `/plan export` (updates.csv) "
                    "has every one.",
                    "The {count} oldest updates don't fit here: `/plan export` (updates.csv) "
                    "has every one.",
                    skip,
                ).format(count=skip)
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
