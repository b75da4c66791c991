"""Use cases that set up the collaborative: organizations, members, TA providers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from core.access import require_ta, resolve_organization
from core.context import Context, Profile
from core.errors import Refusal
from core.i18n import _
from core.naming import handle_from_name, is_handle
from core.vocabulary import SPHERES
from storage.models import Organization, Person
from storage.uow import UnitOfWork


async def add_organization(
    uow: UnitOfWork, ctx: Context, name: str, handle: str | None, sphere: str | None
) -> Organization:
    require_ta(ctx, "org add")
    name = " ".join(name.split())
    if not name:
        raise Refusal(_("An organization needs a name."), "org add")
    if len(name) > 100:
        raise Refusal(_("Keep the organization's name under 100 characters."), "org add")
    sphere = (sphere or "other").lower()
    if sphere not in SPHERES:
        raise Refusal(
            _("“{sphere}” isn't a sphere: use {spheres}.").format(
                sphere=sphere, spheres=", ".join(SPHERES)
            ),
            "org add",
        )
    handle = (handle or handle_from_name(name)).lower()
    if not is_handle(handle):
        raise Refusal(
            _(
                "I can't make a handle from that name: give one with `as <handle>` "
                "(lower-case words joined by -)."
            ),
            "org add",
        )
    cid = ctx.collaborative.id
    if await uow.repos.organizations.by_name(cid, name):
        raise Refusal(
            _("There is already an organization called “{name}”.").format(name=name), "org add"
        )
    clash = await uow.repos.organizations.by_handle(cid, handle)
    if clash:
        raise Refusal(
            _(
                "The handle `{handle}` is taken by {organization}: "
                "choose another with `as <handle>`."
            ).format(handle=handle, organization=clash.name),
            "org add",
        )
    organization = Organization(
        collaborative_id=cid, name=name, handle=handle, sphere=sphere, created_at=ctx.now
    )
    await uow.repos.organizations.add(organization)
    await uow.commit()
    return organization


async def list_organizations(uow: UnitOfWork, ctx: Context) -> list[tuple[Organization, int]]:
    require_ta(ctx, "org list")
    cid = ctx.collaborative.id
    counts = await uow.repos.organizations.member_counts(cid)
    return [(org, counts.get(org.id, 0)) for org in await uow.repos.organizations.all(cid)]


@dataclass
class MembershipChange:
    organization: Organization
    added: list[str] = field(default_factory=list)
    moved: list[tuple[str, str]] = field(default_factory=list)
    already: list[str] = field(default_factory=list)


def _check_profile(profile: Profile | None, user_id: str, usage_key: str) -> Profile:
    if profile is None:
        raise Refusal(
            _("I can't find <@{user_id}> in this workspace.").format(user_id=user_id), usage_key
        )
    if profile.is_bot:
        raise Refusal(_("<@{user_id}> is a bot, not a person.").format(user_id=user_id), usage_key)
    if profile.deleted:
        raise Refusal(_("<@{user_id}> has left this workspace.").format(user_id=user_id), usage_key)
    return profile


async def _person(uow: UnitOfWork, ctx: Context, profile: Profile) -> Person:
    person = await uow.repos.people.by_slack_id(ctx.collaborative.id, profile.user_id)
    if person is None:
        person = Person(
            collaborative_id=ctx.collaborative.id,
            slack_user_id=profile.user_id,
            is_ta=False,
            created_at=ctx.now,
        )
        await uow.repos.people.add(person)
    person.display_name = profile.display_name or person.display_name
    person.timezone = profile.timezone or person.timezone
    person.slack_locale = profile.locale or person.slack_locale
    return person


async def add_members(
    uow: UnitOfWork,
    ctx: Context,
    organization_ref: str,
    user_ids: Sequence[str],
    profiles: dict[str, Profile | None],
) -> MembershipChange:
    """All or nothing: one unknown person means nobody is added, and the reply names them."""
    require_ta(ctx, "member add")
    organization = await resolve_organization(uow, ctx, organization_ref, "member add")
    checked = [_check_profile(profiles.get(uid), uid, "member add") for uid in user_ids]
    change = MembershipChange(organization=organization)
    for profile in checked:
        person = await _person(uow, ctx, profile)
        if person.organization_id == organization.id:
            change.already.append(profile.user_id)
            continue
        if person.organization_id is not None:
            previous = await uow.repos.organizations.get(person.organization_id)
            change.moved.append((profile.user_id, previous.name if previous else "?"))
        else:
            change.added.append(profile.user_id)
        person.organization_id = organization.id
    await uow.commit()
    return change


async def remove_member(uow: UnitOfWork, ctx: Context, user_id: str) -> Organization:
    require_ta(ctx, "member remove")
    person = await uow.repos.people.by_slack_id(ctx.collaborative.id, user_id)
    if person is None or person.organization_id is None:
        raise Refusal(
            _("<@{user_id}> isn't a member of any organization.").format(user_id=user_id),
            "member remove",
        )
    organization = await uow.repos.organizations.get(person.organization_id)
    assert organization is not None
    person.organization_id = None
    await uow.commit()
    return organization


async def add_ta(uow: UnitOfWork, ctx: Context, user_id: str, profile: Profile | None) -> bool:
    """Returns False when they already had the role, so the reply can say so."""
    require_ta(ctx, "ta add")
    person = await _person(uow, ctx, _check_profile(profile, user_id, "ta add"))
    if person.is_ta:
        return False
    person.is_ta = True
    await uow.commit()
    return True


async def remove_ta(uow: UnitOfWork, ctx: Context, user_id: str) -> None:
    require_ta(ctx, "ta remove")
    person = await uow.repos.people.by_slack_id(ctx.collaborative.id, user_id)
    if person is None or not person.is_ta:
        raise Refusal(_("<@{user_id}> isn't a TA provider.").format(user_id=user_id), "ta remove")
    providers = await uow.repos.people.ta_providers(ctx.collaborative.id)
    if len(providers) <= 1:
        raise Refusal(
            _("That would leave the collaborative without a TA provider: add another first."),
            "ta remove",
        )
    person.is_ta = False
    await uow.commit()
