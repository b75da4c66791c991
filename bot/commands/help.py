"""`/plan help`: what the caller may do, by role."""

from __future__ import annotations

from bot.blocks.reply import Reply, context, header, pack_lines, section
from bot.commands.base import Request, handles
from bot.grammar import USAGE, HelpCmd
from core.access import NOT_IN_COLLABORATIVE

EVERYONE = ["help", "resources", "session list"]
PARTICIPANT = [
    "list",
    "add",
    "done",
    "status",
    "note",
    "show",
    "ask",
    "pause",
    "resume",
]
TA = [
    "org add",
    "org list",
    "member add",
    "member remove",
    "ta add",
    "ta remove",
    "session add",
    "session move",
    "session remove",
    "resource add",
    "resource remove",
    "share",
    "nudge",
    "intro",
    "digest",
    "settings",
    "settings channel",
    "settings ta-channel",
    "settings digest",
    "settings timezone",
    "settings quiet",
    "settings nudge",
    "settings weekends",
    "export",
    "close",
    "reopen",
]


def usage_lines(keys: list[str]) -> list[str]:
    return [USAGE[key].removeprefix("Usage: ") for key in keys if key in USAGE]


@handles(HelpCmd)
async def help_command(cmd: HelpCmd, req: Request) -> list[Reply]:
    ctx = req.ctx
    if cmd.topic:
        topic = cmd.topic.lower().strip()
        matches = [key for key in USAGE if key == topic or key.startswith(topic + " ")]
        if matches:
            text = "\n".join(usage_lines(matches))
            return [Reply(text=text, blocks=[section(text)])]
    blocks = [header("Follow-through: what you can do")]
    if ctx.is_ta:
        blocks.append(section("*Your organization's plan and everyone's* (you're a TA provider)"))
        blocks += pack_lines(usage_lines(PARTICIPANT + EVERYONE))
        blocks.append(section("*Running the collaborative*"))
        blocks += pack_lines(usage_lines(TA))
    elif ctx.organization_id is not None:
        blocks.append(section("*Your organization's action plan*"))
        blocks += pack_lines(usage_lines(PARTICIPANT + EVERYONE))
    else:
        blocks.append(section(NOT_IN_COLLABORATIVE))
        blocks += pack_lines(usage_lines(EVERYONE))
    blocks.append(
        context(
            "Commitments are `#12` or `12`; dates can be 2026-12-15, 12/15, tomorrow, "
            'friday or in 2 weeks; organizations are their handle or "Full Name".'
        )
    )
    return [Reply(text="Follow-through help", blocks=blocks)]
