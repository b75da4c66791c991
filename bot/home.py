"""The App Home tab: a participant's plan with its buttons; a TA provider's whole collaborative."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from bot.blocks.commitments import edit_button, organization_heading
from bot.blocks.nudge import ACTION_DONE
from bot.blocks.nudge import commitment_blocks as button_rows
from bot.blocks.reply import Block, context, divider, header, pack_lines, section
from bot.edge import use_case
from bot.mrkdwn import escape
from bot.runtime import Runtime
from core.access import NOT_IN_COLLABORATIVE
from core.calendar import next_session, numbered_sessions
from core.commitments import is_overdue
from core.context import Context
from core.time import format_moment
from core.vocabulary import ACTIVE_STATUSES
from storage.uow import UnitOfWork

HOME_BLOCKS = 100


async def _next_session_block(uow: UnitOfWork, ctx: Context) -> Block:
    sessions = await numbered_sessions(uow, ctx.collaborative.id)
    upcoming = next_session(sessions, ctx.now)
    if upcoming is None:
        return context("No upcoming session on the calendar.")
    when = format_moment(upcoming.starts_at, ctx.viewer_tz)
    local = ctx.now.astimezone(ctx.viewer_tz).date()
    days = (upcoming.starts_at.astimezone(ctx.viewer_tz).date() - local).days
    return section(
        f":calendar: *Next: Session {upcoming.number}, {escape(upcoming.session.title)}* · "
        f"{when} ({'today' if days == 0 else f'in {days} day' + ('s' if days != 1 else '')})"
    )


async def _resource_block(uow: UnitOfWork, ctx: Context) -> list[Block]:
    latest = list(await uow.repos.resources.all(ctx.collaborative.id))[-5:]
    if not latest:
        return []
    lines = [f"• <{r.url}|{escape(r.title)}>" for r in reversed(latest)]
    return [section("*Latest resources*\n" + "\n".join(lines))]


def _org_summary(name: str, items: list[Any], today: date) -> str:
    counts = Counter(c.status for c in items)
    late = sum(1 for c in items if is_overdue(c, today))
    parts = [
        f"{counts.get(s, 0)} {s}"
        for s in ("open", "in-progress", "blocked", "done")
        if counts.get(s)
    ]
    if late:
        parts.append(f"*{late} overdue*")
    return f"{name} · " + (", ".join(parts) if parts else "no commitments yet")


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


async def home_view(uow: UnitOfWork, ctx: Context) -> dict[str, Any]:
    blocks: list[Block] = []
    actor = ctx.actor
    if actor is None or (not actor.is_ta and actor.organization_id is None):
        blocks = [header("Follow-through"), section(NOT_IN_COLLABORATIVE)]
    elif actor.is_ta:
        blocks.append(header("The collaborative at a glance"))
        blocks.append(await _next_session_block(uow, ctx))
        everything = list(await uow.repos.commitments.all(ctx.collaborative.id))
        lines = []
        blocked = []
        for org in await uow.repos.organizations.all(ctx.collaborative.id):
            items = [c for c in everything if c.organization_id == org.id]
            lines.append(_org_summary(organization_heading(org), items, ctx.today))
            blocked += [c for c in items if c.status == "blocked"]
        blocks += pack_lines(
            lines or ['No organizations yet: `/plan org add "Name" sphere health`.']
        )
        if blocked:
            blocks.append(divider())
            blocks.append(section("*Blocked: these need help*"))
            blocks += commitment_blocks(blocked, ctx.today, 40)
    else:
        assert actor.organization_id is not None
        organization = await uow.repos.organizations.get(actor.organization_id)
        assert organization is not None
        blocks.append(header(f"{organization.name}: your action plan"[:150]))
        blocks.append(await _next_session_block(uow, ctx))
        active = list(
            await uow.repos.commitments.for_organization(organization.id, ACTIVE_STATUSES)
        )
        active.sort(key=lambda c: (c.owner_slack_id != actor.slack_user_id, c.number))
        if active:
            blocks += commitment_blocks(active, ctx.today, 80)
        else:
            blocks.append(
                section("Nothing open. Add your next step with `/plan add <text> due <date>`.")
            )
    blocks += [divider(), *(await _resource_block(uow, ctx))]
    blocks.append(context("`/plan help` lists everything you can do."))
    return {"type": "home", "blocks": blocks[:HOME_BLOCKS]}


async def publish_home(rt: Runtime, client: AsyncWebClient, team_id: str, user_id: str) -> None:
    async with use_case(rt, team_id, user_id) as (uow, ctx):
        view = await home_view(uow, ctx)
    await client.views_publish(user_id=user_id, view=view)
