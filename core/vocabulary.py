"""The words of a collaborative: statuses, spheres, PSE levels, update sources."""

from __future__ import annotations

from typing import Final

STATUSES: Final = ("open", "in-progress", "blocked", "done", "dropped")
ACTIVE_STATUSES: Final = ("open", "in-progress", "blocked")
SPHERES: Final = ("health", "labor", "community", "employer", "workforce", "other")
PSE_LEVELS: Final = ("policy", "systems", "environment", "individual")
SOURCES: Final = ("command", "button", "thread", "modal", "import")

STATUS_LABELS: Final = {
    "open": "Open",
    "in-progress": "In progress",
    "blocked": "Blocked",
    "done": "Done",
    "dropped": "Dropped",
}

SPHERE_LABELS: Final = {
    "health": "Health care",
    "labor": "Labor & worker advocacy",
    "community": "Community",
    "employer": "Employer",
    "workforce": "Workforce development",
    "other": "Other",
}

# An action step as people write it in a spreadsheet: often a paragraph, sometimes several.
# 3,000 is also the most a Slack text input (the add modal) accepts; a whole pasted document
# is still refused in one line. Messages show titles shortened (see bot/shorten.py).
TITLE_LIMIT: Final = 3000
NOTE_LIMIT: Final = 2000
