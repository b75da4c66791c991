"""A listing stays within Slack's limits however many commitments there are."""

from __future__ import annotations

from sandbox.api import SlackStandIn
from tests.conftest import BotHarness
from tests.conftest import Person as Someone
from tests.support.listing import ORGANIZATIONS, PER_ORGANIZATION, seed


async def test_every_commitment_is_listed_within_slacks_limits(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn
) -> None:
    await seed(bot, people)
    response = await people["ta"].slack.command(people["ta"].user_id, "list")
    url = response.response_url or ""

    total = ORGANIZATIONS * PER_ORGANIZATION

    def everything_listed() -> str | None:
        shown = "\n".join(str(b) for b in standin.responses_to(url))
        return shown if all(f"`#{n}`" in shown for n in range(1, total + 1)) else None

    shown = await standin.wait_for(everything_listed)
    calls = [c for c in standin.calls if c.method == "response_url"]
    assert all(c.ok for c in calls), [c.error for c in calls]  # nothing Slack would refuse
    assert "&amp; Partners &lt;Westside&gt;" in shown
    for body in standin.responses_to(url):
        assert len(body["blocks"]) <= 50
