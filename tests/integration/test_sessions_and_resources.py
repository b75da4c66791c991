"""Sessions keep their numbers; sessions can be moved and removed, resources removed; help by
command. End to end over signed HTTP against the Slack stand-in."""

from __future__ import annotations

import csv
import io

from core.transfer import import_files
from core.transfer_export import export_files
from core.transfer_formats import parse
from sandbox.api import SlackStandIn
from sandbox.driver import SlackDriver
from tests.conftest import HEALTH_1, LABOR_1, TA, BotHarness
from tests.conftest import Person as Someone
from tests.support import buttons, visible
from tests.support.home import open_home
from tests.support.rhythm import (
    CHECKIN,
    nudge_in,
    nudges_at,
    setup_collaborative,
    setup_rhythm,
)

# ------------------------------------------------------------------ stable session numbers


async def test_adding_an_earlier_session_does_not_renumber_later_ones(
    bot: BotHarness, people: dict[str, Someone]
) -> None:
    await setup_rhythm(people)  # 1: Dec 1, 2: Dec 15; resource 1 belongs to session 1
    ta = people["ta"]
    assert "Session 3, *Bonus session*" in await ta.plan(
        "session add 2026-12-08 10:00 Bonus session"
    )
    listing = await people["maria"].plan("session list")
    assert "Tue Dec 1, 10:00 CST · *Session 1 · Understanding precarious work*" in listing
    assert "Tue Dec 8, 10:00 CST · *Session 3 · Bonus session*" in listing
    assert "Tue Dec 15, 10:00 CST · *Session 2 · Designing PSE change*" in listing
    assert listing.index("Session 3 · Bonus") < listing.index("Session 2 · Designing")  # by date
    assert "keeps its number when it moves or an earlier one is added" in listing

    # a number typed later means the session that was given it
    assert "Resource 2" in await ta.plan("resource add https://example.org/b Bonus notes session 3")
    async with bot.runtime.uow() as uow:
        [bonus_notes] = [r for r in await uow.repos.resources.all(1) if r.title == "Bonus notes"]
        bonus = next(s for s in await uow.repos.sessions.all(1) if s.title == "Bonus session")
        assert bonus_notes.session_id == bonus.id
        files = await export_files(uow, await uow.repos.collaboratives.get(1), bot.clock())
    rows = list(csv.DictReader(io.StringIO(files["sessions.csv"])))
    assert [(r["session"], r["title"]) for r in rows] == [
        ("1", "Understanding precarious work"),
        ("3", "Bonus session"),
        ("2", "Designing PSE change"),
    ]


async def test_imported_sessions_keep_the_files_numbers_and_new_ones_come_after(
    bot: BotHarness, people: dict[str, Someone]
) -> None:
    """An export with a gap (session 2 was removed) imports back with the same numbers."""
    await setup_collaborative(people)
    sessions = (
        "session,starts_at,title\n"
        "1,2026-12-01T10:00:00-06:00,Kickoff\n"
        "3,2026-12-08T10:00:00-06:00,Bonus session\n"
        "4,2026-12-15T10:00:00-06:00,Designing PSE change\n"
    )
    async with bot.runtime.uow() as uow:
        await import_files(uow, [parse(sessions)], bot.clock(), "America/Chicago")
    ta = people["ta"]
    assert "Session 5, *Closing*" in await ta.plan("session add 2026-12-22 10:00 Closing")
    listing = await ta.plan("session list")
    for name in ("1 · Kickoff", "3 · Bonus session", "4 · Designing PSE change", "5 · Closing"):
        assert f"*Session {name}*" in listing
    assert "Session 2 ·" not in listing
    assert "keeps its number" not in listing  # a gap is no disorder: nothing to explain


async def test_nudges_and_the_digest_use_the_stored_number(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn
) -> None:
    await setup_rhythm(people)
    ta = people["ta"]
    await ta.plan("session add 2026-11-24 10:00 Warm-up call")  # before session 1: number 3
    await ta.plan("session add 2026-12-08 10:00 Bonus session")  # number 4
    await nudges_at(bot, CHECKIN)
    assert "Check-in after Session 1" in visible(nudge_in(standin, LABOR_1))
    digest = "\n".join(visible(r) for r in await ta.plan_replies("digest preview", count=2))
    assert "*Session 4 · Bonus session*" in digest


