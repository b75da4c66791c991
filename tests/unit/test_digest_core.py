"""core.digest: what a period's digest says, from snapshots, without reading the clock."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from core.digest import MONTHLY_DUE_SOON_DAYS, WEEKLY_DUE_SOON_DAYS, DigestItem, build_digest
from core.figures import TaFigures
from tests.support.digest import (
    BEFORE,
    DURING,
    END,
    START,
    commitment,
    data,
    org,
    person,
    question,
    session,
    share,
    update,
)

AS_OF = date(2026, 11, 30)


def numbers(items: tuple[DigestItem, ...]) -> list[int]:
    return [item.number for item in items]


def test_the_period_reads_as_the_local_week_before_the_digest_day() -> None:
    period = build_digest(data()).period
    assert (period.first_day, period.last_day, period.as_of) == (
        date(2026, 11, 23),
        date(2026, 11, 29),
        AS_OF,
    )
    assert not period.monthly


def test_a_period_that_does_not_move_forward_is_refused() -> None:
    with pytest.raises(ValueError):
        build_digest(data(period_end=START))


def test_done_lists_only_what_became_done_in_the_period() -> None:
    digest = build_digest(
        data(
            commitments=(
                commitment(1, status="done"),  # done this week
                commitment(2, status="done"),  # done last week: totals only
                commitment(3, status="in-progress"),  # done, then reopened this week
                commitment(4, status="done"),  # done this week through a thread note
            ),
            updates=(
                update(1, new_status="done"),
                update(3, new_status="done"),
                update(3, DURING + timedelta(hours=1), new_status="in-progress"),
                update(4, kind="note", note="finished!", new_status="done"),
                update(2, END, new_status="done"),  # at the end: the next period's
            ),
        )
    )
    section = digest.organizations[0]
    assert numbers(section.done) == [1, 4]
    assert numbers(section.in_progress) == [3]
    assert digest.totals.done_in_period == 2
    assert digest.totals.by_status["done"] == 3


def test_overdue_counts_local_days_late_as_of_the_digest_day() -> None:
    digest = build_digest(
        data(
            commitments=(
                commitment(1, due=date(2026, 11, 27)),
                commitment(2, due=AS_OF, status="in-progress"),  # due today: not late
                commitment(3, due=date(2026, 11, 1), status="done"),  # done is never late
                commitment(4, due=date(2026, 11, 1), status="dropped"),
            )
        )
    )
    section = digest.organizations[0]
    assert [(i.number, i.days_late) for i in section.overdue] == [(1, 3)]
    assert numbers(section.due_soon) == [2]
    assert section.items == section.overdue + section.due_soon


def test_as_of_is_the_local_date_not_the_utc_date() -> None:
    # 03:00 UTC on Nov 30 is still Sunday Nov 29 in Chicago: a Nov 29 step is due today.
    end = datetime(2026, 11, 30, 3, 0, tzinfo=UTC)
    digest = build_digest(
        data(period_end=end, commitments=(commitment(1, due=date(2026, 11, 29)),))
    )
    assert digest.period.as_of == date(2026, 11, 29)
    assert digest.organizations[0].overdue == ()
    assert numbers(digest.organizations[0].due_soon) == [1]


def test_overdue_is_listed_most_overdue_first() -> None:
    digest = build_digest(
        data(
            commitments=(
                commitment(1, due=date(2026, 11, 28)),
                commitment(2, due=date(2026, 11, 2)),
                commitment(3, due=date(2026, 11, 20)),
            )
        )
    )
    assert numbers(digest.organizations[0].overdue) == [2, 3, 1]


def test_blocked_carries_the_note_of_the_latest_update_that_blocked_it() -> None:
    digest = build_digest(
        data(
            commitments=(
                commitment(1, status="blocked", due=date(2026, 11, 25)),
                commitment(2, status="blocked"),
                commitment(3, status="in-progress"),
            ),
            updates=(
                update(1, BEFORE, new_status="blocked", note="need a contact at the union"),
                update(1, DURING, new_status="blocked", note="  need the survey template  "),
                update(1, DURING + timedelta(hours=2), kind="note", note="still waiting"),
                update(2, DURING, new_status="blocked"),
                update(3, BEFORE, new_status="blocked", note="old news"),
            ),
        )
    )
    section = digest.organizations[0]
    assert [(i.number, i.help_needed, i.days_late) for i in section.blocked] == [
        (1, "need the survey template", 5),
        (2, None, 0),
    ]
    assert section.overdue == ()  # blocked and late shows once, as blocked
    assert section.in_progress[0].help_needed is None


def test_each_active_commitment_lands_in_exactly_one_group() -> None:
    horizon = AS_OF + timedelta(days=WEEKLY_DUE_SOON_DAYS)
    digest = build_digest(
        data(
            commitments=(
                commitment(1, due=horizon - timedelta(days=1)),  # due soon
                commitment(2, due=horizon),  # beyond the next seven days
                commitment(3, status="in-progress"),
                commitment(4),
                commitment(5, status="in-progress", due=AS_OF + timedelta(days=2)),
            )
        )
    )
    section = digest.organizations[0]
    assert numbers(section.due_soon) == [5, 1]
    assert numbers(section.in_progress) == [3]
    assert numbers(section.planned) == [2, 4]
    assert sorted(numbers(section.items)) == [1, 2, 3, 4, 5]


def test_an_organization_without_updates_in_the_period_is_quiet() -> None:
    digest = build_digest(
        data(
            organizations=(org(1), org(2), org(3)),
            commitments=(commitment(1, 1), commitment(2, 2), commitment(3, 3)),
            updates=(update(1, kind="note", note="called them"), update(2, BEFORE, kind="note")),
        )
    )
    quiet = [s.quiet for s in digest.organizations]
    assert quiet == [False, True, True]
    assert digest.totals.organizations_active == 1
    assert digest.organizations[0].update_count == 1


def test_paused_members_are_those_still_away_at_the_digest() -> None:
    later = datetime(2026, 12, 4, 18, 0, tzinfo=UTC)
    digest = build_digest(
        data(
            organizations=(org(1), org(2)),
            people=(
                person("U1", 1, later, "Ana"),
                person("U2", 1, END - timedelta(hours=1), "Back already"),
                person("U3", 1, None, "Never paused"),
                person("U4", 2, later, "Other org"),
                person("U5", None, later, "A TA provider"),
            ),
        )
    )
    paused = digest.organizations[0].paused
    assert [(m.slack_user_id, m.name, m.until) for m in paused] == [
        ("U1", "Ana", date(2026, 12, 4))
    ]
    assert [m.slack_user_id for m in digest.organizations[1].paused] == ["U4"]


def test_owner_names_come_from_people() -> None:
    digest = build_digest(
        data(
            commitments=(commitment(1, owner="U1"), commitment(2, owner="U9"), commitment(3)),
            people=(person("U1", name="Ana"),),
        )
    )
    assert [i.owner_name for i in digest.organizations[0].planned] == ["Ana", None, None]


def test_next_session_counts_local_calendar_days() -> None:
    # Fri Dec 4, 08:30 CST is 4 local days after Mon Nov 30, however many hours that is.
    soon = datetime(2026, 12, 4, 14, 30, tzinfo=UTC)
    digest = build_digest(
        data(
            sessions=(
                session(2, BEFORE),
                session(4, soon + timedelta(days=14)),
                session(3, soon, "Mapping precarious work"),
            )
        )
    )
    assert digest.next_session is not None
    assert (digest.next_session.number, digest.next_session.days_until) == (3, 4)
    assert digest.next_session.title == "Mapping precarious work"


def test_no_upcoming_session_means_no_countdown() -> None:
    assert build_digest(data(sessions=(session(6, BEFORE),))).next_session is None


def test_the_ta_team_counts_come_from_the_figures_and_reach_and_open_questions_are_added() -> None:
    given = TaFigures(
        resources_shared=2,
        shares=3,
        questions_answered=3,
        median_hours_to_answer=3.0,
        help_answered=1,
        introductions=2,
    )
    digest = build_digest(
        data(
            ta_given=given,
            resources_shared=(
                share("Precarious work 101", 1),
                share("Precarious work 101", 2),
                share("Wage theft toolkit", None),  # to one person
                share("Old link", 3, BEFORE),  # before the period: reached nobody this week
            ),
            questions=(
                question(DURING, DURING + timedelta(hours=2)),
                question(DURING, None),  # still open
                question(BEFORE, END + timedelta(hours=1)),  # answered only after the period
            ),
        )
    )
    ta = digest.ta
    assert (ta.resources_shared, ta.shares, ta.questions_answered) == (2, 3, 3)
    assert (ta.median_hours_to_answer, ta.help_answered, ta.introductions) == (3.0, 1, 2)
    assert ta.organizations_reached == 2
    assert ta.questions_open == 2


def test_a_quiet_ta_week_has_no_median() -> None:
    ta = build_digest(data()).ta
    assert ta.median_hours_to_answer is None
    assert not ta.anything


def test_totals_by_status_and_percent_done_leave_dropped_out() -> None:
    digest = build_digest(
        data(
            organizations=(org(1), org(2)),
            commitments=(
                commitment(1, 1, status="done"),
                commitment(2, 1, status="dropped"),
                commitment(3, 2, status="open"),
                commitment(4, 2, status="in-progress"),
                commitment(5, 2, status="blocked"),
            ),
        )
    )
    totals = digest.totals
    assert dict(totals.by_status) == {
        "open": 1,
        "in-progress": 1,
        "blocked": 1,
        "done": 1,
        "dropped": 1,
    }
    assert (totals.commitments, totals.percent_done, totals.organizations) == (5, 25, 2)


def test_percent_done_of_nothing_is_zero() -> None:
    assert build_digest(data()).totals.percent_done == 0


def test_monthly_digests_look_a_month_ahead() -> None:
    end = datetime(2027, 1, 1, 15, 0, tzinfo=UTC)
    digest = build_digest(
        data(
            monthly=True,
            period_start=datetime(2026, 12, 1, 15, 0, tzinfo=UTC),
            period_end=end,
            commitments=(commitment(1, due=date(2027, 1, 20)),),
        )
    )
    assert digest.period.monthly
    assert digest.due_soon_days == MONTHLY_DUE_SOON_DAYS
    assert (digest.period.first_day, digest.period.last_day) == (
        date(2026, 12, 1),
        date(2026, 12, 31),
    )
    assert numbers(digest.organizations[0].due_soon) == [1]


def test_the_digest_does_not_depend_on_the_order_rows_come_back_in() -> None:
    """The database returns commitments and updates in no promised order (PostgreSQL and SQLite
    differ): the same facts in another order must give the same digest, steps sorted by number.
    (Organizations are shown in the order the repository gives them, so that order is kept.)"""
    commitments = (
        commitment(1, status="blocked"),
        commitment(2, status="done"),
        commitment(3, 2, status="in-progress"),
        commitment(4, due=date(2026, 12, 3)),
        commitment(5, status="blocked"),
    )
    updates = (
        update(1, new_status="blocked", note="help"),
        update(5, new_status="blocked", note="budget"),
        update(2, new_status="done"),
        update(3, new_status="in-progress", note="started"),
    )
    organizations = (org(1, "Mercy Health Clinic"), org(2, "Workers United Center", "labor"))
    forward = build_digest(
        data(organizations=organizations, commitments=commitments, updates=updates)
    )
    backward = build_digest(
        data(
            organizations=organizations,
            commitments=commitments[::-1],
            updates=updates[::-1],
        )
    )
    assert forward == backward
    mercy = forward.organizations[0]
    assert [i.number for i in mercy.blocked + mercy.done + mercy.due_soon] == [1, 5, 2, 4]
    assert [i.help_needed for i in mercy.blocked] == ["help", "budget"]


def test_help_asked_in_an_earlier_week_is_shown_for_as_long_as_the_step_is_blocked() -> None:
    """The blocking update is older than the period: the help text still shows, the latest one
    wins, and the old update does not count as this week's news."""
    three_weeks_ago = START - timedelta(days=21)
    digest = build_digest(
        data(
            commitments=(commitment(5, status="blocked"),),
            updates=(
                update(5, three_weeks_ago, new_status="blocked", note="A venue"),
                update(5, BEFORE, new_status="blocked", note="A training deck in Spanish"),
            ),
        )
    )
    section = digest.organizations[0]
    assert [(i.number, i.help_needed) for i in section.blocked] == [
        (5, "A training deck in Spanish")
    ]
    assert section.quiet and section.update_count == 0
