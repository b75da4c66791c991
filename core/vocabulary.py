"""The words of a collaborative: statuses, spheres, PSE levels, update sources."""

from __future__ import annotations

from typing import Final

from core.i18n import N_, _

STATUSES: Final = ("open", "in-progress", "blocked", "done", "dropped")
ACTIVE_STATUSES: Final = ("open", "in-progress", "blocked")
SPHERES: Final = ("health", "labor", "community", "employer", "workforce", "other")
PSE_LEVELS: Final = ("policy", "systems", "environment", "individual")
SOURCES: Final = ("command", "button", "thread", "modal", "import")

STATUS_LABELS: Final = {
    "open": N_("Open"),
    "in-progress": N_("In progress"),
    "blocked": N_("Blocked"),
    "done": N_("Done"),
    "dropped": N_("Dropped"),
}

SPHERE_LABELS: Final = {
    "health": N_("Health care"),
    "labor": N_("Labor & worker advocacy"),
    "community": N_("Community"),
    "employer": N_("Employer"),
    "workforce": N_("Workforce development"),
    "other": N_("Other"),
}


def status_label(status: str) -> str:
    """A status as people read it, in their language (an unknown key is shown as it is)."""
    return _(STATUS_LABELS[status]) if status in STATUS_LABELS else status


def sphere_label(sphere: str) -> str:
    """A sphere as people read it, in their language (an unknown key is shown as it is)."""
    return _(SPHERE_LABELS[sphere]) if sphere in SPHERE_LABELS else sphere


# An action step as people write it in a spreadsheet: often a paragraph, sometimes several.
# 3,000 is also the most a Slack text input (the add modal) accepts; a whole pasted document
# is still refused in one line. Messages show titles shortened (see bot/shorten.py).
TITLE_LIMIT: Final = 3000
NOTE_LIMIT: Final = 2000
