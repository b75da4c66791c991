"""Making people's text safe to show in mrkdwn: the one place it is done.

Every block builder that shows text people typed (titles, notes, names, questions, answers)
passes it through :func:`escape`, so a title reads the same in a listing, a nudge, the Home tab,
the digest and a TA alert. Links and mentions in a message are the bot's own, never a person's
(except a TA's links in a relayed answer: :func:`escape_keeping_links`).
"""

from __future__ import annotations

import re
from typing import Final

from core.i18n import _

#: mrkdwn has no escape for its formatting characters, so each becomes a look-alike that Slack
#: does not treat as markup: the text reads as typed but cannot turn bold, italic, struck
#: through or code, nor end the bot's own formatting around it early.
_LOOK_ALIKES: Final = str.maketrans(
    {
        "*": "\u2217",  # ∗ asterisk operator
        "_": "\u02cd",  # ˍ modifier letter low macron
        "~": "\u223c",  # ∼ tilde operator
        "`": "\u02cb",  # ˋ modifier letter grave accent
    }
)
#: A `>` starting a line makes a block quote; a zero-width space before it keeps it a character.
_QUOTE_AT_LINE_START: Final = re.compile(r"^&gt;", re.MULTILINE)
_ZERO_WIDTH_SPACE: Final = "\u200b"
#: A web address in text as the bot stores it (Slack's `<url|label>` already read as "label (url)").
_WEB_ADDRESS: Final = re.compile(r"https?://[^\s<>|\"]+")
_TRAILING_PUNCTUATION: Final = ".,;:!?'\""


def escape(text: str) -> str:
    """People's text as typed, unable to ping, link or format anything.

    `<!channel>`, `<@U…>` and `<url|label>` only work through `<` and `>`, and `&` must go first
    so an already-escaped `&lt;` stays visible as typed. `*`, `_`, `~` and `` ` `` become
    look-alikes and a `>` at a line's start loses its quoting, so `*big* _meeting_` shows the
    same (plain) way everywhere instead of bold here, italic there.
    """
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    neutral = escaped.translate(_LOOK_ALIKES)
    return _QUOTE_AT_LINE_START.sub(_ZERO_WIDTH_SPACE + "&gt;", neutral)


def escape_keeping_links(text: str) -> str:
    """Like :func:`escape`, but each http(s) address in `text` stays a clickable link.

    For a TA's answer relayed to a participant: the TA pasted a link on purpose and it worked in
    the TA channel, so it must work in the DM too. The text arrives as stored (Slack's
    `<https://…|label>` already read as "label (https://…)"), so the link is made here, by the
    bot, showing its own address: typed markup such as `<https://evil|bank>` cannot give it a
    false label, and mentions, pings and formatting are neutralized as everywhere else.
    """
    shown: list[str] = []
    last = 0
    for match in _WEB_ADDRESS.finditer(text):
        address = _without_trailing_punctuation(match.group())
        shown.append(escape(text[last : match.start()]))
        shown.append(f"<{address.replace('&', '&amp;')}>")
        last = match.start() + len(address)
    shown.append(escape(text[last:]))
    return "".join(shown)


def _without_trailing_punctuation(address: str) -> str:
    """A sentence's full stop or closing bracket is not part of the address before it."""
    while address and (
        address[-1] in _TRAILING_PUNCTUATION
        or (address.endswith(")") and address.count("(") < address.count(")"))
    ):
        address = address[:-1]
    return address


def bold(text: str) -> str:
    """Bold people's text: escaped (so its own `*` cannot end the bold early)."""
    return f"*{escape(text)}*"


def channel(channel_id: str | None) -> str:
    return f"<#{channel_id}>" if channel_id else _("_not set_")


def clip(text: str, limit: int) -> str:
    """Shorten for a place with a hard limit; the full text stays in the database."""
    return text if len(text) <= limit else text[: limit - 1] + "…"
