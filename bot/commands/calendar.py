"""Handlers for the session calendar and the resource library."""

from __future__ import annotations

from bot.blocks.reply import Block, Reply, context, header, pack_lines, section
from bot.blocks.sessions import KEPT_NUMBERS, numbers_out_of_order, session_name
from bot.commands.base import Request, handles, say
from bot.grammar import (
    ResourceAddCmd,
    ResourceRemoveCmd,
    ResourcesCmd,
    SessionAddCmd,
    SessionListCmd,
    SessionMoveCmd,
    SessionRemoveCmd,
)
from bot.mrkdwn import bold, escape
from core import calendar, library
from core.time import format_moment


@handles(SessionAddCmd)
async def session_add(cmd: SessionAddCmd, req: Request) -> list[Reply]:
    numbered = await calendar.add_session(req.uow, req.ctx, cmd.day, cmd.at, cmd.title)
    when = format_moment(numbered.starts_at, req.ctx.tz)
    return say(
        f":calendar: Session {numbered.number}, {bold(numbered.session.title)}, "
        f"is on the calendar for {when}."
    )


@handles(SessionListCmd)
async def session_list(cmd: SessionListCmd, req: Request) -> list[Reply]:
    sessions = await calendar.list_sessions(req.uow, req.ctx)
    if not sessions:
        return say("No sessions on the calendar yet.")
    upcoming = calendar.next_session(sessions, req.ctx.now)
    lines = []
    for s in sessions:
        mark = ":arrow_right: " if upcoming and s.number == upcoming.number else ""
        held = " _(held)_" if s.starts_at <= req.ctx.now else ""
        lines.append(
            f"{mark}{format_moment(s.starts_at, req.ctx.viewer_tz)} · "
            f"*{session_name(s.number, s.session.title)}*{held}"
        )
    blocks = [header("Session calendar"), *pack_lines(lines)]
    note = f"In date order; times in your time zone ({req.ctx.viewer_tz.key})."
    if numbers_out_of_order(sessions):
        note += " " + KEPT_NUMBERS
    blocks.append(context(note))
    return [Reply(text=f"Session calendar ({len(sessions)})", blocks=blocks)]


@handles(SessionMoveCmd)
async def session_move(cmd: SessionMoveCmd, req: Request) -> list[Reply]:
    moved = await calendar.move_session(req.uow, req.ctx, cmd.number, cmd.day, cmd.at)
    tz = req.ctx.tz
    return say(
        f":calendar: Session {moved.session.number}, {bold(moved.session.title)}, moved from "
        f"{format_moment(moved.was, tz)} to {format_moment(moved.session.starts_at, tz)}; "
        "it keeps its number. `/plan session list` shows the calendar."
    )


#: The confirmation buttons of a reply (see bot.listeners.confirm): the value is the `/plan`
#: text to run when clicked, so the click goes through the same rules as typing it.
ACTION_CONFIRM = "plan_confirm"
ACTION_CANCEL = "plan_cancel"


def _count(n: int, what: str) -> str:
    return f"{n} {what}{'' if n == 1 else 's'}"


def _pointing(removal: calendar.SessionRemoval) -> str:
    parts = [
        _count(n, what)
        for n, what in ((removal.commitments, "commitment"), (removal.resources, "resource"))
        if n
    ]
    return " and ".join(parts)


def confirm_buttons(confirm_label: str, command: str, cancel_label: str) -> Block:
    return {
        "type": "actions",
        "elements": [
            {
                "type": "button",
                "action_id": ACTION_CONFIRM,
                "text": {"type": "plain_text", "text": confirm_label},
                "style": "danger",
                "value": command,
            },
            {
                "type": "button",
                "action_id": ACTION_CANCEL,
                "text": {"type": "plain_text", "text": cancel_label},
                "value": command,
            },
        ],
    }


@handles(SessionRemoveCmd)
async def session_remove(cmd: SessionRemoveCmd, req: Request) -> list[Reply]:
    removal = await calendar.remove_session(req.uow, req.ctx, cmd.number, cmd.confirmed)
    name = f"Session {removal.number}, {bold(removal.title)},"
    pointing = _pointing(removal)
    if not removal.removed:
        text = (
            f":warning: {name} has {pointing} pointing at it. Remove it anyway? They stay, "
            "with no session."
        )
        return [
            Reply(
                text=text,
                blocks=[
                    section(text),
                    confirm_buttons(
                        f"Remove session {removal.number}",
                        f"session remove {removal.number} confirm",
                        "Keep it",
                    ),
                ],
            )
        ]
    total = removal.commitments + removal.resources
    kept = f" {pointing} {'was' if total == 1 else 'were'} kept, with no session." if total else ""
    return say(
        f":wastebasket: {name} is off the calendar.{kept} Its number won't be given to "
        "another session. `/plan session list` shows the calendar."
    )


@handles(ResourceAddCmd)
async def resource_add(cmd: ResourceAddCmd, req: Request) -> list[Reply]:
    resource = await library.add_resource(
        req.uow, req.ctx, cmd.url, cmd.title, cmd.tags, cmd.session
    )
    return say(
        f":books: Resource {resource.number} added: <{resource.url}|{escape(resource.title)}>. "
        f"Share it with `/plan share {resource.number} <organization|@person|all>`."
    )


@handles(ResourceRemoveCmd)
async def resource_remove(cmd: ResourceRemoveCmd, req: Request) -> list[Reply]:
    resource, cancelled = await library.remove_resource(req.uow, req.ctx, cmd.number)
    withdrawn = (
        f" {cancelled} pending share{'s' if cancelled != 1 else ''} cancelled." if cancelled else ""
    )
    return say(
        f":wastebasket: Resource {resource.number}, <{resource.url}|{escape(resource.title)}>, "
        "is out of the library: it won't be listed or sent with nudges any more (what was "
        f"already shared still counts).{withdrawn} `/plan resources` shows the library."
    )


@handles(ResourcesCmd)
async def resources(cmd: ResourcesCmd, req: Request) -> list[Reply]:
    items = await library.list_resources(req.uow, req.ctx, cmd.tag)
    if not items:
        hint = f" tagged #{escape(cmd.tag)}" if cmd.tag else ""
        return say(f"No resources{hint} yet.")
    opens = (
        await req.uow.repos.resources.open_counts(req.ctx.collaborative.id) if req.ctx.is_ta else {}
    )
    lines = []
    for r in items:
        tags = " ".join(f"`#{t}`" for t in library.resource_tags(r))
        line = f"*{r.number}.* <{r.url}|{escape(r.title)}> {tags}".rstrip()
        if req.ctx.is_ta:
            count = opens.get(r.id, 0)
            line += f" · opened {count} time{'s' if count != 1 else ''}"
        lines.append(line)
    blocks = [header("Resources"), *pack_lines(lines)]
    return [Reply(text=f"Resources ({len(items)})", blocks=blocks)]
