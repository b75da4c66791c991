"""Re-running a whole unit of work when the database refuses it for a passing reason.

A use case reads, decides and writes inside one transaction; when the database aborts it
because another writer got in the way (SQLite busy, PostgreSQL serialization failure or
deadlock, a unique key a concurrent request claimed first) or the connection dropped, the
transaction was rolled back and nothing happened, so running the *whole* use case again is
safe and gives the answer the person would have had a moment later. Running again is only
safe while nothing was committed yet: after a commit the change is made and a re-run would
make it twice, so the error then goes up as it is.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError

log = logging.getLogger(__name__)

T = TypeVar("T")

ATTEMPTS = 5
#: First pause between attempts; doubles each time, with jitter so racers spread out.
BACKOFF_SECONDS = 0.05

#: SQLSTATEs PostgreSQL uses for "try again": serialization failure, deadlock, lock timeout.
_RETRY_SQLSTATES = {"40001", "40P01", "55P03"}
#: What SQLite and the drivers say when another writer holds the lock or the link broke.
_TRANSIENT_WORDS = (
    "unable to open database file",
    "database is locked",
    "database table is locked",
    "busy",
    "deadlock detected",
    "could not serialize access",
    "connection was closed",
    "connection is closed",
    "connection refused",
    "connection reset",
    "server closed the connection",
    "terminating connection",
    "cannot connect",
)
_UNREACHABLE_WORDS = (
    "unable to open database file",
    "connection refused",
    "cannot connect",
    "connection was closed",
    "connection is closed",
    "server closed the connection",
    "terminating connection",
    "connection reset",
)


class DatabaseUnavailable(Exception):
    """The database did not take the work after every attempt: it is down or overwhelmed."""


@dataclass
class _Attempt:
    parent: _Attempt | None = None
    committed: bool = False


_attempt: ContextVar[_Attempt | None] = ContextVar("storage_retry_attempt", default=None)


def note_commit() -> None:
    """Called by the unit of work on commit: from here on, re-running would do things twice."""
    attempt = _attempt.get()
    while attempt is not None:  # an enclosing retry must not re-run it either
        attempt.committed = True
        attempt = attempt.parent


def _sqlstate(error: BaseException) -> str | None:
    original = getattr(error, "orig", None)
    for candidate in (original, getattr(original, "__cause__", None)):
        code = getattr(candidate, "sqlstate", None) or getattr(candidate, "pgcode", None)
        if isinstance(code, str):
            return code
    return None


def is_transient(error: BaseException) -> bool:
    """Would the same unit of work, run again a moment later, probably succeed?"""
    if isinstance(error, IntegrityError):
        return True  # a concurrent request inserted the same key first; a re-run reads it
    if isinstance(error, PoolTimeoutError):
        return True
    if isinstance(error, DBAPIError):
        if error.connection_invalidated or _sqlstate(error) in _RETRY_SQLSTATES:
            return True
        message = str(error.orig if error.orig is not None else error).lower()
        return any(word in message for word in _TRANSIENT_WORDS)
    # asyncpg lets a refused or broken connection out as a bare OSError. An HTTP client's
    # errors are OSErrors too, but a Slack call that failed is not the database's to retry:
    # re-running a listener after Slack saw part of it would say things twice.
    return _database_os_error(error)


def _database_os_error(error: BaseException) -> bool:
    return isinstance(error, OSError) and not type(error).__module__.startswith(
        ("aiohttp", "slack_sdk", "urllib")
    )


def is_unreachable(error: BaseException) -> bool:
    """Transient errors that mean the database itself is down, not merely busy."""
    if isinstance(error, PoolTimeoutError) or _database_os_error(error):
        return True
    if isinstance(error, OperationalError | DBAPIError):
        if error.connection_invalidated:
            return True
        message = str(error.orig if error.orig is not None else error).lower()
        return any(word in message for word in _UNREACHABLE_WORDS) or "locked" in message
    return False


async def with_retries(
    work: Callable[[], Awaitable[T]],
    *,
    attempts: int = ATTEMPTS,
    what: str = "unit of work",
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
) -> T:
    """Run `work` (which opens its own units of work) until it succeeds or stops being worth
    repeating. The last transient failure becomes `DatabaseUnavailable` when it means the
    database is unreachable or still locked; any other error goes up unchanged."""
    for number in range(1, attempts + 1):
        attempt = _Attempt(parent=_attempt.get())
        token = _attempt.set(attempt)
        try:
            return await work()
        except Exception as error:
            if attempt.committed or not is_transient(error):
                raise
            if number == attempts:
                if is_unreachable(error):
                    raise DatabaseUnavailable(str(error)) from error
                raise
            pause = BACKOFF_SECONDS * 2 ** (number - 1) * (1 + random.random())
            log.info(
                "%s hit %s; running it again (attempt %s)", what, type(error).__name__, number + 1
            )
            await sleep(pause)
        finally:
            _attempt.reset(token)
    raise AssertionError("unreachable")  # pragma: no cover - the loop returns or raises
