"""The stretch of time a digest covers: a pure value shared by the scheduler and `/plan digest`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Period:
    """From `start` (inclusive) to `end` (exclusive); `monthly` once the sessions are over."""

    start: datetime
    end: datetime
    monthly: bool
