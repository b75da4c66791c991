"""The Slack-limits validator the digest tests rely on (`tests/support/digest.py`) must itself
accept what Slack accepts and catch each limit, or the digest tests would prove nothing."""

from __future__ import annotations

from bot.blocks.reply import Reply
from tests.support.digest import MAX_SECTION, limit_problems


def test_the_validator_accepts_a_plain_message() -> None:
    reply = Reply(
        text="hi",
        blocks=[
            {"type": "header", "text": {"type": "plain_text", "text": "Hello"}},
            {"type": "section", "text": {"type": "mrkdwn", "text": "x" * MAX_SECTION}},
        ],
    )
    assert limit_problems(reply) == []


def test_the_validator_catches_each_limit() -> None:
    section = {"type": "section", "text": {"type": "mrkdwn", "text": "x"}}
    too_many = Reply(text="x", blocks=[section] * 51)
    long_section = Reply(
        text="x", blocks=[{"type": "section", "text": {"type": "mrkdwn", "text": "x" * 3001}}]
    )
    long_header = Reply(
        text="x", blocks=[{"type": "header", "text": {"type": "plain_text", "text": "x" * 151}}]
    )
    wide_context = Reply(
        text="x",
        blocks=[{"type": "context", "elements": [{"type": "mrkdwn", "text": "a"}] * 11}],
    )
    for reply in (too_many, long_section, long_header, wide_context, Reply(text="", blocks=[])):
        assert limit_problems(reply), reply
