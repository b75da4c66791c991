"""The sandbox without a browser: its clock, its demo, its JSON API and what it sends the bot.

These run everywhere (no chromium needed), so the launcher and the fast-forward rules are checked
even where the browser test skips.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from sqlalchemy import insert

from sandbox.demo import DIGEST_CHANNEL, PARTICIPANTS, TA_CHANNEL, by_handle
from sandbox.launch import Sandbox, SandboxError
from sandbox.web_text import as_slack_sends
from sandbox.workspace import Workspace
from storage.db import create_engine
from storage.migrate import upgrade
from storage.models import Workspace as WorkspaceRow

#: A Tuesday, 09:00 in Chicago: the demo's fifth session is then Thursday Dec 10.
TUESDAY = datetime(2026, 12, 1, 15, 0, tzinfo=UTC)


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


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        # the next day, once Denver's 10:00 check-in time has come too
        ("day", datetime(2026, 12, 2, 17, 0, tzinfo=UTC)),
        # Session 5 is Thu Dec 10; its check-in day, Saturday, waits for Monday
        ("session", datetime(2026, 12, 14, 17, 0, tzinfo=UTC)),
        ("digest", datetime(2026, 12, 7, 15, 0, tzinfo=UTC)),
    ],
)
async def test_fast_forward_moves_the_clock_and_runs_the_jobs_then(
    sandbox: Sandbox, target: str, expected: datetime
) -> None:
    report = await call(sandbox, "/api/clock", {"target": target})
    assert report["ok"], report
    assert datetime.fromisoformat(report["now"]) == expected
    assert sandbox.clock() >= expected
    assert sandbox.bot.runtime.clock() == sandbox.clock()
    if target == "digest":
        assert report["digests_posted"] == 1
        texts = [m["text"] for m in sandbox.standin.messages(DIGEST_CHANNEL[0])]
        assert any("Weekly digest" in t for t in texts)
    else:
        assert report["nudges_sent"] >= len(PARTICIPANTS) - 1
        dm = sandbox.standin.dm_messages(by_handle("maria").user_id)
        assert any("Check-in after Session" in m["text"] for m in dm)


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
