"""Turning a message's arguments into what Slack stores, refusing what Slack refuses.

Shared by `chat.postMessage`, `chat.update`, `chat.postEphemeral` and response URLs so that the
same content is judged the same way wherever the bot sends it.
"""

from __future__ import annotations

import copy
import secrets
from typing import Any

from sandbox.errors import SlackError
from sandbox.limits import check_message, truncate_text


def fill_ids(blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Give every block a `block_id` and element an `action_id`, as Slack does on storage.

    Clicks report these ids, so a stored message must carry them even when the bot left them out.
    """
    filled = copy.deepcopy(blocks)
    for block in filled:
        block.setdefault("block_id", secrets.token_hex(3))
        elements = list(block.get("elements") or [])
        for key in ("accessory", "element"):
            if isinstance(block.get(key), dict):
                elements.append(block[key])
        for element in elements:
            if isinstance(element, dict) and element.get("type") not in (
                "plain_text",
                "mrkdwn",
                "image",
                None,
            ):
                element.setdefault("action_id", secrets.token_hex(3))
    return filled


def check_metadata(metadata: Any) -> None:
    """Slack wants `{"event_type": str, "event_payload": {...}}` and nothing looser."""
    if metadata is None:
        return
    if not isinstance(metadata, dict):
        raise SlackError("invalid_metadata_format")
    if not isinstance(metadata.get("event_type"), str) or not isinstance(
        metadata.get("event_payload"), dict
    ):
        raise SlackError("invalid_metadata_schema")


def message_content(args: dict[str, Any]) -> dict[str, Any]:
    """Validated `text` and `blocks` ready to store; raises the `SlackError` Slack would answer."""
    text = args.get("text")
    blocks = args.get("blocks")
    if blocks == [] or blocks == "":
        blocks = None
    rejection = check_message(text, blocks, attachments=args.get("attachments"))
    if rejection is not None:
        raise SlackError.from_rejection(rejection)
    return {
        "text": truncate_text(str(text)) if text else "",
        "blocks": fill_ids(blocks) if blocks else None,
    }


def public(message: dict[str, Any], *, include_metadata: bool = True) -> dict[str, Any]:
    """A stored message as the Web API returns it: no empty fields, metadata on request."""
    shown = {k: v for k, v in message.items() if v not in (None, [])}
    if not include_metadata:
        shown.pop("metadata", None)
    return copy.deepcopy(shown)
