"""The CSV formats of the import and export, and their pure parsing and validation.

Files come from spreadsheets TA teams already keep, so parsing forgives what spreadsheets do
(a byte-order mark, columns in another order, trailing empty cells, blank lines, capitalised
words) and is strict about meaning: every problem is reported with the line it is on, all of
them at once, so a file can be fixed in one pass. Nothing here touches the database.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Final, Literal, TypeAlias

from core.naming import HANDLE_LIMIT, handle_from_name, is_handle
from core.vocabulary import PSE_LEVELS, SPHERES, STATUSES, TITLE_LIMIT

Kind: TypeAlias = Literal["roster", "sessions", "commitments"]

ROSTER_COLUMNS: Final = ("organization", "handle", "sphere", "slack_user_id", "role")
COMMITMENT_COLUMNS: Final = (
    "organization",
    "title",
    "owner_slack_id",
    "due",
    "status",
    "pse_level",
    "session",
)
# Optional on import, always written on export: `number` keeps `#N` stable across a round trip
# and `detail` keeps what the add-commitment modal collected.
COMMITMENT_OPTIONAL: Final = ("number", "detail")
SESSION_COLUMNS: Final = ("session", "starts_at", "title")

REQUIRED: Final[dict[Kind, tuple[str, ...]]] = {
    "roster": ROSTER_COLUMNS,
    "sessions": SESSION_COLUMNS,
    "commitments": COMMITMENT_COLUMNS,
}
OPTIONAL: Final[dict[Kind, tuple[str, ...]]] = {
    "roster": (),
    "sessions": (),
    "commitments": COMMITMENT_OPTIONAL,
}
# Applying in this order lets one folder import build what later files refer to.
KIND_ORDER: Final[tuple[Kind, ...]] = ("roster", "sessions", "commitments")

ROLES: Final = ("participant", "ta")
ORG_NAME_LIMIT: Final = 100
SESSION_TITLE_LIMIT: Final = 150
DETAIL_LIMIT: Final = 2000
SLACK_ID = re.compile(r"^[UW][A-Z0-9]{2,31}$")
# Cells a spreadsheet would run as a formula; export defuses them with a leading apostrophe.
_FORMULA_START: Final = ("=", "+", "-", "@", "\t", "\r")


class TransferError(Exception):
    """An import that cannot go ahead: one or more one-line problems, each naming its line."""

    def __init__(self, problems: Sequence[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = list(problems)


@dataclass(frozen=True)
class RosterRow:
    line: int
    organization: str | None
    handle: str | None
    sphere: str | None
    slack_user_id: str | None
    role: str | None
    # False when the handle column was empty and the handle was derived from the name: then an
    # organization already known by that name keeps the handle it has.
    handle_given: bool = True


@dataclass(frozen=True)
class SessionRow:
    line: int
    number: int | None
    starts_at: datetime
    title: str


@dataclass(frozen=True)
class CommitmentRow:
    line: int
    organization: str
    title: str
    owner_slack_id: str | None
    due: date | None
    status: str
    pse_level: str | None
    session: int | None
    number: int | None
    detail: str | None


Row: TypeAlias = RosterRow | SessionRow | CommitmentRow


@dataclass(frozen=True)
class ParsedFile:
    kind: Kind
    rows: tuple[Row, ...]
    name: str = ""


# --- reading -----------------------------------------------------------------------------------


def decode(data: bytes) -> str:
    """Spreadsheets save UTF-8 with a byte-order mark; anything else is refused by name."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise TransferError(
            [f"the file isn't UTF-8 text (byte {error.start}): save it as “CSV UTF-8”"]
        ) from None


def detect_kind(header: Sequence[str]) -> Kind:
    """The header row alone says what a file is, so one command imports every format."""
    columns = [cell.strip().lower() for cell in header]
    for kind, required in REQUIRED.items():
        if set(required) <= set(columns):
            _check_columns(columns, kind)
            return kind
    formats = "; ".join(f"{kind}: {','.join(cols)}" for kind, cols in REQUIRED.items())
    raise TransferError([f"line 1: the header “{','.join(header)}” isn't one I know ({formats})"])


