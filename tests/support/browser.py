"""Debian's chromium as the browser tests and the README screenshot launch it."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

CHROMIUM = shutil.which("chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
#: Anything the page asks for that is not on this machine is refused.
NOT_LOCAL = re.compile(r"^(?!https?://127\.0\.0\.1[:/]|data:|about:)")
