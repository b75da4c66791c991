"""The error fixture itself (`tests/support/errors.py`): it must see what the bot logs from a
background task after the HTTP answer went out, and asyncio's "Task exception was never
retrieved", or a test could pass while the bot crashed behind it."""

from __future__ import annotations

import asyncio
import gc
import logging
from collections.abc import Iterator

import pytest

from tests.support.errors import ErrorLog

#: These tests log errors on purpose, to see that the handler catches them.
pytestmark = pytest.mark.expect_errors()


@pytest.fixture
def handler() -> Iterator[ErrorLog]:
    found = ErrorLog()
    root = logging.getLogger()
    root.addHandler(found)
    yield found
    root.removeHandler(found)


async def test_an_error_logged_in_a_background_task_is_seen(handler: ErrorLog) -> None:
    async def listener() -> None:  # as Bolt's error handler does after the ack
        try:
            raise RuntimeError("database is locked")
        except RuntimeError:
            logging.getLogger("bot.app").exception("unhandled error for event_callback")

    await asyncio.gather(asyncio.create_task(listener()))
    [problem] = handler.unexpected(None)
    assert problem.startswith("bot.app: unhandled error for event_callback")
    assert "RuntimeError: database is locked" in problem
    assert handler.unexpected(["database is locked"]) == []  # declared: not a failure
    assert handler.unexpected(["something else"]) == [problem]
    assert handler.unexpected([]) == []  # @expect_errors with no pattern: anything goes


async def test_an_unretrieved_task_exception_is_seen(handler: ErrorLog) -> None:
    async def crashes() -> None:
        raise ValueError("nobody awaited me")

    task = asyncio.get_running_loop().create_task(crashes())
    await asyncio.sleep(0)  # let it run and fail
    assert task.done()
    del task
    gc.collect()  # asyncio logs "Task exception was never retrieved" when the task is collected
    assert any(
        "never retrieved" in p and "nobody awaited me" in p for p in handler.unexpected(None)
    )


def test_warnings_and_other_loggers_are_not_failures(handler: ErrorLog) -> None:
    logging.getLogger("bot.app").warning("could not acknowledge")
    logging.getLogger("botocore").error("not ours")  # a prefix match would be wrong
    logging.getLogger("sandbox.web").error("the page handler failed")
    assert [p.split(":")[0] for p in handler.unexpected(None)] == ["sandbox.web"]
