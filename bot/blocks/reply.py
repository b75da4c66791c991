"""A reply: fallback text plus blocks, and how to pack many lines within Slack's limits."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from core.i18n import _

Block = dict[str, Any]

MAX_BLOCKS = 50
#: A command's reply goes through its response URL, which Slack lets be used five times.
RESPONSE_URL_USES = 5
SECTION_LIMIT = 3000
TEXT_LIMIT = 3000


@dataclass
class Reply:
    """One message to the person. `text` is the notification fallback and must stay short."""

    text: str
    blocks: list[Block] = field(default_factory=list)

    def payload(self) -> dict[str, Any]:
        body: dict[str, Any] = {"text": self.text[:TEXT_LIMIT]}
        if self.blocks:
            body["blocks"] = self.blocks
        return body


def section(text: str) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def header(text: str) -> Block:
    return {"type": "header", "text": {"type": "plain_text", "text": text[:150], "emoji": True}}


def context(*texts: str) -> Block:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": t} for t in texts[:10]]}


def divider() -> Block:
    return {"type": "divider"}


def pack_lines(lines: Iterable[str], limit: int = SECTION_LIMIT) -> list[Block]:
    """Join lines into as few sections as fit, never splitting a line across two."""
    blocks: list[Block] = []
    current: list[str] = []
    size = 0
    for line in lines:
        line = line if len(line) <= limit else line[: limit - 1] + "…"
        extra = len(line) + (1 if current else 0)
        if current and size + extra > limit:
            blocks.append(section("\n".join(current)))
            current, size = [], 0
            extra = len(line)
        current.append(line)
        size += extra
    if current:
        blocks.append(section("\n".join(current)))
    return blocks


def split_messages(text: str, blocks: Sequence[Block], limit: int = MAX_BLOCKS) -> list[Reply]:
    """Spread blocks over as many messages as needed; each message keeps Slack's block limit."""
    if len(blocks) <= limit:
        return [Reply(text=text, blocks=list(blocks))]
    replies: list[Reply] = []
    for start in range(0, len(blocks), limit):
        part = len(replies) + 1
        label = (
            text if part == 1 else _("{text} (continued, part {part})").format(text=text, part=part)
        )
        replies.append(Reply(text=label, blocks=list(blocks[start : start + limit])))
    return replies


def error_reply(message: str, usage: str | None) -> Reply:
    """One line of explanation and the usage: the shape of every refusal."""
    text = f":warning: {message}"
    if usage:
        text = f"{text}\n{usage}"
    return Reply(text=text, blocks=[section(text)])
