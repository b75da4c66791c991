"""The resource library: links a TA team points organizations to."""

from __future__ import annotations

from collections.abc import Sequence

from core.access import require_ta
from core.calendar import numbered_sessions
from core.context import Context
from core.errors import Refusal
from core.i18n import _
from storage.models import Resource
from storage.uow import UnitOfWork


def resource_tags(resource: Resource) -> list[str]:
    return [tag for tag in resource.tags.split() if tag]


async def add_resource(
    uow: UnitOfWork,
    ctx: Context,
    url: str,
    title: str,
    tags: Sequence[str],
    session_number: int | None,
) -> Resource:
    require_ta(ctx, "resource add")
    if not url.lower().startswith(("http://", "https://")):
        raise Refusal(_("Only http and https links can be shared."), "resource add")
    if len(url) > 2000:
        raise Refusal(_("That link is too long (2,000 characters at most)."), "resource add")
    title = " ".join(title.split())
    if not title:
        raise Refusal(_("A resource needs a title after the link."), "resource add")
    if len(title) > 200:
        raise Refusal(_("Keep the resource title under 200 characters."), "resource add")
    session_id = None
    if session_number is not None:
        sessions = await numbered_sessions(uow, ctx.collaborative.id)
        match = next((s for s in sessions if s.number == session_number), None)
        if match is None:
            raise Refusal(
                _("There is no session {number}: `/plan session list` shows them.").format(
                    number=session_number
                ),
                "resource add",
            )
        session_id = match.session.id
    number = await uow.repos.collaboratives.next_number(
        ctx.collaborative.id, "next_resource_number"
    )
    resource = Resource(
        collaborative_id=ctx.collaborative.id,
        number=number,
        url=url,
        title=title,
        tags=" ".join(dict.fromkeys(tag.lower().lstrip("#") for tag in tags)),
        session_id=session_id,
        created_by_slack_id=ctx.user_id,
        created_at=ctx.now,
    )
    await uow.repos.resources.add(resource)
    await uow.commit()
    return resource


async def remove_resource(uow: UnitOfWork, ctx: Context, number: int) -> tuple[Resource, int]:
    """Out of the library, lists and future nudges; the row stays (marked removed) so what
    was already shared and opened still counts in the digest and the export. Shares of it
    still waiting to be delivered are cancelled (they would arrive without a link); returns the
    resource and how many were."""
    require_ta(ctx, "resource remove")
    resource = await uow.repos.resources.by_number(ctx.collaborative.id, number)
    if resource is None:
        raise Refusal(
            _("There is no resource {number}: `/plan resources` lists them.").format(number=number),
            "resource remove",
        )
    resource.removed_at = ctx.now
    cancelled = await uow.repos.outbox.cancel_pending_shares(ctx.collaborative.id, resource.id)
    await uow.commit()
    return resource, cancelled


async def list_resources(uow: UnitOfWork, ctx: Context, tag: str | None) -> list[Resource]:
    """Open to anyone in the workspace, as the SPEC says: the calendar and links aren't secret."""
    resources = await uow.repos.resources.all(ctx.collaborative.id)
    if tag:
        wanted = tag.lower().lstrip("#")
        return [r for r in resources if wanted in resource_tags(r)]
    return list(resources)
