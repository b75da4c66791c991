"""The sandbox without a browser: its clock, its demo, its JSON API and what it sends the bot.

These run everywhere (no chromium needed), so the launcher and the fast-forward rules are checked
even where the browser test skips.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import aiohttp
import pytest
from sqlalchemy import insert

from sandbox.demo import DIGEST_CHANNEL, PARTICIPANTS, TA_CHANNEL, by_handle
from sandbox.launch import Sandbox, SandboxError
from sandbox.web_clock import SandboxClock
from sandbox.web_text import as_slack_sends
from sandbox.workspace import Workspace
from storage.db import create_engine
from storage.migrate import upgrade
from storage.models import Workspace as WorkspaceRow
from tests.support import visible
from tests.support.days import (
    CHECKIN_TIME,
    CHICAGO,
    THURSDAY,
    WEEK,
    at,
    first_weekday_from,
    next_monday_digest,
    start_days,
)

#: A Tuesday, 09:00 in Chicago: the demo's fifth session is then Thursday Dec 10.
TUESDAY = datetime(2026, 12, 1, 15, 0, tzinfo=UTC)
#: The demo's westernmost members: "Next day" waits for their 10:00.
DENVER = ZoneInfo("America/Denver")


@pytest.fixture
async def sandbox(tmp_path: Path) -> AsyncIterator[Sandbox]:
    instance = Sandbox(sqlite_path=tmp_path / "sandbox.sqlite3", real_clock=lambda: TUESDAY)
    await instance.start()
    yield instance
    await instance.stop()


async def call(sandbox: Sandbox, path: str, body: dict[str, Any] | None = None) -> Any:
    async with aiohttp.ClientSession() as session:
        if body is None:
            async with session.get(sandbox.url + path) as response:
                return await response.json()
        async with session.post(sandbox.url + path, json=body) as response:
            return await response.json()


async def test_the_page_opens_as_a_participant_with_the_collaborative_s_channels(
    sandbox: Sandbox,
) -> None:
    state = await call(sandbox, "/api/state")
    maria = by_handle("maria")
    assert state["me"] == maria.user_id
    assert state["users"][maria.user_id]["org"] == "Westside Family Health Center"
    assert state["users"]["U0DANA0001"]["ta"] is True
    names = {c["name"] for c in state["conversations"]}
    assert {DIGEST_CHANNEL[1], "general"} <= names
    assert TA_CHANNEL[1] not in names  # a participant is not in the TA channel
    assert any(c["kind"] == "im" for c in state["conversations"])
    assert state["collaborative"]["digest_label"] == "Next Monday 9:00"
    assert state["users"][maria.user_id]["tz"] == maria.tz


def fifth_session_day(today: date) -> date:
    """The demo's calendar, by its own description: fortnightly Thursdays, four held and the
    fifth three to nine days ahead."""
    day = today + timedelta(days=3)
    while day.weekday() != THURSDAY:
        day += timedelta(days=1)
    return day


def expected_header(nudge_day: date, upcoming: int, upcoming_day: date, held: int) -> str:
    """The rhythm for that local day: within `before-session-days` (2) of the next session
    the nudge is the before-session reminder, and so it is when the session comes before the
    next automatic nudge could (four days later, past a weekend), since it rides along rather
    than being lost; else the check-in after the last one."""
    next_possible = first_weekday_from(nudge_day + timedelta(days=4))
    if nudge_day >= upcoming_day - timedelta(days=2) or upcoming_day <= next_possible:
        return f"Session {upcoming} is coming up"
    return f"Check-in after Session {held}"


def last_nudge(sandbox: Sandbox, handle: str) -> str:
    messages = [
        m for m in sandbox.standin.dm_messages(by_handle(handle).user_id) if m.get("blocks")
    ]
    assert messages, f"{handle} got no nudge"
    return visible(messages[-1])


@pytest.mark.parametrize("start_day", start_days())
async def test_next_day_and_next_session_follow_the_rules_from_any_start_day(
    tmp_path: Path, start_day: date
) -> None:
    """From 09:00 on each weekday (and before each DST change): "Next day" is the next day
    nudges may go out, once Denver's 10:00 has come, skipping the weekend; "Next session" is
    Session 5's check-in, whose day (a Saturday) waits for Monday."""
    start = at(start_day, time(9, 0))
    sandbox = Sandbox(sqlite_path=tmp_path / "sandbox.sqlite3", real_clock=lambda: start)
    await sandbox.start()
    try:
        fifth = fifth_session_day(start_day)

        nudge_day = first_weekday_from(start_day + timedelta(days=1))
        report = await call(sandbox, "/api/clock", {"target": "day"})
        assert report["ok"], report
        assert datetime.fromisoformat(report["now"]) == at(nudge_day, CHECKIN_TIME, DENVER)
        assert sandbox.bot.runtime.clock() == sandbox.clock() >= at(nudge_day, CHECKIN_TIME, DENVER)
        assert report["nudges_sent"] >= len(PARTICIPANTS) - 1
        assert expected_header(nudge_day, 5, fifth, 4) in last_nudge(sandbox, "maria")

        checkin_day = first_weekday_from(fifth + timedelta(days=2))
        report = await call(sandbox, "/api/clock", {"target": "session"})
        assert report["ok"], report
        assert datetime.fromisoformat(report["now"]) == at(checkin_day, CHECKIN_TIME, DENVER)
        assert "Check-in after Session 5" in last_nudge(sandbox, "maria")
    finally:
        await sandbox.stop()


