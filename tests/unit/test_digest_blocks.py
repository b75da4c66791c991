"""bot.blocks.digest: the digest in Slack, within Slack's limits, nothing cut off, nothing live."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

from bot.blocks.digest import digest_messages, digest_title, preview_replies
from core.digest import Digest, build_digest
from core.figures import TaFigures
from tests.support.digest import (
    BEFORE,
    DURING,
    END,
    assert_within_limits,
    commitment,
    data,
    everything,
    org,
    person,
    question,
    session,
    share,
    texts,
    update,
)

EVIL = "<!channel> & <https://evil|x>"
EVIL_ESCAPED = "&lt;!channel&gt; &amp; &lt;https://evil|x&gt;"


def week() -> Digest:
    """A small but full week: every group, a quiet organization, a pause, the TA team's work."""
    return build_digest(
        data(
            organizations=(
                org(1, "Westside Health Center"),
                org(2, "Chicago Workers' Collaborative", "labor"),
                org(3, "Arise Chicago", "labor"),
            ),
            commitments=(
                commitment(1, 1, status="done", owner="U1"),
                commitment(2, 1, status="blocked"),
                commitment(3, 1, due=date(2026, 11, 26)),
                commitment(4, 1, status="in-progress", due=date(2026, 12, 2)),
                commitment(5, 1, status="in-progress"),
                commitment(6, 2),
                commitment(7, 2, due=date(2026, 11, 30)),
            ),
            updates=(
                update(1, new_status="done"),
                update(2, new_status="blocked", note="Need a labor partner to review the survey"),
            ),
            people=(
                person("U1", 1, name="Ana"),
                person("U2", 2, datetime(2026, 12, 7, 18, 0, tzinfo=UTC), "Ben"),
            ),
            sessions=(session(4, datetime(2026, 12, 3, 16, 0, tzinfo=UTC), "Policy levers"),),
            resources_shared=(share("Toolkit", 1), share("Toolkit", 2)),
            questions=(
                question(DURING, DURING + timedelta(hours=2)),
                question(DURING, DURING + timedelta(hours=5)),
                question(DURING, None),
            ),
            # as core.figures counts them (tests/unit/test_figures.py)
            ta_given=TaFigures(
                resources_shared=1,
                shares=2,
                questions_answered=2,
                median_hours_to_answer=3.5,
                help_answered=1,
                introductions=1,
            ),
        )
    )


def test_the_summary_has_the_header_totals_countdown_ta_team_and_overview() -> None:
    messages = digest_messages(week())
    summary = messages.summary
    assert summary.blocks[0] == {
        "type": "header",
        "text": {"type": "plain_text", "text": "Weekly digest · Nov 23 – Nov 29", "emoji": True},
    }
    text = everything([summary])
    assert "*Healthy Work Collaborative*" in text
    assert "1 step done this week" in text
    assert "7 commitments · 3 open · 2 in progress · 1 blocked · 1 done (14%)" in text
    assert "1 of 3 organizations shared an update this week." in text
    assert "*Session 4 · Policy levers* is in 3 days (Thu Dec 3, 10:00 CST)" in text
    assert "1 resource shared with 2 organizations" in text
    assert "2 questions answered, half of them within 3.5 hours" in text
    assert "1 help request answered · 1 introduction made · 1 question still open" in text
    assert (
        "*Westside Health Center* — 1 done · 1 in progress · 1 overdue · 1 blocked · 1 due soon"
        in text
    )
    assert (
        "*Chicago Workers' Collaborative* — 1 due soon · 1 planned · _no update this week yet_"
        in (text)
    )
    assert "*Arise Chicago* — no commitments yet" in text
    assert summary.text == "Weekly digest · Nov 23 – Nov 29: 1 done this week, 1 blocked, " + (
        "next session in 3 days"
    )


def test_the_details_say_what_each_organization_did_and_needs() -> None:
    details = everything(digest_messages(week()).details)
    assert "*Westside Health Center* · _Health care_" in details
    assert "• `#1` Step 1 · Ana" in details
    assert "• `#2` Step 2 · help needed: “Need a labor partner to review the survey”" in details
    assert "• `#3` Step 3 · 4 days past due (Thu Nov 26)" in details
    assert "• `#4` Step 4 · in progress · due Wed Dec 2" in details
    assert "• `#5` Step 5\n" in details  # the heading already says it is in progress
    assert "• `#7` Step 7 · due today" in details
    assert (
        "*Chicago Workers' Collaborative* · _Labor & worker advocacy_".replace("&", "&amp;")
        in details
    )
    assert "We haven't heard from Chicago Workers' Collaborative this week" in details
    assert "a quick update helps everyone" in details
    assert "Taking a break (no nudges meanwhile): Ben until Mon Dec 7" in details
    assert "No commitments yet — a first step, however small, is a great start." in details


