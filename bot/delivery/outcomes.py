"""What a failed `chat.postMessage` means for the message: gone for good, worth another try,
wait and resend, or *maybe delivered* — the case that must never be answered by resending.

`chat.postMessage` has no idempotency key. Once the request may have reached Slack (a timeout, a
connection dropped before the answer, an error Slack says may have partly succeeded), only the
conversation's history can tell whether the message exists.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import aiohttp
from slack_sdk.errors import SlackApiError

OutcomeKind = Literal["permanent", "transient", "ratelimited", "ambiguous"]

#: Errors that no retry will cure: give up on the row and say why.
PERMANENT = frozenset(
    {
        "channel_not_found",
        "user_not_found",
        "not_in_channel",
        "is_archived",
        "invalid_blocks",
        "invalid_blocks_format",
        "msg_too_long",
        "no_text",
        "cannot_dm_bot",
        "user_disabled",
        "account_inactive",
        "invalid_metadata_format",
        "invalid_metadata_schema",
        "metadata_too_large",
    }
)
#: Slack's own words: "it's possible some aspect of the operation succeeded".
MAYBE_DONE = frozenset({"internal_error", "fatal_error"})
#: HTTP answers that say the request was turned away before anything was done.
NOT_DONE_STATUSES = frozenset({429, 503})


@dataclass(frozen=True)
class Outcome:
    kind: OutcomeKind
    reason: str
    retry_after: float = 0.0


def _retry_after(error: SlackApiError) -> float:
    headers = getattr(error.response, "headers", None) or {}
    for name, value in dict(headers).items():
        if name.lower() == "retry-after":
            text = value[0] if isinstance(value, list) else value
            try:
                return max(0.0, float(text))
            except (TypeError, ValueError):
                break
    return 1.0


def classify(error: BaseException) -> Outcome:
    """Sort a failure of one post into what to do with its row."""
    if isinstance(error, SlackApiError):
        status = int(getattr(error.response, "status_code", 200) or 200)
        reason = str(error.response.get("error") or f"http_{status}")
        if status == 429:
            return Outcome("ratelimited", reason, _retry_after(error))
        if reason in PERMANENT:
            return Outcome("permanent", reason)
        if reason in MAYBE_DONE or (status >= 500 and status not in NOT_DONE_STATUSES):
            return Outcome("ambiguous", reason)
        return Outcome("transient", reason)
    if isinstance(error, aiohttp.ClientConnectorError):
        # The connection was never made, so the request was never sent.
        return Outcome("transient", f"connect: {error}"[:200])
    # A timeout, a dropped or reset connection, anything else once the request may have left:
    # only the conversation's history can tell whether the message is there.
    return Outcome("ambiguous", f"{type(error).__name__}: {error}"[:200])
