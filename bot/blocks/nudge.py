"""The between-session nudge: a short, warm DM with the commitments and their buttons."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from bot.blocks.commitments import commitment_line, count_of, title_mrkdwn
from bot.blocks.reply import Block, Reply, context, header, pack_lines, section
from bot.mrkdwn import bold, clip, escape
from core import i18n_dates
from core.i18n import _, ngettext
from core.nudges_model import MAX_WITH_BUTTONS
from core.vocabulary import ACTIVE_STATUSES
from storage.models import Commitment, Resource, Session

ACTION_DONE = "ft_done"
ACTION_PROGRESS = "ft_progress"
ACTION_BLOCKED = "ft_blocked"
ACTION_SNOOZE = "ft_snooze"
ACTION_RESOURCE = "ft_resource"
STATUS_ACTIONS = (ACTION_DONE, ACTION_PROGRESS, ACTION_BLOCKED, ACTION_SNOOZE)
#: Blocks kept free for the header, intro, resources and footer; the rest hold commitments.
RESERVED_BLOCKS = 8
MAX_BLOCKS = 50


@dataclass
class NudgeView:
    """What a nudge shows, read fresh from the database each time it is drawn."""

    recipient: str
    kinds: tuple[str, ...]
    commitments: Sequence[Commitment]
    today: date
    tz: ZoneInfo
    session: tuple[int, Session] | None = None
    next_session: tuple[int, Session] | None = None
    resources: Sequence[Resource] = ()
    due_soon: Sequence[int] = ()
    overdue: Sequence[int] = ()
    stale: Sequence[int] = ()
    note: str | None = None
    sender: str | None = None
    organization_name: str = ""
    waiting: Sequence[Commitment] = ()
    #: The numbers waiting for the TA team's help as the history reads now (core.history).
    awaiting: frozenset[int] = frozenset()


def _title(view: NudgeView) -> str:
    if "before-session" in view.kinds and view.next_session:
        number = view.next_session[0]
        return _("Session {number} is coming up: what's still open").format(number=number)
    if "checkin" in view.kinds and view.session:
        number = view.session[0]
        return _("Check-in after Session {number}").format(number=number)
    if "monthly" in view.kinds:
        return _("Monthly check-in on your action plan")
    if view.sender:
        return _("A check-in from your TA team")
    return _("A quick reminder about your action plan")


def _intro(view: NudgeView) -> str:
    lines = []
    if view.sender:
        lines.append(_("<@{sender}> asked me to check in with you.").format(sender=view.sender))
    if view.note:
        lines.append(f"> {escape(clip(view.note, 1500))}")
    if "checkin" in view.kinds and view.session:
        number, session = view.session
        lines.append(
            _(
                "Hi <@{recipient}>! It's been a few days since Session {number}, {session}. "
                "How are {organization}'s action steps going?"
            ).format(
                recipient=view.recipient,
                number=number,
                session=bold(session.title),
                organization=escape(view.organization_name),
            )
        )
    if "before-session" in view.kinds and view.next_session:
        number, session = view.next_session
        when = i18n_dates.moment(session.starts_at, view.tz)
        lines.append(
            _(
                "Session {number}, {session}, is {when}. Here is what is still open: bring "
                "your progress and your questions."
            ).format(number=number, session=bold(session.title), when=when)
        )
    if "monthly" in view.kinds:
        lines.append(
            _(
                "Hi <@{recipient}>! The sessions are over, but the work goes on. "
                "How are things moving?"
            ).format(recipient=view.recipient)
        )
    by_number = {c.number: c for c in _shown(view)}
    behind = {n for n, c in by_number.items() if c.due is not None and c.due < view.today}
    for number in dict.fromkeys([*view.overdue, *(n for n in view.stale if n in behind)]):
        c = by_number.get(number)
        if c and c.due:
            late = (view.today - c.due).days
            lines.append(
                ngettext(
                    ":alarm_clock: `#{number}` was due {day} ({count} day ago). "
                    "Still on it, or does it need help?",
                    ":alarm_clock: `#{number}` was due {day} ({count} days ago). "
                    "Still on it, or does it need help?",
                    late,
                ).format(number=number, day=i18n_dates.day(c.due, view.today), count=late)
            )
    for number in view.due_soon:
        c = by_number.get(number)
        if c and c.due:
            lines.append(
                _(":hourglass_flowing_sand: `#{number}` is due {day}.").format(
                    number=number, day=i18n_dates.day(c.due, view.today)
                )
            )
    stale = [f"`#{n}`" for n in dict.fromkeys(view.stale) if n in by_number and n not in behind]
    if stale:
        lines.append(
            _(":wave: No update on {steps} for a while: where do things stand?").format(
                steps=_and(stale)
            )
        )
    if not lines:
        lines.append(
            _("Hi <@{recipient}>! Here is where your action plan stands.").format(
                recipient=view.recipient
            )
        )
    return "\n".join(lines)


def _and(parts: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    if len(parts) == 1:
        return parts[0]
    return _("{first} and {last}").format(first=", ".join(parts[:-1]), last=parts[-1])


def _shown(view: NudgeView) -> Sequence[Commitment]:
    """The few commitments that get a line and buttons: the first ones, since the planner put
    the most urgent first. By position, so one marked done after a click keeps its place (as a
    line without buttons) instead of letting another move up under the reader's cursor."""
    return view.commitments[:MAX_WITH_BUTTONS]


