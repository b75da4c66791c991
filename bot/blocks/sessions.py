"""How a session is named wherever it is listed: `Session 5 · Title`, as the digest names it.

Sessions are listed in time order (a calendar answers "what's next?"), and each keeps the number
it was given, so after a session moved or an earlier one was added the numbers no longer run
1, 2, 3 down the list. Showing the number as part of the name, never as a list position
(`*5.*`), keeps a list in date order from reading like a list in the wrong order, and the same
name in `/plan sessions`, Home and the digest lets people match them up.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.mrkdwn import escape
from core.calendar import NumberedSession
from core.i18n import N_, _

#: Said under a listing whose numbers do not run in date order, and only then (translated
#: where it is shown, with ``_(KEPT_NUMBERS)``).
KEPT_NUMBERS = N_(
    "A session keeps its number when it moves or an earlier one is added, so the numbers "
    "don't always run in date order."
)


def session_name(number: int, title: str) -> str:
    """`Session 5 · Title`, with the title escaped: the digest's countdown names it so too."""
    return _("Session {number} · {title}").format(number=number, title=escape(title))


def numbers_out_of_order(sessions: Sequence[NumberedSession]) -> bool:
    numbers = [s.number for s in sessions]
    return numbers != sorted(numbers)
