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
from core.i18n import _, ngettext
from core.i18n_dates import moment


@handles(SessionAddCmd)
async def session_add(cmd: SessionAddCmd, req: Request) -> list[Reply]:
    numbered = await calendar.add_session(req.uow, req.ctx, cmd.day, cmd.at, cmd.title)
    when = moment(numbered.starts_at, req.ctx.tz)
    if numbered.starts_at.astimezone(req.ctx.tz).year != req.ctx.today.year:
        when += f" {numbered.starts_at.astimezone(req.ctx.tz).year}"
    if numbered.starts_at <= req.ctx.now:
        # A TA may be recording the calendar's history, or may have typed the wrong year: say
        # which, instead of filing a session in the past without a word.
        return say(
            _(
                ":calendar: Session {number}, {title}, is on the calendar for {when}, which is in "
                "the past: it counts as already held (no reminders before it). If that's a typo, "
                "`/plan session move {number} <YYYY-MM-DD> <HH:MM>` fixes it."
            ).format(number=numbered.number, title=bold(numbered.session.title), when=when)
        )
    return say(
        _(":calendar: Session {number}, {title}, is on the calendar for {when}.").format(
            number=numbered.number, title=bold(numbered.session.title), when=when
        )
    )


@handles(SessionListCmd)
async def session_list(cmd: SessionListCmd, req: Request) -> list[Reply]:
    sessions = await calendar.list_sessions(req.uow, req.ctx)
    if not sessions:
        return say(_("No sessions on the calendar yet."))
    upcoming = calendar.next_session(sessions, req.ctx.now)
    lines = []
    for s in sessions:
        mark = ":arrow_right: " if upcoming and s.number == upcoming.number else ""
        held = " " + _("_(held)_") if s.starts_at <= req.ctx.now else ""
        lines.append(
            f"{mark}{moment(s.starts_at, req.ctx.viewer_tz)} · "
            f"*{session_name(s.number, s.session.title)}*{held}"
        )
    blocks = [header(_("Session calendar")), *pack_lines(lines)]
    note = _("In date order; times in your time zone ({zone}).").format(zone=req.ctx.viewer_tz.key)
    if numbers_out_of_order(sessions):
        note += " " + _(KEPT_NUMBERS)
    blocks.append(context(note))
    text = _("Session calendar ({count})").format(count=len(sessions))
    return [Reply(text=text, blocks=blocks)]


@handles(SessionMoveCmd)
async def session_move(cmd: SessionMoveCmd, req: Request) -> list[Reply]:
    moved = await calendar.move_session(req.uow, req.ctx, cmd.number, cmd.day, cmd.at)
    tz = req.ctx.tz
    return say(
        _(
            ":calendar: Session {number}, {title}, moved from {was} to {now}; it keeps its "
            "number. `/plan session list` shows the calendar."
        ).format(
            number=moved.session.number,
            title=bold(moved.session.title),
            was=moment(moved.was, tz),
            now=moment(moved.session.starts_at, tz),
        )
    )


#: The confirmation buttons of a reply (see bot.listeners.confirm): the value is the `/plan`
#: text to run when clicked, so the click goes through the same rules as typing it.
ACTION_CONFIRM = "plan_confirm"
ACTION_CANCEL = "plan_cancel"


def _pointing(removal: calendar.SessionRemoval) -> str:
    """``2 commitments and 1 resource``: what still names a session about to go."""
    parts = []
    if removal.commitments:
        parts.append(
            ngettext("{count} commitment", "{count} commitments", removal.commitments).format(
                count=removal.commitments
            )
        )
    if removal.resources:
        parts.append(
            ngettext("{count} resource", "{count} resources", removal.resources).format(
                count=removal.resources
            )
        )
    if len(parts) == 2:
        return _("{first} and {second}").format(first=parts[0], second=parts[1])
    return "".join(parts)


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
    title = bold(removal.title)
    pointing = _pointing(removal)
    if not removal.removed:
        text = _(
            ":warning: Session {number}, {title}, has {pointing} pointing at it. Remove it "
            "anyway? They stay, with no session."
        ).format(number=removal.number, title=title, pointing=pointing)
        return [
            Reply(
                text=text,
                blocks=[
                    section(text),
                    confirm_buttons(
                        _("Remove session {number}").format(number=removal.number),
                        f"session remove {removal.number} confirm",
                        _("Keep it"),
                    ),
                ],
            )
        ]
    total = removal.commitments + removal.resources
    kept = (
        " "
        + ngettext(
            "{pointing} was kept, with no session.", "{pointing} were kept, with no session.", total
        ).format(pointing=pointing)
        if total
        else ""
    )
    return say(
        _(
            ":wastebasket: Session {number}, {title}, is off the calendar.{kept} Its number "
            "won't be given to another session. `/plan session list` shows the calendar."
        ).format(number=removal.number, title=title, kept=kept)
    )


@handles(ResourceAddCmd)
async def resource_add(cmd: ResourceAddCmd, req: Request) -> list[Reply]:
    resource = await library.add_resource(
        req.uow, req.ctx, cmd.url, cmd.title, cmd.tags, cmd.session
    )
    return say(
        _(
            ":books: Resource {number} added: <{url}|{title}>. "
            "Share it with `/plan share {number} <organization|@person|all>`."
        ).format(number=resource.number, url=resource.url, title=escape(resource.title))
    )


@handles(ResourceRemoveCmd)
async def resource_remove(cmd: ResourceRemoveCmd, req: Request) -> list[Reply]:
    resource, cancelled = await library.remove_resource(req.uow, req.ctx, cmd.number)
    withdrawn = (
        " "
        + ngettext(
            "{count} pending share cancelled.", "{count} pending shares cancelled.", cancelled
        ).format(count=cancelled)
        if cancelled
        else ""
    )
    return say(
        _(
            ":wastebasket: Resource {number}, <{url}|{title}>, is out of the library: it won't "
            "be listed or sent with nudges any more (what was already shared still counts)."
            "{withdrawn} `/plan resources` shows the library."
        ).format(
            number=resource.number,
            url=resource.url,
            title=escape(resource.title),
            withdrawn=withdrawn,
        )
    )


@handles(ResourcesCmd)
async def resources(cmd: ResourcesCmd, req: Request) -> list[Reply]:
    items = await library.list_resources(req.uow, req.ctx, cmd.tag)
    if not items:
        if cmd.tag:
            return say(_("No resources tagged #{tag} yet.").format(tag=escape(cmd.tag)))
        return say(_("No resources yet."))
    opens = (
        await req.uow.repos.resources.open_counts(req.ctx.collaborative.id) if req.ctx.is_ta else {}
    )
    lines = []
    for r in items:
        tags = " ".join(f"`#{t}`" for t in library.resource_tags(r))
        line = f"*{r.number}.* <{r.url}|{escape(r.title)}> {tags}".rstrip()
        if req.ctx.is_ta:
            count = opens.get(r.id, 0)
            line += " · " + ngettext("opened {count} time", "opened {count} times", count).format(
                count=count
            )
        lines.append(line)
    blocks = [header(_("Resources")), *pack_lines(lines)]
    return [Reply(text=_("Resources ({count})").format(count=len(items)), blocks=blocks)]
