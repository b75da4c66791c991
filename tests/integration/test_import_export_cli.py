"""`python -m bot import|export` as a person runs it: a real process, a real SQLite file."""

from __future__ import annotations

import csv
import io
import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data" / "transfer"

Run = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def run(tmp_path: Path) -> Run:
    """Runs the command in an empty folder (no `.env` to pick up) against a fresh SQLite file."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DATABASE_URL"))}
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    env["PYTHONPATH"] = str(ROOT)
    work = tmp_path / "cwd"
    work.mkdir()

    def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "bot", *map(str, args)],
            cwd=work,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )

    return run


def count(db: Path, table: str) -> int:
    with sqlite3.connect(db) as connection:
        return int(connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def test_import_prints_a_summary_and_a_second_run_changes_nothing(run: Run, tmp_path: Path) -> None:
    first = run("import", DATA / "roster.csv")
    assert first.returncode == 0, first.stderr
    assert first.stdout.strip() == "Imported roster: 3 organizations, 4 people"
    assert "Importing" not in first.stderr  # no progress bar when stderr isn't a terminal

    second = run("import", DATA / "roster.csv")
    assert second.returncode == 0, second.stderr
    assert second.stdout.strip() == "Imported roster: 0 organizations, 0 people (7 already there)"
    assert count(tmp_path / "db.sqlite3", "people") == 4


def test_a_bad_file_exits_1_names_the_line_and_changes_nothing(run: Run, tmp_path: Path) -> None:
    db = tmp_path / "db.sqlite3"
    bad = run("import", DATA / "bad_commitments.csv")
    assert bad.returncode == 1
    assert (
        "line 4: status “finished” isn't one of open, in-progress, blocked, done, dropped"
        in bad.stderr
    )
    assert "Nothing was imported." in bad.stderr
    assert bad.stdout == ""
    assert not db.exists()  # the file is checked before the database is even touched

    assert run("import", DATA / "roster.csv").returncode == 0
    assert run("import", DATA / "sessions.csv").returncode == 0
    unknown = tmp_path / "unknown.csv"
    unknown.write_text(
        "organization,title,owner_slack_id,due,status,pse_level,session\n"
        "clinica,Fine,,,open,,\n"
        "nowhere,Orphan,,,open,,\n",
        encoding="utf-8",
    )
    refused = run("import", unknown)
    assert refused.returncode == 1
    assert "line 3: there is no organization “nowhere”" in refused.stderr
    assert count(db, "commitments") == 0
    assert count(db, "commitment_updates") == 0


def test_a_missing_file_is_a_clear_error(run: Run, tmp_path: Path) -> None:
    missing = run("import", tmp_path / "nope.csv")
    assert missing.returncode == 1
    assert "nope.csv: no such file" in missing.stderr


def test_an_exported_folder_imports_back(run: Run, tmp_path: Path) -> None:
    for name in ("roster.csv", "sessions.csv", "commitments.csv"):
        assert run("import", DATA / name).returncode == 0
    out = tmp_path / "export"
    exported = run("export", out)
    assert exported.returncode == 0, exported.stderr
    assert "organizations.csv (5 rows)" in exported.stdout
    assert "commitments.csv (3 rows)" in exported.stdout
    assert sorted(p.name for p in out.iterdir()) == [
        "commitments.csv",
        "engagement.csv",  # the figures per organization, since issue 9
        "nudges.csv",
        "organizations.csv",
        "responses.csv",
        "sessions.csv",
        "updates.csv",
    ]

    for leftover in tmp_path.glob("db.sqlite3*"):  # the database and its WAL files
        leftover.unlink()
    restored = run("import", out)
    assert restored.returncode == 0, restored.stderr
    assert restored.stdout.splitlines() == [
        "Imported roster: 3 organizations, 4 people",
        "Imported sessions: 2 sessions",
        "Imported commitments: 3 commitments",
    ]
    again = tmp_path / "again"
    assert run("export", again).returncode == 0
    for name in ("organizations.csv", "sessions.csv", "commitments.csv"):
        assert (again / name).read_text() == (out / name).read_text(), name


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="needs a Linux pseudo-terminal")
def test_a_terminal_gets_a_progress_bar(tmp_path: Path) -> None:
    import fcntl
    import pty
    import struct
    import termios

    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DATABASE_URL"))}
    env.update(DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}", PYTHONPATH=str(ROOT))
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "import", str(DATA / "roster.csv")],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=follower,
        text=True,
    )
    os.close(follower)
    stdout, _ = process.communicate(timeout=120)
    terminal = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closed with the process
            break
        if not chunk:
            break
        terminal += chunk
    os.close(leader)
    assert process.returncode == 0
    assert stdout.strip() == "Imported roster: 3 organizations, 4 people"
    assert "Importing: 100%" in terminal.decode()
    assert "5/5" in terminal.decode()


def test_a_pseudonymized_export_has_codes_for_people(run: Run, tmp_path: Path) -> None:
    """`python -m bot export --pseudonymize` as a person runs it: the same code for one person
    in every file, and again in the next export."""
    for name in ("roster.csv", "sessions.csv", "commitments.csv"):
        assert run("import", DATA / name).returncode == 0
    out = tmp_path / "coded"
    exported = run("export", "--pseudonymize", out)
    assert exported.returncode == 0, exported.stderr
    assert "(pseudonymized: people appear as codes)" in exported.stdout
    texts = {p.name: p.read_text(encoding="utf-8") for p in out.iterdir()}
    assert len(texts) == 7
    roster = (DATA / "roster.csv").read_text(encoding="utf-8")
    ids = {line.split(",")[3] for line in roster.splitlines()[1:]} - {""}
    assert ids and not [(n, i) for n, t in texts.items() for i in ids if i in t]
    codes = {r["slack_user_id"] for r in csv.DictReader(io.StringIO(texts["organizations.csv"]))}
    codes -= {""}
    assert len(codes) == len(ids) and all(code.startswith("P-") for code in codes)
    commitments = csv.DictReader(io.StringIO(texts["commitments.csv"]))
    owners = {r["owner_slack_id"] for r in commitments} - {""}
    assert owners and owners <= codes
    again = tmp_path / "again"
    assert run("export", "--pseudonymize", again).returncode == 0
    assert (again / "organizations.csv").read_text(encoding="utf-8") == texts["organizations.csv"]
