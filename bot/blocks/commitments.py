"""How commitments look in Slack."""

from __future__ import annotations

from datetime import date

from bot.blocks.reply import Block, Reply, context, header, pack_lines, section, split_messages
from bot.mrkdwn import bold, escape
from bot.shorten import shorten
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


#: The Edit button next to a commitment (in `/plan list` and on the Home tab): opens the edit form.
ACTION_EDIT = "ft_edit"

#: A listing longer than this shows its lines packed (no button each), so it stays a few
#: messages; its footer then says how to edit with the command.
EDIT_BUTTONS_UP_TO = 40


def edit_button(number: int) -> Block:
    return {
        "type": "button",
        "text": {"type": "plain_text", "text": "Edit", "emoji": True},
        "action_id": ACTION_EDIT,
        "value": str(number),
    }


#: How much of a title a message line shows (characters as read). Titles up to this length
#: (everything the old 200-character limit allowed) are shown whole.
SHOWN_TITLE = 200


def show_hint(number: int) -> str:
    """Where the rest of a shortened title is: said wherever a title is cut."""
    return f"`/plan show #{number}` for the whole step"


def title_mrkdwn(number: int, title: str, *, strong: bool = True, limit: int = SHOWN_TITLE) -> str:
    """A commitment's title as a message line shows it: escaped, on one line, shortened at a
    word boundary when long, and then followed by where to read the whole of it.

    `strong` makes it bold; :func:`bot.mrkdwn.escape` has already made the title's own `*`, `_`,
    `~` and `` ` `` look-alikes, so it reads the same bold or not, here and everywhere else.
    """
    full = escape(" ".join(title.split()))
    short = shorten(full, limit)
    shown = f"*{short}*" if strong else short
    if short != full:
        shown += f" ({show_hint(number)})"
    return shown


def title_plain(number: int, title: str) -> str:
    """`#12 title` for plain_text places (a modal's heading), shortened the same way."""
    full = " ".join(title.split())
    short = shorten(full, SHOWN_TITLE)
    pointer = f" (/plan show #{number} for the whole step)" if short != full else ""
    return f"#{number} {short}{pointer}"


def title_fallback(number: int, title: str) -> str:
    """The short form for a notification's fallback text (no pointer: nobody acts on it)."""
    return shorten(escape(" ".join(title.split())), SHOWN_TITLE)


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
        f"{title_mrkdwn(commitment.number, commitment.title)}",
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
    with_buttons = listing.count <= EDIT_BUTTONS_UP_TO
    for organization, items in listing.groups:
        if with_buttons:
            blocks.append(section(organization_heading(organization)))
            blocks.extend(
                {**section(commitment_line(c, today)), "accessory": edit_button(c.number)}
                for c in items
            )
            continue
        lines = [organization_heading(organization)]
        lines.extend(commitment_line(c, today) for c in items)
        blocks.extend(pack_lines(lines))
    count = f"{listing.count} commitment{'s' if listing.count != 1 else ''}"
    hint = "Edit one with its button" if with_buttons else "Edit one with `/plan edit #N`"
    blocks.append(context(f"{count} · {hint}, or see all of it with `/plan show #N`."))
    return split_messages(f"{listing.title} ({listing.count})", blocks)


def added_reply(commitment: Commitment, organization: Organization, today: date) -> Reply:
    text = (
        f":memo: Added `#{commitment.number}` for {escape(organization.name)}: "
        f"{title_mrkdwn(commitment.number, commitment.title)}"
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
    fallback = f"Added #{commitment.number}: {title_fallback(commitment.number, commitment.title)}"
    return Reply(text=fallback, blocks=blocks)


def status_reply(commitment: Commitment, previous: str, today: date) -> Reply:
    label = STATUS_LABELS.get(commitment.status, commitment.status)
    title = title_mrkdwn(commitment.number, commitment.title)
    if previous == commitment.status:
        text = f"`#{commitment.number}` is still *{label}*; your note is recorded."
    elif commitment.status == "done":
        text = f":tada: `#{commitment.number}` {title} is done. Well done!"
    else:
        text = (
            f"`#{commitment.number}` {title} is now *{label}* "
            f"(was {STATUS_LABELS.get(previous, previous)})."
        )
    return Reply(text=text, blocks=[section(text)])


def note_reply(commitment: Commitment) -> Reply:
    title = title_mrkdwn(commitment.number, commitment.title)
    text = f":pencil: Note added to `#{commitment.number}` {title}."
    return Reply(text=text, blocks=[section(text)])


def edited_reply(commitment: Commitment, changes: list[str], today: date) -> Reply:
    """The DM after the edit form is saved: what changed, and the commitment as it is now."""
    title = title_mrkdwn(commitment.number, commitment.title)
    if changes:
        text = (
            f":pencil2: Saved `#{commitment.number}` {title}: changed {escape(', '.join(changes))}."
        )
    else:
        text = f"Nothing changed in `#{commitment.number}` {title}: the form had the same values."
    details = [f"owner <@{commitment.owner_slack_id}>" if commitment.owner_slack_id else "no owner"]
    due = due_text(commitment, today)
    details.append(due or "no due date")
    blocks = [
        section(text),
        context(" · ".join(details)),
        context(
            f"Change it again with `/plan edit #{commitment.number}`, or update it with "
            f"`/plan done {commitment.number}`."
        ),
    ]
    return Reply(text=f"Saved #{commitment.number}", blocks=blocks)
