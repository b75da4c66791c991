"""LOG_FORMAT=json: one JSON object a line with who and what it is about; never a token or a
signing/client secret, whichever way it reaches a log line."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import pytest

from config.cli import secrets_of
from config.logs import configure_logging, log_context
from config.settings import from_mapping

SIGNING = "8f14e45fceea167a5a36dedd4bea2543"
CLIENT = "c0ffee-client-secret-42"
BOT_TOKEN = "xoxb-1234567890-0987654321-AbCdEfGhIjKlMnOpQrStUvWx"


@pytest.fixture
def captured() -> Iterator[tuple[io.StringIO, logging.Handler]]:
    stream = io.StringIO()
    root = logging.getLogger()
    before = (list(root.handlers), root.level)
    handler = configure_logging("json", [SIGNING, CLIENT], stream=stream)
    try:
        yield stream, handler
    finally:
        root.removeHandler(handler)
        root.setLevel(before[1])


def lines(stream: io.StringIO) -> list[dict[str, object]]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def test_one_json_object_a_line_with_the_context_known_then(
    captured: tuple[io.StringIO, logging.Handler],
) -> None:
    stream, _ = captured
    log = logging.getLogger("bot.test")
    log.info("before any request")
    with log_context(team="T0001", user="U0001", request_id="Ev0123"):
        log.warning("answering %s", "/plan list")
    with log_context(job="digest", job_id="a1b2c3"):
        log.info("posting")
    first, second, third = lines(stream)
    assert set(first) == {"time", "level", "logger", "message"}
    assert first["message"] == "before any request" and first["logger"] == "bot.test"
    assert str(first["time"]).endswith("+00:00")
    assert second == {
        "time": second["time"],
        "level": "WARNING",
        "logger": "bot.test",
        "message": "answering /plan list",
        "team": "T0001",
        "user": "U0001",
        "request_id": "Ev0123",
    }
    assert (third["job"], third["job_id"]) == ("digest", "a1b2c3")
    assert "team" not in third  # the request's context ended with it


@pytest.mark.expect_errors("failed")
def test_tokens_and_secrets_never_reach_a_line(
    captured: tuple[io.StringIO, logging.Handler],
) -> None:
    stream, _ = captured
    log = logging.getLogger("slack_sdk.test")
    log.info("calling chat.postMessage with token=%s", BOT_TOKEN)
    log.info("headers {'Authorization': 'Bearer xoxp-11-22-abcdef'} app xapp-1-A0-99-ff")
    log.info("verifying with %s and %s", SIGNING, CLIENT)
    try:
        raise RuntimeError(f"refused: signing secret {SIGNING}, token xoxa-2-abc, xoxr-9-def")
    except RuntimeError:
        log.exception("failed")
    text = stream.getvalue()
    for secret in (BOT_TOKEN, "xoxp-11-22-abcdef", "xapp-1-A0-99-ff", SIGNING, CLIENT):
        assert secret not in text
    assert "xoxa-2-abc" not in text and "xoxr-9-def" not in text
    logged = lines(stream)
    assert logged[0]["message"] == "calling chat.postMessage with token=[redacted]"
    assert "[redacted]" in str(logged[-1]["error"]) and "RuntimeError" in str(logged[-1]["error"])


def test_text_lines_are_redacted_too() -> None:
    stream = io.StringIO()
    level = logging.getLogger().level
    handler = configure_logging("text", [SIGNING], stream=stream)
    try:
        with log_context(job="nudge"):
            logging.getLogger("jobs.test").warning("secret %s token %s", SIGNING, BOT_TOKEN)
    finally:
        logging.getLogger().removeHandler(handler)
        logging.getLogger().setLevel(level)
    line = stream.getvalue()
    assert SIGNING not in line and BOT_TOKEN not in line
    assert line.rstrip().endswith("secret [redacted] token [redacted] [job=nudge]")


def test_the_configured_secrets_are_the_ones_redacted() -> None:
    settings = from_mapping(
        {"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING, "LOG_FORMAT": "json"}
    )
    assert settings.log_format == "json"
    assert {SIGNING, BOT_TOKEN} <= set(secrets_of(settings))


async def test_a_scheduled_job_logs_with_its_name_and_run_id(
    captured: tuple[io.StringIO, logging.Handler],
) -> None:
    from typing import Any

    from bot.runtime import Runtime
    from config.settings import Settings
    from jobs.scheduler import JobScheduler

    stream, _ = captured
    none: Any = None
    scheduler = JobScheduler(Runtime(settings=Settings(), uow=none), none)

    async def job() -> None:
        logging.getLogger("jobs.test").info("sending")

    await scheduler._tick("digest", job)
    await scheduler._tick("digest", job)
    first, second = lines(stream)
    assert (first["job"], second["job"]) == ("digest", "digest")
    assert first["job_id"] and first["job_id"] != second["job_id"]
