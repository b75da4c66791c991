"""People's text is shown as typed, the same way everywhere: Slack's formatting characters in a
title neither format it nor break the bot's own formatting, and it pings nobody and forges no
link, in a listing, a nudge, the Home tab, the digest and a TA alert alike."""

from __future__ import annotations

from datetime import UTC, datetime

from jobs.digest_job import run_digests
from sandbox.api import SlackStandIn
from sandbox.driver import SlackDriver
from tests.support import visible
from tests.support.harness import BotHarness
from tests.support.harness import Person as Someone
from tests.support.home import open_home
from tests.support.rhythm import CHECKIN, nudge_in, nudges_at, setup_rhythm
from tests.support.workspace import HEALTH_1

#: What a person types, as Slack sends it with should_escape (`<`, `>`, `&` as entities).
TYPED = "*big* _meeting_ ~now~ &lt;!channel&gt; &lt;https://evil|x&gt;"
#: How every place shows it: look-alikes for the formatting characters, `<` and `>` escaped.
SHOWN = "∗big∗ ˍmeetingˍ ∼now∼ &lt;!channel&gt; &lt;https://evil|x&gt;"
MONDAY = datetime(2026, 12, 7, 15, 5, tzinfo=UTC)  # Mon 09:05 in Chicago: the digest is due


def assert_shown_as_typed(where: str, text: str) -> None:
    assert SHOWN in text, f"{where}: {text}"
    assert "<!channel>" not in text, where  # pings nobody
    assert "<https://evil" not in text, where  # forges no link
    assert "*big*" not in text and "_meeting_" not in text and "~now~" not in text, where


async def test_a_title_with_formatting_characters_shows_the_same_everywhere(
    bot: BotHarness,
    people: dict[str, Someone],
    standin: SlackStandIn,
    slack: SlackDriver,
) -> None:
    await setup_rhythm(people)
    added = await people["maria"].plan(f"add {TYPED} due 2026-12-20")
    assert "`#3`" in added
    assert_shown_as_typed("the reply to /plan add", added)

    assert_shown_as_typed("the listing", await people["maria"].plan("list"))

    await nudges_at(bot, CHECKIN)
    nudge = nudge_in(standin, HEALTH_1)
    assert_shown_as_typed("the nudge", visible(nudge))

    assert_shown_as_typed("the Home tab", visible(await open_home(slack, standin, HEALTH_1)))

    channel = standin.dm_channel(HEALTH_1)
    assert channel is not None
    await slack.click(HEALTH_1, channel, nudge["ts"], "ft_blocked", value="3")
    (modal,) = await standin.wait_for(lambda: standin.open_modals(HEALTH_1))
    reason = {"reason": {"reason": {"type": "plain_text_input", "value": "A *venue*"}}}
    assert (await slack.submit_view(HEALTH_1, modal["id"], reason)).status == 200
    alerts = await standin.wait_for(lambda: standin.messages("C0TATEAM01"))
    assert_shown_as_typed("the TA alert", visible(alerts[-1]))
    assert "A ∗venue∗" in visible(alerts[-1])

    bot.clock.set(MONDAY)
    await run_digests(bot.runtime.uow, bot.process.app.client, MONDAY)
    (summary,) = standin.messages("C0DIGEST01")[:1]
    digest = "\n".join(visible(m) for m in standin.thread("C0DIGEST01", summary["ts"]))
    assert_shown_as_typed("the digest", digest)
    assert "help needed: “A ∗venue∗”" in digest
