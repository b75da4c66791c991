"""Handlers that set the collaborative up: organizations, members, TA providers."""

from __future__ import annotations

from bot.blocks.reply import Reply, context, header, pack_lines
from bot.commands.base import Request, handles, say
from bot.grammar import MemberAddCmd, MemberRemoveCmd, OrgAddCmd, OrgListCmd, TaAddCmd, TaRemoveCmd
from bot.mrkdwn import bold, escape
from bot.profiles import fetch_profile, fetch_profiles
from core import roster
from core.access import require_ta
from core.i18n import _, ngettext
from core.vocabulary import SPHERE_LABELS


@handles(OrgAddCmd)
async def org_add(cmd: OrgAddCmd, req: Request) -> list[Reply]:
    org = await roster.add_organization(req.uow, req.ctx, cmd.name, cmd.handle, cmd.sphere)
    return say(
        _(
            ":office: Added {name} (`{handle}`, {sphere}). Add its people with "
            "`/plan member add {handle} @person`."
        ).format(
            name=bold(org.name), handle=org.handle, sphere=_(SPHERE_LABELS[org.sphere]).lower()
        )
    )


@handles(OrgListCmd)
async def org_list(cmd: OrgListCmd, req: Request) -> list[Reply]:
    rows = await roster.list_organizations(req.uow, req.ctx)
    if not rows:
        return say(_('No organizations yet: add one with `/plan org add "Name" sphere health`.'))
    lines = [
        f"{bold(org.name)} `{org.handle}` · {_(SPHERE_LABELS[org.sphere])} · "
        + ngettext("{count} member", "{count} members", count).format(count=count)
        for org, count in rows
    ]
    total = _("{count} in all").format(count=len(rows))
    blocks = [header(_("Organizations")), *pack_lines(lines), context(total)]
    return [Reply(text=_("Organizations ({count})").format(count=len(rows)), blocks=blocks)]


@handles(MemberAddCmd)
async def member_add(cmd: MemberAddCmd, req: Request) -> list[Reply]:
    require_ta(req.ctx, "member add")
    profiles = await fetch_profiles(req.client, cmd.user_ids)
    change = await roster.add_members(req.uow, req.ctx, cmd.org.text, cmd.user_ids, profiles)
    name = escape(change.organization.name)
    parts = []
    if change.added:
        who = ", ".join(f"<@{u}>" for u in change.added)
        parts.append(_("Added {people} to *{organization}*.").format(people=who, organization=name))
    for user_id, previous in change.moved:
        parts.append(
            _("Moved <@{user}> from {previous} to *{organization}*.").format(
                user=user_id, previous=escape(previous), organization=name
            )
        )
    if change.already:
        who = ", ".join(f"<@{u}>" for u in change.already)
        parts.append(
            ngettext(
                "{people} was already in {organization}.",
                "{people} were already in {organization}.",
                len(change.already),
            ).format(people=who, organization=name)
        )
    return say(" ".join(parts))


@handles(MemberRemoveCmd)
async def member_remove(cmd: MemberRemoveCmd, req: Request) -> list[Reply]:
    org = await roster.remove_member(req.uow, req.ctx, cmd.user_id)
    return say(
        _(
            "Removed <@{user}> from {organization}. Their commitments stay with the organization."
        ).format(user=cmd.user_id, organization=bold(org.name))
    )


@handles(TaAddCmd)
async def ta_add(cmd: TaAddCmd, req: Request) -> list[Reply]:
    require_ta(req.ctx, "ta add")
    profile = await fetch_profile(req.client, cmd.user_id)
    added = await roster.add_ta(req.uow, req.ctx, cmd.user_id, profile)
    if not added:
        return say(_("<@{user}> is already a TA provider.").format(user=cmd.user_id))
    return say(_(":handshake: <@{user}> is now a TA provider.").format(user=cmd.user_id))


@handles(TaRemoveCmd)
async def ta_remove(cmd: TaRemoveCmd, req: Request) -> list[Reply]:
    await roster.remove_ta(req.uow, req.ctx, cmd.user_id)
    return say(_("<@{user}> is no longer a TA provider.").format(user=cmd.user_id))