@pytest.mark.parametrize("start_day", start_days())
async def test_next_digest_is_the_coming_monday_9_00_from_any_start_day(
    tmp_path: Path, start_day: date
) -> None:
    """Monday 09:00 in Chicago strictly after now (a Monday 09:00 start means next week), with
    the right UTC offset on either side of a DST change; the digest is posted then."""
    start = at(start_day, time(9, 0))
    sandbox = Sandbox(sqlite_path=tmp_path / "sandbox.sqlite3", real_clock=lambda: start)
    await sandbox.start()
    try:
        report = await call(sandbox, "/api/clock", {"target": "digest"})
        assert report["ok"], report
        moment = datetime.fromisoformat(report["now"])
        assert moment == next_monday_digest(start)
        assert moment.astimezone(CHICAGO).hour == 9
        assert report["digests_posted"] == 1
        texts = [m["text"] for m in sandbox.standin.messages(DIGEST_CHANNEL[0])]
        assert any("Weekly digest" in t for t in texts)
    finally:
        await sandbox.stop()


def test_a_pinned_start_runs_on_from_there_and_reset_returns_to_it() -> None:
    """`Sandbox(start=…)` / `python -m sandbox --start`: the clock starts at the pinned instant
    whatever the real date, time runs on from it, and Reset starts over at it."""
    real = [datetime(2031, 5, 6, 7, 8, tzinfo=UTC)]
    pinned = at(WEEK[0], time(9, 0))
    clock = SandboxClock(lambda: real[0], start=pinned)
    assert clock() == pinned
    real[0] += timedelta(minutes=5)
    assert clock() == pinned + timedelta(minutes=5)
    clock.move_to(pinned + timedelta(days=2))
    assert clock() == pinned + timedelta(days=2)
    clock.reset()
    assert clock() == pinned  # starting over means starting at the pinned instant again
    assert SandboxClock(lambda: real[0])() == real[0]  # unpinned: real time


async def test_a_slash_command_goes_to_the_bot_signed_and_escaped_as_slack_sends_it(
    sandbox: Sandbox,
) -> None:
    maria = by_handle("maria").user_id
    answer = await call(
        sandbox,
        "/api/send",
        {"user": maria, "channel": "C0GENERAL", "text": "/plan add Ask <HR> & co owner @sam"},
    )
    assert answer == {"ok": True}
    reply = await sandbox.standin.wait_for(lambda: sandbox.standin.ephemerals(maria))
    assert "Ask &lt;HR&gt; &amp; co" in reply[-1]["text"]
    refused = await call(
        sandbox, "/api/send", {"user": maria, "channel": "C0GENERAL", "text": "/x"}
    )
    assert refused == {
        "ok": False,
        "error": "/x is not a valid command. In this workspace there is /plan.",
    }


async def test_reset_starts_over_with_the_real_time_and_a_fresh_demo(sandbox: Sandbox) -> None:
    await call(sandbox, "/api/clock", {"target": "day"})
    assert sandbox.standin.dm_messages(by_handle("maria").user_id)
    assert await call(sandbox, "/api/reset", {}) == {"ok": True}
    assert sandbox.clock() == TUESDAY
    assert not sandbox.standin.dm_messages(by_handle("maria").user_id)
    async with sandbox.bot.runtime.uow() as uow:
        [collaborative] = await uow.repos.collaboratives.all()
        assert collaborative.next_commitment_number == 13


async def test_a_database_holding_a_real_workspace_is_never_wiped(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'real.sqlite3'}"
    engine = create_engine(url)
    await upgrade(engine)
    async with engine.begin() as connection:
        await connection.execute(insert(WorkspaceRow).values(team_id="TREAL01", created_at=TUESDAY))
    await engine.dispose()
    sandbox = Sandbox(database_url=url)
    with pytest.raises(SandboxError, match="real workspace"):
        await sandbox.start()
    await sandbox.stop()


def test_typed_text_becomes_what_slack_delivers() -> None:
    workspace = Workspace()
    workspace.add_user("U0MARIA001", "maria", display_name="Maria")
    workspace.add_channel("C0COLLAB01", "healthy-work")
    typed = "owner @Maria. see https://example.org/a?b=1&c=2 in #healthy-work, not #12 <b>"
    assert as_slack_sends(typed, workspace, command=True) == (
        "owner <@U0MARIA001|maria>. see <https://example.org/a?b=1&amp;c=2> in "
        "<#C0COLLAB01|healthy-work>, not #12 &lt;b&gt;"
    )
    assert as_slack_sends("hi @maria @here", workspace, command=False) == (
        "hi <@U0MARIA001> <!here>"
    )
