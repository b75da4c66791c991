"""core.nudges: automatic nudges that don't nag. Four days apart at least (so never two days
running and at most two in any seven), what would fall due in between carried early, an urgent
due date never lost; edits are not progress; a step waiting for the TA team's help is left out."""

from __future__ import annotations

import dataclasses
import itertools
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from core.nudges import (
    CommitmentSnap,
    PlannedMessage,
    PlanningState,
    SessionSnap,
    Settings,
    plan_nudges,
)
from core.nudges_model import NUDGE_GAP_DAYS
from core.nudges_progress import UpdateSnap, awaiting_help, last_progress
from tests.support.nudges import PEOPLE, U1, commitment, keys, make_state, record, utc

CHICAGO = Settings(timezone="America/Chicago")
#: Session 1 Tue 2026-03-03, session 2 Tue 2026-03-17 (14:00 Chicago): two weeks between.
SESSIONS = (
    SessionSnap(11, 1, utc(2026, 3, 3, 20), "Kick-off"),
    SessionSnap(12, 2, utc(2026, 3, 17, 19), "Scheduling"),
)
CREATED = utc(2026, 3, 3, 21)
CHICAGO_ZONE = ZoneInfo("America/Chicago")
MONDAY = utc(2026, 3, 9, 15)  # 10:00 CDT
TUESDAY = utc(2026, 3, 10, 15)


def every_day(state: PlanningState, first: date, days: int) -> dict[date, list[PlannedMessage]]:
    """Run the planner at 10:00 Chicago (15:00/16:00 UTC) and 14:00 each day, recording what it
    plans as the job does; the messages per local day."""
    found: dict[date, list[PlannedMessage]] = {}
    for n in range(days):
        day = first + timedelta(days=n)
        for hour in (10, 14):
            now = datetime(day.year, day.month, day.day, hour, tzinfo=CHICAGO_ZONE)
            planned = plan_nudges(state, now)
            state = record(state, planned, now)
            for message in planned:
                found.setdefault(day, []).append(message)
    return found


def busy_state(offset: int = 0) -> PlanningState:
    """U1 owns four steps due on scattered days, all quiet since session 1: without spacing U1
    would hear about a check-in, due dates, stale steps and session 2 on most weekdays. With
    ``offset``, the whole calendar moves that many days later (another session weekday)."""
    shift = timedelta(days=offset)
    sessions = tuple(dataclasses.replace(s, starts_at=s.starts_at + shift) for s in SESSIONS)
    steps = (
        commitment(101, 1, 1, U1, due=date(2026, 3, 9) + shift, updated_at=CREATED + shift),
        commitment(102, 2, 1, U1, due=date(2026, 3, 11) + shift, updated_at=CREATED + shift),
        commitment(103, 3, 1, U1, due=date(2026, 3, 13) + shift, updated_at=CREATED + shift),
        commitment(105, 5, 1, U1, updated_at=CREATED + shift),  # no due date: stale after 10 days
    )
    return make_state(settings=CHICAGO, sessions=sessions, people=PEOPLE[:1], commitments=steps)


def latest_mention(due: date) -> date:
    """The last weekday of the two days before ``due``: by then it must have been named. When
    both are a weekend (due on Monday), the due day itself, as without spacing."""
    before = [due - timedelta(days=n) for n in (1, 2)]
    return next((d for d in before if d.weekday() < 5), due)


@pytest.mark.parametrize("offset", range(7), ids=lambda n: f"session-day+{n}")
def test_automatic_nudges_keep_four_days_apart_and_lose_no_due_date(offset: int) -> None:
    """From a session on any weekday, over two weeks: never two days running, at most two in
    any seven days, and each due date is named before it is due (on a weekday of the two days
    before), or on a Monday due date whose two days before are a weekend."""
    state = busy_state(offset)
    messages = every_day(state, date(2026, 3, 4) + timedelta(days=offset), 14)

    days = sorted(messages)
    assert all(len(messages[d]) == 1 for d in days)  # one message a day at most
    assert all((b - a).days >= NUDGE_GAP_DAYS for a, b in itertools.pairwise(days))
    for d in days:
        assert len([x for x in days if d <= x < d + timedelta(days=7)]) <= 2
    assert len(days) >= 3  # the rhythm still goes on: check-in, reminders, session 2
    mentioned = {
        int(key.split(":")[1]): d
        for d in days
        for key in keys(messages[d][0])
        if key.startswith("due-soon:")
    }
    for c in state.commitments:
        if c.due is None:
            continue
        assert c.id in mentioned, (c.number, messages)
        assert mentioned[c.id] <= latest_mention(c.due), c.number


