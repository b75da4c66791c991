"""The stand-in's Block Kit limits refuse what Slack refuses, with Slack's explanations."""

from __future__ import annotations

from typing import Any

from sandbox.limits import (
    MAX_MESSAGE_TEXT,
    Rejection,
    check_message,
    check_view,
    truncate_text,
)
from sandbox.ratelimit import RateLimit, RateLimiter


def section(text: str, **extra: Any) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}, **extra}


def button(text: str = "Done", value: str = "v", action_id: str = "done") -> dict[str, Any]:
    return {
        "type": "button",
        "text": {"type": "plain_text", "text": text},
        "value": value,
        "action_id": action_id,
    }


def modal(blocks: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    return {
        "type": "modal",
        "title": {"type": "plain_text", "text": "Plan"},
        "blocks": blocks,
        **extra,
    }


def only_error(rejection: Rejection | None) -> str:
    assert rejection is not None
    return rejection.error


def test_a_plain_message_and_a_valid_block_message_pass() -> None:
    assert check_message("hello", None) is None
    blocks = [section("hi"), {"type": "divider"}, {"type": "actions", "elements": [button()]}]
    assert check_message("fallback", blocks) is None


def test_neither_text_nor_blocks_is_no_text() -> None:
    assert only_error(check_message("", None)) == "no_text"
    assert only_error(check_message(None, [])) == "no_text"


def test_fifty_blocks_pass_and_fifty_one_are_refused_with_a_pointer() -> None:
    assert check_message("x", [section("a")] * 50) is None
    rejection = check_message("x", [{"type": "divider"}] * 51)
    assert rejection is not None and rejection.error == "invalid_blocks"
    assert rejection.body()["response_metadata"]["messages"] == [
        "[ERROR] no more than 50 items allowed [json-pointer:/blocks]"
    ]


def test_section_text_over_3000_is_refused_at_its_field() -> None:
    assert check_message("x", [section("a" * 3000)]) is None
    rejection = check_message("x", [{"type": "divider"}, section("a" * 3001)])
    assert rejection is not None
    assert rejection.details == (
        "must be less than 3001 characters [json-pointer:/blocks/1/text/text]",
    )


def test_section_fields_are_limited_in_number_and_length() -> None:
    field = {"type": "mrkdwn", "text": "f"}
    assert check_message("x", [{"type": "section", "fields": [field] * 10}]) is None
    assert only_error(check_message("x", [{"type": "section", "fields": [field] * 11}])) == (
        "invalid_blocks"
    )
    long_field = {"type": "mrkdwn", "text": "f" * 2001}
    assert check_message("x", [{"type": "section", "fields": [long_field]}]) is not None


def test_header_must_be_plain_text_of_at_most_150() -> None:
    def header(text: str, kind: str = "plain_text") -> list[dict[str, Any]]:
        return [{"type": "header", "text": {"type": kind, "text": text}}]

    assert check_message("x", header("h" * 150)) is None
    assert check_message("x", header("h" * 151)) is not None
    assert check_message("x", header("h", "mrkdwn")) is not None


def test_button_label_value_and_ids_are_bounded() -> None:
    def actions(*elements: dict[str, Any]) -> list[dict[str, Any]]:
        return [{"type": "actions", "elements": list(elements)}]

    assert check_message("x", actions(button("b" * 75, "v" * 2000, "a" * 255))) is None
    assert check_message("x", actions(button(text="b" * 76))) is not None
    assert check_message("x", actions(button(value="v" * 2001))) is not None
    assert check_message("x", actions(button(action_id="a" * 256))) is not None
    too_many = [button(action_id=f"a{i}") for i in range(26)]
    assert check_message("x", actions(*too_many[:25])) is None
    assert check_message("x", actions(*too_many)) is not None


def test_duplicate_action_ids_in_one_block_are_refused() -> None:
    rejection = check_message("x", [{"type": "actions", "elements": [button(), button()]}])
    assert rejection is not None
    assert "already exists [json-pointer:/blocks/0/elements/1/action_id]" in rejection.details[0]


def test_block_ids_must_be_unique_and_short() -> None:
    assert check_message("x", [section("a", block_id="b1"), section("b", block_id="b1")])
    assert check_message("x", [section("a", block_id="b" * 256)])
    assert check_message("x", [section("a", block_id="b1"), section("b", block_id="b2")]) is None


def test_context_is_limited_to_ten_elements() -> None:
    element = {"type": "mrkdwn", "text": "c"}
    assert check_message("x", [{"type": "context", "elements": [element] * 10}]) is None
    assert check_message("x", [{"type": "context", "elements": [element] * 11}]) is not None


def test_unknown_block_types_are_refused() -> None:
    rejection = check_message("x", [{"type": "carousel"}])
    assert rejection is not None and rejection.error == "invalid_blocks"


def test_blocks_that_are_not_a_list_are_a_format_error() -> None:
    assert only_error(check_message("x", {"type": "divider"})) == "invalid_blocks_format"


def test_long_text_is_truncated_not_refused() -> None:
    assert check_message("a" * 50_000, None) is None
    assert len(truncate_text("a" * 50_000)) == MAX_MESSAGE_TEXT


def test_views_need_a_short_plain_title_and_a_submit_with_inputs() -> None:
    assert check_view(modal([section("a")])) is None
    assert only_error(check_view({"blocks": []})) == "invalid_arguments"
    long_title = modal([], title={"type": "plain_text", "text": "t" * 25})
    assert only_error(check_view(long_title)) == "invalid_arguments"
    text_input = {
        "type": "input",
        "block_id": "title",
        "label": {"type": "plain_text", "text": "Title"},
        "element": {"type": "plain_text_input", "action_id": "value"},
    }
    assert check_view(modal([text_input])) is not None
    assert check_view(modal([text_input], submit={"type": "plain_text", "text": "Save"})) is None


def test_views_hold_up_to_100_blocks() -> None:
    home = {"type": "home", "blocks": [{"type": "divider"}] * 100}
    assert check_view(home, expected_type="home") is None
    home["blocks"] = [{"type": "divider"}] * 101
    rejection = check_view(home)
    assert rejection is not None
    assert rejection.details == ("no more than 100 items allowed [json-pointer:/view/blocks]",)


def test_a_modal_where_a_home_view_is_expected_is_refused() -> None:
    assert check_view(modal([]), expected_type="home") is not None


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_rate_limits_are_off_unless_configured() -> None:
    limiter = RateLimiter()
    assert all(limiter.check("chat.postMessage", "C1") is None for _ in range(100))


def test_post_message_is_limited_per_channel_and_refills_with_time() -> None:
    clock = FakeClock()
    limiter = RateLimiter({"chat.postMessage": RateLimit(1.0, per_channel=True)}, clock)
    assert limiter.check("chat.postMessage", "C1") is None
    assert limiter.check("chat.postMessage", "C1") == 1
    assert limiter.check("chat.postMessage", "C2") is None
    clock.now += 1.0
    assert limiter.check("chat.postMessage", "C1") is None


def test_retry_after_is_whole_seconds_rounded_up() -> None:
    clock = FakeClock()
    limiter = RateLimiter({"users.info": RateLimit.per_minute(20, burst=2)}, clock)
    assert limiter.check("users.info") is None
    assert limiter.check("users.info") is None
    assert limiter.check("users.info") == 3


def test_layered_rules_apply_the_workspace_limit_across_channels() -> None:
    """Slack limits chat.postMessage per channel and workspace-wide at once."""
    now = [0.0]
    limiter = RateLimiter(
        {
            "chat.postMessage": (
                RateLimit(1.0, burst=1, per_channel=True),
                RateLimit(2.0, burst=2),
            )
        },
        clock=lambda: now[0],
    )
    assert limiter.check("chat.postMessage", "D1") is None
    assert limiter.check("chat.postMessage", "D1") == 1  # the channel's own limit
    assert limiter.check("chat.postMessage", "D2") is None  # refused calls took no token
    assert limiter.check("chat.postMessage", "D3") == 1  # the workspace's burst is spent
    now[0] = 1.0
    assert limiter.check("chat.postMessage", "D3") is None
    assert limiter.check("views.publish") is None  # unlimited methods stay unlimited
