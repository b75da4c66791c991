"""The question asked when a title ends with what reads like a date ("Call Rosa friday").

"Friday" at the end of a title is as likely a name ("Plan Friday") as a deadline, so the bot
neither guesses nor leaves it unremarked: it adds the step as typed and asks, with one button
that makes the words the due date (taking them off the title) and one that keeps it as it is.
"""

from __future__ import annotations

from datetime import date

from bot.blocks.reply import Block, Reply, context, section
from bot.grammar_commands import MaybeDue
from bot.mrkdwn import escape
from core.i18n import _
from core.i18n_dates import long_day

ACTION_SET_DUE = "plan_due_from_title"
ACTION_KEEP_TITLE = "plan_keep_title"


def due_value(number: int, maybe: MaybeDue, title: str) -> str:
    """What the button carries: the step, the date, and how much of the title to keep (the
    whole title's length too, so a title edited since is left alone). Slack caps a button's
    value at 2,000 characters, and a title can be 3,000, so the text itself does not travel."""
    return f"{number}|{maybe.due.isoformat()}|{len(maybe.title_without)}|{len(title)}"


def read_due_value(value: str) -> tuple[int, date, int, int] | None:
    parts = value.split("|")
    if len(parts) != 4 or not all(p.lstrip("-").isdigit() for p in (parts[0], *parts[2:])):
        return None
    try:
        return int(parts[0]), date.fromisoformat(parts[1]), int(parts[2]), int(parts[3])
    except ValueError:
        return None


def due_question(number: int, maybe: MaybeDue, title: str) -> list[Block]:
    when = long_day(maybe.due)
    return [
        section(
            _(
                ":calendar: “{words}” at the end reads like a date. Is `#{number}` due *{when}*?"
            ).format(words=escape(maybe.words), number=number, when=when)
        ),
        {
            "type": "actions",
            "block_id": f"due_question_{number}",
            "elements": [
                {
                    "type": "button",
                    "action_id": ACTION_SET_DUE,
                    "style": "primary",
                    "text": {
                        "type": "plain_text",
                        "text": _("Yes, due {when}").format(when=when)[:75],
                    },
                    "value": due_value(number, maybe, title),
                },
                {
                    "type": "button",
                    "action_id": ACTION_KEEP_TITLE,
                    "text": {"type": "plain_text", "text": _("No, it's part of the title")},
                    "value": str(number),
                },
            ],
        },
        context(
            _("Either way, `/plan edit {number}` changes the title or due date later.").format(
                number=number
            )
        ),
    ]


def with_due_question(reply: Reply, number: int, maybe: MaybeDue, title: str) -> Reply:
    """The add confirmation with the question after it (one message: it is one moment)."""
    return Reply(text=reply.text, blocks=[*reply.blocks, *due_question(number, maybe, title)])