def test_without_spacing_the_same_person_would_hear_most_days() -> None:
    """The scenario above is a nagging one: with every earlier message forgotten each day, the
    planner finds something to send on each weekday of the first week."""
    state = busy_state()
    weekdays = [date(2026, 3, 5) + timedelta(days=n) for n in range(7)]
    weekdays = [d for d in weekdays if d.weekday() < 5]
    busy = [
        d
        for d in weekdays
        if plan_nudges(state, datetime(d.year, d.month, d.day, 10, tzinfo=CHICAGO_ZONE))
    ]
    assert busy == weekdays


def test_a_message_carries_a_due_date_that_would_fall_inside_the_gap() -> None:
    """Thursday's check-in names #1, due next Monday: its own reminder (from Saturday, so
    Monday) would come inside the gap, so it rides along now and Monday brings nothing."""
    step = commitment(101, 1, 1, U1, due=date(2026, 3, 9), updated_at=CREATED)
    state = make_state(settings=CHICAGO, sessions=SESSIONS, people=PEOPLE[:1], commitments=(step,))
    thursday = utc(2026, 3, 5, 16)

    planned = plan_nudges(state, thursday)

    assert keys(planned[0]) == ["checkin:11", "due-soon:101:2026-03-09"]
    state = record(state, planned, thursday)
    assert plan_nudges(state, utc(2026, 3, 9, 15)) == []  # Monday, the due date


def test_a_due_date_ahead_never_makes_a_message_on_its_own() -> None:
    """With nothing due today, a date four days away waits for its own window (two days)."""
    step = commitment(101, 1, 1, U1, due=date(2026, 3, 13), updated_at=utc(2026, 3, 8))
    state = make_state(settings=CHICAGO, sessions=(), people=PEOPLE[:1], commitments=(step,))

    assert plan_nudges(state, utc(2026, 3, 9, 15)) == []  # Monday: due Friday
    assert keys(plan_nudges(state, utc(2026, 3, 11, 15))[0]) == ["due-soon:101:2026-03-13"]


def after_friday(*steps: CommitmentSnap) -> PlanningState:
    """U1 had an automatic nudge on Friday 6 March; no sessions, so only the steps' own rules."""
    friday = frozenset({(U1, date(2026, 3, 6))})
    state = make_state(settings=CHICAGO, sessions=(), people=PEOPLE[:1], commitments=steps)
    return dataclasses.replace(state, messages_sent_on=friday, automatic_sent_on=friday)


def test_a_step_due_tomorrow_that_nobody_heard_of_comes_inside_the_gap() -> None:
    """A step added after Friday's nudge, due Tuesday: on Monday it is due tomorrow, so its
    reminder comes although the gap since Friday runs until Tuesday."""
    added = commitment(102, 2, 1, U1, due=date(2026, 3, 10), updated_at=utc(2026, 3, 7))

    assert keys(plan_nudges(after_friday(added), MONDAY)[0]) == ["due-soon:102:2026-03-10"]


def test_inside_the_gap_what_can_wait_waits() -> None:
    """Due Wednesday, or quiet for weeks: on Monday both can wait for Tuesday, the gap's end."""
    wednesday = commitment(102, 2, 1, U1, due=date(2026, 3, 11), updated_at=utc(2026, 3, 7))
    quiet = commitment(103, 3, 1, U1, updated_at=utc(2026, 2, 1))
    state = after_friday(wednesday, quiet)

    assert plan_nudges(state, MONDAY) == []
    assert keys(plan_nudges(state, TUESDAY)[0]) == [
        "due-soon:102:2026-03-11",
        "stale:103:2026-02-01",
    ]


def test_a_tas_nudge_is_not_counted_in_the_spacing() -> None:
    """A TA's `/plan nudge` on Friday takes Friday (one message a day) but not the gap."""
    quiet = commitment(103, 3, 1, U1, updated_at=utc(2026, 2, 1))
    state = dataclasses.replace(after_friday(quiet), automatic_sent_on=frozenset())

    assert keys(plan_nudges(state, MONDAY)[0]) == ["stale:103:2026-02-01"]


