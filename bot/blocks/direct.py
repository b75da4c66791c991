"""The bot's answer to a plain DM: what it can do, and a way to pass the message to a person."""

from __future__ import annotations

from bot.blocks.reply import Reply, section
from bot.mrkdwn import clip, escape
from core.access import NOT_IN_COLLABORATIVE
from core.vocabulary import NOTE_LIMIT

ACTION_SEND_TO_TA = "ft_dm_send_to_ta"

WHAT_I_DO = (
    ":wave: I keep your action plan moving between sessions. Type `/plan` to see your "
    "commitments, or `/plan help` for everything I can do."
)


def dm_welcome(known: bool, typed: str) -> Reply:
    """One short message: the commands, and (for members) a button that relays the DM as a
    question, since a message to a bot is usually meant for the people behind it."""
    if not known:
        return Reply(text=NOT_IN_COLLABORATIVE, blocks=[section(NOT_IN_COLLABORATIVE)])
    if not typed:
        return Reply(text=WHAT_I_DO, blocks=[section(WHAT_I_DO)])
    if len(typed) > NOTE_LIMIT:
        text = (
            f"{WHAT_I_DO} That message is too long to pass on: keep a question under "
            f"{NOTE_LIMIT} characters, with `/plan ask <question>`."
        )
        return Reply(text=text, blocks=[section(text)])
    text = f"{WHAT_I_DO} Is this for a person? Send it to the TA team:"
    button = {
        "type": "button",
        "action_id": ACTION_SEND_TO_TA,
        "text": {"type": "plain_text", "text": "Send this to the TA team"},
        "value": "ask",
        "style": "primary",
    }
    return Reply(
        text="What I can do, and a way to reach the TA team",
        blocks=[section(text), {"type": "actions", "elements": [button]}],
    )


def dm_sent(question: str) -> Reply:
    """The welcome, redrawn in place once the DM went to the TA team."""
    text = (
        f":mailbox_with_mail: Sent to the TA team:\n> {escape(clip(question, 800))}\n"
        "The answer will come to you here in a DM; reply in its thread to keep talking."
    )
    return Reply(text="Sent to the TA team", blocks=[section(text)])
