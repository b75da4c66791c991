"""The pace the bot posts at in tests: Slack's limits, faster, unless a test measures pacing.

Most tests want to see what the bot sends, not to wait out Slack's one message a second per
conversation: a nudge, its reminder and a reply to the same person would cost seconds each. They
run the shared pacer `FASTER` times faster (the stand-in enforces no limit unless a test sets one).
Tests about pacing, 429s and `Retry-After` are marked `real_pacing` and keep Slack's own rates;
tests that pin a pacer of their own (`Pacer(clock=…, sleep=…)`) are untouched either way.
"""

from __future__ import annotations

import pytest

from bot.delivery.pacing import SLACK_POSTING, Pacer, PostingRates, use_posting_rates

#: How much faster than Slack tests post by default: 50 a second per conversation.
FASTER = 50.0

MARKER = "real_pacing"
MARKER_HELP = (
    f"{MARKER}: the bot paces posts at Slack's real rates (1/s per conversation) in this test, "
    "as it must where the test proves pacing, 429s or Retry-After"
)


def rates_for(node: pytest.Item) -> PostingRates:
    """Slack's rates for a test marked `real_pacing`, else the same limits `FASTER` times faster."""
    return SLACK_POSTING if node.get_closest_marker(MARKER) else SLACK_POSTING.faster(FASTER)


def fresh_pacer(node: pytest.Item) -> Pacer:
    """A shared pacer of the test's own: no earlier test's posts count against it."""
    return use_posting_rates(rates_for(node))
