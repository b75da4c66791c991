"""Every listener module exposes register(app, runtime) (home_steps is a helper they share); this
wires them all."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from bot.listeners import (
    actions,
    commands,
    confirm,
    dm,
    due_question,
    events,
    home_actions,
    views,
)
from bot.runtime import Runtime


def register_listeners(app: AsyncApp, rt: Runtime) -> None:
    for module in (commands, actions, confirm, due_question, dm, events, home_actions, views):
        module.register(app, rt)