def _check_columns(columns: list[str], kind: Kind) -> None:
    known = set(REQUIRED[kind]) | set(OPTIONAL[kind])
    problems = [
        f"line 1: unknown column “{column}” in a {kind} file"
        for column in columns
        if column and column not in known
    ]
    seen: set[str] = set()
    for column in columns:
        if column and column in seen:
            problems.append(f"line 1: the column “{column}” appears twice")
        seen.add(column)
    if problems:
        raise TransferError(problems)


def _records(text: str) -> Iterator[tuple[int, list[str]]]:
    """Rows with the line each starts on (a quoted cell may span lines, so count them)."""
    reader = csv.reader(io.StringIO(text, newline=""))
    start = 1
    for cells in reader:
        yield start, cells
        start = reader.line_num + 1


def parse(text: str, name: str = "") -> ParsedFile:
    """Read a whole file, or raise TransferError listing every bad line."""
    try:
        records = list(_records(text))
    except csv.Error as error:
        raise TransferError([f"the file isn't readable CSV: {error}"]) from None
    if not records:
        raise TransferError(["the file is empty: it needs a header row"])
    _, header = records[0]
    kind = detect_kind(header)
    columns = [cell.strip().lower() for cell in header]
    rows: list[Row] = []
    problems: list[str] = []
    for line, cells in records[1:]:
        try:
            cells_by_name = _cells_by_column(line, columns, cells)
            if cells_by_name is None:
                continue
            rows.append(_PARSERS[kind](line, cells_by_name))
        except RowProblem as problem:
            problems.append(f"line {line}: {problem}")
    rows = adopt_handles(rows, {})
    problems.extend(_duplicates(rows))
    if problems:
        raise TransferError(problems)
    return ParsedFile(kind=kind, rows=tuple(rows), name=name)


class RowProblem(ValueError):
    """What is wrong with one row; `parse` adds the line number."""


def _cells_by_column(line: int, columns: list[str], cells: list[str]) -> dict[str, str] | None:
    """None for a blank line; spreadsheets often drop trailing empty cells, so pad them."""
    values = [_unguard(cell.strip()) for cell in cells]
    if not any(values):
        return None
    if len(values) > len(columns) and any(values[len(columns) :]):
        raise RowProblem(f"{len(values)} cells, but the header has {len(columns)} columns")
    values += [""] * (len(columns) - len(values))
    return {column: value for column, value in zip(columns, values, strict=False) if column}


# --- one row of each format ----------------------------------------------------------------------


def _parse_roster(line: int, cells: dict[str, str]) -> RosterRow:
    organization = " ".join(cells["organization"].split()) or None
    handle = cells["handle"].lower() or None
    handle_given = handle is not None
    sphere = cells["sphere"].lower() or None
    user_id = cells["slack_user_id"].upper() or None
    role = cells["role"].lower() or None
    if organization is None and (handle or sphere):
        raise RowProblem("a handle or sphere needs the organization's name too")
    if organization is not None:
        if len(organization) > ORG_NAME_LIMIT:
            raise RowProblem(f"the organization's name is over {ORG_NAME_LIMIT} characters")
        handle = handle or handle_from_name(organization)
        if not is_handle(handle):
            raise RowProblem(
                f"“{handle or organization}” can't be a handle: fill in the handle column with "
                f"lower-case words joined by - (at most {HANDLE_LIMIT} characters)"
            )
    if sphere is not None and sphere not in SPHERES:
        raise RowProblem(f"sphere “{sphere}” isn't one of {', '.join(SPHERES)}")
    if user_id is not None and not SLACK_ID.match(user_id):
        raise RowProblem(f"“{user_id}” isn't a Slack user id (like U012ABCDEF)")
    if role is not None and role not in ROLES:
        raise RowProblem(f"role “{role}” isn't one of {', '.join(ROLES)}")
    if user_id is None and role == "ta":
        raise RowProblem("a TA row needs the person's slack_user_id")
    if user_id is not None and role is None:
        raise RowProblem("say the person's role: participant or ta")
    if organization is None and role != "ta":
        raise RowProblem(
            "a participant needs an organization (only TA rows may leave it empty)"
            if user_id
            else "the row names no organization and no person"
        )
    return RosterRow(line, organization, handle, sphere, user_id, role, handle_given)


