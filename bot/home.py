"""The App Home tab: a participant's plan with its buttons; a TA provider's whole collaborative."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from bot.blocks.commitments import commitment_line, count_of, edit_button, organization_heading
from bot.blocks.nudge import ACTION_DONE
from bot.blocks.nudge import commitment_blocks as button_rows
from bot.blocks.reply import Block, context, divider, header, pack_lines, section
from bot.blocks.sessions import session_name
from bot.edge import use_case
from bot.mrkdwn import escape
from bot.runtime import Runtime
from bot.shorten import shorten
from core import i18n_dates
from core.access import NOT_IN_COLLABORATIVE
from core.calendar import next_session, numbered_sessions
from core.commitments import is_overdue
from core.context import Context
from core.history import latest_request, snap
from core.i18n import N_, _, ngettext
from core.vocabulary import ACTIVE_STATUSES
from storage.models import Commitment
from storage.uow import UnitOfWork

HOME_BLOCKS = 100
BLOCKED_SHOWN = 15
ACTION_TA_REPLY = "ft_home_reply"
ACTION_TA_NUDGE = "ft_home_nudge"
ACTION_TA_SHARE = "ft_home_share"
ACTION_HOME_ADD = "ft_home_add"
ACTION_HOME_ASK = "ft_home_ask"


async def _next_session_block(uow: UnitOfWork, ctx: Context) -> Block:
    sessions = await numbered_sessions(uow, ctx.collaborative.id)
    upcoming = next_session(sessions, ctx.now)
    if upcoming is None:
        return context(_("No upcoming session on the calendar."))
    when = i18n_dates.moment(upcoming.starts_at, ctx.viewer_tz)
    local = ctx.now.astimezone(ctx.viewer_tz).date()
    days = (upcoming.starts_at.astimezone(ctx.viewer_tz).date() - local).days
    countdown = (
        _("today")
        if days == 0
        else ngettext("in {count} day", "in {count} days", days).format(count=days)
    )
    return section(
        _(":calendar: *Next: {session}* · {when} ({countdown})").format(
            session=session_name(upcoming.number, upcoming.session.title),
            when=when,
            countdown=countdown,
        )
    )


async def _resource_block(uow: UnitOfWork, ctx: Context) -> list[Block]:
    latest = list(await uow.repos.resources.all(ctx.collaborative.id))[-5:]
    if not latest:
        return []
    lines = [f"• <{r.url}|{escape(r.title)}>" for r in reversed(latest)]
    return [section(_("*Latest resources*") + "\n" + "\n".join(lines))]


#: The order of the TA summary's counts; "overdue" takes not-done items past due out of their
#: status, so each commitment is counted exactly once and the numbers add up.
SUMMARY_BUCKETS = ("open", "in-progress", "blocked", "overdue", "done")
HELP_TEXT_LIMIT = 200


def _bucket(commitment: Commitment, today: date) -> str:
    return "overdue" if is_overdue(commitment, today) else str(commitment.status)


def _org_summary(name: str, items: list[Any], today: date) -> str:
    counts = Counter(_bucket(c, today) for c in items)
    parts = [
        f"*{count_of(key, counts[key])}*" if key == "overdue" else count_of(key, counts[key])
        for key in SUMMARY_BUCKETS
        if counts.get(key)
    ]
    return f"{name} · " + (", ".join(parts) if parts else _("no commitments yet"))


def commitment_blocks(commitments: Any, today: date, budget: int) -> list[Block]:
    """The commitment rows with their status buttons, and an Edit button after those."""
    blocks = button_rows(commitments, today, budget)
    for block in blocks:
        elements = block.get("elements") or []
        if block.get("type") == "actions" and any(
            e.get("action_id") == ACTION_DONE for e in elements
        ):
            block["elements"] = [*elements, edit_button(int(elements[0]["value"]))]
    return blocks


async def help_text(uow: UnitOfWork, commitment: Commitment) -> tuple[str | None, str | None]:
    """What help the step asked for last and who asked (the person a TA's Reply goes to), by
    the one rule for it (core.history: an Undo brings back the earlier request)."""
    history = await uow.repos.commitments.history(commitment.id)
    asked = latest_request([snap(u) for u in history])
    if asked is None:
        return None, None
    return asked.note, asked.asker


def _ta_button(text: str, action_id: str, number: int) -> dict[str, Any]:
    return {
        "type": "button",
        "text": {"type": "plain_text", "text": text, "emoji": True},
        "action_id": action_id,
        "value": str(number),
    }


async def _blocked_blocks(uow: UnitOfWork, blocked: list[Commitment], today: date) -> list[Block]:
    """Each blocked step with the help its participant asked for and what a TA can do about it:
    reply to the person, send the organization a check-in now, or share a resource."""
    blocks: list[Block] = []
    for commitment in blocked[:BLOCKED_SHOWN]:
        note, _asker = await help_text(uow, commitment)
        wanted = (
            _("Help needed: “{help}”").format(
                help=shorten(escape(" ".join(note.split())), HELP_TEXT_LIMIT)
            )
            if note
            else _("_No note on what would help yet._")
        )
        history = _("_Whole history: `/plan show #{number}`_").format(number=commitment.number)
        blocks.append(section(f"{commitment_line(commitment, today)}\n{wanted}\n{history}"))
        blocks.append(
            {
                "type": "actions",
                "block_id": f"ta{commitment.number}",
                "elements": [
                    _ta_button(_("Reply"), ACTION_TA_REPLY, commitment.number),
                    _ta_button(_("Nudge"), ACTION_TA_NUDGE, commitment.number),
                    _ta_button(_("Share a resource"), ACTION_TA_SHARE, commitment.number),
                ],
            }
        )
    if len(blocked) > BLOCKED_SHOWN:
        more = len(blocked) - BLOCKED_SHOWN
        blocks.append(
            context(
                ngettext(
                    "{count} more blocked: `/plan list <org>` shows each one.",
                    "{count} more blocked: `/plan list <org>` shows each one.",
                    more,
                ).format(count=more)
            )
        )
    return blocks


def ask_button() -> Block:
    return {
        "type": "button",
        "text": {"type": "plain_text", "text": _("Ask the TA team"), "emoji": True},
        "action_id": ACTION_HOME_ASK,
    }


NEWCOMER_ASK = N_("Or ask the TA team now: they'll see you're new and can add you.")


def _top_buttons(is_ta: bool) -> Block:
    """What anyone may start from Home; asking the TA team is for participants, who are not it."""
    elements = [
        {
            "type": "button",
            "text": {"type": "plain_text", "text": _("Add a commitment"), "emoji": True},
            "action_id": ACTION_HOME_ADD,
            "style": "primary",
        }
    ]
    if not is_ta:
        elements.append(ask_button())
    return {"type": "actions", "block_id": "home_top", "elements": elements}


async def home_view(uow: UnitOfWork, ctx: Context) -> dict[str, Any]:
    blocks: list[Block] = []
    actor = ctx.actor
    if actor is None or (not actor.is_ta and actor.organization_id is None):
        # someone in no organization yet can still reach a person: the TA team can add them
        blocks = [
            header("Follow-through"),
            section(f"{_(NOT_IN_COLLABORATIVE)} {_(NEWCOMER_ASK)}"),
            {"type": "actions", "block_id": "home_top", "elements": [ask_button()]},
        ]
    elif actor.is_ta:
        blocks.append(header(_("The collaborative at a glance")))
        blocks.append(_top_buttons(is_ta=True))
        blocks.append(await _next_session_block(uow, ctx))
        everything = list(await uow.repos.commitments.all(ctx.collaborative.id))
        lines = []
        blocked = []
        for org in await uow.repos.organizations.all(ctx.collaborative.id):
            items = [c for c in everything if c.organization_id == org.id]
            lines.append(_org_summary(organization_heading(org), items, ctx.today))
            blocked += [c for c in items if c.status == "blocked"]
        blocks += pack_lines(
            lines or [_('No organizations yet: `/plan org add "Name" sphere health`.')]
        )
        if blocked:
            blocks.append(divider())
            blocks.append(section(_("*Blocked: these need help*")))
            blocks += await _blocked_blocks(uow, blocked, ctx.today)
    else:
        assert actor.organization_id is not None
        organization = await uow.repos.organizations.get(actor.organization_id)
        assert organization is not None
        blocks.append(
            header(
                _("{organization}: your action plan").format(organization=organization.name)[:150]
            )
        )
        blocks.append(_top_buttons(is_ta=False))
        blocks.append(await _next_session_block(uow, ctx))
        active = list(
            await uow.repos.commitments.for_organization(organization.id, ACTIVE_STATUSES)
        )
        active.sort(key=lambda c: (c.owner_slack_id != actor.slack_user_id, c.number))
        if active:
            blocks += commitment_blocks(active, ctx.today, 80)
        else:
            blocks.append(
                section(_("Nothing open. Add your next step with `/plan add <text> due <date>`."))
            )
    blocks += [divider(), *(await _resource_block(uow, ctx))]
    blocks.append(context(_("`/plan help` lists everything you can do.")))
    return {"type": "home", "blocks": blocks[:HOME_BLOCKS]}


async def publish_home(rt: Runtime, client: AsyncWebClient, team_id: str, user_id: str) -> None:
    async with use_case(rt, team_id, user_id) as (uow, ctx):
        view = await home_view(uow, ctx)
    await client.views_publish(user_id=user_id, view=view)
