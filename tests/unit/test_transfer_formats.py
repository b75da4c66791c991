"""Parsing and validation of the import formats: every problem names the line it is on."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from core.transfer import ImportSummary
from core.transfer_formats import (
    CommitmentRow,
    RosterRow,
    SessionRow,
    TransferError,
    decode,
    parse,
    render,
)

ROSTER = "organization,handle,sphere,slack_user_id,role\n"
COMMITMENTS = "organization,title,owner_slack_id,due,status,pse_level,session\n"
SESSIONS = "session,starts_at,title\n"


def problems(text: str) -> list[str]:
    with pytest.raises(TransferError) as caught:
        parse(text)
    return caught.value.problems


# --- telling the formats apart ---------------------------------------------------------------


def test_the_header_row_tells_the_formats_apart() -> None:
    assert parse(ROSTER).kind == "roster"
    assert parse(COMMITMENTS).kind == "commitments"
    assert parse(SESSIONS).kind == "sessions"
    assert parse(COMMITMENTS.strip() + ",number,detail\n").kind == "commitments"


def test_headers_forgive_case_spaces_order_and_a_byte_order_mark() -> None:
    text = decode("\ufeffRole, Slack_User_ID ,sphere,HANDLE,Organization\nta,U0TA1,,,\n".encode())
    parsed = parse(text)
    assert parsed.kind == "roster"
    assert parsed.rows == (RosterRow(2, None, None, None, "U0TA1", "ta", handle_given=False),)


def test_an_unknown_header_lists_the_formats() -> None:
    [problem] = problems("name,email\nAna,ana@example.org\n")
    assert problem.startswith("line 1: the header “name,email” isn't one I know")
    assert "organization,handle,sphere,slack_user_id,role" in problem
    assert "session,starts_at,title" in problem


def test_unknown_and_repeated_columns_are_named() -> None:
    assert problems(ROSTER.strip() + ",email,role\n") == [
        "line 1: unknown column “email” in a roster file",
        "line 1: the column “role” appears twice",
    ]


def test_an_empty_file_and_a_non_utf8_file_are_refused() -> None:
    assert problems("") == ["the file is empty: it needs a header row"]
    with pytest.raises(TransferError, match="isn't UTF-8"):
        decode("Clínica".encode("latin-1"))


# --- roster ------------------------------------------------------------------------------------


def test_roster_rows_are_read_and_handles_derived_from_names() -> None:
    parsed = parse(
        ROSTER
        + "Clínica del Pueblo,clinica,Health,u0clin1,Participant\n"
        + "Sí Se Puede Workers’ Center,,labor,U0LAB1,participant\n"
        + "Eastside Coalition,eastside,,,\n"
        + "\n"
        + ",,,U0TA1,ta\n"
    )
    assert parsed.rows == (
        RosterRow(2, "Clínica del Pueblo", "clinica", "health", "U0CLIN1", "participant"),
        RosterRow(
            3,
            "Sí Se Puede Workers’ Center",
            "si-se-puede-workers-center",
            "labor",
            "U0LAB1",
            "participant",
            handle_given=False,
        ),
        RosterRow(4, "Eastside Coalition", "eastside", None, None, None),
        RosterRow(6, None, None, None, "U0TA1", "ta", handle_given=False),
    )


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        (
            "Clinic,clinic,hospital,U0001,participant",
            "sphere “hospital” isn't one of health, labor",
        ),
        ("Clinic,clinic,health,bob,participant", "“BOB” isn't a Slack user id"),
        ("Clinic,clinic,health,U0001,admin", "role “admin” isn't one of participant, ta"),
        ("Clinic,clinic,health,U0001,", "say the person's role: participant or ta"),
        (",,,U0001,participant", "a participant needs an organization"),
        (",,,,", None),
        (",clinic,health,U0001,ta", "a handle or sphere needs the organization's name too"),
        ("Clinic,,health,,ta", "a TA row needs the person's slack_user_id"),
        ("Clinic,Bad Handle,health,U0001,participant", "“bad handle” can't be a handle"),
        ("!!!,,health,U0001,participant", "“!!!” can't be a handle"),
        ("X" * 101 + ",x,health,U0001,participant", "the organization's name is over 100"),
        ("Clinic,clinic,health,U0001,participant,extra", "6 cells, but the header has 5 columns"),
    ],
)
def test_bad_roster_rows_name_their_line(row: str, problem: str | None) -> None:
    text = ROSTER + "Eastside,eastside,community,,\n" + row + "\n"
    if problem is None:  # a blank row is skipped, not refused
        assert len(parse(text).rows) == 1
        return
    [found] = problems(text)
    assert found.startswith(f"line 3: {problem}")


def test_rows_about_one_organization_must_agree() -> None:
    text = (
        ROSTER
        + "Clinic,clinic,health,U0001,participant\n"
        + "Other Clinic,clinic,health,U0002,participant\n"
        + "Clinic,clinic-2,health,U0003,participant\n"
        + "Clinic,clinic,labor,U0004,participant\n"
        + "Clinic,clinic,,U0001,participant\n"
    )
    assert problems(text) == [
        "line 3: the handle clinic is “Clinic” on line 2, not “Other Clinic”",
        "line 4: “Clinic” has the handle clinic on line 2, not clinic-2",
        "line 5: Clinic is sphere health on line 2, not labor",
        "line 6: the person U0001 is already on line 2",
    ]


def test_a_row_without_a_handle_uses_the_one_given_for_its_name() -> None:
    parsed = parse(
        ROSTER
        + "Clínica del Pueblo,,health,U0001,participant\n"
        + "CLÍNICA DEL PUEBLO,clinica,health,U0002,participant\n"
    )
    assert [row.handle for row in parsed.rows if isinstance(row, RosterRow)] == [
        "clinica",
        "clinica",
    ]


def test_every_bad_line_is_reported_at_once() -> None:
    text = (
        ROSTER + "A,a,nope,U0001,participant\nB,b,health,U0002,participant\nC,c,health,U0003,boss\n"
    )
    assert [p.split(":")[0] for p in problems(text)] == ["line 2", "line 4"]


def test_a_quoted_cell_spanning_lines_keeps_later_line_numbers_right() -> None:
    text = COMMITMENTS + 'a,"two\nline title",,,open,,\n' + "a,ok,,,finished,,\n"
    assert problems(text) == [
        "line 4: status “finished” isn't one of open, in-progress, blocked, done, dropped"
    ]


# --- commitments -------------------------------------------------------------------------------


def test_commitment_rows_are_read_with_defaults() -> None:
    parsed = parse(
        COMMITMENTS.strip()
        + ",number,detail\n"
        + "clinica,Screen patients,u0clin1,2025-04-15,In-Progress,Systems,1,#12,why\n"
        + '"Clínica del Pueblo",Write a letter,,,,,\n'
    )
    assert parsed.rows == (
        CommitmentRow(
            2,
            "clinica",
            "Screen patients",
            "U0CLIN1",
            date(2025, 4, 15),
            "in-progress",
            "systems",
            1,
            12,
            "why",
        ),
        CommitmentRow(
            3, "Clínica del Pueblo", "Write a letter", None, None, "open", None, None, None, None
        ),
    )


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        (
            "a,Train staff,,,finished,,",
            "status “finished” isn't one of open, in-progress, blocked, done, dropped",
        ),
        ("a,Train staff,,3/14,open,,", "due “3/14” isn't a date like 2025-03-14"),
        ("a,Train staff,,2025-02-30,open,,", "due “2025-02-30” isn't a date"),
        ("a,Train staff,,,open,advocacy,", "pse_level “advocacy” isn't one of policy, systems"),
        ("a,Train staff,,,open,,first", "session “first” isn't a whole number from 1 up"),
        ("a,Train staff,,,open,,0", "session “0” isn't a whole number from 1 up"),
        ("a,Train staff,maria,,open,,", "owner “MARIA” isn't a Slack user id"),
        (",Train staff,,,open,,", "the organization is empty"),
        ("a,,,,open,,", "the title is empty"),
        ("a," + "t" * 3001 + ",,,open,,", "the title is 3,001 characters, over the limit of 3,000"),
    ],
)
def test_bad_commitment_rows_name_their_line(row: str, problem: str) -> None:
    text = COMMITMENTS + "".join(f"a,Fine {n},,,open,,\n" for n in range(5)) + row + "\n"
    [found] = problems(text)
    assert found.startswith(f"line 7: {problem}")


def test_a_bad_commitment_number_and_repeats_are_named() -> None:
    text = (
        COMMITMENTS.strip()
        + ",number\n"
        + "a,One,,,open,,,x\n"
        + "a,Two,,,open,,,2\n"
        + "a,Three,,,open,,,2\n"
        + "A,TWO,,,open,,,\n"
    )
    assert problems(text) == [
        "line 2: number “x” isn't a whole number from 1 up",
        "line 4: commitment #2 is already on line 3",
        "line 5: the commitment “two” of a is already on line 3",
    ]


# --- sessions ----------------------------------------------------------------------------------


def test_session_rows_keep_the_instant() -> None:
    parsed = parse(SESSIONS + "1,2025-03-04T15:00:00-06:00,Kickoff\n,2025-04-01T20:00:00Z,Two\n")
    kickoff, two = parsed.rows
    assert isinstance(kickoff, SessionRow) and isinstance(two, SessionRow)
    assert kickoff.starts_at == datetime(2025, 3, 4, 21, 0, tzinfo=UTC)
    assert kickoff.starts_at.utcoffset() == timedelta(hours=-6)
    assert (two.number, two.starts_at) == (None, datetime(2025, 4, 1, 20, 0, tzinfo=UTC))


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        ("1,2025-03-04 15:00,Kickoff", "starts_at “2025-03-04 15:00” has no UTC offset"),
        ("1,March 4,Kickoff", "starts_at “March 4” isn't a time like 2025-03-04T15:00:00-06:00"),
        ("1,,Kickoff", "starts_at is empty"),
        ("1,2025-03-04T15:00:00-06:00,", "the session needs a title"),
        ("one,2025-03-04T15:00:00-06:00,Kickoff", "session “one” isn't a whole number"),
    ],
)
def test_bad_session_rows_name_their_line(row: str, problem: str) -> None:
    [found] = problems(SESSIONS + row + "\n")
    assert found.startswith(f"line 2: {problem}")


def test_two_sessions_at_one_instant_are_one_too_many() -> None:
    text = SESSIONS + "1,2025-03-04T15:00:00-06:00,A\n2,2025-03-04T21:00:00+00:00,B\n"
    assert problems(text) == ["line 3: a session at 2025-03-04T21:00:00+00:00 is already on line 2"]


# --- writing -----------------------------------------------------------------------------------


def test_render_defuses_formulas_and_parse_restores_them() -> None:
    text = render(
        ("organization", "title", "owner_slack_id", "due", "status", "pse_level", "session"),
        [("a", '=HYPERLINK("http://x")', None, date(2025, 1, 2), "open", None, 1)],
    )
    assert text.splitlines()[1] == 'a,"\'=HYPERLINK(""http://x"")",,2025-01-02,open,,1'
    [row] = parse(text).rows
    assert isinstance(row, CommitmentRow)
    assert row.title == '=HYPERLINK("http://x")'


def test_render_writes_times_with_their_offset() -> None:
    moment = datetime(2025, 3, 4, 15, 0, tzinfo=timezone(timedelta(hours=-6)))
    assert render(("at",), [(moment,)]) == "at\n2025-03-04T15:00:00-06:00\n"


def test_the_summary_line_reads_like_a_sentence() -> None:
    summary = ImportSummary("roster", {"organizations": 3, "people": 7}, already=2)
    assert summary.line() == "Imported roster: 3 organizations, 7 people (2 already there)"
    one = ImportSummary("roster", {"organizations": 1, "people": 1}, updated=1)
    assert one.line() == "Imported roster: 1 organization, 1 person (1 updated)"
    assert ImportSummary("sessions").line() == "Imported sessions: 0 sessions"
