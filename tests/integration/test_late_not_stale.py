"""A late commitment is always called late: between its weekly overdue reminders it is never
"no update for a while", it comes before those merely due soon, and the rest line counts it as
overdue whether or not this message carries a reminder about it (walk report, problem 9)."""

from __future__ import annotations

from datetime import UTC, datetime

from sandbox.api import SlackStandIn
from tests.support import visible
from tests.support.harness import BotHarness
from tests.support.harness import Person as Someone
from tests.support.rhythm import nudges_at, setup_rhythm
from tests.support.workspace import HEALTH_1

#: Mon Dec 14 and Fri Dec 18, 10:30 in Chicago (Session 2 is Tue Dec 15).
MONDAY = datetime(2026, 12, 14, 16, 30, tzinfo=UTC)
FRIDAY = datetime(2026, 12, 18, 16, 30, tzinfo=UTC)


async def test_a_late_commitment_is_never_called_stale_and_comes_first(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn
) -> None:
    await setup_rhythm(people)  # maria's #1 is due Sun Dec 20
    maria = people["maria"]
    for line in (
        "Call Rosa due 2026-12-11",  # 3: late from Dec 12
        "Print the flyers due 2026-12-11",  # 4
        "Book the hall due 2026-12-11",  # 5
        "Order the banners due 2026-12-11",  # 6
        "Send the agenda due 2026-12-19",  # 7: due soon on Friday
        "Confirm the caterer due 2026-12-19",  # 8
    ):
        assert "#" in await maria.plan(f"add {line}")

    await nudges_at(bot, MONDAY)  # the first overdue reminders about #3–#6
    assert "`#3` was due" in visible(standin.dm_messages(HEALTH_1)[-1])

    await nudges_at(bot, FRIDAY)  # the check-in after Session 2; #3–#6 are 7 days late

    friday = standin.dm_messages(HEALTH_1)[-1]
    shown = visible(friday)
    assert "Check-in after Session 2" in shown
    assert "No update on" not in shown
    rows = [b["block_id"] for b in friday["blocks"] if b.get("type") == "actions"]
    assert rows[:3] == ["c3", "c4", "c5"]  # late before due soon
    assert "4 more open commitments (1 overdue, 3 due soon)" in shown, shown


async def test_between_weekly_reminders_a_late_commitment_is_not_called_stale(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn
) -> None:
    await setup_rhythm(people)
    assert "#3" in await people["maria"].plan("add Call Rosa due 2026-12-11")
    await nudges_at(bot, MONDAY)

    await nudges_at(bot, FRIDAY)

    shown = visible(standin.dm_messages(HEALTH_1)[-1])
    assert "Check-in after Session 2" in shown
    assert "`#3` *Call Rosa* · Open · <@UHEALTH001> · *7 days late*" in shown
    assert "No update on" not in shown
