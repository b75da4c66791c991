"""Handlers that set the collaborative up: organizations, members, TA providers."""

from __future__ import annotations

from bot.blocks.reply import Reply, context, header, pack_lines
from bot.commands.base import Request, handles, say
from bot.grammar import MemberAddCmd, MemberRemoveCmd, OrgAddCmd, OrgListCmd, TaAddCmd, TaRemoveCmd
from bot.mrkdwn import bold, escape
from bot.profiles import fetch_profile, fetch_profiles
from core import roster
from core.access import require_ta
from core.vocabulary import SPHERE_LABELS


@handles(OrgAddCmd)
async def org_add(cmd: OrgAddCmd, req: Request) -> list[Reply]:
    org = await roster.add_organization(req.uow, req.ctx, cmd.name, cmd.handle, cmd.sphere)
    return say(
        f":office: Added {bold(org.name)} (`{org.handle}`, "
        f"{SPHERE_LABELS[org.sphere].lower()}). Add its people with "
        f"`/plan member add {org.handle} @person`."
    )


@handles(OrgListCmd)
async def org_list(cmd: OrgListCmd, req: Request) -> list[Reply]:
    rows = await roster.list_organizations(req.uow, req.ctx)
    if not rows:
        return say('No organizations yet: add one with `/plan org add "Name" sphere health`.')
    lines = [
        f"{bold(org.name)} `{org.handle}` · {SPHERE_LABELS[org.sphere]} · "
        f"{count} member{'s' if count != 1 else ''}"
        for org, count in rows
    ]
    blocks = [header("Organizations"), *pack_lines(lines), context(f"{len(rows)} in all")]
    return [Reply(text=f"Organizations ({len(rows)})", blocks=blocks)]


@handles(MemberAddCmd)
async def member_add(cmd: MemberAddCmd, req: Request) -> list[Reply]:
    require_ta(req.ctx, "member add")
    profiles = await fetch_profiles(req.client, cmd.user_ids)
    change = await roster.add_members(req.uow, req.ctx, cmd.org.text, cmd.user_ids, profiles)
    name = escape(change.organization.name)
    parts = []
    if change.added:
        parts.append(f"Added {', '.join(f'<@{u}>' for u in change.added)} to *{name}*.")
    for user_id, previous in change.moved:
        parts.append(f"Moved <@{user_id}> from {escape(previous)} to *{name}*.")
    if change.already:
        who = ", ".join(f"<@{u}>" for u in change.already)
        parts.append(f"{who} {'was' if len(change.already) == 1 else 'were'} already in {name}.")
    return say(" ".join(parts))


@handles(MemberRemoveCmd)
async def member_remove(cmd: MemberRemoveCmd, req: Request) -> list[Reply]:
    org = await roster.remove_member(req.uow, req.ctx, cmd.user_id)
    return say(
        f"Removed <@{cmd.user_id}> from {bold(org.name)}. Their commitments stay with "
        "the organization."
    )


@handles(TaAddCmd)
async def ta_add(cmd: TaAddCmd, req: Request) -> list[Reply]:
    require_ta(req.ctx, "ta add")
    profile = await fetch_profile(req.client, cmd.user_id)
    added = await roster.add_ta(req.uow, req.ctx, cmd.user_id, profile)
    if not added:
        return say(f"<@{cmd.user_id}> is already a TA provider.")
    return say(f":handshake: <@{cmd.user_id}> is now a TA provider.")


@handles(TaRemoveCmd)
async def ta_remove(cmd: TaRemoveCmd, req: Request) -> list[Reply]:
    await roster.remove_ta(req.uow, req.ctx, cmd.user_id)
    return say(f"<@{cmd.user_id}> is no longer a TA provider.")
