"""core.nudges: reminders about single commitments (due soon, overdue, stale) and combining."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime

from core.nudges import (
    CommitmentSnap,
    NudgeItem,
    PersonSnap,
    PlannedMessage,
    PlanningState,
    Settings,
    plan_nudges,
)
from tests.support.nudges import (
    C2,
    C3,
    PEOPLE,
    U1,
    U2,
    U3,
    by_recipient,
    commitment,
    keys,
    make_state,
    record,
    utc,
)

NO_STALE = Settings(timezone="America/Chicago", stale_days=0)
DUE = date(2026, 3, 12)  # a Thursday


def ten_am(month: int, day: int) -> datetime:
    """10:00 in Chicago on a 2026 day (CST before 8 March, CDT after)."""
    return utc(2026, month, day, 16 if (month, day) < (3, 8) else 15)


def reminder_state(
    *commitments: CommitmentSnap,
    settings: Settings = NO_STALE,
    people: tuple[PersonSnap, ...] = PEOPLE,
) -> PlanningState:
    """No sessions, so only the per-commitment rules speak."""
    return make_state(settings=settings, sessions=(), people=people, commitments=commitments)


def planned(state: PlanningState, now: datetime) -> dict[str, list[str]]:
    return {m.recipient: keys(m) for m in plan_nudges(state, now)}


def deliver(state: PlanningState, now: datetime) -> tuple[PlanningState, list[PlannedMessage]]:
    messages = plan_nudges(state, now)
    return record(state, messages, now), messages


# --------------------------------------------------------------------------- due soon


def test_due_soon_window_and_key() -> None:
    state = reminder_state(commitment(101, 1, 1, U1, due=DUE))

    assert planned(state, ten_am(3, 9)) == {}
    assert planned(state, ten_am(3, 10)) == {U1: ["due-soon:101:2026-03-12"]}
    assert planned(state, ten_am(3, 12)) == {U1: ["due-soon:101:2026-03-12"]}  # not yet sent
    state, _ = deliver(state, ten_am(3, 10))
    assert planned(state, ten_am(3, 11)) == {}
    assert planned(state, ten_am(3, 12)) == {}


def test_due_soon_goes_to_every_member_without_an_owner_in_the_organization() -> None:
    unowned = commitment(101, 1, 1, None, due=DUE)
    outsider = commitment(102, 2, 1, "U9", due=DUE)  # owner left the organization
    state = reminder_state(unowned, outsider)

    messages = by_recipient(plan_nudges(state, ten_am(3, 10)))
    assert sorted(messages) == [U1, U2]
    assert messages[U1].commitment_numbers == (1, 2)
    assert keys(messages[U2]) == ["due-soon:101:2026-03-12", "due-soon:102:2026-03-12"]


def test_only_active_unsnoozed_commitments_are_reminded() -> None:
    done = commitment(101, 1, 1, U1, due=DUE, status="done")
    dropped = commitment(102, 2, 1, U2, due=DUE, status="dropped")
    snoozed = commitment(103, 3, 2, U3, due=DUE, snoozed_until=utc(2026, 3, 11, 12))
    state = reminder_state(done, dropped, snoozed)

    assert planned(state, ten_am(3, 10)) == {}
    assert planned(state, ten_am(3, 11)) == {U3: ["due-soon:103:2026-03-12"]}  # snooze over


# --------------------------------------------------------------------------- overdue


def test_overdue_the_day_after_then_weekly() -> None:
    state = reminder_state(commitment(101, 1, 1, U1, due=DUE, updated_at=utc(2026, 3, 1)))

    assert planned(state, ten_am(3, 13)) == {U1: ["overdue:101:2026-03-12:0"]}
    state, _ = deliver(state, ten_am(3, 13))
    for day in (16, 17, 18, 19):
        assert planned(state, ten_am(3, day)) == {}
    assert planned(state, ten_am(3, 20)) == {U1: ["overdue:101:2026-03-12:1"]}
    state, _ = deliver(state, ten_am(3, 20))
    assert planned(state, ten_am(3, 23)) == {}
    assert planned(state, ten_am(3, 27)) == {U1: ["overdue:101:2026-03-12:2"]}


def test_overdue_follow_up_is_suppressed_after_an_update() -> None:
    original = commitment(101, 1, 1, U1, due=DUE, updated_at=utc(2026, 3, 1))
    state, _ = deliver(reminder_state(original), ten_am(3, 13))
    updated = dataclasses.replace(original, status="in-progress", updated_at=utc(2026, 3, 15))
    state = dataclasses.replace(state, commitments=(updated,))

    assert planned(state, ten_am(3, 20)) == {}
    assert planned(state, ten_am(3, 27)) == {}


def test_after_an_update_the_stale_clock_takes_over_from_overdue() -> None:
    settings = Settings(timezone="America/Chicago")
    original = commitment(101, 1, 1, U1, due=DUE, updated_at=utc(2026, 3, 11))
    state, _ = deliver(reminder_state(original, settings=settings), ten_am(3, 13))
    updated = dataclasses.replace(original, updated_at=utc(2026, 3, 16, 16))
    state = dataclasses.replace(state, commitments=(updated,))

    assert planned(state, ten_am(3, 20)) == {}
    assert planned(state, ten_am(3, 26)) == {}  # 9 days 23 hours
    assert planned(state, ten_am(3, 27)) == {U1: ["stale:101:2026-03-16"]}


def test_moving_the_due_date_starts_a_new_overdue_series() -> None:
    original = commitment(101, 1, 1, U1, due=DUE, updated_at=utc(2026, 3, 1))
    state, _ = deliver(reminder_state(original), ten_am(3, 13))
    moved = dataclasses.replace(original, due=date(2026, 3, 20), updated_at=utc(2026, 3, 14))
    state = dataclasses.replace(state, commitments=(moved,))

    assert planned(state, ten_am(3, 18)) == {U1: ["due-soon:101:2026-03-20"]}
    state, _ = deliver(state, ten_am(3, 18))
    assert planned(state, ten_am(3, 23)) == {U1: ["overdue:101:2026-03-20:0"]}


def test_a_person_back_from_a_pause_gets_the_current_overdue_notice() -> None:
    paused = PersonSnap(U1, 1, None, utc(2026, 3, 25))
    late = commitment(101, 1, 1, U1, due=DUE, updated_at=utc(2026, 3, 18))
    state = reminder_state(late, people=(paused,))

    assert planned(state, ten_am(3, 20)) == {}
    assert planned(state, ten_am(3, 25)) == {U1: ["overdue:101:2026-03-12:1"]}


def test_overdue_repeats_can_be_switched_off() -> None:
    settings = dataclasses.replace(NO_STALE, overdue_repeat_days=0)
    state = reminder_state(commitment(101, 1, 1, U1, due=DUE), settings=settings)
    state, _ = deliver(state, ten_am(3, 13))
    for day in (20, 27, 31):
        assert planned(state, ten_am(3, day)) == {}


# --------------------------------------------------------------------------- stale


def test_stale_after_ten_days_without_an_update() -> None:
    settings = Settings(timezone="America/Chicago")
    quiet_one = commitment(101, 1, 1, U1, updated_at=utc(2026, 3, 3, 20))
    state = reminder_state(quiet_one, settings=settings)

    assert planned(state, ten_am(3, 13)) == {}  # 9 days 19 hours
    assert planned(state, ten_am(3, 16)) == {U1: ["stale:101:2026-03-03"]}
    state, _ = deliver(state, ten_am(3, 16))
    assert planned(state, ten_am(3, 26)) == {}  # one stale reminder per quiet spell
    touched = dataclasses.replace(quiet_one, updated_at=utc(2026, 3, 17, 14))
    state = dataclasses.replace(state, commitments=(touched,))
    assert planned(state, ten_am(3, 26)) == {}
    assert planned(state, ten_am(3, 27)) == {}  # stale again, but not twice in a fortnight
    assert planned(state, ten_am(3, 30)) == {U1: ["stale:101:2026-03-17"]}


def test_stale_reminders_can_be_switched_off() -> None:
    """The same quiet commitment is stale with the default setting and not with 0: the
    module's NO_STALE default would make a test of "off" alone pass with the rule deleted."""
    quiet_one = commitment(101, 1, 1, U1, updated_at=utc(2026, 1, 1))
    on = reminder_state(quiet_one, settings=Settings(timezone="America/Chicago"))
    assert planned(on, ten_am(3, 16)) == {U1: ["stale:101:2026-01-01"]}
    off = reminder_state(quiet_one, settings=NO_STALE)
    assert NO_STALE.stale_days == 0
    assert planned(off, ten_am(3, 16)) == {}


