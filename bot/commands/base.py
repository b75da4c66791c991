"""What a sub-command handler receives and how handlers are found."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from slack_sdk.web.async_client import AsyncWebClient

from bot.blocks.reply import Reply, section
from bot.runtime import Runtime
from core.context import Context
from storage.uow import UnitOfWork


@dataclass
class Request:
    """Everything a handler may touch: the transaction, who is asking, and the Slack client."""

    uow: UnitOfWork
    ctx: Context
    client: AsyncWebClient
    runtime: Runtime
    trigger_id: str | None = None
    channel_id: str | None = None


Handler = Callable[[Any, Request], Awaitable[list[Reply]]]
HANDLERS: dict[type, Handler] = {}

C = TypeVar("C")


def handles(command_type: type[C]) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        HANDLERS[command_type] = handler
        return handler

    return register


def say(text: str) -> list[Reply]:
    """A one-section reply, the common case."""
    return [Reply(text=text, blocks=[section(text)])]
