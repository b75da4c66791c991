"""How commitments look in Slack."""

from __future__ import annotations

from datetime import date

from bot.blocks.reply import Block, Reply, context, header, pack_lines, section, split_messages
from bot.mrkdwn import bold, escape
from core.commitments import Listing, is_overdue
from core.time import format_day
from core.vocabulary import STATUS_LABELS
from storage.models import Commitment, Organization

STATUS_EMOJI = {
    "open": ":white_circle:",
    "in-progress": ":large_blue_circle:",
    "blocked": ":red_circle:",
    "done": ":white_check_mark:",
    "dropped": ":heavy_minus_sign:",
}


def due_text(commitment: Commitment, today: date) -> str:
    if commitment.due is None:
        return ""
    if is_overdue(commitment, today):
        late = (today - commitment.due).days
        return (
            f"*{late} day{'s' if late != 1 else ''} late* (due {format_day(commitment.due, today)})"
        )
    return f"due {format_day(commitment.due, today)}"


def commitment_line(commitment: Commitment, today: date) -> str:
    parts = [
        f"{STATUS_EMOJI.get(commitment.status, '')} `#{commitment.number}` "
        f"{bold(commitment.title)}",
        STATUS_LABELS.get(commitment.status, commitment.status),
    ]
    if commitment.owner_slack_id:
        parts.append(f"<@{commitment.owner_slack_id}>")
    due = due_text(commitment, today)
    if due:
        parts.append(due)
    return " · ".join(parts)


def organization_heading(organization: Organization) -> str:
    return f"{bold(organization.name)}  `{organization.handle}`"


def listing_replies(listing: Listing, today: date) -> list[Reply]:
    blocks: list[Block] = [header(listing.title)]
    if not listing.groups:
        blocks.append(section(listing.empty_hint))
        return [Reply(text=f"{listing.title}: none", blocks=blocks)]
    for organization, items in listing.groups:
        lines = [organization_heading(organization)]
        lines.extend(commitment_line(c, today) for c in items)
        blocks.extend(pack_lines(lines))
    blocks.append(context(f"{listing.count} commitment{'s' if listing.count != 1 else ''}"))
    return split_messages(f"{listing.title} ({listing.count})", blocks)


def added_reply(commitment: Commitment, organization: Organization, today: date) -> Reply:
    text = (
        f":memo: Added `#{commitment.number}` for {escape(organization.name)}: "
        f"{bold(commitment.title)}"
    )
    details = []
    if commitment.owner_slack_id:
        details.append(f"owner <@{commitment.owner_slack_id}>")
    due = due_text(commitment, today)
    if due:
        details.append(due)
    blocks = [section(text)]
    if details:
        blocks.append(context(" · ".join(details)))
    blocks.append(
        context(
            f"Update it with `/plan done {commitment.number}` or "
            f"`/plan status {commitment.number} in-progress`."
        )
    )
    return Reply(text=f"Added #{commitment.number}: {escape(commitment.title)}", blocks=blocks)


def status_reply(commitment: Commitment, previous: str, today: date) -> Reply:
    label = STATUS_LABELS.get(commitment.status, commitment.status)
    if previous == commitment.status:
        text = f"`#{commitment.number}` is still *{label}*; your note is recorded."
    elif commitment.status == "done":
        text = f":tada: `#{commitment.number}` {bold(commitment.title)} is done. Well done!"
    else:
        text = (
            f"`#{commitment.number}` {bold(commitment.title)} is now *{label}* "
            f"(was {STATUS_LABELS.get(previous, previous)})."
        )
    return Reply(text=text, blocks=[section(text)])


def note_reply(commitment: Commitment) -> Reply:
    text = f":pencil: Note added to `#{commitment.number}` {bold(commitment.title)}."
    return Reply(text=text, blocks=[section(text)])
