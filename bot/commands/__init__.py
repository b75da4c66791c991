"""Sub-command handlers; importing this package registers every one of them."""

from bot.commands import (  # noqa: F401  (imported for their @handles registrations)
    calendar,
    commitments,
    export,
    help,
    language,
    privacy,
    report,
    rhythm,
    roster,
    settings,
)
from bot.commands.base import HANDLERS, Handler, Request

__all__ = ["HANDLERS", "Handler", "Request"]
