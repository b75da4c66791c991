"""core.nudges: the session rhythm (check-in, before-session, monthly) and the person gates."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from core.nudges import (
    NudgeItem,
    PersonSnap,
    PlannedMessage,
    Settings,
    SharedResource,
    plan_nudges,
    send_time_on,
)
from tests.support.nudges import (
    C1,
    C2,
    C3,
    S1,
    S2,
    U1,
    U2,
    U3,
    U4,
    by_recipient,
    commitment,
    keys,
    make_state,
    record,
    utc,
)

CHICAGO = ZoneInfo("America/Chicago")
CHECKIN_OPENS = utc(2026, 3, 5, 16)  # Thu 10:00 CST, two days after session 1


# --------------------------------------------------------------------------- the check-in


def test_after_a_session_every_participant_gets_one_checkin() -> None:
    messages = by_recipient(plan_nudges(make_state(), CHECKIN_OPENS))

    assert sorted(messages) == [U1, U2, U3, U4]
    assert messages[U1] == PlannedMessage(
        recipient=U1,
        organization_id=1,
        local_date=date(2026, 3, 5),
        dedupe_key="nudge:U1:2026-03-05",
        items=(NudgeItem("checkin", "checkin:11", (1, 2), 11),),
        commitment_numbers=(1, 2),
        resource_ids=(201, 202),
        session_id=11,
        next_session_id=12,
    )


def test_checkin_lists_only_the_organizations_active_commitments_owners_first() -> None:
    messages = by_recipient(plan_nudges(make_state(), CHECKIN_OPENS))

    assert messages[U2].commitment_numbers == (2, 1)  # U2 owns #2; #4 is done
    assert messages[U3].commitment_numbers == (3,)
    assert messages[U3].items == (NudgeItem("checkin", "checkin:11", (3,), 11),)


def test_an_organization_without_commitments_is_invited_to_add_one() -> None:
    message = by_recipient(plan_nudges(make_state(), CHECKIN_OPENS))[U4]

    assert message.items == (NudgeItem("checkin", "checkin:11", (), 11),)
    assert message.commitment_numbers == ()


def test_session_resources_go_once_per_organization() -> None:
    messages = by_recipient(plan_nudges(make_state(), CHECKIN_OPENS))

    assert messages[U3].resource_ids == (201,)  # 202 was already shared with org 2
    assert messages[U4].resource_ids == (201, 202)
    # 203 (no session) and 204 (a later session) never ride along with session 1's nudges.


def test_planning_again_after_recording_gives_nothing() -> None:
    state = make_state()
    first = plan_nudges(state, CHECKIN_OPENS)

    assert plan_nudges(state, CHECKIN_OPENS) == first  # pure: same state, same plan
    recorded = record(state, first, CHECKIN_OPENS)
    assert plan_nudges(recorded, CHECKIN_OPENS) == []
    assert plan_nudges(recorded, utc(2026, 3, 5, 17, 30)) == []
    assert plan_nudges(recorded, utc(2026, 3, 6, 16)) == []  # next day: the check-in is done


def test_only_day_records_block_the_rest_of_that_day() -> None:
    state = dataclasses.replace(make_state(), messages_sent_on=frozenset({(U1, date(2026, 3, 5))}))

    assert U1 not in by_recipient(plan_nudges(state, CHECKIN_OPENS))
    later = by_recipient(plan_nudges(state, utc(2026, 3, 6, 16)))
    assert keys(later[U1]) == ["checkin:11"]  # waits for the next allowed day


def test_no_checkin_before_it_opens_or_before_the_send_time() -> None:
    assert plan_nudges(make_state(), utc(2026, 3, 4, 16)) == []  # one day after the session
    assert plan_nudges(make_state(), utc(2026, 3, 5, 15, 59)) == []  # 09:59 local


def test_checkin_window_closes_when_the_next_session_starts() -> None:
    state = make_state(settings=Settings(timezone="America/Chicago", stale_days=0))
    after_s2 = utc(2026, 3, 25, 15)  # the day after session 2: session 1's check-in is over
    assert plan_nudges(state, after_s2) == []
    opens = by_recipient(plan_nudges(state, utc(2026, 3, 26, 15)))
    assert keys(opens[U1]) == ["checkin:12"]
    assert opens[U1].session_id == S2.id
    assert opens[U1].resource_ids == (204,)


def test_snoozed_commitments_are_left_out_of_the_checkin() -> None:
    snoozed = commitment(101, 1, 1, U1, snoozed_until=utc(2026, 3, 10))
    only_snoozed = commitment(103, 3, 2, U3, snoozed_until=utc(2026, 3, 10))
    state = make_state(commitments=(snoozed, C2, only_snoozed))

    messages = by_recipient(plan_nudges(state, CHECKIN_OPENS))

    assert messages[U1].commitment_numbers == (2,)
    assert U3 not in messages  # all its commitments are snoozed: not now
    later = by_recipient(plan_nudges(state, utc(2026, 3, 10, 15)))
    assert later[U3].items == (NudgeItem("checkin", "checkin:11", (3,), 11),)


# --------------------------------------------------------------------------- quiet hours, weekends


def test_nothing_in_quiet_hours() -> None:
    evening = utc(2026, 3, 6, 1)  # Thu 19:00 CST
    early = utc(2026, 3, 6, 14, 30)  # Fri 08:30 CST
    assert plan_nudges(make_state(), evening) == []
    assert plan_nudges(make_state(), early) == []
    assert len(plan_nudges(make_state(), utc(2026, 3, 6, 16))) == 4  # caught up Friday 10:00


def test_a_send_time_inside_quiet_hours_moves_to_their_end() -> None:
    settings = Settings(timezone="America/Chicago", quiet_start=time(8, 0), quiet_end=time(11, 0))
    state = make_state(settings=settings)

    assert plan_nudges(state, utc(2026, 3, 5, 16, 59)) == []  # 10:59 CST: still quiet
    assert len(plan_nudges(state, utc(2026, 3, 5, 17))) == 4


def test_a_checkin_time_in_the_evening_quiet_hours_goes_out_next_morning() -> None:
    settings = Settings(timezone="America/Chicago", checkin_time=time(19, 0))

    assert send_time_on(date(2026, 3, 6), CHICAGO, settings) == utc(2026, 3, 6, 15)  # 09:00
    assert send_time_on(date(2026, 3, 7), CHICAGO, settings) is None  # Saturday
    assert len(plan_nudges(make_state(settings=settings), utc(2026, 3, 6, 15))) == 4


def test_a_weekend_nudge_waits_for_monday() -> None:
    thursday_session = dataclasses.replace(S1, starts_at=utc(2026, 3, 5, 20))  # opens Saturday
    state = make_state(sessions=(thursday_session, S2))

    assert plan_nudges(state, utc(2026, 3, 7, 16)) == []  # Sat 10:00 CST
    assert plan_nudges(state, utc(2026, 3, 8, 17)) == []  # Sun 12:00 CDT
    assert plan_nudges(state, utc(2026, 3, 9, 14, 30)) == []  # Mon 09:30 CDT: before 10:00
    monday = plan_nudges(state, utc(2026, 3, 9, 15))  # Mon 10:00 CDT
    assert {m.local_date for m in monday} == {date(2026, 3, 9)}
    assert len(monday) == 4


def test_weekends_allowed_when_configured() -> None:
    thursday_session = dataclasses.replace(S1, starts_at=utc(2026, 3, 5, 20))
    settings = Settings(timezone="America/Chicago", skip_weekends=False)
    state = make_state(settings=settings, sessions=(thursday_session, S2))

    assert len(plan_nudges(state, utc(2026, 3, 7, 16))) == 4


# --------------------------------------------------------------------------- daylight saving


@pytest.mark.parametrize(
    ("session_at", "too_early", "on_time"),
    [
        # Spring forward on Sun 2026-03-08: 10:00 CDT is 15:00 UTC that very day.
        (utc(2026, 3, 6, 20), utc(2026, 3, 8, 14, 59), utc(2026, 3, 8, 15)),
        # Fall back on Sun 2026-11-01: 10:00 CST is 16:00 UTC that very day.
        (utc(2026, 10, 30, 19), utc(2026, 11, 1, 15, 59), utc(2026, 11, 1, 16)),
    ],
)
def test_ten_oclock_stays_ten_oclock_across_dst(
    session_at: datetime, too_early: datetime, on_time: datetime
) -> None:
    settings = Settings(timezone="America/Chicago", skip_weekends=False)
    session = dataclasses.replace(S1, starts_at=session_at)
    state = make_state(settings=settings, sessions=(session,))

    assert plan_nudges(state, too_early) == []
    assert len(plan_nudges(state, on_time)) == 4


def test_winter_and_summer_send_times() -> None:
    settings = Settings(timezone="America/Chicago")
    assert send_time_on(date(2026, 3, 6), CHICAGO, settings) == utc(2026, 3, 6, 16)
    assert send_time_on(date(2026, 3, 9), CHICAGO, settings) == utc(2026, 3, 9, 15)
    assert send_time_on(date(2026, 11, 2), CHICAGO, settings) == utc(2026, 11, 2, 16)


# --------------------------------------------------------------------------- people


def test_each_person_is_nudged_in_their_own_time_zone() -> None:
    london = PersonSnap(U2, 1, "Europe/London", None)
    state = make_state(people=(PersonSnap(U1, 1, None, None), london))

    assert plan_nudges(state, utc(2026, 3, 5, 9, 59)) == []
    at_ten_london = plan_nudges(state, utc(2026, 3, 5, 10))  # 04:00 in Chicago: quiet for U1
    assert [m.recipient for m in at_ten_london] == [U2]
    assert at_ten_london[0].local_date == date(2026, 3, 5)


def test_an_unknown_personal_zone_falls_back_to_the_collaboratives() -> None:
    state = make_state(people=(PersonSnap(U1, 1, "Mars/Olympus", None),))
    assert plan_nudges(state, utc(2026, 3, 5, 10)) == []
    assert len(plan_nudges(state, CHECKIN_OPENS)) == 1


def test_paused_people_get_nothing_then_one_combined_message() -> None:
    c1 = commitment(101, 1, 1, U1, due=date(2026, 3, 21))
    paused = PersonSnap(U1, 1, None, utc(2026, 3, 20, 12))
    state = make_state(people=(paused, PersonSnap(U2, 1, None, None)), commitments=(c1, C2))

    first = plan_nudges(state, CHECKIN_OPENS)
    assert [m.recipient for m in first] == [U2]
    state = record(state, first, CHECKIN_OPENS)
    for day in range(6, 20):
        assert all(m.recipient != U1 for m in plan_nudges(state, utc(2026, 3, day, 16)))

    back = by_recipient(plan_nudges(state, utc(2026, 3, 20, 15)))  # Fri 10:00 CDT, pause over
    # #1 is quiet since Mar 3 as well, but its due-soon reminder already asks where it stands;
    # Session 2 (Tue 24) comes before U1's next automatic nudge could, so its reminder rides along
    assert keys(back[U1]) == ["checkin:11", "before-session:12", "due-soon:101:2026-03-21"]
    assert back[U1].commitment_numbers == (1, 2)
    assert back[U1].resource_ids == ()  # org 1 got session 1's resources through U2


def test_a_person_listed_twice_gets_one_message() -> None:
    state = make_state(people=(PersonSnap(U1, 1), PersonSnap(U1, 1)))
    assert [m.recipient for m in plan_nudges(state, CHECKIN_OPENS)] == [U1]


# --------------------------------------------------------------------------- before the session


def test_before_session_reminder_lists_what_is_still_open() -> None:
    state = record(make_state(), plan_nudges(make_state(), CHECKIN_OPENS), CHECKIN_OPENS)

    # Window opens Sun 03-22 (two days before Tue 03-24): a weekend, so Monday.
    assert plan_nudges(state, utc(2026, 3, 22, 15)) == []
    messages = by_recipient(plan_nudges(state, utc(2026, 3, 23, 15)))
    assert sorted(messages) == [U1, U2, U3]  # U4's organization has nothing open
    assert messages[U1].items[0] == NudgeItem("before-session", "before-session:12", (1, 2), 12)
    assert messages[U1].next_session_id == S2.id


def test_missed_checkin_and_before_session_come_together() -> None:
    messages = by_recipient(plan_nudges(make_state(), utc(2026, 3, 23, 15)))
    assert keys(messages[U3])[:2] == ["checkin:11", "before-session:12"]
    assert messages[U3].commitment_numbers == (3,)


def test_before_session_stops_once_the_session_starts() -> None:
    settings = Settings(timezone="America/Chicago", checkin_days=30, stale_days=0)
    state = make_state(settings=settings, commitments=(C1, C2, C3))
    assert plan_nudges(state, utc(2026, 3, 24, 18, 59)) != []
    assert plan_nudges(state, utc(2026, 3, 24, 19)) == []


# --------------------------------------------------------------------------- after the last session


def test_monthly_rhythm_after_the_last_session() -> None:
    settings = Settings(timezone="America/Chicago", stale_days=0)
    state = make_state(settings=settings, sessions=(S1, S2))

    last_checkin = by_recipient(plan_nudges(state, utc(2026, 3, 26, 15)))
    assert keys(last_checkin[U1]) == ["checkin:12"]
    assert last_checkin[U1].next_session_id is None
    state = record(state, last_checkin.values(), utc(2026, 3, 26, 15))
    assert plan_nudges(state, utc(2026, 3, 31, 15)) == []

    april = by_recipient(plan_nudges(state, utc(2026, 4, 1, 15)))
    assert sorted(april) == [U1, U2, U3, U4]
    assert april[U1].items == (NudgeItem("monthly", "monthly:2026-04", (1, 2), None),)
    assert april[U4].items == (NudgeItem("monthly", "monthly:2026-04", (), None),)
    assert april[U1].session_id == S2.id
    state = record(state, april.values(), utc(2026, 4, 1, 15))
    assert plan_nudges(state, utc(2026, 4, 2, 15)) == []
    assert plan_nudges(state, utc(2026, 4, 30, 15)) == []

    may = plan_nudges(state, utc(2026, 5, 1, 15))  # Friday 1 May
    assert {keys(m)[0] for m in may} == {"monthly:2026-05"}


def test_monthly_checkin_waits_for_the_first_allowed_day() -> None:
    settings = Settings(timezone="America/Chicago", stale_days=0)
    state = make_state(settings=settings, sessions=(S1,))  # last session 03-03
    assert plan_nudges(state, utc(2026, 8, 1, 15)) == []  # Saturday 1 August
    monday = plan_nudges(state, utc(2026, 8, 3, 15))
    assert {keys(m)[0] for m in monday} == {"monthly:2026-08"}


def test_closed_collaborative_plans_nothing() -> None:
    c1 = commitment(101, 1, 1, U1, due=date(2026, 3, 5))
    settings = Settings(timezone="America/Chicago", closed=True)
    state = make_state(settings=settings, commitments=(c1, C2, C3))
    for moment in (CHECKIN_OPENS, utc(2026, 3, 23, 15), utc(2026, 6, 1, 15)):
        assert plan_nudges(state, moment) == []


def test_no_sessions_means_only_commitment_reminders() -> None:
    c1 = commitment(101, 1, 1, U1, due=date(2026, 3, 6))
    state = make_state(sessions=(), commitments=(c1, C2, C3))
    messages = plan_nudges(state, CHECKIN_OPENS)
    assert [(m.recipient, keys(m)) for m in messages] == [(U1, ["due-soon:101:2026-03-06"])]
    assert messages[0].session_id is None
    assert messages[0].resource_ids == ()


def test_naive_now_is_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        plan_nudges(make_state(), datetime(2026, 3, 5, 16))


def test_shared_resources_are_not_sent_again() -> None:
    shared = tuple(SharedResource(r, o) for r in (201, 202) for o in (1, 2, 3))
    messages = plan_nudges(make_state(shared=shared), CHECKIN_OPENS)
    assert all(m.resource_ids == () for m in messages)
    assert C3.number in by_recipient(messages)[U3].commitment_numbers
