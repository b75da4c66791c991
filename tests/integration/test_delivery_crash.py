"""A 300-person check-in survives a sender SIGKILLed three times and five lost answers: each
person gets exactly one message, and the first run after the last restart delivers the rest."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from bench.crash import crash_and_restart
from bench.seed import Size, add_people, participants, seed
from sandbox.api import SlackStandIn

SESSION = datetime(2026, 12, 1, 16, 0, tzinfo=UTC)  # Tue 10:00 in Chicago
CHECKIN = datetime(2026, 12, 3, 16, 30, tzinfo=UTC)  # Thu 10:30: the check-in is due
SIZE = Size(100, commitments_per_org=1, people_per_org=3)  # 300 participants


async def test_a_killed_sender_restarted_delivers_every_check_in_exactly_once(
    database_url: str, tmp_path: Path
) -> None:
    await seed(database_url, SIZE, SESSION, sessions=[SESSION], statuses_open_only=True)
    people = participants(SIZE)
    async with SlackStandIn() as standin:
        add_people(standin, SIZE)
        result = await crash_and_restart(
            standin,
            database_url,
            people,
            CHECKIN,
            kill_after=(40, 120, 200),
            lose_answers=5,
            lose_every=45,
        )
    assert len(people) == 300
    assert [run.killed for run in result.runs] == [True, True, True, False]
    assert result.runs[-1].exit_code == 0
    assert result.lost_answers == 5
    assert result.exactly_once(people), {p: n for p, n in result.per_recipient.items() if n != 1}
    assert result.statuses == {"sent": 300}  # the first run after the restart finished it all
    assert all(run.held_back <= 1 for run in result.runs)  # a crash holds back what was in flight
