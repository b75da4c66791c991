"""core.digest for a digest read after its period ended (posted late): it still covers its own
week, but the help asked for, the countdowns and who is away are as of when it is read."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from bot.blocks.digest import digest_title
from core.digest import build_digest
from tests.support.digest import (
    BEFORE,
    DURING,
    END,
    START,
    commitment,
    data,
    person,
    question,
    session,
    update,
)

#: Wed Dec 2 12:00 in Chicago: Monday's digest (Nov 23 – Nov 29) catching up two days late.
WEDNESDAY = datetime(2026, 12, 2, 18, 0, tzinfo=UTC)
#: Mon Nov 30 14:00 in Chicago: after the period's end, before the late digest.
MONDAY_AFTERNOON = datetime(2026, 11, 30, 20, 0, tzinfo=UTC)


def test_help_asked_after_the_period_ended_shows_in_the_late_digest_but_is_not_news() -> None:
    digest = build_digest(
        data(
            read_at=WEDNESDAY,
            commitments=(commitment(1, status="blocked"), commitment(2, status="blocked")),
            updates=(
                update(1, BEFORE, new_status="blocked", note="A venue"),
                update(1, MONDAY_AFTERNOON, new_status="blocked", note="A deck in Spanish"),
                update(2, MONDAY_AFTERNOON, new_status="blocked", note="A printer"),
            ),
        )
    )
    section = digest.organizations[0]
    assert [(i.number, i.help_needed) for i in section.blocked] == [
        (1, "A deck in Spanish"),
        (2, "A printer"),
    ]
    assert section.quiet and section.update_count == 0  # the week itself had no update
    assert digest_title(digest) == "Weekly digest · Nov 23 – Nov 29"


def test_help_written_after_the_digest_is_read_is_not_shown_in_it() -> None:
    digest = build_digest(
        data(
            commitments=(commitment(1, status="blocked"),),
            updates=(
                update(1, DURING, new_status="blocked", note="A venue"),
                update(1, END + timedelta(minutes=1), new_status="blocked", note="Later"),
            ),
        )
    )
    assert [i.help_needed for i in digest.organizations[0].blocked] == ["A venue"]


def test_a_late_digest_counts_days_from_the_day_it_is_read() -> None:
    digest = build_digest(
        data(
            read_at=WEDNESDAY,
            commitments=(
                commitment(1, due=date(2026, 11, 30)),  # Monday: overdue by Wednesday
                commitment(2, due=date(2026, 12, 8)),  # next Tuesday: within 7 days of Wed
                commitment(3, due=date(2026, 12, 9)),  # next Wednesday: 7 days out, not soon
            ),
            sessions=(
                session(2, MONDAY_AFTERNOON),  # already held when the digest is read
                session(3, datetime(2026, 12, 4, 16, 0, tzinfo=UTC)),  # Fri Dec 4
            ),
            people=(
                person("U1", paused_until=MONDAY_AFTERNOON, name="Back already"),
                person("U2", paused_until=WEDNESDAY + timedelta(days=3), name="Still away"),
            ),
        )
    )
    assert digest.period.as_of == date(2026, 12, 2)
    assert digest.next_session is not None
    assert (digest.next_session.number, digest.next_session.days_until) == (3, 2)
    section = digest.organizations[0]
    assert [(i.number, i.days_late) for i in section.overdue] == [(1, 2)]
    assert [i.number for i in section.due_soon] == [2]
    assert [i.number for i in section.planned] == [3]
    assert [m.name for m in section.paused] == ["Still away"]


def test_questions_answered_before_a_late_digest_are_not_called_open() -> None:
    ta = build_digest(
        data(
            read_at=WEDNESDAY,
            questions=(question(DURING, MONDAY_AFTERNOON), question(DURING, None)),
        )
    ).ta
    assert ta.questions_open == 1


def test_a_digest_cannot_be_read_before_its_period_ends() -> None:
    with pytest.raises(ValueError):
        build_digest(data(read_at=START + timedelta(days=1)))
