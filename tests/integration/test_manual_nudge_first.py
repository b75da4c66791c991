"""A TA's check-in held for someone's morning and the automatic one never arrive together: the
automatic one waits until the TA's went out, and then for the next day (walk report, other
problem 9: Ben got both, a second apart, about the same blocked step)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sandbox.api import SlackStandIn
from tests.support import visible
from tests.support.harness import BotHarness
from tests.support.harness import Person as Someone
from tests.support.rhythm import CHECKIN, nudges_at, setup_rhythm
from tests.support.workspace import HEALTH_1

#: Wed Dec 2, 2:59 in Chicago: maria's quiet hours; the TA's nudge waits for 9:00.
NIGHT = datetime(2026, 12, 2, 8, 59, tzinfo=UTC)


def nudges_to_maria(standin: SlackStandIn) -> list[str]:
    return [visible(m) for m in standin.dm_messages(HEALTH_1) if m.get("blocks")]


async def test_a_held_ta_nudge_delivered_late_is_that_mornings_only_nudge(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn
) -> None:
    await setup_rhythm(people)  # Session 1 on Tue Dec 1: the check-in opens Thu Dec 3
    bot.clock.set(NIGHT)
    reply = await people["ta"].plan("nudge mercy How is the policy draft going?")
    assert "Nothing sent yet" in reply
    # the send job did not run on Wednesday; Thursday's run finds both due at once

    await nudges_at(bot, CHECKIN)
    await nudges_at(bot, CHECKIN + timedelta(minutes=5))

    [only] = nudges_to_maria(standin)
    assert "asked me to check in" in only and "How is the policy draft going?" in only

    await nudges_at(bot, CHECKIN + timedelta(days=1))  # Friday: the automatic check-in
    later = nudges_to_maria(standin)
    assert len(later) == 2 and "Check-in after Session 1" in later[-1]