# --------------------------------------------------------------------------- waiting for help


def test_a_step_waiting_for_the_ta_teams_help_gets_no_reminder_and_no_buttons() -> None:
    """Blocked with a help request, overdue and quiet: no reminder about it and no buttons in
    the check-in, only its number among those waiting (a line saying it is with the TA team);
    the organization's other step is listed as usual."""
    waiting = commitment(
        101, 1, 1, U1, due=date(2026, 3, 4), status="blocked", updated_at=utc(2026, 2, 1)
    )
    waiting = dataclasses.replace(waiting, awaiting_help=True)
    other = commitment(102, 2, 1, U1, updated_at=utc(2026, 3, 4))
    state = make_state(
        settings=CHICAGO, sessions=SESSIONS, people=PEOPLE[:1], commitments=(waiting, other)
    )

    message = plan_nudges(state, utc(2026, 3, 5, 16))[0]

    assert keys(message) == ["checkin:11"]
    assert message.commitment_numbers == (2,)
    assert message.waiting_numbers == (1,)


def test_waiting_steps_alone_still_get_the_checkin_but_no_reminder_of_their_own() -> None:
    """An organization whose only open step waits for help still hears the session rhythm
    (the check-in names the step as with the TA team); its overdue date brings nothing."""
    waiting = commitment(101, 1, 1, U1, due=date(2026, 3, 4), status="blocked")
    waiting = dataclasses.replace(waiting, awaiting_help=True)
    state = make_state(
        settings=CHICAGO, sessions=SESSIONS, people=PEOPLE[:1], commitments=(waiting,)
    )
    thursday = utc(2026, 3, 5, 16)

    [checkin] = plan_nudges(state, thursday)

    assert (keys(checkin), checkin.commitment_numbers, checkin.waiting_numbers) == (
        ["checkin:11"],
        (),
        (1,),
    )
    state = record(state, [checkin], thursday)
    assert plan_nudges(state, utc(2026, 3, 12, 15)) == []  # a week later: nothing about #1


# --------------------------------------------------------------------------- what is progress

T0 = utc(2026, 3, 1, 12)


def at(days: int) -> datetime:
    return T0 + timedelta(days=days)


def test_an_edit_or_a_snooze_is_not_progress() -> None:
    updates = [
        UpdateSnap(1, at(0), "created", "U1", "open"),
        UpdateSnap(2, at(1), "note", "U1", None, "called the union"),
        UpdateSnap(3, at(5), "edit", "U1", None, "Changed the due date."),
        UpdateSnap(4, at(6), "snooze", "U1"),
    ]
    assert last_progress(updates, at(0)) == at(1)


def test_a_status_change_a_note_and_a_help_request_are_progress() -> None:
    assert last_progress([UpdateSnap(1, at(2), "status", "U1", "in-progress")], at(0)) == at(2)
    assert last_progress([UpdateSnap(1, at(3), "note", "U2", None, "hi")], at(0)) == at(3)
    help_asked = UpdateSnap(1, at(4), "status", "U1", "blocked", "need a template")
    assert last_progress([help_asked], at(0)) == at(4)
    assert last_progress([], at(0)) == at(0)


def test_a_slip_taken_back_with_undo_is_not_progress() -> None:
    updates = [
        UpdateSnap(1, at(0), "created", "U1", "open"),
        UpdateSnap(2, at(3), "status", "U1", "done"),
        UpdateSnap(3, at(3), "status", "U1", "open", source_key="undo:2"),
    ]
    assert last_progress(updates, at(0)) == at(0)


def test_waiting_for_help_until_someone_else_answers() -> None:
    ask = UpdateSnap(2, at(1), "status", "U1", "blocked", "need a template")
    own_note = UpdateSnap(3, at(2), "note", "U1", None, "still stuck")
    answer = UpdateSnap(4, at(3), "note", "UTA", None, "try this one")

    assert awaiting_help("blocked", [ask])
    assert awaiting_help("blocked", [ask, own_note])
    assert not awaiting_help("blocked", [ask, own_note, answer])
    assert not awaiting_help("in-progress", [ask])
    assert not awaiting_help("blocked", [UpdateSnap(2, at(1), "status", "U1", "blocked")])