async def test_the_next_session_has_one_name_in_the_list_on_home_and_in_the_digest(
    bot: BotHarness, people: dict[str, Someone], slack: SlackDriver, standin: SlackStandIn
) -> None:
    """Listed by date with the number it keeps, named `Session N · Title` everywhere, so the
    list's order and numbers never read as a mistake and people can match the three up."""
    await setup_rhythm(people)  # 1: Dec 1, 2: Dec 15
    await people["ta"].plan("session add 2026-12-08 10:00 Bonus session")  # 3, between them
    bot.clock.set(CHECKIN)  # Thu Dec 3: session 3 is next
    name = "*Session 3 · Bonus session*"
    listing = await people["maria"].plan("sessions")
    assert f":arrow_right: Tue Dec 8, 10:00 CST · {name}" in listing
    assert "*3.*" not in listing  # a number is never shown as a list position
    await open_home(slack, standin, HEALTH_1)
    assert "*Next: Session 3 · Bonus session* · Tue Dec 8" in visible(standin.home_view(HEALTH_1))
    digest = "\n".join(
        visible(r) for r in await people["ta"].plan_replies("digest preview", count=2)
    )
    assert f"{name} is in 5 days" in digest


# ------------------------------------------------------------------ move and remove sessions


async def test_moving_a_session_keeps_its_number_and_says_what_changed(
    bot: BotHarness, people: dict[str, Someone]
) -> None:
    await setup_rhythm(people)
    ta = people["ta"]
    reply = await ta.plan("session move 2 2026-12-16 14:00")
    assert (
        "Session 2, *Designing PSE change*, moved from Tue Dec 15, 10:00 CST to "
        "Wed Dec 16, 14:00 CST" in reply
    )
    listing = await people["sam"].plan("session list")  # New York
    assert "Wed Dec 16, 15:00 EST · *Session 2 · Designing PSE change*" in listing
    # moved before session 1: still session 2, listed first
    await ta.plan("session move 2 2026-11-24 10:00")
    listing = await ta.plan("session list")
    assert listing.index("Session 2 · Designing") < listing.index("Session 1 · Understanding")


async def test_removing_an_unused_session_happens_at_once(
    bot: BotHarness, people: dict[str, Someone]
) -> None:
    await setup_rhythm(people)  # nothing names session 2
    ta = people["ta"]
    reply = await ta.plan("session remove 2")
    assert "Session 2, *Designing PSE change*, is off the calendar." in reply
    assert "pointing" not in reply
    assert "Session 3" in await ta.plan("session add 2026-12-15 10:00 Designing PSE change")
    assert "Session 2 ·" not in await ta.plan("session list")  # its number is not given again


async def test_removing_a_session_in_use_asks_first_then_detaches(
    bot: BotHarness, people: dict[str, Someone], slack: SlackDriver, standin: SlackStandIn
) -> None:
    await setup_rhythm(people)  # session 1 (Dec 1, 10:00) has resource 1
    bot.clock.advance(hours=2)  # after session 1 started: a new commitment belongs to it
    await people["maria"].plan("add Meet the night-shift staff")
    assert "*Session:* 1, Understanding precarious work" in await people["maria"].plan("show 3")
    ta = people["ta"]
    question = await ta.plan("session remove 1")
    assert (
        "Session 1, *Understanding precarious work*, has 1 commitment and 1 resource pointing "
        "at it. Remove it anyway? They stay, with no session." in question
    )
    assert "*Session 1 · Understanding precarious work*" in await ta.plan(
        "session list"
    )  # nothing changed yet

    # "Keep it" changes nothing
    [asked] = [m for m in standin.ephemerals(TA) if "Remove it anyway" in visible(m)]
    await slack.click(TA, "C0GENERAL", asked["ts"], "plan_cancel")
    await standin.wait_for(lambda: "Nothing was changed" in visible(asked))
    assert "*Session 1 · Understanding precarious work*" in await ta.plan("session list")

    await ta.plan("session remove 1")
    [asked] = [m for m in standin.ephemerals(TA) if "Remove it anyway" in visible(m)]
    await slack.click(TA, "C0GENERAL", asked["ts"], "plan_confirm")
    await standin.wait_for(lambda: "off the calendar" in visible(asked))
    assert (
        "Session 1, *Understanding precarious work*, is off the calendar. 1 commitment and "
        "1 resource were kept, with no session." in visible(asked)
    )
    assert not buttons(asked)
    listing = await ta.plan("session list")
    assert "Understanding" not in listing and "*Session 2 · Designing PSE change*" in listing
    shown = await people["maria"].plan("show 3")
    assert "Meet the night-shift staff" in shown and "*Session:* 1" not in shown
    assert "Precarious work primer" in await people["maria"].plan("resources")


