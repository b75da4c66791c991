"""A listing stays within Slack's limits however many commitments there are."""

from __future__ import annotations

from sandbox.api import SlackStandIn
from storage.models import Commitment, Organization
from tests.conftest import START, BotHarness
from tests.conftest import Person as Someone

ORGANIZATIONS = 30
PER_ORGANIZATION = 15


async def seed(bot: BotHarness, people: dict[str, Someone]) -> None:
    await people["ta"].plan("help")  # first contact creates the collaborative
    async with bot.runtime.uow() as uow:
        collaborative = (await uow.repos.collaboratives.all())[0]
        number = 0
        for o in range(ORGANIZATIONS):
            org = Organization(
                collaborative_id=collaborative.id,
                name=f"Organization {o:02d} & Partners <Westside>",
                handle=f"org-{o:02d}",
                sphere="health",
                created_at=START,
            )
            await uow.repos.organizations.add(org)
            for _ in range(PER_ORGANIZATION):
                number += 1
                uow.session.add(
                    Commitment(
                        collaborative_id=collaborative.id,
                        number=number,
                        organization_id=org.id,
                        title=f"Step {number} " + "x" * 180,
                        status="open",
                        created_at=START,
                        updated_at=START,
                    )
                )
        collaborative.next_commitment_number = number + 1
        await uow.commit()


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
