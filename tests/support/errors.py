"""Errors the bot only logs must fail the test during which they were logged.

Bolt acknowledges a request, then runs the listener in a background task; an exception there is
handed to the app's error handler, which logs it, and the HTTP answer was already 200. The same
goes for the scheduler's jobs and the stand-in's handlers. Without this a test passes while three
of its four deliveries crashed, so every test collects ERROR records (and asyncio's "Task
exception was never retrieved") from the loggers below and fails unless it declared them with
`@pytest.mark.expect_errors("regex", ...)`.
"""

from __future__ import annotations

import logging
import re
import traceback

#: Logger-name prefixes whose ERROR records mean something of ours failed. `aiohttp.server` is
#: where aiohttp logs an exception escaping a handler (the bot's HTTP edge, the stand-in, the
#: sandbox page); `asyncio` is where a task's unretrieved exception ends up.
WATCHED = (
    "bot",
    "core",
    "jobs",
    "storage",
    "config",
    "sandbox",
    "slack_bolt",
    "slack_sdk",
    "asyncio",
    "aiohttp.server",
    "aiohttp.web",
)


def watched(name: str) -> bool:
    return any(name == prefix or name.startswith(prefix + ".") for prefix in WATCHED)


def describe(record: logging.LogRecord) -> str:
    """The record as someone reading a failed test needs it: logger, message, traceback."""
    text = f"{record.name}: {record.getMessage()}"
    if record.exc_info and record.exc_info[1] is not None:
        text += "\n" + "".join(traceback.format_exception(*record.exc_info)).rstrip()
    return text


class ErrorLog(logging.Handler):
    """A handler on the root logger for one test's duration, keeping the watched errors."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        if watched(record.name):
            self.records.append(record)

    def unexpected(self, patterns: list[str] | None) -> list[str]:
        """What was logged and not declared; `patterns=None` means nothing was declared."""
        if patterns is not None and not patterns:
            return []  # @expect_errors with no pattern: any error is part of the test
        described = [describe(r) for r in self.records]
        return [d for d in described if not any(re.search(p, d) for p in patterns or [])]

    def matching(self, pattern: str) -> list[str]:
        return [d for d in map(describe, self.records) if re.search(pattern, d)]
