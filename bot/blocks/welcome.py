"""The DM the person who installs the app gets: they are its first TA provider, and what next."""

from __future__ import annotations

from bot.blocks.reply import Reply, section
from core.i18n import _


def installer_welcome() -> Reply:
    """What to do first, in the order a new collaborative needs it."""
    intro = _(":wave: Follow-through is installed, and you are this workspace's first TA provider.")
    steps = _(
        "To get going: `/plan settings channel #channel` picks where the weekly digest goes, "
        '`/plan org add "<name>"` adds each organization, `/plan member add <org> @person` '
        "adds its people, and `/plan ta add @person` adds the rest of your TA team. "
        "`/plan help` lists everything."
    )
    return Reply(text=intro, blocks=[section(intro), section(steps)])
