"""Opening a use case from any Slack delivery: a unit of work and who is acting, at `now`,
speaking the language of that person."""

from __future__ import annotations

import functools
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

from bot.runtime import Runtime
from core.context import Context, open_context
from core.i18n import speak_from_here, speaking
from core.languages import person_language
from storage.retry import DatabaseUnavailable, with_retries
from storage.uow import UnitOfWork

log = logging.getLogger(__name__)

Listener = Callable[..., Awaitable[None]]


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
        # Whoever clicked, typed or opened reads what comes back in their own language, also
        # what the listener says after this unit of work (until `retried`'s speaking() ends).
        speak_from_here(person_language(ctx.actor))
        yield uow, ctx


def team_of(body: dict[str, Any]) -> str:
    """Slack puts the team id in different places for commands, actions and events."""
    team = body.get("team")
    if isinstance(team, dict) and team.get("id"):
        return str(team["id"])
    return str(body.get("team_id") or (body.get("user") or {}).get("team_id") or "")


class _AckOnce:
    """Bolt's ack answers Slack once; a re-run listener must not answer again."""

    def __init__(self, ack: Callable[..., Awaitable[Any]]) -> None:
        self._ack = ack
        self.done = False

    async def __call__(self, *args: Any, **kwargs: Any) -> None:
        if not self.done:
            self.done = True
            await self._ack(*args, **kwargs)


def retried(listener: Listener) -> Listener:
    """Run a listener again when the database turned its unit of work away for a passing reason
    (another writer, a dropped connection), as `/plan` does. Bolt reads the listener's parameter
    names to know what to pass, which `functools.wraps` keeps visible."""

    @functools.wraps(listener)
    async def run(**kwargs: Any) -> None:
        if "ack" in kwargs:
            kwargs["ack"] = _AckOnce(kwargs["ack"])
        try:
            # English until use_case learns who is acting, and that person's language only
            # for the rest of this delivery.
            with speaking(None):
                await with_retries(lambda: listener(**kwargs), what=listener.__name__)
        except DatabaseUnavailable:
            log.exception("%s: the database is not answering", listener.__name__)
            ack = kwargs.get("ack")
            if isinstance(ack, _AckOnce) and not ack.done:
                await ack()

    return run
