"""`/plan help`: what the caller may do, by role; `/plan help <command>` explains one command.

A participant is shown only what a participant may do: asking about a TA command says it is
for TA providers rather than listing commands that would only be refused, and a command a TA
provider may use more widely (`list <org>`) is shown in the participant's own form.
"""

from __future__ import annotations

from bot.blocks.reply import Reply, context, header, pack_lines, section
from bot.commands.base import Request, handles
from bot.commands.help_topics import GUIDES, PARTICIPANT_TOPICS, PARTICIPANT_USAGE, TOPICS
from bot.grammar import USAGE, HelpCmd
from bot.mrkdwn import escape
from core.access import NOT_IN_COLLABORATIVE
from core.context import Context
from core.i18n import _

#: Asking the TA team is for everyone: someone in no organization yet most needs a person.
EVERYONE = ["help", "ask", "resources", "session list", "language", "privacy", "forget me"]
PARTICIPANT = [
    "list",
    "add",
    "done",
    "status",
    "note",
    "show",
    "edit",
    "pause",
    "resume",
    "report",
]
TA = [
    "org add",
    "org list",
    "member add",
    "member remove",
    "member forget",
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
    "settings language",
    "settings retention",
    "export",
    "close",
    "reopen",
]


def usage_of(key: str, ctx: Context) -> str:
    """The usage line this person is shown: a participant's own form where it is narrower."""
    if not ctx.is_ta and key in PARTICIPANT_USAGE:
        return PARTICIPANT_USAGE[key]
    return USAGE[key]


def as_seen_by(usage: str | None, ctx: Context | None) -> str | None:
    """A usage line as this person should read it under a refusal: a participant refused
    `/plan report health` is shown `/plan report`, not the TA's wider form they cannot use."""
    if usage is None or ctx is None or ctx.is_ta:
        return usage
    for key, narrow in PARTICIPANT_USAGE.items():
        if usage == USAGE[key]:
            return narrow
    return usage


def usage_lines(keys: list[str], ctx: Context) -> list[str]:
    return [usage_of(key, ctx).removeprefix("Usage: ") for key in keys if key in USAGE]


def allowed(ctx: Context) -> list[str]:
    """The commands this person may run, in the order help lists them."""
    if ctx.is_ta:
        return PARTICIPANT + EVERYONE + TA
    if ctx.organization_id is not None:
        return PARTICIPANT + EVERYONE
    return EVERYONE


def explain(key: str, ctx: Context) -> str:
    own = not ctx.is_ta and key in PARTICIPANT_TOPICS
    what, example = PARTICIPANT_TOPICS[key] if own else TOPICS[key]
    usage = usage_of(key, ctx).removeprefix("Usage: ")
    return f"{usage}\n{_(what)}\n{_example(example)}"


def _example(example: str) -> str:
    """The example line: the command itself stays as typed, in any language."""
    return _("Example: `{example}`").format(example=example)


def topic_help(topic: str, ctx: Context) -> Reply:
    """One command (or a group such as `session`) explained, limited to what they may do."""
    if topic in GUIDES:
        what, example = GUIDES[topic]
        text = f"{_(what)}\n{_example(example)}"
        return Reply(text=_("Help: {topic}").format(topic=topic), blocks=[section(text)])
    matches = [key for key in USAGE if key == topic or key.startswith(topic + " ")]
    mine = [key for key in matches if key in allowed(ctx)]
    if not mine:
        text = (
            _(
                ":lock: `/plan {command}` is for members of an organization: ask a TA provider "
                "to add you. `/plan help` shows what you can do."
            )
            if any(key in PARTICIPANT for key in matches)
            else _(
                ":lock: `/plan {command}` is for TA providers. `/plan help` shows what you can do."
            )
        ).format(command=escape(topic))
        return Reply(text=text, blocks=[section(text)])
    text = "\n\n".join(explain(key, ctx) for key in mine)
    return Reply(text=_("Help: /plan {command}").format(command=topic), blocks=[section(text)])


@handles(HelpCmd)
async def help_command(cmd: HelpCmd, req: Request) -> list[Reply]:
    ctx = req.ctx
    if cmd.topic:
        return [topic_help(cmd.topic.lower().strip(), ctx)]
    blocks = [header(_("Follow-through: what you can do"))]
    if ctx.is_ta:
        blocks.append(
            section(_("*Your organization's plan and everyone's* (you're a TA provider)"))
        )
        blocks += pack_lines(usage_lines(PARTICIPANT + EVERYONE, ctx))
        blocks.append(section(_("*Running the collaborative*")))
        blocks += pack_lines(usage_lines(TA, ctx))
    elif ctx.organization_id is not None:
        blocks.append(section(_("*Your organization's action plan*")))
        blocks += pack_lines(usage_lines(PARTICIPANT + EVERYONE, ctx))
    else:
        blocks.append(section(_(NOT_IN_COLLABORATIVE)))
        blocks += pack_lines(usage_lines(EVERYONE, ctx))
    blocks.append(
        context(
            _(
                "`/plan help <command>` explains one, with an example. Commitments are `#12` or "
                "`12`; dates can be 2026-12-15, 12/15, tomorrow, friday or in 2 weeks; "
                'organizations are their handle or "Full Name". Pressed a button by mistake? '
                "`/plan help undo`."
            )
        )
    )
    return [Reply(text=_("Follow-through help"), blocks=blocks)]
