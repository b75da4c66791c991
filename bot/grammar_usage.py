"""Usage lines for every `/plan` sub-command (re-exported by :mod:`bot.grammar`).

Every mistake is answered with one explanation plus the usage of the sub-command concerned, so
these lines are part of the product's voice: short, backticked, and the same in help and errors.
"""

from __future__ import annotations

from core.i18n import N_, _

SPHERES = ("health", "labor", "community", "employer", "workforce", "other")
STATUSES = ("open", "in-progress", "blocked", "done", "dropped")
NUDGE_KEYS = ("checkin-days", "due-soon-days", "stale-days", "before-session-days")

HELP_HINT = N_("Try `/plan help` to see what you can do.")

USAGE: dict[str, str] = {
    "list": "Usage: `/plan list [mine|all|<org>]`",
    "add": "Usage: `/plan add <text> [due <date>] [owner @person]`",
    "done": "Usage: `/plan done #N [note]`",
    "status": f"Usage: `/plan status #N <{'|'.join(STATUSES)}> [note]`",
    "note": "Usage: `/plan note #N <text>`",
    "show": "Usage: `/plan show #N`",
    "edit": "Usage: `/plan edit #N`",
    "ask": "Usage: `/plan ask <question>`",
    "resources": "Usage: `/plan resources [tag]`",
    "pause": "Usage: `/plan pause [until <date>]`",
    "resume": "Usage: `/plan resume`",
    "org add": f'Usage: `/plan org add "<name>" [as <handle>] [sphere <{"|".join(SPHERES)}>]`',
    "org list": "Usage: `/plan org list`",
    "member add": "Usage: `/plan member add <org> @person [@person ...]`",
    "member remove": "Usage: `/plan member remove @person`",
    "ta add": "Usage: `/plan ta add @person`",
    "ta remove": "Usage: `/plan ta remove @person`",
    "session add": "Usage: `/plan session add <YYYY-MM-DD> <HH:MM> <title>`",
    "session list": "Usage: `/plan session list`",
    "session move": "Usage: `/plan session move <n> <YYYY-MM-DD> <HH:MM>`",
    "session remove": "Usage: `/plan session remove <n>`",
    "resource add": "Usage: `/plan resource add <url> <title> [#tag ...] [session <n>]`",
    "resource remove": "Usage: `/plan resource remove <n>`",
    "share": "Usage: `/plan share <resource-number> <org|@person|all> [now]`",
    "nudge": "Usage: `/plan nudge <org|@person|all> [now] [message]`",
    "intro": "Usage: `/plan intro <org> <org> [message]`",
    "digest": "Usage: `/plan digest preview|now`",
    "settings": "Usage: `/plan settings`",
    "settings channel": "Usage: `/plan settings channel #channel`",
    "settings ta-channel": "Usage: `/plan settings ta-channel #channel`",
    "settings digest": "Usage: `/plan settings digest <weekday> <HH:MM>`",
    "settings timezone": "Usage: `/plan settings timezone <Area/City>`",
    "settings quiet": "Usage: `/plan settings quiet <HH:MM>-<HH:MM>|off`",
    "settings nudge": f"Usage: `/plan settings nudge <{'|'.join(NUDGE_KEYS)}> <0-60>`",
    "settings weekends": "Usage: `/plan settings weekends on|off`",
    "settings language": "Usage: `/plan settings language <es|en>`",
    "export": "Usage: `/plan export [pseudonymized]`",
    "report": "Usage: `/plan report [org|sphere]`",
    "help": "Usage: `/plan help [command]`",
    "close": "Usage: `/plan close`",
    "privacy": "Usage: `/plan privacy`",
    "forget me": "Usage: `/plan forget me`",
    "member forget": "Usage: `/plan member forget @person`",
    "settings retention": "Usage: `/plan settings retention <days>`",
    "reopen": "Usage: `/plan reopen`",
    "language": "Usage: `/plan language <es|en>`",
}


#: `/plan help` topics that are no command of their own: the Undo button people ask about.
GUIDE_TOPICS = ("undo",)


def _group_usage(group: str) -> str:
    """One line listing every sub-command of a group, for mistakes at the group level."""
    forms = [line.removeprefix("Usage: ") for key, line in USAGE.items() if key.startswith(group)]
    return "Usage: " + " or ".join(forms)


GROUPS = ("org", "member", "ta", "session", "resource", "settings", "forget")

# Group-level lines ("/plan org" alone, "/plan settings frobnicate"); kept apart from USAGE so
# USAGE stays one entry per sub-command.
GROUP_USAGE: dict[str, str] = {group: _group_usage(group + " ") for group in GROUPS}
GROUP_USAGE["settings"] = _group_usage("settings")


_USAGE_WORD = N_("Usage:")


def translated_usage(line: str) -> str:
    """A usage line in the reader's language. The command itself stays as it is typed in both
    languages (`/plan add <text> [due <date>]`); the word before it and the hint are read."""
    if line == HELP_HINT:
        return _(HELP_HINT)
    if line.startswith("Usage: "):
        return f"{_(_USAGE_WORD)} {line.removeprefix('Usage: ')}"
    return line


def with_usage(message: str, usage_key: str | None) -> str:
    """A refusal told in one message (a DM, an ephemeral): the reason, then the usage line of
    the command it concerns, as `/plan` replies show them."""
    usage = USAGE.get(usage_key or "")
    return f"{message} {translated_usage(usage)}" if usage else message
