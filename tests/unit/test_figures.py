"""The figures' rules at their edges: what answers a nudge, what counts, and the window."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta

from core.figures import (
    CommitmentRow,
    Evidence,
    EvidenceInput,
    HelpRow,
    IntroRow,
    NudgeRow,
    OpenRow,
    OrgRow,
    QuestionRow,
    Ratio,
    ShareRow,
    UpdateRow,
    Window,
)

#: Monday Nov 30 2026, 18:00 UTC (noon in Chicago).
NOW = datetime(2026, 11, 30, 18, 0, tzinfo=UTC)
DAY = timedelta(days=1)
MERCY, UNION = 1, 2
ANA, BEN, CARA = "UANA000001", "UBEN000001", "UCARA00001"
SENT = NOW - 20 * DAY  # a nudge's delivery, inside the last four weeks

ORGS = (OrgRow(MERCY, "Mercy", "mercy", "health"), OrgRow(UNION, "Union", "union", "labor"))


def data(**changes: object) -> EvidenceInput:
    base = EvidenceInput(
        timezone="America/Chicago",
        organizations=ORGS,
        members={ANA: MERCY, BEN: MERCY, CARA: UNION},
        commitments=(
            CommitmentRow(10, MERCY, "open", None, NOW - 40 * DAY),
            CommitmentRow(20, UNION, "open", None, NOW - 40 * DAY),
        ),
        updates=(),
        nudges=(),
        shares=(),
        opens=(),
        questions=(),
        help_requests=(),
        introductions=(),
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def mercy(evidence: Evidence, window: Window | None = None):  # type: ignore[no-untyped-def]
    return evidence.organization(MERCY, window or evidence.whole)


def answered(*updates: UpdateRow, nudges: tuple[NudgeRow, ...] | None = None) -> tuple[int, int]:
    nudges = nudges if nudges is not None else (NudgeRow(ANA, MERCY, SENT),)
    f = mercy(Evidence(data(nudges=nudges, updates=updates), NOW))
    return f.nudges_sent, f.nudges_answered


def test_an_update_exactly_seven_days_after_the_nudge_answers_it_a_second_later_does_not() -> None:
    assert answered(UpdateRow(10, ANA, SENT + 7 * DAY, "status")) == (1, 1)
    late = SENT + 7 * DAY + timedelta(seconds=1)
    assert answered(UpdateRow(10, ANA, late, "status")) == (1, 0)


def test_an_update_at_the_moment_of_delivery_answers_it_one_before_does_not() -> None:
    assert answered(UpdateRow(10, ANA, SENT, "note")) == (1, 1)
    assert answered(UpdateRow(10, ANA, SENT - timedelta(seconds=1), "note")) == (1, 0)


def test_after_the_next_nudge_an_update_answers_that_one_not_the_first() -> None:
    second = SENT + 2 * DAY
    nudges = (NudgeRow(ANA, MERCY, SENT), NudgeRow(ANA, MERCY, second))
    assert answered(UpdateRow(10, ANA, second + DAY, "status"), nudges=nudges) == (2, 1)
    evidence = Evidence(
        data(nudges=nudges, updates=(UpdateRow(10, ANA, second + DAY, "status"),)), NOW
    )
    assert mercy(evidence).median_hours_to_update == 24.0  # from the second nudge
    # at the very instant of the next nudge, the update is the next one's answer
    assert answered(UpdateRow(10, ANA, second, "status"), nudges=nudges) == (2, 1)
    both = (UpdateRow(10, ANA, SENT + DAY, "note"), UpdateRow(10, ANA, second, "note"))
    assert answered(*both, nudges=nudges) == (2, 2)


def test_only_the_recipient_updating_their_organizations_commitment_answers() -> None:
    assert answered(UpdateRow(10, BEN, SENT + DAY, "status")) == (1, 0)  # a colleague
    assert answered(UpdateRow(20, ANA, SENT + DAY, "status")) == (1, 0)  # another org's step
    assert answered(UpdateRow(10, ANA, SENT + DAY, "snooze")) == (1, 0)  # "later" isn't one
    assert answered(UpdateRow(10, ANA, SENT + DAY, "created")) == (1, 0)
    assert answered(UpdateRow(10, ANA, SENT + DAY, "edit")) == (1, 1)


def test_the_median_is_over_answered_nudges_and_the_first_update_of_each() -> None:
    nudges = (
        NudgeRow(ANA, MERCY, SENT),
        NudgeRow(BEN, MERCY, SENT),
        NudgeRow(BEN, MERCY, SENT + 3 * DAY),  # never answered
    )
    updates = (
        UpdateRow(10, ANA, SENT + timedelta(hours=2), "status"),
        UpdateRow(10, ANA, SENT + timedelta(hours=30), "note"),  # not the first: ignored
        UpdateRow(10, BEN, SENT + timedelta(hours=5), "note"),
    )
    f = mercy(Evidence(data(nudges=nudges, updates=updates), NOW))
    assert (f.nudges_sent, f.nudges_answered, f.median_hours_to_update) == (3, 2, 3.5)
    assert f.nudge_answers == Ratio(2, 3) and f.nudge_answers.percent == 67


def test_dropped_commitments_are_not_counted_and_overdue_starts_the_day_after_due() -> None:
    today = date(2026, 11, 30)  # NOW's date in Chicago
    commitments = (
        CommitmentRow(1, MERCY, "done", today - 5 * DAY, NOW - 40 * DAY),
        CommitmentRow(2, MERCY, "dropped", today - 5 * DAY, NOW - 40 * DAY),
        CommitmentRow(3, MERCY, "blocked", today - DAY, NOW - 40 * DAY),  # blocked and overdue
        CommitmentRow(4, MERCY, "open", today, NOW - 40 * DAY),  # due today: not yet late
        CommitmentRow(5, MERCY, "in-progress", None, NOW - 40 * DAY),
    )
    f = mercy(Evidence(data(commitments=commitments), NOW))
    assert (f.commitments, f.done, f.overdue, f.blocked) == (4, 1, 1, 1)
    assert f.completion == Ratio(1, 4) and f.completion.percent == 25


def test_nothing_to_divide_has_no_percentage() -> None:
    f = mercy(Evidence(data(commitments=()), NOW))
    assert f.completion == Ratio(0, 0) and f.completion.percent is None
    assert f.median_hours_to_update is None and f.median_hours_to_answer is None


def test_the_last_four_weeks_start_just_after_28_days_ago_and_include_now() -> None:
    edge = NOW - 28 * DAY
    commitments = (
        CommitmentRow(1, MERCY, "open", None, edge),  # exactly 28 days ago: outside
        CommitmentRow(2, MERCY, "open", None, edge + timedelta(seconds=1)),
        CommitmentRow(3, MERCY, "done", None, NOW),  # made at now: inside
    )
    nudges = (NudgeRow(ANA, MERCY, edge), NudgeRow(BEN, MERCY, NOW))
    evidence = Evidence(data(commitments=commitments, nudges=nudges), NOW)
    recent, whole = mercy(evidence, evidence.recent), mercy(evidence)
    assert (recent.commitments, recent.done, recent.nudges_sent) == (2, 1, 1)
    assert (whole.commitments, whole.nudges_sent) == (3, 2)
    # and nothing after now, for a report asked about the past
    assert mercy(Evidence(evidence.data, NOW - DAY)).commitments == 2


def test_resources_are_distinct_and_count_shares_to_the_org_or_its_members() -> None:
    shares = (
        ShareRow(7, MERCY, ANA, SENT),
        ShareRow(7, MERCY, BEN, SENT),  # the same resource again: one
        ShareRow(8, None, BEN, SENT),  # shared with a member directly
        ShareRow(9, UNION, CARA, SENT),
    )
    opens = (OpenRow(7, ANA, SENT), OpenRow(7, BEN, SENT), OpenRow(9, CARA, SENT))
    evidence = Evidence(data(shares=shares, opens=opens), NOW)
    f = mercy(evidence)
    assert (f.resources_shared, f.resources_opened) == (2, 1)
    ta = evidence.ta(evidence.whole)
    assert (ta.resources_shared, ta.shares) == (3, 4)


def test_questions_help_and_introductions_by_organization_and_for_the_ta_team() -> None:
    questions = (
        QuestionRow(MERCY, SENT, SENT + timedelta(hours=3)),
        QuestionRow(MERCY, SENT, None),
        QuestionRow(UNION, NOW - 40 * DAY, NOW - 39 * DAY),  # answered before the window
    )
    helps = (HelpRow(MERCY, SENT, SENT + timedelta(hours=1)), HelpRow(UNION, SENT, None))
    intros = (IntroRow((MERCY, UNION), SENT),)
    evidence = Evidence(data(questions=questions, help_requests=helps, introductions=intros), NOW)
    f = mercy(evidence)
    assert (f.questions_asked, f.questions_answered, f.median_hours_to_answer) == (2, 1, 3.0)
    assert (f.help_requests, f.help_answered, f.introductions) == (2 - 1, 1, 1)
    recent = evidence.ta(evidence.recent)
    assert (recent.questions_answered, recent.help_answered, recent.introductions) == (1, 1, 1)
    assert evidence.ta(evidence.whole).questions_answered == 2
    labor = evidence.sphere("labor", evidence.whole)
    assert (labor.help_requests, labor.help_answered, labor.introductions) == (1, 0, 1)
    everyone = evidence.everyone(evidence.whole)
    assert (everyone.questions_asked, everyone.introductions) == (3, 1)  # one intro, not two


def test_statuses_and_completions_week_by_week_for_the_digests_chart() -> None:
    commitments = (
        CommitmentRow(1, MERCY, "done", None, NOW - 40 * DAY),
        CommitmentRow(2, MERCY, "done", None, NOW - 40 * DAY),
        CommitmentRow(3, MERCY, "open", None, NOW - 40 * DAY),  # done, then reopened
        CommitmentRow(4, MERCY, "dropped", None, NOW - 40 * DAY),
        CommitmentRow(5, MERCY, "in-progress", NOW.date() - DAY, NOW - 40 * DAY),
        CommitmentRow(6, MERCY, "blocked", NOW.date() - DAY, NOW - 40 * DAY),
        CommitmentRow(7, MERCY, "in-progress", NOW.date(), NOW - 40 * DAY),  # due today
    )
    updates = (
        UpdateRow(1, ANA, NOW - 10 * DAY, "status", "done"),  # week 2 of 3
        UpdateRow(2, ANA, NOW - 20 * DAY, "status", "done"),  # done long ago ...
        UpdateRow(2, ANA, NOW - 7 * DAY, "status", "open"),
        UpdateRow(2, ANA, NOW - 7 * DAY + timedelta(seconds=1), "status", "done"),  # ... and again
        UpdateRow(3, ANA, NOW - DAY, "status", "done"),
        UpdateRow(3, ANA, NOW, "status", "open"),
    )
    evidence = Evidence(data(commitments=commitments, updates=updates), NOW)
    assert evidence.statuses(MERCY) == {
        "open": 1,
        "in-progress": 1,
        "blocked": 1,
        "done": 2,
        "overdue": 1,
    }
    assert evidence.done_by_week(3) == [
        (NOW - 21 * DAY, 0),
        (NOW - 14 * DAY, 1),
        (NOW - 7 * DAY, 1),
    ]
