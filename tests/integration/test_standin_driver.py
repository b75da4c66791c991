"""The driver sends what Slack sends, signed, and applies the bot's answers like Slack does.

The bot here is a tiny real Bolt app wired to the stand-in, so these tests also prove the whole
loop (signed request in, Web API calls out) works with the libraries the real bot uses.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs

import pytest
from aiohttp import web
from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond, AsyncSay
from slack_sdk.signature import SignatureVerifier
from slack_sdk.web.async_client import AsyncWebClient

from sandbox.api import SlackStandIn
from sandbox.driver import SlackDriver
from sandbox.payloads import DriverError

TOKEN = "xoxb-sandbox"
SECRET = "sandbox-signing-secret"


@dataclass
class Seen:
    """What the little bot observed, for assertions on retries."""

    retry_headers: list[tuple[str | None, str | None]] = field(default_factory=list)
    home_clicks: int = 0


def section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def done_button(plan_id: str) -> dict[str, Any]:
    return {
        "type": "actions",
        "block_id": f"plan-{plan_id}",
        "elements": [
            {
                "type": "button",
                "action_id": "done",
                "text": {"type": "plain_text", "text": "Done"},
                "value": plan_id,
            },
            {
                "type": "button",
                "action_id": "open",
                "text": {"type": "plain_text", "text": "Edit"},
                "value": plan_id,
            },
        ],
    }


def plan_modal(title: str = "New plan") -> dict[str, Any]:
    return {
        "type": "modal",
        "callback_id": "plan",
        "private_metadata": "meta-1",
        "title": {"type": "plain_text", "text": title},
        "submit": {"type": "plain_text", "text": "Save"},
        "blocks": [
            {
                "type": "input",
                "block_id": "title",
                "label": {"type": "plain_text", "text": "Title"},
                "element": {"type": "plain_text_input", "action_id": "value"},
            },
            {
                "type": "input",
                "block_id": "due",
                "optional": True,
                "label": {"type": "plain_text", "text": "Due"},
                "element": {"type": "datepicker", "action_id": "date"},
            },
        ],
    }


def build_bot(api_url: str, seen: Seen) -> AsyncApp:
    """A Bolt app behaving like a miniature Follow-through."""
    app = AsyncApp(
        signing_secret=SECRET,
        client=AsyncWebClient(token=TOKEN, base_url=api_url),
    )

    @app.middleware
    async def note_retries(req: Any, resp: Any, next: Callable[[], Awaitable[Any]]) -> Any:
        retry = req.headers.get("x-slack-retry-num", [None])[0]
        reason = req.headers.get("x-slack-retry-reason", [None])[0]
        seen.retry_headers.append((retry, reason))
        return await next()

    @app.command("/plan")
    async def plan(
        ack: AsyncAck, command: dict[str, Any], respond: AsyncRespond, client: Any
    ) -> None:
        text = command["text"]
        if text == "inline":
            await ack(text="inline reply")
            return
        await ack()
        if text == "new":
            await client.views_open(trigger_id=command["trigger_id"], view=plan_modal())
            return
        await respond(text=f"planned: {text}")
        await client.chat_postMessage(
            channel=command["user_id"], text="Your plan", blocks=[section(text), done_button("7")]
        )

    @app.action("done")
    async def done(ack: AsyncAck, body: dict[str, Any], respond: AsyncRespond) -> None:
        await ack()
        plan_id = body["actions"][0]["value"]
        await respond(replace_original=True, text=f"Plan {plan_id} done")

    @app.action("open")
    async def open_modal(ack: AsyncAck, body: dict[str, Any], client: Any) -> None:
        await ack()
        await client.views_open(trigger_id=body["trigger_id"], view=plan_modal("Edit plan"))

    @app.view("plan")
    async def submitted(
        ack: AsyncAck, view: dict[str, Any], body: dict[str, Any], client: Any
    ) -> None:
        title = view["state"]["values"]["title"]["value"]["value"]
        if title == "bad":
            await ack(response_action="errors", errors={"title": "Too vague"})
            return
        if title == "more":
            await ack(response_action="update", view=plan_modal("Step two"))
            return
        await ack()
        await client.chat_postMessage(
            channel=body["user"]["id"], text=f"saved {title} ({view['private_metadata']})"
        )

    @app.event("message")
    async def echo(event: dict[str, Any], say: AsyncSay) -> None:
        if event.get("bot_id"):
            return
        await say(text=f"echo {event['text']}", thread_ts=event.get("thread_ts"))

    @app.event("app_home_opened")
    async def home(event: dict[str, Any], client: Any) -> None:
        await client.views_publish(
            user_id=event["user"],
            view={
                "type": "home",
                "blocks": [
                    section("Home"),
                    {
                        "type": "actions",
                        "elements": [
                            {
                                "type": "button",
                                "action_id": "refresh",
                                "text": {"type": "plain_text", "text": "Refresh"},
                            }
                        ],
                    },
                ],
            },
        )

    @app.action("refresh")
    async def refresh(ack: AsyncAck, body: dict[str, Any], client: Any) -> None:
        await ack()
        seen.home_clicks += 1
        assert body["container"]["type"] == "view"
        await client.views_publish(
            user_id=body["user"]["id"],
            view={"type": "home", "blocks": [section(f"Refreshed {seen.home_clicks}")]},
        )

    return app


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


async def test_the_bot_refuses_bad_signatures_and_stale_timestamps(slack: SlackDriver) -> None:
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
