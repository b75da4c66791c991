"""What each `/plan` sub-command does, with an example: the text of `/plan help <command>`.

Kept next to (not inside) the usage lines so the one-line usage stays short in error replies,
while help can say what the command is for and show it typed out. The examples name what the
sandbox's demo collaborative holds (organizations `westside` and `workers-center`, `@maria`'s
commitment #2, sessions 1–6, resources 1–6), so someone trying the sandbox can copy one and
see it work; a test runs every example against the demo.
"""

from __future__ import annotations

from core.i18n import N_

#: usage key → (what it does, an example as typed). Every USAGE key has an entry (a unit test
#: checks), so `/plan help <command>` never falls back to a bare usage line.
TOPICS: dict[str, tuple[str, str]] = {
    "list": (
        N_(
            "Your organization's open commitments; `mine` for yours, `all` to include done and "
            "dropped ones. TA providers can name any organization."
        ),
        "/plan list mine",
    ),
    "add": (
        N_(
            "Adds a commitment to your organization and tells you its number. With no text it "
            "opens a form."
        ),
        "/plan add Draft a predictable-scheduling policy due friday",
    ),
    "done": (N_("Marks a commitment done, with an optional note."), "/plan done #2 Board approved"),
    "status": (
        N_("Sets a commitment's status; `blocked` tells the TA team you need help."),
        "/plan status #2 in-progress Met with HR",
    ),
    "note": (N_("Adds a progress note to a commitment."), "/plan note #2 Drafted section 2"),
    "show": (N_("The whole commitment with every update and note."), "/plan show #2"),
    "edit": (
        N_(
            "Opens a form to change a commitment's title, details, owner, due date or level of "
            "change."
        ),
        "/plan edit #2",
    ),
    "ask": (
        N_("Sends your question to the TA team; the answer comes back as a direct message."),
        "/plan ask Is there a template for a scheduling policy?",
    ),
    "resources": (
        N_("The resource library, or only the resources with a tag."),
        "/plan resources policy",
    ),
    "pause": (
        N_("No nudges for you until that date (or until you resume)."),
        "/plan pause until 2027-01-04",
    ),
    "resume": (N_("Nudges start again; what is still due comes in one message."), "/plan resume"),
    "org add": (
        N_("Creates an organization, with an optional handle and sphere."),
        '/plan org add "Eastside Community Clinic" as eastside sphere health',
    ),
    "org list": (N_("Every organization with its member count."), "/plan org list"),
    "member add": (
        N_("Makes people participants of an organization (moves them if they were elsewhere)."),
        "/plan member add westside @jamie",
    ),
    "member remove": (
        N_("Takes a person out of their organization; their commitments stay."),
        "/plan member remove @sam",
    ),
    "ta add": (N_("Gives someone the TA provider role."), "/plan ta add @jamie"),
    "ta remove": (
        N_("Takes the TA provider role away (the last TA provider can't be removed)."),
        "/plan ta remove @marcus",
    ),
    "session add": (
        N_(
            "Puts a session on the calendar, in the collaborative's time zone, with the next "
            "session number."
        ),
        "/plan session add 2026-12-15 10:00 Designing PSE change",
    ),
    "session list": (N_("The session calendar, in your time zone."), "/plan session list"),
    "session move": (
        N_("Moves a session to a new date and time; it keeps its number."),
        "/plan session move 5 2026-12-16 14:00",
    ),
    "session remove": (
        N_(
            "Takes a session off the calendar. If commitments or resources name it, you're asked "
            "first; they stay, with no session."
        ),
        "/plan session remove 6",
    ),
    "resource add": (
        N_("Adds a link to the library, with tags and the session it belongs to."),
        "/plan resource add https://example.org/guide Scheduling guide #policy session 2",
    ),
    "resource remove": (
        N_("Takes a resource out of the library; what was already shared still counts."),
        "/plan resource remove 6",
    ),
    "share": (
        N_(
            "Sends a resource; anyone in their quiet hours or weekend gets it when that ends, "
            "unless you add `now`."
        ),
        "/plan share 4 westside",
    ),
    "nudge": (
        N_(
            "Sends a check-in, with an optional message, held like a share unless you add `now` "
            "(paused people are skipped)."
        ),
        "/plan nudge westside How did the HR meeting go?",
    ),
    "intro": (
        N_("Opens a group DM between two organizations' members."),
        "/plan intro westside workers-center You both work on scheduling",
    ),
    "digest": (
        N_("The last seven days' digest: `preview` to you only, `now` to the shared channel."),
        "/plan digest preview",
    ),
    "settings": (N_("Shows every setting."), "/plan settings"),
    "settings channel": (
        N_("Where the weekly digest is posted."),
        "/plan settings channel #healthy-work",
    ),
    "settings ta-channel": (
        N_("Where questions and help requests go."),
        "/plan settings ta-channel #ta-team",
    ),
    "settings digest": (
        N_("When the weekly digest is posted."),
        "/plan settings digest monday 09:00",
    ),
    "settings timezone": (
        N_("The collaborative's time zone, for sessions and the digest."),
        "/plan settings timezone America/Chicago",
    ),
    "settings quiet": (
        N_("No nudges in this local window (`off` for none)."),
        "/plan settings quiet 18:00-09:00",
    ),
    "settings nudge": (
        N_("How many days the between-session rhythm waits."),
        "/plan settings nudge stale-days 14",
    ),
    "settings weekends": (
        N_("Whether nudges may go out on Saturdays and Sundays."),
        "/plan settings weekends off",
    ),
    "export": (
        N_(
            "The CSV files, sent to you as a direct message; `pseudonymized` puts a code in place "
            "of every Slack id and name, for researchers."
        ),
        "/plan export",
    ),
    "help": (N_("What you can do, or one command explained."), "/plan help add"),
    "close": (N_("Ends the collaborative's nudges and digests."), "/plan close"),
    "reopen": (N_("Starts the collaborative's nudges and digests again."), "/plan reopen"),
    "privacy": (
        N_(
            "What Follow-through keeps about you, who sees it, for how long, and how to be "
            "forgotten."
        ),
        "/plan privacy",
    ),
    "forget me": (
        N_(
            "Removes you from Follow-through (asks first, with a button); your organization keeps "
            "its commitments, without an owner."
        ),
        "/plan forget me",
    ),
    "member forget": (
        N_("Removes someone who left, as `/plan forget me` would (asks first, with a button)."),
        "/plan member forget @maria",
    ),
    "settings retention": (
        N_(
            "How many days after `/plan close` people's data is kept before it is deleted "
            "(180 unless set)."
        ),
        "/plan settings retention 365",
    ),
    "report": (
        N_(
            "Figures for the whole collaborative and the last four weeks: commitments done, "
            "nudges answered, resources, questions, and what the TA team gave. Participants see "
            "their own organization's."
        ),
        "/plan report health",
    ),
    # Languages (issue 10): marked for the catalogs; Spanish sub-command words such as `lista`,
    # `hecho`, `ayuda` are understood too, but help names the English ones.
    "settings language": (
        N_(
            "The language of the weekly digest and the TA channel's alerts: `es` (Spanish) or "
            "`en` (English). Each person's own messages follow their language."
        ),
        "/plan settings language en",
    ),
    "language": (
        N_(
            "The language I write to you in: `es` (Spanish) or `en` (English). Until you choose, "
            "I follow your Slack language. `/plan idioma es` works too."
        ),
        "/plan language es",
    ),
}

