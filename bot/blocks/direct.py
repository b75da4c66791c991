"""The bot's answer to a plain DM: what it can do, and a way to pass the message to a person."""

from __future__ import annotations

from bot.blocks.reply import Reply, section
from bot.mrkdwn import clip, escape
from core.access import NOT_IN_COLLABORATIVE
from core.i18n import N_, _
from core.vocabulary import NOTE_LIMIT

ACTION_SEND_TO_TA = "ft_dm_send_to_ta"

ASK_WITH_COMMAND = N_("To ask the TA team, use `/plan ask <question>`.")

WHAT_I_DO = N_(
    ":wave: I keep your action plan moving between sessions. Type `/plan` to see your "
    "commitments, or `/plan help` for everything I can do."
)


def dm_welcome(known: bool, typed: str) -> Reply:
    """One short message: the commands, and a button that relays the DM as a question, since a
    message to a bot is usually meant for the people behind it. Someone in no organization yet
    is told so, and may send it all the same: the TA team can add them."""
    intro = _(WHAT_I_DO) if known else f":wave: {_(NOT_IN_COLLABORATIVE)}"
    if not typed:
        text = intro if known else f"{intro} {_(ASK_WITH_COMMAND)}"
        return Reply(text=text, blocks=[section(text)])
    if len(typed) > NOTE_LIMIT:
        too_long = _(
            "That message is too long to pass on: keep a question under "
            "{limit} characters, with `/plan ask <question>`."
        ).format(limit=NOTE_LIMIT)
        text = f"{intro} {too_long}"
        return Reply(text=text, blocks=[section(text)])
    ask = (
        _("Is this for a person? Send it to the TA team:")
        if known
        else _("Send this to the TA team: they'll see you're new and can add you.")
    )
    button = {
        "type": "button",
        "action_id": ACTION_SEND_TO_TA,
        "text": {"type": "plain_text", "text": _("Send this to the TA team")},
        "value": "ask",
        "style": "primary",
    }
    return Reply(
        text=_("What I can do, and a way to reach the TA team"),
        blocks=[section(f"{intro} {ask}"), {"type": "actions", "elements": [button]}],
    )


def dm_sent(question: str, next_step: str) -> Reply:
    """The welcome, redrawn in place once the DM went to the TA team, saying what happens next."""
    sent = _(":mailbox_with_mail: Sent to the TA team:")
    text = f"{sent}\n> {escape(clip(question, 800))}\n{next_step}"
    return Reply(text=_("Sent to the TA team"), blocks=[section(text)])
