"""Which failures re-run a unit of work, how often, and when a re-run would do harm."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy.exc import IntegrityError, OperationalError, ProgrammingError

from storage.retry import DatabaseUnavailable, is_transient, note_commit, with_retries


class _PgError(Exception):
    def __init__(self, sqlstate: str) -> None:
        super().__init__(f"sqlstate {sqlstate}")
        self.sqlstate = sqlstate


def locked() -> OperationalError:
    return OperationalError("UPDATE x", {}, sqlite3.OperationalError("database is locked"))


async def no_sleep(_seconds: float) -> None:
    return None


@pytest.mark.parametrize(
    ("error", "transient"),
    [
        (locked(), True),
        (OperationalError("x", {}, _PgError("40P01")), True),  # deadlock
        (OperationalError("x", {}, _PgError("40001")), True),  # serialization failure
        (IntegrityError("INSERT", {}, Exception("duplicate key")), True),
        (ConnectionRefusedError(111, "Connect call failed"), True),  # asyncpg, server down
        (ProgrammingError("SELECT", {}, Exception("syntax error")), False),
        (ValueError("a bug"), False),
        (KeyError("x"), False),
    ],
)
def test_what_counts_as_a_passing_refusal(error: Exception, transient: bool) -> None:
    assert is_transient(error) is transient


def test_an_http_client_connection_error_is_not_the_databases_to_retry() -> None:
    import aiohttp

    error = aiohttp.ClientOSError(104, "Connection reset by peer")
    assert isinstance(error, OSError)
    assert not is_transient(error)


async def test_the_work_runs_again_until_it_goes_through() -> None:
    calls: list[int] = []

    async def work() -> str:
        calls.append(1)
        if len(calls) < 3:
            raise locked()
        return "answered"

    assert await with_retries(work, sleep=no_sleep) == "answered"
    assert len(calls) == 3


async def test_a_busy_database_that_never_frees_up_is_reported_unavailable() -> None:
    calls: list[int] = []

    async def work() -> None:
        calls.append(1)
        raise locked()

    with pytest.raises(DatabaseUnavailable):
        await with_retries(work, attempts=4, sleep=no_sleep)
    assert len(calls) == 4


async def test_a_bug_is_not_run_again() -> None:
    calls: list[int] = []

    async def work() -> None:
        calls.append(1)
        raise ValueError("a bug")

    with pytest.raises(ValueError):
        await with_retries(work, sleep=no_sleep)
    assert calls == [1]


async def test_after_a_commit_the_work_is_not_run_again_it_would_happen_twice() -> None:
    calls: list[int] = []

    async def work() -> None:
        calls.append(1)
        note_commit()
        raise locked()

    with pytest.raises(OperationalError):
        await with_retries(work, sleep=no_sleep)
    assert calls == [1]


async def test_a_commit_inside_a_nested_retry_also_stops_the_outer_one() -> None:
    outer: list[int] = []

    async def inner() -> None:
        note_commit()

    async def work() -> None:
        outer.append(1)
        await with_retries(inner, sleep=no_sleep)
        raise locked()

    with pytest.raises(OperationalError):
        await with_retries(work, sleep=no_sleep)
    assert outer == [1]


async def test_a_unique_key_taken_for_good_goes_up_as_it_is_after_the_last_attempt() -> None:
    async def work() -> None:
        raise IntegrityError("INSERT", {}, Exception("duplicate key"))

    with pytest.raises(IntegrityError):
        await with_retries(work, attempts=2, sleep=no_sleep)