async def test_session_move_and_remove_are_for_ta_providers(
    bot: BotHarness, people: dict[str, Someone]
) -> None:
    await setup_rhythm(people)
    for text in ("session move 1 2026-12-02 10:00", "session remove 2"):
        reply = await people["maria"].plan(text)
        assert "TA provider" in reply, reply
    listing = await people["ta"].plan("session list")
    assert "Tue Dec 15, 10:00 CST · *Session 2 · Designing PSE change*" in listing


# ------------------------------------------------------------------------ remove a resource


async def test_a_removed_resource_is_not_listed_shared_or_sent_but_past_shares_count(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn
) -> None:
    await setup_rhythm(people)  # resource 1 belongs to session 1
    ta = people["ta"]
    await ta.plan("resource add https://example.org/wages Wage-theft toolkit #basics session 1")
    assert "Shared *Precarious work primer* with 2" in await ta.plan("share 1 mercy")

    reply = await ta.plan("resource remove 1")
    assert (
        ":wastebasket: Resource 1, <https://example.org/precarious-work|Precarious work primer>, "
        "is out of the library" in reply
    )
    listing = await people["jorge"].plan("resources")
    assert "Wage-theft toolkit" in listing and "Precarious work primer" not in listing
    assert "There is no resource 1" in await ta.plan("share 1 mercy")
    assert "There is no resource 1" in await ta.plan("resource remove 1")  # not twice

    # the check-in after session 1 carries the session's other resource only
    await nudges_at(bot, CHECKIN)
    checkin = visible(nudge_in(standin, LABOR_1))
    assert "Wage-theft toolkit" in checkin and "Precarious work primer" not in checkin

    # what was shared before the removal still counts for the TA team
    digest = "\n".join(visible(r) for r in await ta.plan_replies("digest preview", count=2))
    assert "1 resource shared with 1 organization" in digest


async def test_resource_remove_is_for_ta_providers(
    bot: BotHarness, people: dict[str, Someone]
) -> None:
    await setup_rhythm(people)
    assert "TA provider" in await people["maria"].plan("resource remove 1")
    assert "Precarious work primer" in await people["maria"].plan("resources")


# ------------------------------------------------------------------------------------ help


async def test_help_on_one_command_explains_it_with_an_example(
    bot: BotHarness, people: dict[str, Someone]
) -> None:
    await setup_collaborative(people)
    shown = await people["maria"].plan("help add")
    assert "/plan add <text> [due <date>] [owner @person]" in shown
    assert "Adds a commitment to your organization" in shown
    assert "Example: `/plan add Draft a predictable-scheduling policy due friday`" in shown
    # a group: each of its commands the TA may run
    shown = await people["ta"].plan("help session")
    for fragment in (
        "/plan session add <YYYY-MM-DD> <HH:MM> <title>",
        "Example: `/plan session move 5 2026-12-16 14:00`",
        "Example: `/plan session remove 6`",
    ):
        assert fragment in shown


async def test_participant_help_shows_only_what_a_participant_may_do(
    bot: BotHarness, people: dict[str, Someone]
) -> None:
    await setup_collaborative(people)
    shown = await people["maria"].plan("help session")
    assert "/plan session list" in shown
    assert "session add" not in shown and "session remove" not in shown
    shown = await people["maria"].plan("help org add")
    assert "`/plan org add` is for TA providers. `/plan help` shows what you can do." in shown
    assert "Example" not in shown
    shown = await people["pat"].plan("help add")  # in no organization
    assert "is for members of an organization: ask a TA provider to add you" in shown
    everything = await people["maria"].plan("help")
    assert "/plan add" in everything and "/plan session list" in everything
    assert "/plan session remove" not in everything and "/plan resource remove" not in everything
    assert "`/plan help <command>` explains one" in everything
