"""Handlers for the session calendar and the resource library."""

from __future__ import annotations

from bot.blocks.reply import Reply, context, header, pack_lines
from bot.commands.base import Request, handles, say
from bot.grammar import ResourceAddCmd, ResourcesCmd, SessionAddCmd, SessionListCmd
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
            f"{mark}*{s.number}.* {escape(s.session.title)} · "
            f"{format_moment(s.starts_at, req.ctx.viewer_tz)}{held}"
        )
    blocks = [header("Session calendar"), *pack_lines(lines)]
    blocks.append(context(f"Times in your time zone ({req.ctx.viewer_tz.key})"))
    return [Reply(text=f"Session calendar ({len(sessions)})", blocks=blocks)]


@handles(ResourceAddCmd)
async def resource_add(cmd: ResourceAddCmd, req: Request) -> list[Reply]:
    resource = await library.add_resource(
        req.uow, req.ctx, cmd.url, cmd.title, cmd.tags, cmd.session
    )
    return say(
        f":books: Resource {resource.number} added: <{resource.url}|{escape(resource.title)}>. "
        f"Share it with `/plan share {resource.number} <organization|@person|all>`."
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