def _parse_session(line: int, cells: dict[str, str]) -> SessionRow:
    number = _positive(cells["session"], "session") if cells["session"] else None
    raw = cells["starts_at"]
    if not raw:
        raise RowProblem("starts_at is empty: give it like 2025-03-04T15:00:00-06:00")
    try:
        starts_at = datetime.fromisoformat(raw)
    except ValueError:
        raise RowProblem(f"starts_at “{raw}” isn't a time like 2025-03-04T15:00:00-06:00") from None
    if starts_at.tzinfo is None:
        raise RowProblem(
            f"starts_at “{raw}” has no UTC offset: add one, like 2025-03-04T15:00:00-06:00"
        )
    title = " ".join(cells["title"].split())
    if not title:
        raise RowProblem("the session needs a title")
    if len(title) > SESSION_TITLE_LIMIT:
        raise RowProblem(f"the title is over {SESSION_TITLE_LIMIT} characters")
    return SessionRow(line, number, starts_at, title)


def _parse_commitment(line: int, cells: dict[str, str]) -> CommitmentRow:
    organization = " ".join(cells["organization"].split())
    if not organization:
        raise RowProblem("the organization is empty: give its handle or full name")
    title = cells["title"].strip()
    if not title:
        raise RowProblem("the title is empty")
    if len(title) > TITLE_LIMIT:
        raise RowProblem(
            f"the title is {len(title):,} characters, over the limit of {TITLE_LIMIT:,}: keep "
            "the step itself there and move the rest to a detail column"
        )
    owner = cells["owner_slack_id"].upper() or None
    if owner is not None and not SLACK_ID.match(owner):
        raise RowProblem(f"owner “{owner}” isn't a Slack user id (like U012ABCDEF)")
    status = cells["status"].lower() or "open"
    if status not in STATUSES:
        raise RowProblem(f"status “{cells['status']}” isn't one of {', '.join(STATUSES)}")
    pse = cells["pse_level"].lower() or None
    if pse is not None and pse not in PSE_LEVELS:
        raise RowProblem(f"pse_level “{cells['pse_level']}” isn't one of {', '.join(PSE_LEVELS)}")
    detail = cells.get("detail", "").strip() or None
    if detail is not None and len(detail) > DETAIL_LIMIT:
        raise RowProblem(f"the detail is over {DETAIL_LIMIT} characters")
    return CommitmentRow(
        line=line,
        organization=organization,
        title=title,
        owner_slack_id=owner,
        due=_iso_date(cells["due"]) if cells["due"] else None,
        status=status,
        pse_level=pse,
        session=_positive(cells["session"], "session") if cells["session"] else None,
        number=_commitment_number(cells.get("number", "")),
        detail=detail,
    )


_PARSERS: Final[dict[Kind, Callable[[int, dict[str, str]], Row]]] = {
    "roster": _parse_roster,
    "sessions": _parse_session,
    "commitments": _parse_commitment,
}


def _positive(raw: str, column: str) -> int:
    if not raw.isdigit() or int(raw) < 1:
        raise RowProblem(f"{column} “{raw}” isn't a whole number from 1 up")
    return int(raw)


def _commitment_number(raw: str) -> int | None:
    raw = raw.removeprefix("#")
    return _positive(raw, "number") if raw else None


def _iso_date(raw: str) -> date:
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise RowProblem(f"due “{raw}” isn't a date like 2025-03-14") from None


