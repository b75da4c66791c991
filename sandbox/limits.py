"""Slack's Block Kit limits, checked the way Slack checks them.

Pure functions: a message or view goes in, a `Rejection` (Slack's error code plus the
`[json-pointer:…]` explanations Slack puts in `response_metadata.messages`) or None comes out.
The point is that a test against the stand-in fails where Slack would refuse the same payload,
with a message precise enough to find the offending block.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

MAX_MESSAGE_BLOCKS = 50
MAX_VIEW_BLOCKS = 100
MAX_MESSAGE_TEXT = 40_000
MAX_SECTION_TEXT = 3000
MAX_SECTION_FIELDS = 10
MAX_FIELD_TEXT = 2000
MAX_HEADER_TEXT = 150
MAX_BUTTON_TEXT = 75
MAX_BUTTON_VALUE = 2000
MAX_BUTTON_URL = 3000
MAX_ID = 255
MAX_CONTEXT_ELEMENTS = 10
MAX_ACTIONS_ELEMENTS = 25
MAX_VIEW_TITLE = 24
MAX_PRIVATE_METADATA = 3000
MAX_INPUT_LABEL = 2000

BLOCK_TYPES = frozenset(
    {
        "actions",
        "context",
        "divider",
        "file",
        "header",
        "image",
        "input",
        "markdown",
        "rich_text",
        "section",
        "table",
        "video",
    }
)
ELEMENT_TYPES = frozenset(
    {
        "button",
        "channels_select",
        "checkboxes",
        "conversations_select",
        "datepicker",
        "datetimepicker",
        "email_text_input",
        "external_select",
        "file_input",
        "image",
        "multi_channels_select",
        "multi_conversations_select",
        "multi_external_select",
        "multi_static_select",
        "multi_users_select",
        "number_input",
        "overflow",
        "plain_text_input",
        "radio_buttons",
        "rich_text_input",
        "static_select",
        "timepicker",
        "url_text_input",
        "users_select",
        "workflow_button",
    }
)
TEXT_TYPES = frozenset({"plain_text", "mrkdwn"})


@dataclass(frozen=True)
class Rejection:
    """Why Slack would refuse a payload: the `error` code and per-field explanations."""

    error: str
    details: tuple[str, ...] = ()

    def body(self) -> dict[str, Any]:
        """The JSON Slack answers with, `errors` and `response_metadata.messages` included."""
        answer: dict[str, Any] = {"ok": False, "error": self.error}
        if self.details:
            answer["errors"] = list(self.details)
            answer["response_metadata"] = {"messages": [f"[ERROR] {d}" for d in self.details]}
        return answer

    def __str__(self) -> str:
        return f"{self.error}: {'; '.join(self.details)}" if self.details else self.error


class _Checker:
    """Walks blocks collecting every complaint, since Slack reports them all at once."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def fail(self, message: str, pointer: str) -> None:
        self.problems.append(f"{message} [json-pointer:{pointer}]")

    def length(self, value: Any, limit: int, pointer: str) -> None:
        if isinstance(value, str) and len(value) > limit:
            self.fail(f"must be less than {limit + 1} characters", pointer)

    def text_object(self, obj: Any, pointer: str, limit: int, *, plain_only: bool = False) -> None:
        """A composition text object: `{type: plain_text|mrkdwn, text}` within `limit`."""
        if not isinstance(obj, dict):
            self.fail("must provide an object", pointer)
            return
        kind = obj.get("type")
        allowed = {"plain_text"} if plain_only else TEXT_TYPES
        if kind not in allowed:
            self.fail(f"must be one of {sorted(allowed)}, not {kind!r}", f"{pointer}/type")
        text = obj.get("text")
        if not isinstance(text, str):
            self.fail("missing required field: text", f"{pointer}/text")
        elif not text:
            self.fail("must be more than 0 characters", f"{pointer}/text")
        else:
            self.length(text, limit, f"{pointer}/text")

    def element(self, element: Any, pointer: str, action_ids: set[str]) -> None:
        """An interactive element (or an image/text inside a context block)."""
        if not isinstance(element, dict):
            self.fail("must provide an object", pointer)
            return
        kind = element.get("type")
        if kind not in ELEMENT_TYPES:
            self.fail(f"invalid element type: {kind!r}", f"{pointer}/type")
            return
        action_id = element.get("action_id")
        if action_id is not None:
            self.length(action_id, MAX_ID, f"{pointer}/action_id")
            if action_id in action_ids:
                self.fail(f"`action_id` {action_id!r} already exists", f"{pointer}/action_id")
            action_ids.add(action_id)
        if kind == "button":
            self.text_object(
                element.get("text"), f"{pointer}/text", MAX_BUTTON_TEXT, plain_only=True
            )
            self.length(element.get("value"), MAX_BUTTON_VALUE, f"{pointer}/value")
            self.length(element.get("url"), MAX_BUTTON_URL, f"{pointer}/url")
            style = element.get("style")
            if style is not None and style not in ("primary", "danger"):
                self.fail("must be one of ['danger', 'primary']", f"{pointer}/style")

    def block(self, block: Any, pointer: str, block_ids: set[str]) -> None:
        if not isinstance(block, dict):
            self.fail("must provide an object", pointer)
            return
        kind = block.get("type")
        if kind not in BLOCK_TYPES:
            self.fail(f"unsupported type: {kind!r}", f"{pointer}/type")
            return
        block_id = block.get("block_id")
        if block_id is not None:
            self.length(block_id, MAX_ID, f"{pointer}/block_id")
            if block_id in block_ids:
                self.fail(f"`block_id` {block_id!r} already exists", f"{pointer}/block_id")
            block_ids.add(block_id)
        action_ids: set[str] = set()
        if kind == "section":
            self.section(block, pointer, action_ids)
        elif kind == "header":
            self.text_object(block.get("text"), f"{pointer}/text", MAX_HEADER_TEXT, plain_only=True)
        elif kind == "context":
            self.context(block, pointer)
        elif kind == "actions":
            self.elements(block, pointer, MAX_ACTIONS_ELEMENTS, action_ids)
        elif kind == "input":
            self.text_object(
                block.get("label"), f"{pointer}/label", MAX_INPUT_LABEL, plain_only=True
            )
            if "element" not in block:
                self.fail("missing required field: element", f"{pointer}/element")
            else:
                self.element(block["element"], f"{pointer}/element", action_ids)
        elif kind == "image":
            if "image_url" not in block and "slack_file" not in block:
                self.fail("missing required field: image_url", f"{pointer}/image_url")
            if not block.get("alt_text"):
                self.fail("missing required field: alt_text", f"{pointer}/alt_text")

    def section(self, block: dict[str, Any], pointer: str, action_ids: set[str]) -> None:
        if "text" not in block and "fields" not in block:
            self.fail("must provide either text or fields", pointer)
        if "text" in block:
            self.text_object(block["text"], f"{pointer}/text", MAX_SECTION_TEXT)
        fields = block.get("fields")
        if fields is not None:
            if not isinstance(fields, list) or not fields:
                self.fail("must provide a non-empty array", f"{pointer}/fields")
            else:
                if len(fields) > MAX_SECTION_FIELDS:
                    self.fail(
                        f"no more than {MAX_SECTION_FIELDS} items allowed", f"{pointer}/fields"
                    )
                for i, item in enumerate(fields):
                    self.text_object(item, f"{pointer}/fields/{i}", MAX_FIELD_TEXT)
        if "accessory" in block:
            self.element(block["accessory"], f"{pointer}/accessory", action_ids)

    def context(self, block: dict[str, Any], pointer: str) -> None:
        elements = block.get("elements")
        if not isinstance(elements, list) or not elements:
            self.fail("must provide a non-empty array", f"{pointer}/elements")
            return
        if len(elements) > MAX_CONTEXT_ELEMENTS:
            self.fail(f"no more than {MAX_CONTEXT_ELEMENTS} items allowed", f"{pointer}/elements")
        for i, item in enumerate(elements):
            where = f"{pointer}/elements/{i}"
            if isinstance(item, dict) and item.get("type") == "image":
                if not item.get("alt_text"):
                    self.fail("missing required field: alt_text", f"{where}/alt_text")
            else:
                self.text_object(item, where, MAX_SECTION_TEXT)

    def elements(
        self, block: dict[str, Any], pointer: str, limit: int, action_ids: set[str]
    ) -> None:
        elements = block.get("elements")
        if not isinstance(elements, list) or not elements:
            self.fail("must provide a non-empty array", f"{pointer}/elements")
            return
        if len(elements) > limit:
            self.fail(f"no more than {limit} items allowed", f"{pointer}/elements")
        for i, item in enumerate(elements):
            self.element(item, f"{pointer}/elements/{i}", action_ids)

    def blocks(self, blocks: list[Any], pointer: str, limit: int) -> None:
        if len(blocks) > limit:
            self.fail(f"no more than {limit} items allowed", pointer)
        block_ids: set[str] = set()
        for i, block in enumerate(blocks):
            self.block(block, f"{pointer}/{i}", block_ids)


