"""Sessions keep their numbers; sessions can be moved and removed, resources removed; help by
command. End to end over signed HTTP against the Slack stand-in."""

from __future__ import annotations

import csv
import io

from core.transfer import import_files
from core.transfer_export import export_files
from core.transfer_formats import parse
from tests.conftest import BotHarness
from tests.conftest import Person as Someone
from tests.support.rhythm import setup_collaborative, setup_rhythm

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
    assert "*1.* Understanding precarious work · Tue Dec 1" in listing
    assert "*3.* Bonus session · Tue Dec 8" in listing
    assert "*2.* Designing PSE change · Tue Dec 15" in listing
    assert listing.index("*3.* Bonus") < listing.index("*2.* Designing")  # still in time order

    # a number typed later means the session that was given it
    assert "Resource 2" in await ta.plan("resource add https://example.org/b Bonus notes session 3")
    async with bot.runtime.uow() as uow:
        [bonus_notes] = [r for r in await uow.repos.resources.all(1) if r.title == "Bonus notes"]
        bonus = next(s for s in await uow.repos.sessions.all(1) if s.title == "Bonus session")
        assert bonus_notes.session_id == bonus.id
        files = await export_files(uow, await uow.repos.collaboratives.get(1))
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
    for line in ("*1.* Kickoff", "*3.* Bonus session", "*4.* Designing PSE change", "*5.* Closing"):
        assert line in listing
    assert "*2.*" not in listing
