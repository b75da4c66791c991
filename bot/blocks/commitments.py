"""How commitments look in Slack."""

from __future__ import annotations

from datetime import date

from bot.blocks.reply import Block, Reply, context, header, pack_lines, section, split_messages
from bot.mrkdwn import bold, escape
from bot.shorten import shorten
from core import i18n_dates
from core.commitments import Listing, is_overdue
from core.i18n import _, ngettext
from core.vocabulary import SPHERE_LABELS, STATUS_LABELS
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
        "text": {"type": "plain_text", "text": _("Edit"), "emoji": True},
        "action_id": ACTION_EDIT,
        "value": str(number),
    }


#: How much of a title a message line shows (characters as read). Titles up to this length
#: (everything the old 200-character limit allowed) are shown whole.
SHOWN_TITLE = 200


def show_hint(number: int) -> str:
    """Where the rest of a shortened title is: said wherever a title is cut."""
    return _("`/plan show #{number}` for the whole step").format(number=number)


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
    pointer = ""
    if short != full:
        pointer = " " + _("(/plan show #{number} for the whole step)").format(number=number)
    return f"#{number} {short}{pointer}"


def title_fallback(number: int, title: str) -> str:
    """The short form for a notification's fallback text (no pointer: nobody acts on it)."""
    return shorten(escape(" ".join(title.split())), SHOWN_TITLE)


def due_text(commitment: Commitment, today: date) -> str:
    if commitment.due is None:
        return ""
    if is_overdue(commitment, today):
        late = (today - commitment.due).days
        return ngettext(
            "*{count} day late* (due {day})", "*{count} days late* (due {day})", late
        ).format(count=late, day=i18n_dates.day(commitment.due, today))
    return _("due {day}").format(day=i18n_dates.day(commitment.due, today))


def status_label(status: str | None) -> str:
    """A status as people read it, in their language (an unknown one as stored)."""
    known = STATUS_LABELS.get(status or "")
    return _(known) if known else status or ""


def sphere_label(sphere: str) -> str:
    """A sphere as people read it (``Health care``), in their language."""
    known = SPHERE_LABELS.get(sphere)
    return _(known) if known else sphere


def count_of(kind: str, count: int) -> str:
    """``3 open``, ``1 overdue``: how many commitments are in one state, as the digest and the
    Home tab count them (the same words in English either way; Spanish agrees in number)."""
    if kind == "open":
        return ngettext("{count} open", "{count} open", count).format(count=count)
    if kind == "in-progress":
        return ngettext("{count} in progress", "{count} in progress", count).format(count=count)
    if kind == "blocked":
        return ngettext("{count} blocked", "{count} blocked", count).format(count=count)
    if kind == "done":
        return ngettext("{count} done", "{count} done", count).format(count=count)
    if kind == "dropped":
        return ngettext("{count} dropped", "{count} dropped", count).format(count=count)
    if kind == "overdue":
        return ngettext("{count} overdue", "{count} overdue", count).format(count=count)
    if kind == "due-soon":
        return ngettext("{count} due soon", "{count} due soon", count).format(count=count)
    if kind == "planned":
        return ngettext("{count} planned", "{count} planned", count).format(count=count)
    if kind == "stale":
        return ngettext(
            "{count} without a recent update", "{count} without a recent update", count
        ).format(count=count)
    return f"{count} {status_label(kind).lower()}"


def commitment_line(commitment: Commitment, today: date) -> str:
    parts = [
        f"{STATUS_EMOJI.get(commitment.status, '')} `#{commitment.number}` "
        f"{title_mrkdwn(commitment.number, commitment.title)}",
        status_label(commitment.status),
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
        return [Reply(text=_("{title}: none").format(title=listing.title), blocks=blocks)]
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
    count = ngettext("{count} commitment", "{count} commitments", listing.count).format(
        count=listing.count
    )
    if with_buttons:
        hint = _("Edit one with its button, or see all of it with `/plan show #N`.")
    else:
        hint = _("Edit one with `/plan edit #N`, or see all of it with `/plan show #N`.")
    blocks.append(context(f"{count} · {hint}"))
    return split_messages(f"{listing.title} ({listing.count})", blocks)


def owner_words(slack_id: str) -> str:
    """``owner <@U1>``: who a commitment belongs to, as a detail line says it."""
    return _("owner <@{owner}>").format(owner=slack_id)


def added_reply(commitment: Commitment, organization: Organization, today: date) -> Reply:
    text = _(":memo: Added `#{number}` for {organization}: {title}").format(
        number=commitment.number,
        organization=escape(organization.name),
        title=title_mrkdwn(commitment.number, commitment.title),
    )
    details = []
    if commitment.owner_slack_id:
        details.append(owner_words(commitment.owner_slack_id))
    due = due_text(commitment, today)
    if due:
        details.append(due)
    blocks = [section(text)]
    if details:
        blocks.append(context(" · ".join(details)))
    blocks.append(
        context(
            _(
                "Update it with `/plan done {number}` or `/plan status {number} in-progress`."
            ).format(number=commitment.number)
        )
    )
    fallback = _("Added #{number}: {title}").format(
        number=commitment.number, title=title_fallback(commitment.number, commitment.title)
    )
    return Reply(text=fallback, blocks=blocks)


def status_reply(commitment: Commitment, previous: str, today: date) -> Reply:
    label = status_label(commitment.status)
    number = commitment.number
    title = title_mrkdwn(commitment.number, commitment.title)
    if previous == commitment.status:
        text = _("`#{number}` is still *{status}*; your note is recorded.").format(
            number=number, status=label
        )
    elif commitment.status == "done":
        text = _(":tada: `#{number}` {title} is done. Well done!").format(
            number=number, title=title
        )
    else:
        text = _("`#{number}` {title} is now *{status}* (was {previous}).").format(
            number=number, title=title, status=label, previous=status_label(previous)
        )
    return Reply(text=text, blocks=[section(text)])


def note_reply(commitment: Commitment) -> Reply:
    title = title_mrkdwn(commitment.number, commitment.title)
    text = _(":pencil: Note added to `#{number}` {title}.").format(
        number=commitment.number, title=title
    )
    return Reply(text=text, blocks=[section(text)])


def edited_reply(commitment: Commitment, changes: list[str], today: date) -> Reply:
    """The DM after the edit form is saved: what changed, and the commitment as it is now."""
    title = title_mrkdwn(commitment.number, commitment.title)
    if changes:
        text = _(":pencil2: Saved `#{number}` {title}: changed {changes}.").format(
            number=commitment.number, title=title, changes=escape(", ".join(changes))
        )
    else:
        text = _("Nothing changed in `#{number}` {title}: the form had the same values.").format(
            number=commitment.number, title=title
        )
    owner = commitment.owner_slack_id
    details = [owner_words(owner) if owner else _("no owner")]
    due = due_text(commitment, today)
    details.append(due or _("no due date"))
    blocks = [
        section(text),
        context(" · ".join(details)),
        context(
            _(
                "Change it again with `/plan edit #{number}`, or update it with "
                "`/plan done {number}`."
            ).format(number=commitment.number)
        ),
    ]
    return Reply(text=_("Saved #{number}").format(number=commitment.number), blocks=blocks)