def test_headings_follow_the_groups_present() -> None:
    details = everything(digest_messages(week()).details)
    for heading in (
        "*Done this week*",
        "*Blocked — help needed*",
        "*Overdue*",
        "*Due in the next 7 days*",
        "*In progress*",
        "*Planned*",
    ):
        assert heading in details


def test_a_blocked_step_without_a_note_asks_kindly_for_one() -> None:
    digest = build_digest(data(commitments=(commitment(1, status="blocked"),)))
    assert "a note on what would unblock it lets others pitch in" in everything(
        digest_messages(digest).all
    )


def test_every_message_is_within_slacks_limits() -> None:
    assert_within_limits(digest_messages(week()).all)


def test_nobody_is_mentioned_and_nothing_is_live() -> None:
    assert "<" not in everything(digest_messages(week()).all)


def test_peoples_text_is_escaped_everywhere() -> None:
    digest = build_digest(
        data(
            collaborative_name=EVIL,
            organizations=(org(1, EVIL),),
            commitments=(
                commitment(1, title=EVIL, status="blocked", owner="U1"),
                commitment(2, title=EVIL, status="done"),
            ),
            updates=(update(1, new_status="blocked", note=EVIL), update(2, new_status="done")),
            people=(
                person("U1", name=EVIL),
                person("U2", paused_until=END + timedelta(days=3), name=EVIL),
            ),
            sessions=(session(2, END + timedelta(days=2), EVIL),),
        )
    )
    replies = digest_messages(digest).all
    text = everything(replies)
    assert "<" not in text and ">" not in text
    assert "<!channel>" not in text
    # name, title, note, owner, paused member, session title, collaborative name
    assert text.count(EVIL_ESCAPED) >= 8
    assert_within_limits(replies)


def test_a_large_collaborative_is_split_and_nothing_is_truncated() -> None:
    organizations = tuple(org(i, f"Organization number {i}") for i in range(1, 61))
    statuses = ("open", "in-progress", "blocked", "done", "open")
    commitments = []
    updates = []
    for o in organizations:
        for k in range(30):
            cid = o.id * 100 + k
            title = f"T{cid:05d} " + "x" * 179 + " end"
            assert len(title) == 190
            status = statuses[k % len(statuses)]
            due = date(2026, 11, 20) + timedelta(days=k % 20) if k % 3 else None
            commitments.append(commitment(cid, o.id, status=status, due=due, title=title))
            if status in ("done", "blocked"):
                updates.append(update(cid, new_status=status, note="We need " + "help " * 30))
    digest = build_digest(
        data(organizations=organizations, commitments=tuple(commitments), updates=tuple(updates))
    )

    messages = digest_messages(digest)
    assert len(messages.details) > 1
    assert_within_limits(messages.all)
    text = everything(messages.all)
    for c in commitments:
        assert f"`#{c.number}` {c.title}" in text
    for o in organizations:
        assert f"*{o.name}*" in everything([messages.summary])
    assert "…" not in text
    parts = [r.blocks[0]["elements"][0]["text"] for r in messages.details]
    total = len(messages.details)
    assert parts == [
        f"Weekly digest · Nov 23 – Nov 29 · details, part {n} of {total}"
        for n in range(1, total + 1)
    ]


def test_an_organization_is_not_split_across_messages_when_it_fits() -> None:
    organizations = tuple(org(i) for i in range(1, 41))
    commitments = tuple(
        commitment(o.id * 100 + k, o.id, title="y" * 190) for o in organizations for k in range(30)
    )
    details = digest_messages(
        build_digest(data(organizations=organizations, commitments=commitments))
    ).details
    for reply in details:
        first_section = reply.blocks[1]["text"]["text"]
        assert first_section.startswith("*Org "), "each message starts with an organization"


def test_a_huge_help_request_is_shortened_whole_entities_with_a_pointer() -> None:
    """A 2,000-character request would crowd out every other step: the line shows its first 200
    characters as read (as the Home tab does), never half an entity, and where to read it all."""
    note = "<" * 2000  # escapes to 8,000 characters on one line
    digest = build_digest(
        data(
            commitments=(commitment(1, status="blocked"),),
            updates=(update(1, new_status="blocked", note=note),),
        )
    )
    replies = digest_messages(digest).all
    assert_within_limits(replies)
    text = "".join(texts(replies))
    assert "help needed: “" + "&lt;" * 199 + "…” (`/plan show #1` for all of it)" in text
    assert not re.search(r"&l(?!t;)|&(?!lt;|amp;|gt;)", text)


