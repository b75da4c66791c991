"""A tiny real Bolt app wired to the stand-in: not Follow-through, a stand-in for it, so the
driver and the stand-in can be tested against the libraries the real bot uses."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond, AsyncSay
from slack_sdk.web.async_client import AsyncWebClient

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
