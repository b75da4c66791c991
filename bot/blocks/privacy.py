"""What people are told about their data: the first-contact notice and `/plan privacy`.

The README's privacy section says the same; change both together. Every text is marked for the
catalogs (core/locale/es/privacy.po) and translated where it is drawn, in the reader's language.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.blocks.reply import Block, Reply, context, header, section
from core.i18n import N_, _

#: The notice, in two sentences, added under the first message the bot writes to a participant.
NOTICE = N_(
    ":shield: Follow-through records the commitments, updates and notes you give it, your replies "
    "and questions, whether you answered its reminders, and your Slack name and time zone. "
    "Your organization, the TA team and the collaborative's shared weekly digest see them; "
    "`/plan privacy` tells you more, including how to be forgotten."
)


def notice_block() -> Block:
    return context(_(NOTICE))


def _date(moment: datetime, tz: ZoneInfo) -> str:
    return moment.astimezone(tz).strftime("%Y-%m-%d")


def kept_line(days: int, purge: datetime | None, tz: ZoneInfo) -> str:
    """How long: the retention the TA team set, and the date once the collaborative closed."""
    if purge is None:
        return _(
            "*How long:* while the collaborative runs, then {days} days after it closes "
            "(the TA team sets this with `/plan settings retention <days>`). Then everyone's "
            "data is deleted as if each person had asked to be forgotten; the shared channel "
            "and the TA team are told two weeks before."
        ).format(days=days)
    return _(
        "*How long:* the collaborative is closed; everyone's data is deleted on {date} "
        "({days} days after it closed), as if each person had asked to be forgotten."
    ).format(date=_date(purge, tz), days=days)


def privacy_reply(days: int, purge: datetime | None, tz: ZoneInfo) -> list[Reply]:
    """`/plan privacy` in full."""
    lines = [
        _(
            "*What is stored:* your commitments and their updates and notes, your replies in "
            "threads, your questions to the TA team, the reminders (nudges) sent to you and "
            "whether you answered them, which shared resources you opened, and your Slack id, "
            "name and time zone."
        ),
        _(
            "*Who sees what:* your organization sees its commitments, their history and who "
            "owns them. The TA team sees everything above, for every organization, and can "
            "export it. The collaborative's shared weekly digest shows each organization's "
            "progress and names the steps that were done or need help."
        ),
        kept_line(days, purge, tz),
        _(
            "*Evaluation:* the university that runs the collaborative may use this to evaluate "
            "it. Researchers get a pseudonymized export (`python -m bot export --pseudonymize`), "
            "where a code replaces every Slack id and name."
        ),
        _(
            "*Being forgotten:* `/plan forget me` removes your Slack id, name and time zone, "
            "the text of your notes, replies and questions, and the reminders still owed to "
            "you. Commitments you owned stay with your organization without an owner, and their "
            "history says only that a former member changed them. A TA provider can do the same "
            "for someone who left with `/plan member forget @person`."
        ),
    ]
    blocks: list[Block] = [header(_("Your privacy")), *[section(line) for line in lines]]
    blocks.append(context(_("Questions? `/plan ask <question>` reaches the TA team.")))
    return [Reply(text=_("Your privacy in Follow-through"), blocks=blocks)]
