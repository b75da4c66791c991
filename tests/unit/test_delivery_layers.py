"""The layers stay one-way: `jobs/` schedules and calls `bot.delivery`, never the reverse."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
#: The process entry point may start the scheduler in-process (and imports it lazily).
ALLOWED = {Path("bot/serve.py")}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def jobs_importers() -> list[str]:
    offenders = []
    for package in ("bot", "core", "storage"):
        for path in sorted((ROOT / package).rglob("*.py")):
            relative = path.relative_to(ROOT)
            if relative in ALLOWED:
                continue
            if any(m == "jobs" or m.startswith("jobs.") for m in imported_modules(path)):
                offenders.append(str(relative))
    return offenders


def test_nothing_in_bot_core_or_storage_imports_jobs() -> None:
    assert jobs_importers() == []


def test_the_check_sees_an_import_of_jobs(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("import os\nfrom jobs.sender import send_due\n")
    assert "jobs.sender" in imported_modules(sample)