#: Help on something people ask about by name that is not a command of its own: the Undo button
#: (`/plan help undo`). Topic → (what it does, an example of what to type instead).
GUIDES: dict[str, tuple[str, str]] = {
    "undo": (
        N_(
            "*Undo* (a button, not a command): after *Done*, *In progress* or *Snooze*, the line "
            "only you see has an Undo button. For a minute it puts the commitment back as it was "
            "(its status and snooze) and redraws the message. After that, set the status yourself."
        ),
        "/plan status #2 in-progress",
    ),
}

#: What a participant is told where the TA provider's form offers more than they may do: a
#: participant lists only their own organization, so `<org>` would only be refused.
PARTICIPANT_USAGE: dict[str, str] = {
    "list": "Usage: `/plan list [mine|all]`",
    "report": "Usage: `/plan report`",
}
PARTICIPANT_TOPICS: dict[str, tuple[str, str]] = {
    "list": (
        N_(
            "Your organization's open commitments; `mine` for yours, `all` to include done and "
            "dropped ones."
        ),
        "/plan list mine",
    ),
    "report": (
        N_(
            "Your organization's figures, over the whole collaborative and the last four weeks: "
            "commitments done, overdue and blocked, nudges answered, resources, questions."
        ),
        "/plan report",
    ),
}
