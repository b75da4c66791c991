"""What a deploy installs: requirements.txt runs the bot and carries no development tools.

The Procfile deploy installs requirements.txt alone, so a package the code imports but that
file lacks breaks production while every local run (which installs requirements-dev.txt)
still passes. These checks read the source and the files, so they fail the day they drift.
"""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import PackageNotFoundError, packages_distributions, requires
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[2]
RUNTIME_DIRS = ("bot", "core", "jobs", "storage", "config", "sandbox")
OWN_PACKAGES = {"bot", "core", "jobs", "storage", "config", "sandbox", "bench", "tests"}
DEVELOPMENT_TOOLS = {
    "pytest",
    "pytest-asyncio",
    "pytest-timeout",
    "pytest-xdist",
    "ruff",
    "mypy",
    "playwright",
}
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;]+)$")


def normalize(name: str) -> str:
    """PEP 503: `SQLAlchemy`, `typing_extensions` and `typing-extensions` are one name."""
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(filename: str) -> dict[str, str]:
    """Name → version of every pinned line; `-r` includes and comments are skipped."""
    found: dict[str, str] = {}
    for raw in (ROOT / filename).read_text().splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", "-r ")):
            continue
        match = PIN.match(line)
        assert match, f"{filename}: {line!r} is not pinned as name==version"
        found[normalize(match[1])] = match[2]
    return found


def imported_top_level_modules() -> set[str]:
    """Every top-level module imported anywhere under the runtime packages."""
    modules: set[str] = set()
    for folder in RUNTIME_DIRS:
        for path in (ROOT / folder).rglob("*.py"):
            tree = ast.parse(path.read_text(), filename=str(path))
            for node in ast.walk(tree):
                if isinstance(node, ast.Import):
                    modules.update(alias.name.split(".")[0] for alias in node.names)
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    modules.add(node.module.split(".")[0])
    return modules


def third_party_distributions() -> set[str]:
    """The distributions that provide the runtime code's non-stdlib, non-project imports."""
    providers = packages_distributions()
    distributions: set[str] = set()
    for module in imported_top_level_modules():
        if module in OWN_PACKAGES or module in sys.stdlib_module_names or module == "__future__":
            continue
        assert module in providers, f"no installed distribution provides {module!r}"
        distributions.update(normalize(name) for name in providers[module])
    return distributions


def test_every_package_the_runtime_code_imports_is_in_requirements() -> None:
    production = pins("requirements.txt")
    needed = third_party_distributions()
    assert {"slack-bolt", "slack-sdk", "sqlalchemy", "aiohttp"} <= needed
    assert needed - production.keys() == set()


def test_requirements_carry_no_development_tools() -> None:
    production = pins("requirements.txt")
    assert DEVELOPMENT_TOOLS & production.keys() == set()
    assert pins("requirements-dev.txt").keys() >= DEVELOPMENT_TOOLS


def test_requirements_are_closed_under_their_own_dependencies() -> None:
    """Fully pinned means transitive ones too: nothing pip would add on its own."""
    production = pins("requirements.txt")
    environment = {"extra": "", "python_version": "3.11", "python_full_version": "3.11.0"}
    missing: set[str] = set()
    for name in production:
        try:
            declared = requires(name) or []
        except PackageNotFoundError:
            continue
        for text in declared:
            requirement = Requirement(text)
            if requirement.marker and not requirement.marker.evaluate(environment):
                continue
            if normalize(requirement.name) not in production:
                missing.add(f"{name} needs {requirement.name}")
    # SQLAlchemy's async engine needs greenlet through an extra pip would not pick up.
    assert "greenlet" in production
    assert missing == set()


def test_dev_requirements_include_production_and_pin_the_same_versions() -> None:
    dev_file = (ROOT / "requirements-dev.txt").read_text().splitlines()
    assert "-r requirements.txt" in [line.strip() for line in dev_file]
    assert pins("requirements.txt").keys() & pins("requirements-dev.txt").keys() == set()


def test_pyproject_lists_agree_with_the_requirement_files() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    production = pins("requirements.txt")
    development = pins("requirements-dev.txt")
    for text in project["dependencies"]:
        requirement = Requirement(text)
        assert production.get(normalize(requirement.name)) == str(requirement.specifier)[2:], text
    for text in project["optional-dependencies"]["dev"]:
        requirement = Requirement(text)
        assert development.get(normalize(requirement.name)) == str(requirement.specifier)[2:], text


def test_make_install_uses_the_dev_requirements() -> None:
    makefile = (ROOT / "Makefile").read_text()
    stamp_rule = next(line for line in makefile.splitlines() if line.startswith("$(STAMP):"))
    assert "requirements.txt" in stamp_rule and "requirements-dev.txt" in stamp_rule
    assert "-r requirements-dev.txt" in makefile
