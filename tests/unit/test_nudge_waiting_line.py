"""bot.blocks.nudge: a step waiting for the TA team's help is one line, without buttons, with
its title shown as typed (escaped), and gone once it is no longer blocked."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from bot.blocks.nudge import NudgeView, nudge_message
from storage.models import Commitment
from tests.support import buttons, visible

TODAY = date(2026, 3, 5)


def step(number: int, title: str, owner: str | None, status: str = "blocked") -> Commitment:
    return Commitment(number=number, title=title, owner_slack_id=owner, status=status, due=None)


def view(waiting: list[Commitment], commitments: list[Commitment] | None = None) -> NudgeView:
    return NudgeView(
        recipient="U1",
        kinds=("checkin",),
        commitments=commitments or [],
        today=TODAY,
        tz=ZoneInfo("America/Chicago"),
        waiting=waiting,
    )


def test_a_waiting_step_is_one_line_without_buttons_and_escaped() -> None:
    message = nudge_message(view([step(5, "Train <!channel> *staff*", "U1")]))

    shown = visible(message)
    assert "`#5`" in shown and "is with the TA team: you asked for help" in shown
    assert "Nothing to do here until then." in shown
    assert "<!channel>" not in shown and "&lt;!channel&gt;" in shown
    assert buttons(message.__dict__) == []
    assert "no open commitments" not in shown


def test_someone_elses_waiting_step_names_who_asked() -> None:
    mine = step(2, "Book the room", "U1", status="open")
    message = nudge_message(view([step(5, "Train staff", "U2")], [mine]))

    assert "<@U2> asked for help" in visible(message)
    assert [b["action_id"] for b in buttons(message.__dict__)][:1] == ["ft_done"]


def test_a_step_no_longer_blocked_loses_its_line() -> None:
    message = nudge_message(view([step(5, "Train staff", "U1", status="in-progress")]))

    assert "with the TA team" not in visible(message)