def _rest_line(view: NudgeView) -> str | None:
    """One line for the commitments past the first few: how many, why, and where to see them."""
    rest = [c for c in view.commitments[MAX_WITH_BUTTONS:] if c.status in ACTIVE_STATUSES]
    if not rest:
        return None
    # one reason per commitment, the most urgent: late by its due date (whether or not this
    # message carries a reminder about it), then due soon, then stale
    late = {c.number for c in rest if c.due is not None and c.due < view.today}
    soon = {c.number for c in rest}.intersection(view.due_soon) - late
    stale = {c.number for c in rest}.intersection(view.stale) - late - soon
    reasons = [
        count_of(kind, len(found))
        for kind, found in (
            ("overdue", late),
            ("due-soon", soon),
            ("stale", stale),
        )
        if found
    ]
    why = f" ({', '.join(reasons)})" if reasons else ""
    count = len(rest)
    return ngettext(
        ":clipboard: {count} more open commitment{why}: see them all on my *Home* tab "
        "or with `/plan list`.",
        ":clipboard: {count} more open commitments{why}: see them all on my *Home* tab "
        "or with `/plan list`.",
        count,
    ).format(count=count, why=why)


def waiting_words(commitment: Commitment, recipient: str) -> str:
    """What a step waiting for the TA team's help says in a check-in instead of buttons: its
    owner already said what they need, so nothing is asked of them."""
    return _waiting_line(commitment, recipient)


def _waiting_lines(view: NudgeView) -> list[str]:
    """One line per step that waits for the TA team's help: no buttons and no question, since
    its owner already said what they need. Left out once it is no longer blocked."""
    return [waiting_words(c, view.recipient) for c in view.waiting if c.status == "blocked"]


def _waiting_line(c: Commitment, recipient: str) -> str:
    title = title_mrkdwn(c.number, c.title)
    if c.owner_slack_id is None:
        text = _(
            ":raising_hand: `#{number}` {title} is with the TA team: your organization asked "
            "for help, and their answer comes by DM. Nothing to do here until then."
        )
    elif c.owner_slack_id == recipient:
        text = _(
            ":raising_hand: `#{number}` {title} is with the TA team: you asked for help, and "
            "their answer comes by DM. Nothing to do here until then."
        )
    else:
        text = _(
            ":raising_hand: `#{number}` {title} is with the TA team: <@{owner}> asked for "
            "help, and their answer comes by DM. Nothing to do here until then."
        )
    return text.format(number=c.number, title=title, owner=c.owner_slack_id)


def _buttons(commitment: Commitment) -> Block:
    value = str(commitment.number)

    def button(text: str, action_id: str, style: str | None = None) -> dict[str, Any]:
        element: dict[str, Any] = {
            "type": "button",
            "text": {"type": "plain_text", "text": text, "emoji": True},
            "action_id": action_id,
            "value": value,
        }
        if style:
            element["style"] = style
        return element

    elements = [
        button(_("Done"), ACTION_DONE, "primary"),
        button(_("In progress"), ACTION_PROGRESS),
    ]
    if commitment.status != "blocked":  # asking again for help already asked is no action
        elements.append(button(_("Blocked – need help"), ACTION_BLOCKED, "danger"))
    elements.append(button(_("Snooze"), ACTION_SNOOZE))
    return {"type": "actions", "block_id": f"c{commitment.number}", "elements": elements}


