"""Opening a use case from any Slack delivery: a unit of work and who is acting, at `now`."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from bot.runtime import Runtime
from core.context import Context, open_context
from storage.uow import UnitOfWork


@asynccontextmanager
async def use_case(
    rt: Runtime, team_id: str, user_id: str
) -> AsyncIterator[tuple[UnitOfWork, Context]]:
    async with rt.uow() as uow:
        ctx = await open_context(
            uow,
            team_id=team_id,
            user_id=user_id,
            now=rt.clock(),
            default_timezone=rt.settings.default_timezone,
            ta_provider_ids=rt.settings.ta_provider_ids,
        )
        yield uow, ctx


def team_of(body: dict[str, Any]) -> str:
    """Slack puts the team id in different places for commands, actions and events."""
    team = body.get("team")
    if isinstance(team, dict) and team.get("id"):
        return str(team["id"])
    return str(body.get("team_id") or (body.get("user") or {}).get("team_id") or "")
