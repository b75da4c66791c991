"""The pacer keeps posts under Slack's limits on a pinned clock: no wall time involved."""

from __future__ import annotations

from bot.delivery.pacing import (
    SLACK_POSTING,
    Pacer,
    PostingRates,
    shared_pacer,
    use_posting_rates,
)
from sandbox.ratelimit import RateLimit, RateLimiter, slack_like_limits
from tests.support.pinned_delivery import FakeTime


def pacer(time: FakeTime, rates: PostingRates = SLACK_POSTING) -> Pacer:
    return Pacer(rates, clock=time, sleep=time.sleep)


async def test_a_fan_out_never_meets_the_stand_ins_limits_and_runs_near_them() -> None:
    time = FakeTime()
    paced = pacer(time)
    limiter = RateLimiter(slack_like_limits(), clock=time)
    refused = 0
    for n in range(300):
        channel = f"D{n:04d}"
        await paced.wait(channel)
        refused += limiter.check("chat.postMessage", channel) is not None
    assert refused == 0
    burst = SLACK_POSTING.workspace_burst - SLACK_POSTING.reserve
    rate = (300 - burst) / time.now
    assert 0.95 * SLACK_POSTING.workspace_per_second <= rate <= SLACK_POSTING.workspace_per_second


async def test_one_conversation_gets_about_one_message_a_second() -> None:
    time = FakeTime()
    paced = pacer(time)
    limiter = RateLimiter({"chat.postMessage": RateLimit(1.0, burst=1, per_channel=True)}, time)
    for _ in range(5):
        await paced.wait("C0TATEAM01")
        assert limiter.check("chat.postMessage", "C0TATEAM01") is None
    assert 4.0 <= time.now <= 4.0 / 0.95


async def test_retry_after_holds_every_send_and_spends_no_burst_after() -> None:
    time = FakeTime()
    paced = pacer(time)
    await paced.wait("D1")
    paced.hold(7)
    await paced.wait("D2")
    assert time.now == 7
    await paced.wait("D3")
    assert time.now > 7  # paced after the hold, not a fresh burst


def test_the_pacer_is_set_to_the_limits_the_stand_in_enforces() -> None:
    rules = slack_like_limits()["chat.postMessage"]
    assert isinstance(rules, tuple)
    per_channel = next(r for r in rules if r.per_channel)
    workspace = next(r for r in rules if not r.per_channel)
    assert per_channel.per_second == SLACK_POSTING.per_channel_per_second
    assert (workspace.per_second, workspace.burst) == (
        SLACK_POSTING.workspace_per_second,
        SLACK_POSTING.workspace_burst,
    )


async def test_waiting_out_a_hold_takes_no_place_in_the_buckets() -> None:
    time = FakeTime()
    paced = pacer(time)
    paced.hold(5)
    await paced.wait_held()
    assert time.now == 5
    await paced.wait("D1")
    assert time.now == 5


async def test_faster_rates_are_slacks_limits_scaled_and_keep_them_on_a_scaled_stand_in() -> None:
    """What the tests pace at (tests/support/pacing.py): five messages to one conversation take
    a fiftieth of the time, still never refused by a stand-in whose limits are scaled alike."""
    time = FakeTime()
    faster = SLACK_POSTING.faster(50)
    paced = pacer(time, faster)
    limiter = RateLimiter({"chat.postMessage": RateLimit(50.0, burst=1, per_channel=True)}, time)
    for _ in range(5):
        await paced.wait("C0TATEAM01")
        assert limiter.check("chat.postMessage", "C0TATEAM01") is None
    assert 4.0 / 50 <= time.now <= 4.0 / 50 / 0.95
    assert (faster.workspace_burst, faster.reserve) == (SLACK_POSTING.workspace_burst, 2)


async def test_each_test_starts_with_a_fresh_shared_pacer_that_remembers_no_post() -> None:
    """So no test waits out the conversation another test posted to a moment before."""
    used = shared_pacer()
    await used.wait("C0DIGEST01")
    fresh = use_posting_rates(SLACK_POSTING)
    assert shared_pacer() is fresh is not used
    assert fresh._earliest("C0DIGEST01", fresh.clock()) <= fresh.clock()
