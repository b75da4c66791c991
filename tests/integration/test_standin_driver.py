"""The driver sends what Slack sends, signed, and applies the bot's answers like Slack does.

The bot here is a tiny real Bolt app wired to the stand-in (`tests/support/toy_bot.py`), not
Follow-through, so these tests prove the whole loop (signed request in, Web API calls out) works
with the libraries the real bot uses; the real bot's own behaviour is tested elsewhere.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from urllib.parse import parse_qs

import pytest
from aiohttp import web
from slack_sdk.signature import SignatureVerifier

from sandbox.api import SlackStandIn
from sandbox.driver import SlackDriver
from sandbox.payloads import DriverError
from tests.support.toy_bot import SECRET, Seen, build_bot


@pytest.fixture
async def standin() -> AsyncIterator[SlackStandIn]:
    server = SlackStandIn()
    server.add_user("U1", "ana", tz="Europe/Madrid")
    server.add_user("U2", "ben")
    await server.start()
    yield server
    await server.stop()


@pytest.fixture
def seen() -> Seen:
    return Seen()


async def serve(app: web.Application) -> tuple[web.AppRunner, str]:
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    return runner, f"http://127.0.0.1:{port}"


@pytest.fixture
async def slack(standin: SlackStandIn, seen: Seen) -> AsyncIterator[SlackDriver]:
    runner, url = await serve(build_bot(standin.api_url, seen).web_app())
    async with SlackDriver(url, SECRET, standin) as driver:
        yield driver
    await runner.cleanup()


# ------------------------------------------------------------------------------- signing


async def test_every_request_is_signed_the_way_slack_signs(standin: SlackStandIn) -> None:
    captured: list[tuple[bytes, dict[str, str]]] = []

    async def capture(request: web.Request) -> web.Response:
        captured.append((await request.read(), dict(request.headers)))
        return web.Response()

    app = web.Application()
    app.router.add_post("/slack/events", capture)
    runner, url = await serve(app)
    try:
        async with SlackDriver(url, SECRET, standin) as driver:
            await driver.command("U1", "hello")
            await driver.url_verification("abc")
            await driver.message_event("U1", "U1", "hi")
    finally:
        await runner.cleanup()
    verifier = SignatureVerifier(SECRET)
    assert len(captured) == 3
    for body, headers in captured:
        assert verifier.is_valid(
            body, headers["X-Slack-Request-Timestamp"], headers["X-Slack-Signature"]
        )
    fields = {k: v[0] for k, v in parse_qs(captured[0][0].decode()).items()}
    assert {
        "token",
        "team_id",
        "team_domain",
        "channel_id",
        "channel_name",
        "user_id",
        "user_name",
        "command",
        "text",
        "api_app_id",
        "response_url",
        "trigger_id",
    } <= set(fields)
    assert (fields["command"], fields["text"], fields["channel_id"]) == (
        "/plan",
        "hello",
        "C0GENERAL",
    )
    event = json.loads(captured[2][0])
    assert event["type"] == "event_callback" and event["event"]["channel_type"] == "im"


async def test_bolt_refuses_the_drivers_bad_signatures_and_stale_timestamps(
    slack: SlackDriver,
) -> None:
    """Bolt's verification against the driver's signing (Follow-through's own refusal of a bad
    signature is `test_plan_bad_input.py::test_bad_signatures_are_refused`)."""
    slack.bad_signature = True
    assert (await slack.url_verification("x")).status == 401
    slack.bad_signature = False
    slack.timestamp_override = 1_600_000_000
    assert (await slack.url_verification("x")).status == 401
    slack.timestamp_override = None
    answer = await slack.url_verification("x")
    assert (answer.status, answer.json()["challenge"]) == (200, "x")


# ------------------------------------------------------------------------------ commands


async def test_a_command_is_acked_then_answered_through_its_response_url(
    standin: SlackStandIn, slack: SlackDriver
) -> None:
    answer = await slack.command("U1", "write report")
    assert answer.status == 200 and answer.response_url is not None
    url = answer.response_url
    [reply] = await standin.wait_for(lambda: standin.responses_to(url))
    assert reply["text"] == "planned: write report"
    assert [m["text"] for m in standin.ephemerals("U1")] == ["planned: write report"]
    [dm] = await standin.wait_for(lambda: standin.dm_messages("U1"))
    assert dm["text"] == "Your plan"


async def test_a_commands_inline_answer_is_shown_as_slack_shows_it(
    standin: SlackStandIn, slack: SlackDriver
) -> None:
    answer = await slack.command("U1", "inline")
    assert answer.body == "inline reply"
    assert answer.response_url is not None
    assert standin.responses_to(answer.response_url) == [{"text": "inline reply"}]
    assert [m["text"] for m in standin.ephemerals("U1")] == ["inline reply"]


async def test_a_command_opens_a_modal_and_its_submission_is_handled(
    standin: SlackStandIn, slack: SlackDriver
) -> None:
    await slack.command("U1", "new")
    [modal] = await standin.wait_for(lambda: standin.open_modals("U1"))
    values = {"title": {"value": {"type": "plain_text_input", "value": "Read ch. 3"}}}
    answer = await slack.submit_view("U1", modal["id"], values)
    assert answer.status == 200
    assert standin.open_modals("U1") == []
    [dm] = await standin.wait_for(lambda: standin.dm_messages("U1"))
    assert dm["text"] == "saved Read ch. 3 (meta-1)"


async def test_field_errors_keep_the_modal_open_and_update_replaces_it(
    standin: SlackStandIn, slack: SlackDriver
) -> None:
    await slack.command("U1", "new")
    [modal] = await standin.wait_for(lambda: standin.open_modals("U1"))
    bad = {"title": {"value": {"type": "plain_text_input", "value": "bad"}}}
    answer = await slack.submit_view("U1", modal["id"], bad)
    assert answer.json() == {"response_action": "errors", "errors": {"title": "Too vague"}}
    assert [m["id"] for m in standin.open_modals("U1")] == [modal["id"]]
    more = {"title": {"value": {"type": "plain_text_input", "value": "more"}}}
    await slack.submit_view("U1", modal["id"], more)
    [updated] = standin.open_modals("U1")
    assert updated["id"] == modal["id"] and updated["title"]["text"] == "Step two"


async def test_submitting_what_slack_would_not_let_through_is_a_test_error(
    standin: SlackStandIn, slack: SlackDriver
) -> None:
    await slack.command("U1", "new")
    [modal] = await standin.wait_for(lambda: standin.open_modals("U1"))
    with pytest.raises(DriverError, match="required input 'title'"):
        await slack.submit_view("U1", modal["id"], {})
    with pytest.raises(DriverError, match="no input block 'nope'"):
        await slack.submit_view("U1", modal["id"], {"nope": {"x": {"type": "x"}}})


# --------------------------------------------------------------------------------- clicks


async def test_a_click_carries_the_stored_message_and_replaces_it(
    standin: SlackStandIn, slack: SlackDriver
) -> None:
    await slack.command("U1", "write report")
    [dm] = await standin.wait_for(lambda: standin.dm_messages("U1"))
    channel = standin.dm_channel("U1")
    assert channel is not None
    answer = await slack.click("U1", channel, dm["ts"], "done", value="7")
    assert answer.status == 200
    await standin.wait_for(lambda: standin.dm_messages("U1")[0]["text"] == "Plan 7 done")
    [message] = standin.dm_messages("U1")
    assert message["ts"] == dm["ts"] and message["edited"]


async def test_a_click_opens_a_modal_with_its_fresh_trigger(
    standin: SlackStandIn, slack: SlackDriver
) -> None:
    await slack.command("U1", "write report")
    [dm] = await standin.wait_for(lambda: standin.dm_messages("U1"))
    await slack.click("U1", dm_channel(standin, "U1"), dm["ts"], "open")
    [modal] = await standin.wait_for(lambda: standin.open_modals("U1"))
    assert modal["title"]["text"] == "Edit plan"


async def test_clicking_a_button_that_is_not_there_is_a_test_error(
    standin: SlackStandIn, slack: SlackDriver
) -> None:
    await slack.command("U1", "write report")
    [dm] = await standin.wait_for(lambda: standin.dm_messages("U1"))
    with pytest.raises(DriverError, match=r"it has: done='7', open='7'"):
        await slack.click("U1", dm_channel(standin, "U1"), dm["ts"], "delete")
    with pytest.raises(DriverError, match="no button 'done'"):
        await slack.click("U1", dm_channel(standin, "U1"), dm["ts"], "done", value="8")


async def test_home_tab_opens_and_its_buttons_work(
    standin: SlackStandIn, slack: SlackDriver, seen: Seen
) -> None:
    await slack.app_home_opened("U1")
    await standin.wait_for(lambda: standin.home_view("U1"))
    await slack.click_home("U1", "refresh")
    home = await standin.wait_for(
        lambda: (v := standin.home_view("U1")) and v["blocks"][0]["text"]["text"] == "Refreshed 1"
    )
    assert home is True
    assert seen.home_clicks == 1


# --------------------------------------------------------------------------------- events


async def test_a_dm_is_posted_visibly_and_delivered_as_an_im_event(
    standin: SlackStandIn, slack: SlackDriver
) -> None:
    answer, event_id = await slack.message_event("U1", "U1", "hello bot")
    assert answer.status == 200 and event_id.startswith("Ev")
    await standin.wait_for(lambda: len(standin.dm_messages("U1")) == 2)
    assert [m["text"] for m in standin.dm_messages("U1")] == ["hello bot", "echo hello bot"]


async def test_a_thread_reply_event_carries_thread_ts(
    standin: SlackStandIn, slack: SlackDriver
) -> None:
    await slack.message_event("U1", "C0GENERAL", "question")
    await standin.wait_for(lambda: len(standin.messages("C0GENERAL")) == 2)
    parent = standin.messages("C0GENERAL")[0]
    await slack.message_event("U2", "C0GENERAL", "answer", thread_ts=parent["ts"])
    thread = await standin.wait_for(
        lambda: len(t := standin.thread("C0GENERAL", parent["ts"])) == 3 and t
    )
    assert [m["text"] for m in thread] == ["question", "answer", "echo answer"]


async def test_a_retry_resends_the_same_event_with_slacks_headers(
    standin: SlackStandIn, slack: SlackDriver, seen: Seen
) -> None:
    _, event_id = await slack.message_event("U1", "U1", "once")
    _, again = await slack.message_event(
        "U1", "U1", "once", event_id=event_id, retry_num=1, retry_reason="http_timeout"
    )
    assert again == event_id
    await standin.wait_for(lambda: len(standin.dm_messages("U1")) == 3)
    assert [m["text"] for m in standin.dm_messages("U1")] == ["once", "echo once", "echo once"]
    assert seen.retry_headers == [(None, None), ("1", "http_timeout")]


async def test_people_only_write_where_they_belong(
    standin: SlackStandIn, slack: SlackDriver
) -> None:
    standin.add_channel("C0QUIET", "quiet", bot_is_member=False, members=["U1"])
    with pytest.raises(DriverError, match="bot is not in C0QUIET"):
        await slack.message_event("U1", "C0QUIET", "hi")
    standin.add_channel("C0TA", "ta", members=["U2"])
    with pytest.raises(DriverError, match="U1 is not in C0TA"):
        await slack.message_event("U1", "C0TA", "hi")


def dm_channel(standin: SlackStandIn, user_id: str) -> str:
    channel = standin.dm_channel(user_id)
    assert channel is not None
    return channel
