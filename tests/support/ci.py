"""Skipping for want of a service is fine on a laptop and a lie in CI.

With `CI=true` (as `.ci/run` and every CI system set it) a missing PostgreSQL or chromium fails
the test that needed it, so a run cannot go green with a hundred tests silently skipped.
"""

from __future__ import annotations

import os
from typing import NoReturn

import pytest


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


def unavailable(reason: str) -> NoReturn:
    """Skip with the reason, except in CI, where the same reason fails the test."""
    if in_ci():
        pytest.fail(f"CI=true and {reason}", pytrace=False)
    pytest.skip(reason)
