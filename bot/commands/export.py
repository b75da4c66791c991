"""`/plan export`: the evaluation CSVs, delivered to the TA provider who asked for them."""

from __future__ import annotations

from bot.blocks.reply import Reply
from bot.commands.base import Request, handles, say
from bot.grammar import ExportCmd
from core.access import require_ta
from core.i18n import N_, _
from core.pseudonyms import pseudonymize_files
from core.transfer import export_files

_TITLES = {
    "organizations.csv": N_("Organizations and people"),
    "sessions.csv": N_("Sessions"),
    "commitments.csv": N_("Commitments"),
    "updates.csv": N_("Commitment updates"),
    "nudges.csv": N_("Nudges"),
    "responses.csv": N_("Responses to nudges"),
    "engagement.csv": N_("Engagement by organization"),
}


_COMMENT = N_(
    "Here is the export: organizations, sessions and commitments in the import's "
    "formats (`python -m bot import` reads them back), plus updates, nudges, "
    "responses and each organization's figures (engagement.csv) for evaluation. "
    "`/plan export pseudonymized` makes a copy to share with researchers."
)
_PSEUDONYMIZED = N_(
    "Here is the pseudonymized export, to share with researchers: every Slack id and name is "
    "a code, the same for one person in every file and every export. It does not import "
    "back; `/plan export` gives the one that does."
)


@handles(ExportCmd)
async def export(cmd: ExportCmd, req: Request) -> list[Reply]:
    """Files go to the caller's DM, not the channel the command came from: the export holds
    every organization's plans, and a DM keeps it with the person entitled to see it."""
    require_ta(req.ctx, "export")
    files = await export_files(req.uow, req.ctx.collaborative, req.ctx.now)
    comment = _COMMENT
    if cmd.pseudonymize:
        files = await pseudonymize_files(req.uow, req.ctx.collaborative, files)
        comment = _PSEUDONYMIZED
    opened = await req.client.conversations_open(users=req.ctx.user_id)
    channel = opened["channel"]["id"]
    await req.client.files_upload_v2(
        channel=channel,
        file_uploads=[
            {
                "content": text,
                "filename": name,
                "title": _(_TITLES[name]) if name in _TITLES else name,
            }
            for name, text in files.items()
        ],
        initial_comment=_(comment),
    )
    sent = (
        _(
            ":outbox_tray: I've sent you {count} pseudonymized CSV files in a direct message. "
            "`/plan report` shows the figures in Slack."
        )
        if cmd.pseudonymize
        else _(
            ":outbox_tray: I've sent you {count} CSV files in a direct message. "
            "`/plan report` shows the figures in Slack."
        )
    )
    return say(sent.format(count=len(files)))
