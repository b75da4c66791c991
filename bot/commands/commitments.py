"""Handlers for the commitment sub-commands: list, add, edit, done, status, note, show."""

from __future__ import annotations

from bot.blocks.alerts import help_request
from bot.blocks.commitments import added_reply, listing_replies, note_reply, status_reply
from bot.blocks.due_question import with_due_question
from bot.blocks.reply import Reply
from bot.blocks.show import show_replies
from bot.commands.base import Request, handles, say
from bot.delivery.outbox import deliver, queue_for_ta_team
from bot.grammar import (
    AddCmd,
    DoneCmd,
    EditCmd,
    ListCmd,
    NoteCmd,
    OpenAddModalCmd,
    ShowCmd,
    StatusCmd,
)
from bot.views.add_commitment import add_modal_for
from bot.views.edit_commitment import edit_commitment_modal
from core import commitments
from core.access import require_known
from core.commitments import NewCommitment
from core.i18n import _
from storage.models import Commitment


@handles(ListCmd)
async def list_commitments(cmd: ListCmd, req: Request) -> list[Reply]:
    org = cmd.org.text if cmd.org else None
    listing = await commitments.list_commitments(req.uow, req.ctx, cmd.scope, org)
    return listing_replies(listing, req.ctx.today)


@handles(AddCmd)
async def add(cmd: AddCmd, req: Request) -> list[Reply]:
    new = NewCommitment(
        title=cmd.title,
        organization=cmd.org.text if cmd.org else None,
        due=cmd.due,
        owner=cmd.owner,
    )
    commitment = await commitments.add_commitment(req.uow, req.ctx, new, source="command")
    organization = await req.uow.repos.organizations.get(commitment.organization_id)
    assert organization is not None
    reply = added_reply(commitment, organization, req.ctx.today)
    if cmd.maybe_due is not None and commitment.due is None:
        reply = with_due_question(reply, commitment.number, cmd.maybe_due, commitment.title)
    return [reply]


@handles(OpenAddModalCmd)
async def open_add_modal(cmd: OpenAddModalCmd, req: Request) -> list[Reply]:
    actor = require_known(req.ctx, "add")
    if not req.trigger_id:
        return say(_("Say what you commit to: `/plan add <text>`."))
    if actor.is_ta and not await req.uow.repos.organizations.all(req.ctx.collaborative.id):
        return say(
            _(
                "There is no organization to add a commitment to yet: create one first with "
                '`/plan org add "<name>"`, then add its members with `/plan member add`.'
            )
        )
    view = await add_modal_for(req.uow, req.ctx)
    await req.client.views_open(trigger_id=req.trigger_id, view=view)
    return []


@handles(DoneCmd)
async def done(cmd: DoneCmd, req: Request) -> list[Reply]:
    commitment, previous = await commitments.set_status(
        req.uow, req.ctx, cmd.number, "done", cmd.note, source="command", usage_key="done"
    )
    return [status_reply(commitment, previous, req.ctx.today)]


@handles(StatusCmd)
async def status(cmd: StatusCmd, req: Request) -> list[Reply]:
    commitment, previous = await commitments.set_status(
        req.uow, req.ctx, cmd.number, cmd.status, cmd.note, source="command"
    )
    if cmd.status == "blocked" and previous != "blocked" and not req.ctx.is_ta:
        await _alert_ta_team(req, commitment, cmd.note)
    return [status_reply(commitment, previous, req.ctx.today)]


async def _alert_ta_team(req: Request, commitment: Commitment, note: str | None) -> None:
    """Typing `blocked` asks for help as the button does: the TA team hears of it, with the
    reason when one was given, and a reply in the alert's thread reaches the person."""
    organization = await req.uow.repos.organizations.get(commitment.organization_id)
    assert organization is not None
    alerts = await queue_for_ta_team(
        req.uow,
        req.ctx.collaborative,
        req.ctx.now,
        "help",  # drawn in the TA channel's language, the missing reason too
        lambda: help_request(
            commitment,
            organization,
            req.ctx.user_id,
            note or _("No reason given yet: ask what would help."),
        ),
        requester=req.ctx.user_id,
        number=commitment.number,
    )
    await req.uow.commit()
    await deliver(req.runtime, req.client, alerts)


@handles(NoteCmd)
async def note(cmd: NoteCmd, req: Request) -> list[Reply]:
    commitment = await commitments.add_note(req.uow, req.ctx, cmd.number, cmd.text, "command")
    return [note_reply(commitment)]


@handles(ShowCmd)
async def show(cmd: ShowCmd, req: Request) -> list[Reply]:
    record = await commitments.show_commitment(req.uow, req.ctx, cmd.number)
    return show_replies(record, req.ctx.today, req.ctx.viewer_tz)


@handles(EditCmd)
async def edit(cmd: EditCmd, req: Request) -> list[Reply]:
    """Checks the number and the right to change it before opening the form, so a mistake is
    answered in the conversation rather than by a form that cannot be saved."""
    target = await commitments.commitment_to_edit(req.uow, req.ctx, cmd.number)
    if not req.trigger_id:
        return say(
            _("Open the form with `/plan edit #{number}` from Slack's message box.").format(
                number=cmd.number
            )
        )
    await req.client.views_open(trigger_id=req.trigger_id, view=edit_commitment_modal(target))
    return []
