"""`/plan report [org|sphere]`: the collaborative's figures in Slack (see core.figures).

A TA provider may see any organization, any sphere, or all of them; a participant sees their own
organization only, since another organization's pace is theirs to share.
"""

from __future__ import annotations

from bot.blocks.reply import Reply
from bot.blocks.report import organization_report, overview, sphere_report
from bot.commands.base import Request, handles
from bot.grammar import SPHERES, ReportCmd
from bot.mrkdwn import escape
from core.access import require_known
from core.errors import Refusal
from core.figures import OrgRow
from core.figures_load import load_evidence
from core.i18n import N_, _
from storage.models import Organization

OWN_ONLY = N_("You can see your own organization's figures only: `/plan report` shows them.")


async def _named(req: Request, text: str) -> Organization | str:
    """The organization a handle or full name means, else the sphere it names."""
    cid = req.ctx.collaborative.id
    organizations = req.uow.repos.organizations
    found = await organizations.by_handle(cid, text) or await organizations.by_name(cid, text)
    if found is not None:
        return found
    if text.lower() in SPHERES:
        return text.lower()
    raise Refusal(
        _(
            "I don't know an organization or sphere called “{name}”: `/plan org list` "
            "shows the organizations; the spheres are {spheres}."
        ).format(name=escape(text), spheres=", ".join(SPHERES)),
        "report",
    )


@handles(ReportCmd)
async def report(cmd: ReportCmd, req: Request) -> list[Reply]:
    ctx = req.ctx
    actor = require_known(ctx, "report")
    named = await _named(req, cmd.target.text) if cmd.target is not None else None
    if not actor.is_ta:
        own = actor.organization_id
        if named is not None and (isinstance(named, str) or named.id != own):
            raise Refusal(_(OWN_ONLY), "report")
    evidence = await load_evidence(req.uow, ctx.collaborative, ctx.now)
    rows = {org.id: org for org in evidence.data.organizations}
    if not actor.is_ta:
        assert actor.organization_id is not None  # require_known: a participant has one
        return organization_report(evidence, rows[actor.organization_id], for_ta=False)
    if named is None:
        return overview(evidence, ctx.collaborative.name)
    if isinstance(named, str):
        return sphere_report(evidence, named)
    org: OrgRow = rows[named.id]
    return organization_report(evidence, org, for_ta=True)
