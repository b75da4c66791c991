"""Logging for every entry point: readable lines, or one JSON object a line (`LOG_FORMAT=json`),
with who and what a line is about, and never a secret.

Context (team, user, request id, job, job id) lives in contextvars set at the edges: the HTTP
handler for each Slack delivery and the scheduler for each job. Tasks copy the context they are
created in, so a listener's background work logs with its request's fields too.

Redaction happens in the formatters, so it covers every logger, libraries included: Slack
tokens (`xoxb-…`, `xoxp-…`, `xoxa-…`, `xoxr-…`, `xapp-…`) by their shape, and the configured
signing and client secrets by their value, in the message, its arguments and any traceback.
"""

from __future__ import annotations

import contextlib
import json
import logging
import re
import sys
from collections.abc import Iterable, Iterator
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

#: The fields a line may carry besides time, level, logger and message, in output order.
CONTEXT_FIELDS = ("team", "user", "request_id", "job", "job_id")
_context: ContextVar[dict[str, str] | None] = ContextVar("follow_through_log_context", default=None)

TOKEN = re.compile(r"\b(?:xox[abpr]|xapp)-[A-Za-z0-9-]+")
REDACTED = "[redacted]"


@contextlib.contextmanager
def log_context(**fields: str | None) -> Iterator[None]:
    """Add fields to every line logged inside the block (and in tasks started inside it)."""
    current = dict(_context.get() or {})
    current.update({key: value for key, value in fields.items() if value})
    token = _context.set(current)
    try:
        yield
    finally:
        _context.reset(token)


def current_context() -> dict[str, str]:
    return dict(_context.get() or {})


class Redactor:
    """Replaces tokens and the configured secrets in text about to be printed.

    The formatters scrub what they produce (message with its arguments, traceback text), rather
    than a filter rewriting the record, which other handlers share.
    """

    def __init__(self, secrets: Iterable[str | None] = ()) -> None:
        # Longest first, so a secret containing another is replaced whole.
        self.secrets = sorted({s for s in secrets if s and len(s) >= 4}, key=len, reverse=True)

    def scrub(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, REDACTED)
        return TOKEN.sub(REDACTED, text)


class ContextFilter(logging.Filter):
    """Copies the current context fields onto the record (read by both formatters)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.log_context = current_context()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time (ISO UTC), level, logger, message, then the context fields
    known at that moment, then `error` with the traceback when there is one."""

    def __init__(self, redactor: Redactor) -> None:
        super().__init__()
        self.redactor = redactor

    def format(self, record: logging.LogRecord) -> str:
        scrub = self.redactor.scrub
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": scrub(record.getMessage()),
        }
        fields = getattr(record, "log_context", None) or {}
        for key in CONTEXT_FIELDS:
            if key in fields:
                entry[key] = fields[key]
        if record.exc_info:
            entry["error"] = scrub(self.formatException(record.exc_info))
        elif record.exc_text:
            entry["error"] = scrub(record.exc_text)
        if record.stack_info:
            entry["stack"] = scrub(record.stack_info)
        return json.dumps(entry, ensure_ascii=False)


class TextFormatter(logging.Formatter):
    """The readable line, with the context fields appended as key=value when known."""

    def __init__(self, redactor: Redactor) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s %(message)s")
        self.redactor = redactor

    def format(self, record: logging.LogRecord) -> str:
        return self.redactor.scrub(super().format(record))

    def formatMessage(self, record: logging.LogRecord) -> str:
        line = super().formatMessage(record)
        fields = getattr(record, "log_context", None) or {}
        extra = " ".join(f"{key}={fields[key]}" for key in CONTEXT_FIELDS if key in fields)
        return f"{line} [{extra}]" if extra else line


def configure_logging(
    log_format: str = "text",
    secrets: Iterable[str | None] = (),
    stream: Any = None,
    level: int = logging.INFO,
) -> logging.Handler:
    """Replace the root logger's handlers with one that redacts, adds context and formats."""
    handler = logging.StreamHandler(stream if stream is not None else sys.stderr)
    redactor = Redactor(secrets)
    handler.addFilter(ContextFilter())
    handler.setFormatter(
        JsonFormatter(redactor) if log_format == "json" else TextFormatter(redactor)
    )
    root = logging.getLogger()
    for old in list(root.handlers):
        if getattr(old, "follow_through", False):
            root.removeHandler(old)
    handler.follow_through = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level)
    # Start-up and per-tick chatter that helps nobody (the clock logs its own changes).
    logging.getLogger("alembic").setLevel(logging.WARNING)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    return handler
