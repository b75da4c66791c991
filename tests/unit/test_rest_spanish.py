"""Dates inside the bot's messages follow the reader's language: a step's due date, its
lateness and a session's time read ``vie 18 dic`` / ``mar 15 dic, 10:00 CST`` for a Spanish
speaker, and exactly as before for an English one; the chart labels its weeks the same way."""

from __future__ import annotations

from datetime import date

from bot.blocks.commitments import due_text
from bot.chart import ChartInput, OrgBar, alt_text
from core.i18n import speaking
from core.i18n_dates import month_day
from storage.models import Commitment

TODAY = date(2026, 11, 30)  # a Monday


def step(due: date) -> Commitment:
    return Commitment(number=2, title="Paso", owner_slack_id="U1", status="open", due=due)


def test_a_due_date_and_lateness_read_in_spanish() -> None:
    with speaking("es"):
        assert due_text(step(date(2026, 12, 18)), TODAY) == "fecha límite: vie 18 dic"
        late = due_text(step(date(2026, 11, 27)), TODAY)
        assert "3 días" in late and "vie 27 nov" in late, late
    with speaking("en"):
        assert due_text(step(date(2026, 12, 18)), TODAY) == "due Fri Dec 18"
        assert due_text(step(date(2026, 11, 27)), TODAY) == "*3 days late* (due Fri Nov 27)"


def test_the_charts_weeks_read_in_the_digests_language() -> None:
    data = ChartInput(
        "Colaborativo",
        [OrgBar("Clínica", done=1, in_progress=0, open=0, blocked=0, overdue=0)],
        [(date(2026, 11, 23), 0), (date(2026, 11, 30), 1)],
    )
    with speaking("es"):
        assert month_day(date(2026, 9, 14)) == "14 sept"
        assert alt_text(data).endswith("semana del: 23 nov 0, 30 nov 1.")
    with speaking("en"):
        assert month_day(date(2026, 9, 14)) == "Sep 14"
        assert alt_text(data).endswith("week of: Nov 23 0, Nov 30 1.")
