"""Organization handles: short, typeable names derived from what people call an organization."""

from __future__ import annotations

import re
import unicodedata

HANDLE_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
HANDLE_LIMIT = 40


def handle_from_name(name: str) -> str:
    """'Sí Se Puede Workers’ Center' -> 'si-se-puede-workers-center' (accents folded)."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    words = re.findall(r"[a-z0-9]+", folded.lower().replace("'", ""))
    handle = "-".join(words)
    if len(handle) > HANDLE_LIMIT:
        handle = handle[:HANDLE_LIMIT].rstrip("-")
    return handle


def is_handle(text: str) -> bool:
    return bool(HANDLE_PATTERN.match(text)) and len(text) <= HANDLE_LIMIT
