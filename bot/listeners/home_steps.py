"""What the TA's Home buttons on a blocked step have in common: the step they name (a TA
provider's only), its form opened or its organization's `/plan` command run, and a refusal told
by DM with the usage of the command the button stands for. Kept apart from the listeners so each
button's listener says only what is its own.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from bot.blocks.reply import Reply
from bot.commands.base import Request
from bot.edge import team_of, use_case
from bot.grammar_usage import with_usage
from bot.listeners.actions import tell
from bot.runtime import Runtime
from bot.views.blocked_reason import Origin
from core.access import require_ta, resolve_commitment
from core.context import Context
from core.errors import Refusal
from storage.models import Commitment
from storage.uow import UnitOfWork

HOME = Origin(number=0, from_home=True)


def clicked(body: dict[str, Any], action: dict[str, Any]) -> tuple[str, str, int]:
    value = str(action.get("value") or "")
    return body["user"]["id"], team_of(body), int(value) if value.isdigit() else 0


async def organization_handle(uow: UnitOfWork, commitment: Commitment) -> str:
    organization = await uow.repos.organizations.get(commitment.organization_id)
    assert organization is not None
    return str(organization.handle)


async def refused(client: AsyncWebClient, user_id: str, refusal: Refusal) -> None:
    """A Home button's refusal, told by DM with the usage of the command it stands for."""
    await tell(client, HOME, user_id, with_usage(refusal.message, refusal.usage_key))


async def ta_step(uow: UnitOfWork, ctx: Context, number: int, usage_key: str) -> Commitment:
    """The blocked step a TA's Home button names; only a TA provider may act on it from Home."""
    require_ta(ctx, usage_key)
    return await resolve_commitment(uow, ctx, number, usage_key)


#: Builds a Home form for a blocked step (the Reply or the Share a resource modal).
StepForm = Callable[[UnitOfWork, Context, Commitment], Awaitable[dict[str, Any]]]


async def open_step_form(
    rt: Runtime,
    client: AsyncWebClient,
    body: dict[str, Any],
    action: dict[str, Any],
    usage_key: str,
    form: StepForm,
) -> None:
    """Reply and Share from Home: the step's form opens, or the TA is told by DM why not."""
    user_id, team_id, number = clicked(body, action)
    try:
        async with use_case(rt, team_id, user_id) as (uow, ctx):
            commitment = await ta_step(uow, ctx, number, usage_key)
            view = await form(uow, ctx, commitment)
    except Refusal as refusal:
        await refused(client, user_id, refusal)
        return
    await client.views_open(trigger_id=body["trigger_id"], view=view)


#: A `/plan` command's handler run for the step's organization (its handle), as if typed.
ForOrganization = Callable[[str, Request], Awaitable[list[Reply]]]


async def for_step_organization(
    rt: Runtime,
    client: AsyncWebClient,
    team_id: str,
    user_id: str,
    number: int,
    usage_key: str,
    command: ForOrganization,
) -> None:
    """Nudge and Share from Home: the command `/plan nudge <org>` or `/plan share <n> <org>`
    runs for the step's organization, and the TA is told by DM what it said (or why not)."""
    try:
        async with use_case(rt, team_id, user_id) as (uow, ctx):
            commitment = await ta_step(uow, ctx, number, usage_key)
            handle = await organization_handle(uow, commitment)
            request = Request(uow=uow, ctx=ctx, client=client, runtime=rt)
            replies = await command(handle, request)
    except Refusal as refusal:
        await refused(client, user_id, refusal)
        return
    await tell(client, HOME, user_id, "\n".join(r.text for r in replies))