def check_blocks(
    blocks: Any, *, limit: int = MAX_MESSAGE_BLOCKS, pointer: str = "/blocks"
) -> list[str]:
    """Every complaint about a list of blocks; empty when Slack would accept them."""
    checker = _Checker()
    if not isinstance(blocks, list):
        checker.fail("must provide an array", pointer)
    else:
        checker.blocks(blocks, pointer, limit)
    return checker.problems


def check_message(text: Any, blocks: Any, *, attachments: Any = None) -> Rejection | None:
    """Would `chat.postMessage`/`chat.update`/`chat.postEphemeral` accept this content?"""
    if blocks is not None:
        if not isinstance(blocks, list):
            return Rejection(
                "invalid_blocks_format", ("must provide an array [json-pointer:/blocks]",)
            )
        problems = check_blocks(blocks)
        if problems:
            return Rejection("invalid_blocks", tuple(problems))
    if not text and not blocks and not attachments:
        return Rejection("no_text")
    return None


def truncate_text(text: str) -> str:
    """Slack keeps only the first 40,000 characters of a message's text rather than refusing it."""
    return text[:MAX_MESSAGE_TEXT]


def check_view(view: Any, *, expected_type: str | None = None) -> Rejection | None:
    """Would `views.open`/`update`/`push`/`publish` accept this view? (`invalid_arguments`)"""
    checker = _Checker()
    if not isinstance(view, dict):
        checker.fail("must provide an object", "/view")
        return Rejection("invalid_arguments", tuple(checker.problems))
    kind = view.get("type")
    if kind not in ("modal", "home"):
        checker.fail("must be one of ['home', 'modal']", "/view/type")
    elif expected_type is not None and kind != expected_type:
        checker.fail(f"must be {expected_type!r} here, not {kind!r}", "/view/type")
    blocks = view.get("blocks")
    if blocks is None:
        checker.fail("missing required field: blocks", "/view/blocks")
    elif not isinstance(blocks, list):
        checker.fail("must provide an array", "/view/blocks")
    else:
        checker.blocks(blocks, "/view/blocks", MAX_VIEW_BLOCKS)
    if kind == "modal":
        if "title" not in view:
            checker.fail("missing required field: title", "/view/title")
        else:
            checker.text_object(view["title"], "/view/title", MAX_VIEW_TITLE, plain_only=True)
        has_input = isinstance(blocks, list) and any(
            isinstance(b, dict) and b.get("type") == "input" for b in blocks
        )
        if has_input and "submit" not in view:
            checker.fail("must provide submit when input blocks are present", "/view/submit")
        for button in ("submit", "close"):
            if button in view:
                checker.text_object(
                    view[button], f"/view/{button}", MAX_VIEW_TITLE, plain_only=True
                )
    for key, limit in (("callback_id", MAX_ID), ("external_id", MAX_ID)):
        checker.length(view.get(key), limit, f"/view/{key}")
    checker.length(view.get("private_metadata"), MAX_PRIVATE_METADATA, "/view/private_metadata")
    if checker.problems:
        return Rejection("invalid_arguments", tuple(checker.problems))
    return None
