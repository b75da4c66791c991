"""Helpers the tests share: a pinned clock, reading what a person sees in a message."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any


@dataclass
class FakeClock:
    """Time the tests pin and move; the bot reads it through `Runtime.clock`."""

    now: datetime

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now

    def set(self, moment: datetime) -> datetime:
        self.now = moment
        return moment


def _texts(node: Any) -> list[str]:
    found: list[str] = []
    if isinstance(node, dict):
        text = node.get("text")
        if isinstance(text, str):
            found.append(text)
        for key, value in node.items():
            if key != "text" or not isinstance(value, str):
                found.extend(_texts(value))
    elif isinstance(node, list):
        for item in node:
            found.extend(_texts(item))
    return found


def visible(message: dict[str, Any] | Any) -> str:
    """Everything a person can read in a message or view: block texts, else the fallback."""
    data = message if isinstance(message, dict) else getattr(message, "__dict__", {})
    blocks = data.get("blocks")
    if blocks:
        return "\n".join(_texts(blocks))
    return str(data.get("text") or "")


def buttons(message: dict[str, Any]) -> list[dict[str, Any]]:
    """The buttons in a message's actions blocks, in order."""
    found = []
    for block in message.get("blocks") or []:
        if block.get("type") == "actions":
            found.extend(e for e in block.get("elements", []) if e.get("type") == "button")
        accessory = block.get("accessory")
        if isinstance(accessory, dict) and accessory.get("type") == "button":
            found.append(accessory)
    return found