def commitment_blocks(
    commitments: Sequence[Commitment],
    today: date,
    budget: int,
    waiting: Mapping[int, str] | None = None,
) -> list[Block]:
    """Each active commitment with its buttons while the block budget lasts, the rest as lines.

    A step in ``waiting`` (number → what to say) waits for the TA team's help: it keeps its
    place but says so instead of offering buttons, the same in every check-in."""
    blocks: list[Block] = []
    overflow: list[str] = []
    for commitment in commitments:
        line = commitment_line(commitment, today)
        if commitment.status not in ACTIVE_STATUSES:
            overflow.append(line)
        elif waiting and commitment.number in waiting and len(blocks) + 1 <= budget - 1:
            blocks.append(section(clip(f"{line}\n{waiting[commitment.number]}", 3000)))
        elif len(blocks) + 2 <= budget - 1:
            blocks.append(section(line))
            blocks.append(_buttons(commitment))
        else:
            overflow.append(line)
    if overflow:
        blocks.extend(pack_lines(overflow)[: max(budget - len(blocks), 0)])
    return blocks


def resource_blocks(
    resources: Sequence[Resource], session: tuple[int, Session] | None
) -> list[Block]:
    if not resources:
        return []
    if session:
        label = _("*Resources from Session {number}*").format(number=session[0])
    else:
        label = _("*Resources for you*")
    elements = [
        {
            "type": "button",
            "text": {"type": "plain_text", "text": clip(r.title, 75), "emoji": True},
            "url": r.url,
            "action_id": f"{ACTION_RESOURCE}_{r.id}",
            "value": str(r.id),
        }
        for r in resources[:25]
    ]
    return [section(label), {"type": "actions", "block_id": "resources", "elements": elements}]


def share_message(resources: Sequence[Resource], sender: str | None, note: str | None) -> Reply:
    titles = ", ".join(escape(r.title) for r in resources) or _("a resource")
    if sender:
        shared = _(":books: <@{sender}> shared something that may help: *{titles}*")
    else:
        shared = _(":books: Your TA team shared something that may help: *{titles}*")
    lines = [shared.format(sender=sender, titles=titles)]
    if note:
        lines.append(f"> {escape(clip(note, 1500))}")
    blocks = [section("\n".join(lines)), *resource_blocks(resources, None)]
    blocks.append(context(_("Questions about it? `/plan ask <question>` reaches the TA team.")))
    return Reply(text=_("A resource for you: {titles}").format(titles=titles), blocks=blocks)


def nudge_message(view: NudgeView) -> Reply:
    """The nudge DM: why it came, at most ``MAX_WITH_BUTTONS`` commitments with buttons (the
    most urgent, as the planner ordered them) and one line pointing to the rest."""
    blocks: list[Block] = [header(_title(view)), section(clip(_intro(view), 3000))]
    resources = resource_blocks(view.resources, view.session)
    budget = MAX_BLOCKS - len(blocks) - len(resources) - 1
    waiting = _waiting_lines(view)
    if view.commitments or waiting:
        waiting_now = {
            c.number: waiting_words(c, view.recipient)
            for c in _shown(view)
            if c.number in view.awaiting and c.status == "blocked"
        }
        blocks += commitment_blocks(_shown(view), view.today, budget - 1, waiting_now)
        rest = _rest_line(view)
        if rest:
            blocks.append(section(rest))
        if waiting:
            blocks.append(section(clip("\n".join(waiting), 3000)))
    else:
        blocks.append(
            section(
                _(
                    "Your organization has no open commitments right now. What is one next "
                    "step? Add it with `/plan add <text> due <date>`."
                )
            )
        )
    blocks += resources
    blocks.append(
        context(
            _(
                "Reply in this thread to add a note · `/plan list` shows everything · "
                "`/plan pause` if you're away"
            )
        )
    )
    fallback = _title(view)
    return Reply(text=fallback, blocks=blocks)