def test_a_very_long_title_is_shortened_with_a_pointer_to_the_whole_step() -> None:
    title = ("a" * 198) + "&" + ("b" * 2800)
    digest = build_digest(data(commitments=(commitment(1, title=title),)))
    replies = digest_messages(digest).all
    assert_within_limits(replies)
    joined = "".join(texts(replies))
    assert "`#1` " + "a" * 198 + "&amp;… (`/plan show #1` for the whole step)" in joined
    assert "b" * 10 not in joined


def test_many_organizations_overflow_the_overview_into_the_thread() -> None:
    organizations = tuple(
        org(i, f"Community partner with a long name {i:04d}") for i in range(3000)
    )
    messages = digest_messages(build_digest(data(organizations=organizations)))
    assert_within_limits(messages.all)
    assert len(messages.summary.blocks) == 50
    assert "The rest of the overview" in everything([messages.summary])
    text = everything(messages.all)
    for o in organizations:
        assert f"*{o.name}* — no commitments yet" in text


def test_a_monthly_digest_says_so() -> None:
    digest = build_digest(
        data(
            monthly=True,
            period_start=datetime(2027, 1, 1, 15, 0, tzinfo=UTC),
            period_end=datetime(2027, 2, 1, 15, 0, tzinfo=UTC),
            commitments=(commitment(1, status="done"),),
            updates=(update(1, datetime(2027, 1, 10, tzinfo=UTC), new_status="done"),),
        )
    )
    messages = digest_messages(digest)
    assert digest_title(digest) == "Monthly digest · January 2027"
    text = everything(messages.all)
    assert "1 step done this month" in text
    assert "*Done this month*" in text
    assert "The sessions are complete" in text
    assert messages.summary.text.startswith("Monthly digest · January 2027")


def test_a_monthly_digest_over_part_of_a_month_shows_its_days() -> None:
    digest = build_digest(
        data(
            monthly=True,
            period_start=datetime(2026, 12, 15, 15, 0, tzinfo=UTC),
            period_end=datetime(2027, 1, 15, 15, 0, tzinfo=UTC),
        )
    )
    assert digest_title(digest) == "Monthly digest · Dec 15, 2026 – Jan 14, 2027"


def test_a_monthly_digest_covering_one_week_is_called_what_it_covers() -> None:
    """The first digest after the sessions covers the days since the last weekly one."""
    digest = build_digest(
        data(
            monthly=True,
            period_start=datetime(2026, 12, 28, 15, 0, tzinfo=UTC),
            period_end=datetime(2027, 1, 4, 15, 0, tzinfo=UTC),
        )
    )
    messages = digest_messages(digest)
    assert digest_title(digest) == "Weekly digest · Dec 28, 2026 – Jan 3, 2027"
    text = everything(messages.all)
    assert "this week" in text and "this month" not in text
    assert "Check-ins and digests now come once a month." in text  # the change is still told


def test_countdown_words() -> None:
    def countdown(starts_at: datetime) -> str:
        digest = build_digest(data(sessions=(session(3, starts_at),)))
        return everything([digest_messages(digest).summary])

    assert "is today, Mon Nov 30, 13:00 CST" in countdown(END + timedelta(hours=4))
    assert "is tomorrow (Tue Dec 1, 10:00 CST)" in countdown(END + timedelta(days=1, hours=1))
    assert "No upcoming session is on the calendar yet." in countdown(BEFORE)


def test_the_ta_line_invites_questions_in_a_quiet_week() -> None:
    summary = everything([digest_messages(build_digest(data())).summary])
    assert "The TA team is here for you" in summary
    assert "`/plan ask`" in summary


def test_answer_times_read_as_people_say_them() -> None:
    def ta_line(hours: float) -> str:
        given = TaFigures(0, 0, 1, hours, 0, 0)
        digest = build_digest(
            data(questions=(question(DURING, DURING + timedelta(hours=hours)),), ta_given=given)
        )
        return everything([digest_messages(digest).summary])

    assert "1 question answered in 40 minutes" in ta_line(2 / 3)
    assert "in 1 hour." in ta_line(1)
    assert "in 26 hours" in ta_line(26)
    assert "in 3 days" in ta_line(72)


def test_an_empty_collaborative_still_renders() -> None:
    messages = digest_messages(build_digest(data(organizations=())))
    assert messages.details == []
    assert_within_limits(messages.all)
    assert "No commitments yet" in everything([messages.summary])


def test_preview_is_the_summary_then_the_details() -> None:
    digest = week()
    messages = digest_messages(digest)
    assert preview_replies(digest) == [messages.summary, *messages.details]
