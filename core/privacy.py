"""The use cases of being forgotten: `/plan forget me` and `/plan member forget @person`.

Both take a ``confirmed`` flag: the first call changes nothing and the bot asks with a button;
the button sends the same command with ``confirm``, so the click goes through the same roles
and rules as typing it (bot.listeners.confirm). The work itself is core.forget's.
"""

from __future__ import annotations

from collections.abc import Sequence

from core.access import require_ta
from core.context import Context
from core.forget import Forgotten, forget_person
from storage.uow import UnitOfWork


async def forget_me(uow: UnitOfWork, ctx: Context, names: Sequence[str] = ()) -> Forgotten:
    """Forget the asker. Anyone may, known or not: someone never added still has a Slack id in
    messages the bot sent them, which goes too."""
    forgotten = await forget_person(uow, ctx.collaborative.id, ctx.user_id, names)
    ctx.actor = None
    await uow.commit()
    return forgotten


def check_member_forget(ctx: Context) -> None:
    """Only a TA provider may forget someone else (checked before the question, too)."""
    require_ta(ctx, "member forget")


async def forget_member(
    uow: UnitOfWork, ctx: Context, user_id: str, names: Sequence[str] = ()
) -> Forgotten:
    check_member_forget(ctx)
    forgotten = await forget_person(uow, ctx.collaborative.id, user_id, names)
    if user_id == ctx.user_id:
        ctx.actor = None
    await uow.commit()
    return forgotten