# --------------------------------------------------------------------------- combining


def test_everything_due_the_same_day_comes_in_one_message() -> None:
    settings = Settings(timezone="America/Chicago")
    late = commitment(101, 1, 1, U1, due=DUE, updated_at=utc(2026, 3, 1))
    soon = commitment(105, 5, 1, U1, due=date(2026, 3, 14), updated_at=utc(2026, 3, 10))
    theirs = commitment(102, 2, 1, U2, due=date(2026, 3, 13))
    state = reminder_state(theirs, soon, late, settings=settings)

    message = by_recipient(plan_nudges(state, ten_am(3, 13)))[U1]
    assert message.items == (
        NudgeItem("overdue", "overdue:101:2026-03-12:0", (1,)),
        NudgeItem("due-soon", "due-soon:105:2026-03-14", (5,)),
    )  # #1 is quiet since Mar 1 too, but an overdue commitment is not also called stale
    assert message.commitment_numbers == (1, 5)  # U2's #2 is not U1's to be reminded of
    assert message.dedupe_key == "nudge:U1:2026-03-13"


def test_a_second_reason_waits_for_the_next_day() -> None:
    state = reminder_state(commitment(101, 1, 1, U1, due=DUE), C2, C3)
    state = dataclasses.replace(state, messages_sent_on=frozenset({(U1, date(2026, 3, 10))}))

    assert planned(state, ten_am(3, 10)) == {}
    assert planned(state, ten_am(3, 11)) == {U1: ["due-soon:101:2026-03-12"]}


def test_the_owners_commitments_come_first_alongside_a_checkin() -> None:
    due_friday = dataclasses.replace(C2, due=date(2026, 3, 6))
    state = make_state(settings=NO_STALE, commitments=(commitment(101, 1, 1, U1), due_friday, C3))
    message = by_recipient(plan_nudges(state, ten_am(3, 5)))[U2]
    assert keys(message) == ["checkin:11", "due-soon:102:2026-03-06"]
    assert message.commitment_numbers == (2, 1)
