"""The collaborative's stored nudge settings as the pure rules read them.

Here rather than in ``jobs/`` because the bot's commands need them too (a TA's share or nudge
waits for the recipient's allowed hours), and nothing in bot/ may import jobs/.
"""

from __future__ import annotations

from core.nudges_model import Settings
from storage.models import Collaborative


def planner_settings(c: Collaborative) -> Settings:
    """The planner's view of a collaborative's rhythm, quiet hours and weekends."""
    return Settings(
        timezone=c.timezone,
        checkin_days=c.checkin_days,
        checkin_time=c.checkin_time,
        due_soon_days=c.due_soon_days,
        overdue_repeat_days=c.overdue_repeat_days,
        stale_days=c.stale_days,
        before_session_days=c.before_session_days,
        quiet_start=c.quiet_start,
        quiet_end=c.quiet_end,
        skip_weekends=c.skip_weekends,
        closed=c.closed_at is not None,
    )
