"""Roles and references: who may do what, and which organization or commitment was meant."""

from __future__ import annotations

from core.context import Context
from core.errors import Refusal
from core.i18n import N_, _
from storage.models import Commitment, Organization, Person
from storage.uow import UnitOfWork

NOT_IN_COLLABORATIVE = N_(
    "You're not part of this collaborative yet: ask a TA provider to add you with "
    "`/plan member add <organization> @you`."
)


def require_ta(ctx: Context, usage_key: str) -> Person:
    if ctx.actor is None or not ctx.actor.is_ta:
        if ctx.actor is None or ctx.actor.organization_id is None:
            raise Refusal(_(NOT_IN_COLLABORATIVE), usage_key)
        raise Refusal(_("Only TA providers can do that."), usage_key)
    return ctx.actor


def require_known(ctx: Context, usage_key: str) -> Person:
    """A TA provider or a participant: anyone else is told how to get added."""
    if ctx.actor is None or (not ctx.actor.is_ta and ctx.actor.organization_id is None):
        raise Refusal(_(NOT_IN_COLLABORATIVE), usage_key)
    return ctx.actor


async def resolve_organization(
    uow: UnitOfWork, ctx: Context, reference: str, usage_key: str
) -> Organization:
    """A handle or a full name, case-insensitively; unknown names get the way to look them up."""
    cid = ctx.collaborative.id
    organization = await uow.repos.organizations.by_handle(cid, reference)
    if organization is None:
        organization = await uow.repos.organizations.by_name(cid, reference)
    if organization is None:
        raise Refusal(
            _(
                "I don't know an organization called “{reference}”: `/plan org list` shows them."
            ).format(reference=reference),
            usage_key,
        )
    return organization


async def resolve_commitment(
    uow: UnitOfWork, ctx: Context, number: int, usage_key: str
) -> Commitment:
    commitment = await uow.repos.commitments.by_number(ctx.collaborative.id, number)
    if commitment is None:
        raise Refusal(_("There is no commitment #{number}.").format(number=number), usage_key)
    return commitment


def require_can_change(ctx: Context, commitment: Commitment, usage_key: str) -> Person:
    """Only the commitment's own organization and the TA team may change it."""
    actor = require_known(ctx, usage_key)
    if actor.is_ta or actor.organization_id == commitment.organization_id:
        return actor
    raise Refusal(
        _(
            "#{number} belongs to another organization, so only its members "
            "or a TA provider can change it."
        ).format(number=commitment.number),
        usage_key,
    )
