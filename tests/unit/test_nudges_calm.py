"""core.nudges: calmer nudges. Overdue or stale never both, nothing on schedule called stale,
stale at most once a fortnight, and the most urgent commitments first (they get the buttons)."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from core.nudges import MAX_WITH_BUTTONS, CommitmentSnap, PlanningState, Settings, plan_nudges
from core.nudges_model import STALE_HORIZON_DAYS, STALE_QUIET_DAYS
from core.nudges_rules import next_allowed
from tests.support.nudges import U1, U2, by_recipient, commitment, keys, make_state, record, utc

STALE_ON = Settings(timezone="America/Chicago")
#: Mon 16 March 2026, 10:00 in Chicago (CDT): no session nearby, only single-commitment rules.
MONDAY = utc(2026, 3, 16, 15)
TODAY = date(2026, 3, 16)
LONG_AGO = utc(2026, 2, 1)


def state_of(*commitments: CommitmentSnap) -> PlanningState:
    return make_state(settings=STALE_ON, sessions=(), commitments=commitments)


def planned(state: PlanningState, now: datetime) -> dict[str, list[str]]:
    return {m.recipient: keys(m) for m in plan_nudges(state, now)}


def test_an_overdue_quiet_commitment_is_called_overdue_only() -> None:
    late = commitment(101, 1, 1, U1, due=date(2026, 3, 10), updated_at=LONG_AGO)

    assert planned(state_of(late), MONDAY) == {U1: ["overdue:101:2026-03-10:0"]}


def test_a_quiet_commitment_due_soon_is_reminded_of_its_date_only() -> None:
    soon = commitment(101, 1, 1, U1, due=TODAY + timedelta(days=1), updated_at=LONG_AGO)

    assert planned(state_of(soon), MONDAY) == {U1: ["due-soon:101:2026-03-17"]}


def test_a_quiet_commitment_due_far_ahead_is_not_stale() -> None:
    far = TODAY + timedelta(days=STALE_HORIZON_DAYS + 1)
    in_2027 = commitment(101, 1, 1, U1, due=date(2027, 2, 1), updated_at=LONG_AGO)
    just_past_horizon = commitment(102, 2, 1, U2, due=far, updated_at=LONG_AGO)
    at_horizon = commitment(103, 3, 1, U1, due=far - timedelta(days=1), updated_at=LONG_AGO)
    undated = commitment(105, 5, 1, U2, updated_at=LONG_AGO)

    found = planned(state_of(in_2027, just_past_horizon, at_horizon, undated), MONDAY)

    assert found == {U1: ["stale:103:2026-02-01"], U2: ["stale:105:2026-02-01"]}


def test_stale_at_most_once_a_fortnight_even_after_an_update() -> None:
    quiet = commitment(101, 1, 1, U1, updated_at=LONG_AGO)
    state = state_of(quiet)
    state = record(state, plan_nudges(state, MONDAY), MONDAY)
    # an update a day later restarts the stale clock; ten quiet days after it, still too soon
    touched = commitment(101, 1, 1, U1, updated_at=MONDAY + timedelta(days=1))
    state = dataclasses.replace(state, commitments=(touched,))
    almost = MONDAY + timedelta(days=STALE_QUIET_DAYS - 1)

    assert planned(state, almost) == {}
    assert planned(state, MONDAY + timedelta(days=STALE_QUIET_DAYS)) == {
        U1: ["stale:101:2026-03-17"]
    }


def test_the_most_urgent_commitments_come_first() -> None:
    """At the check-in after session 1 (Thu 5 March) every open commitment is named; the
    overdue one leads, then the one due soon, then the stale one, then the rest by number."""
    checkin_day = utc(2026, 3, 5, 16)
    fresh = checkin_day - timedelta(days=1)
    state = make_state(
        settings=STALE_ON,
        commitments=(
            commitment(101, 1, 1, U1, updated_at=fresh),
            commitment(102, 2, 1, U1, updated_at=fresh),
            commitment(103, 3, 1, U2, updated_at=LONG_AGO),  # stale, but U2's to hear about
            commitment(104, 4, 1, U1, due=date(2026, 3, 6), updated_at=fresh),
            commitment(105, 5, 1, U1, due=date(2026, 3, 2), updated_at=fresh),
            commitment(106, 6, 1, U1, updated_at=LONG_AGO),
            commitment(107, 7, 1, U1, updated_at=fresh),
        ),
    )

    message = by_recipient(plan_nudges(state, checkin_day))[U1]

    assert message.commitment_numbers[:MAX_WITH_BUTTONS] == (5, 4, 6)
    assert message.commitment_numbers[MAX_WITH_BUTTONS:] == (1, 2, 7, 3)


# --------------------------------------------------------------------------- a TA's messages


def test_a_tas_message_waits_for_the_end_of_quiet_hours_or_the_weekend_only() -> None:
    chicago = ZoneInfo("America/Chicago")
    at_night = utc(2026, 3, 17, 7, 59)  # Tue 2:59 CDT
    saturday = utc(2026, 3, 21, 15)  # Sat 10:00 CDT
    tuesday_morning = utc(2026, 3, 17, 14, 30)  # 9:30 CDT: before the 10:00 check-in time

    assert next_allowed(at_night, chicago, STALE_ON) == utc(2026, 3, 17, 14)  # 9:00 CDT
    assert next_allowed(saturday, chicago, STALE_ON) == utc(2026, 3, 23, 14)  # Mon 9:00 CDT
    assert next_allowed(tuesday_morning, chicago, STALE_ON) == tuesday_morning
    weekends_on = dataclasses.replace(STALE_ON, skip_weekends=False)
    assert next_allowed(saturday, chicago, weekends_on) == saturday
