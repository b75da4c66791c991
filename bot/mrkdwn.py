"""Making people's text safe to show in mrkdwn."""

from __future__ import annotations


def escape(text: str) -> str:
    """Escape what Slack would treat as markup, so a title cannot ping a channel or forge a link.

    `<!channel>`, `<@U…>` and `<url|label>` only work through `<` and `>`, and `&` must go first
    so an already-escaped `&lt;` stays visible as typed.
    """
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def bold(text: str) -> str:
    """Bold people's text: escaped, and with `*` swapped for a look-alike.

    mrkdwn has no way to escape an asterisk, so a title like "Fix *this*" would end the bold
    early and leave stray stars; "∗" (U+2217) reads the same.
    """
    return f"*{escape(text).replace('*', '∗')}*"


def channel(channel_id: str | None) -> str:
    return f"<#{channel_id}>" if channel_id else "_not set_"


def clip(text: str, limit: int) -> str:
    """Shorten for a place with a hard limit; the full text stays in the database."""
    return text if len(text) <= limit else text[: limit - 1] + "…"