# --- the file as a whole -------------------------------------------------------------------------


def _duplicates(rows: Iterable[Row]) -> list[str]:
    """A file that says one thing twice is ambiguous; name both lines."""
    problems: list[str] = []
    seen: dict[tuple[str, object], int] = {}
    orgs_by_handle: dict[str, RosterRow] = {}
    orgs_by_name: dict[str, RosterRow] = {}
    for row in rows:
        for key in _row_keys(row):
            if key in seen:
                problems.append(f"line {row.line}: {_describe(key)} is already on line {seen[key]}")
            else:
                seen[key] = row.line
        if isinstance(row, RosterRow):
            problems.extend(_organization_clash(row, orgs_by_handle, orgs_by_name))
    return problems


def adopt_handles(rows: Sequence[Row], known: dict[str, str]) -> list[Row]:
    """Rows that leave the handle empty use the one given for that name elsewhere.

    `known` maps lower-cased names to handles already in use (the database's); a handle given
    on another row of the file comes first. Spreadsheets rarely carry handles on every row.
    """
    given = dict(known)
    for row in rows:
        if isinstance(row, RosterRow) and row.handle_given and row.organization:
            given.setdefault(row.organization.lower(), row.handle or "")
    adopted: list[Row] = []
    for row in rows:
        if isinstance(row, RosterRow) and not row.handle_given and row.organization:
            row = replace(row, handle=given.get(row.organization.lower(), row.handle))
        adopted.append(row)
    return adopted


def _row_keys(row: Row) -> list[tuple[str, object]]:
    if isinstance(row, RosterRow):
        return [("person", row.slack_user_id)] if row.slack_user_id else []
    if isinstance(row, SessionRow):
        keys: list[tuple[str, object]] = [("start", row.starts_at)]
        return keys + ([("session", row.number)] if row.number is not None else [])
    keys = [("commitment", (row.organization.lower(), row.title.lower()))]
    return keys + ([("number", row.number)] if row.number is not None else [])


def _describe(key: tuple[str, object]) -> str:
    what, value = key
    if what == "person":
        return f"the person {value}"
    if what == "start":
        assert isinstance(value, datetime)
        return f"a session at {value.isoformat()}"
    if what == "session":
        return f"session {value}"
    if what == "number":
        return f"commitment #{value}"
    assert isinstance(value, tuple)
    return f"the commitment “{value[1]}” of {value[0]}"


def _organization_clash(
    row: RosterRow, by_handle: dict[str, RosterRow], by_name: dict[str, RosterRow]
) -> list[str]:
    """Every row about one organization must agree on its name, handle and sphere."""
    if row.organization is None or row.handle is None:
        return []
    problems = []
    first = by_handle.setdefault(row.handle, row)
    if first.organization and first.organization.lower() != row.organization.lower():
        problems.append(
            f"line {row.line}: the handle {row.handle} is “{first.organization}” on line "
            f"{first.line}, not “{row.organization}”"
        )
    elif row.sphere and first.sphere and row.sphere != first.sphere:
        problems.append(
            f"line {row.line}: {row.organization} is sphere {first.sphere} on line "
            f"{first.line}, not {row.sphere}"
        )
    named = by_name.setdefault(row.organization.lower(), row)
    if named.handle != row.handle:
        problems.append(
            f"line {row.line}: “{row.organization}” has the handle {named.handle} on line "
            f"{named.line}, not {row.handle}"
        )
    return problems


# --- writing -------------------------------------------------------------------------------------


def render(columns: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """CSV text with defused cells, so opening an export in a spreadsheet runs no formula."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_guard(_cell(value)) for value in row])
    return buffer.getvalue()


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def _guard(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA_START) else text


def _unguard(text: str) -> str:
    """Undo `_guard`, so an export imports back to exactly what was exported."""
    if text.startswith("'") and text[1:].startswith(_FORMULA_START):
        return text[1:]
    return text
