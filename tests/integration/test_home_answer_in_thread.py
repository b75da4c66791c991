"""An answer given from the TA's Home tab shows in the help alert's thread too, where the TA team
looks, so another TA provider sees the step was answered and doesn't answer twice (walk report,
other problem 6)."""

from __future__ import annotations

from sandbox.api import SlackStandIn
from sandbox.driver import SlackDriver
from tests.conftest import LABOR_1, TA, BotHarness
from tests.conftest import Person as Someone
from tests.support import visible
from tests.support.home import open_home
from tests.support.ta_home import (
    alert_from_a_home_block,
    dm_saying,
    open_form,
    typed,
)
from tests.support.workspace import TA_CHANNEL


async def test_an_answer_from_home_is_posted_in_the_alerts_thread(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn, slack: SlackDriver
) -> None:
    alert = await alert_from_a_home_block(bot, people, slack, standin)

    await open_home(slack, standin, TA)
    modal = await open_form(slack, standin, "ft_home_reply", "2")
    await slack.submit_view(TA, modal["id"], typed("reply", "Try the *county* print shop."))
    told = await dm_saying(standin, TA, "Sent your reply")  # after both went out

    in_thread = [m for m in standin.thread(TA_CHANNEL, alert["ts"]) if m["ts"] != alert["ts"]]
    echoes = [visible(m) for m in in_thread if "Answered by" in visible(m)]
    assert len(echoes) == 1, ([visible(m) for m in in_thread], visible(told))
    [echo] = echoes
    assert f"Answered by <@{TA}> from their Home tab" in echo
    assert f"<@{LABOR_1}>" in echo and "`#2`" in echo
    assert "> Try the ∗county∗ print shop." in echo  # their text, escaped
    assert f"Reply in this thread to add more: it goes to <@{LABOR_1}>." in echo
    assert "alert's thread" in visible(told)
