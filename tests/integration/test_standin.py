"""The stand-in answers slack_sdk as Slack would: same encodings, same refusals, same limits."""

from __future__ import annotations

from collections.abc import AsyncIterator
from types import SimpleNamespace
from typing import Any

import aiohttp
import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry import builtin_async_handlers
from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler
from slack_sdk.web.async_client import AsyncWebClient

from sandbox.api import SlackStandIn
from sandbox.ratelimit import RateLimit

TOKEN = "xoxb-sandbox"


class FakeClock:
    """Monotonic seconds that move only when a test says so."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
async def standin(clock: FakeClock) -> AsyncIterator[SlackStandIn]:
    server = SlackStandIn(clock=clock)
    server.add_user("U1", "ana", real_name="Ana Ruiz", display_name="ana", tz="Europe/Madrid")
    server.add_user("U2", "ben", tz="America/New_York")
    server.add_user("U3", "cy", channels=())
    await server.start()
    yield server
    await server.stop()


@pytest.fixture
async def client(standin: SlackStandIn) -> AsyncWebClient:
    return AsyncWebClient(token=TOKEN, base_url=standin.api_url)


def section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def buttons(*action_ids: str) -> dict[str, Any]:
    return {
        "type": "actions",
        "elements": [
            {"type": "button", "text": {"type": "plain_text", "text": a}, "action_id": a}
            for a in action_ids
        ],
    }


async def refusal(call: Any) -> dict[str, Any]:
    """The JSON of a refused call."""
    with pytest.raises(SlackApiError) as caught:
        await call
    data: dict[str, Any] = caught.value.response.data
    return data


# ------------------------------------------------------------------------------ basics


async def test_api_url_has_the_trailing_slash_slack_sdk_needs(standin: SlackStandIn) -> None:
    assert standin.api_url.startswith("http://127.0.0.1:")
    assert standin.api_url.endswith("/api/")


async def test_auth_test_names_the_bot(client: AsyncWebClient) -> None:
    answer = await client.auth_test()
    assert (answer["user_id"], answer["team_id"], answer["bot_id"]) == (
        "UBOT",
        "T0SANDBOX",
        "B0SANDBOX",
    )


async def test_a_wrong_token_is_invalid_auth(standin: SlackStandIn) -> None:
    intruder = AsyncWebClient(token="xoxb-wrong", base_url=standin.api_url)
    assert (await refusal(intruder.auth_test()))["error"] == "invalid_auth"
    anonymous = AsyncWebClient(base_url=standin.api_url)
    assert (await refusal(anonymous.auth_test()))["error"] == "not_authed"


async def test_a_token_field_works_like_the_header(standin: SlackStandIn) -> None:
    async with aiohttp.ClientSession() as session:
        form = {"token": TOKEN, "channel": "C0GENERAL", "text": "hi"}
        async with session.post(standin.api_url + "chat.postMessage", data=form) as resp:
            assert (await resp.json())["ok"] is True


async def test_an_unknown_method_is_404(standin: SlackStandIn, client: AsyncWebClient) -> None:
    answer = await refusal(client.api_call("chat.teleport"))
    assert answer["error"] == "unknown_method"
    assert standin.calls[-1].status == 404


# ----------------------------------------------------------------------------- posting


async def test_posting_to_a_user_id_lands_in_their_dm(
    standin: SlackStandIn, client: AsyncWebClient
) -> None:
    answer = await client.chat_postMessage(channel="U1", text="Your plan is due")
    assert answer["channel"].startswith("D")
    assert answer["channel"] == standin.dm_channel("U1")
    [message] = standin.dm_messages("U1")
    assert (message["text"], message["ts"], message["bot_id"]) == (
        "Your plan is due",
        answer["ts"],
        "B0SANDBOX",
    )
    again = await client.chat_postMessage(channel="U1", text="Reminder")
    assert again["channel"] == answer["channel"]
    assert float(again["ts"]) > float(answer["ts"])


async def test_blocks_sent_as_form_json_are_decoded(standin: SlackStandIn) -> None:
    client = AsyncWebClient(token=TOKEN, base_url=standin.api_url)
    await client.api_call(
        "chat.postMessage",
        data={"channel": "C0GENERAL", "text": "t", "blocks": '[{"type": "divider"}]'},
    )
    [message] = standin.messages("C0GENERAL")
    assert message["blocks"][0]["type"] == "divider"
    assert standin.calls[-1].args["blocks"][0]["type"] == "divider"


async def test_stored_blocks_get_block_and_action_ids(
    standin: SlackStandIn, client: AsyncWebClient
) -> None:
    answer = await client.chat_postMessage(
        channel="C0GENERAL", text="t", blocks=[section("x"), buttons("done")]
    )
    blocks = answer["message"]["blocks"]
    assert all(b["block_id"] for b in blocks)
    assert blocks[1]["elements"][0]["action_id"] == "done"


async def test_fifty_one_blocks_are_invalid_blocks(client: AsyncWebClient) -> None:
    answer = await refusal(
        client.chat_postMessage(channel="C0GENERAL", text="t", blocks=[section("x")] * 51)
    )
    assert answer["error"] == "invalid_blocks"
    assert answer["response_metadata"]["messages"] == [
        "[ERROR] no more than 50 items allowed [json-pointer:/blocks]"
    ]


async def test_a_header_over_150_characters_is_invalid_blocks(client: AsyncWebClient) -> None:
    header = {"type": "header", "text": {"type": "plain_text", "text": "h" * 151}}
    answer = await refusal(client.chat_postMessage(channel="U1", text="t", blocks=[header]))
    assert answer["error"] == "invalid_blocks"
    assert "json-pointer:/blocks/0/text/text" in answer["response_metadata"]["messages"][0]


@pytest.mark.filterwarnings("ignore:The top-level `text` argument is missing")
async def test_no_text_and_no_blocks_is_no_text(client: AsyncWebClient) -> None:
    assert (await refusal(client.chat_postMessage(channel="U1", text="")))["error"] == "no_text"


async def test_text_beyond_40000_characters_is_truncated(
    standin: SlackStandIn, client: AsyncWebClient
) -> None:
    await client.chat_postMessage(channel="C0GENERAL", text="a" * 40_500)
    assert len(standin.messages("C0GENERAL")[0]["text"]) == 40_000


async def test_unknown_and_private_channels_are_refused(
    standin: SlackStandIn, client: AsyncWebClient
) -> None:
    standin.add_channel("C0SECRET", "secret", is_private=True, bot_is_member=False)
    standin.add_channel("C0OPEN", "open", bot_is_member=False)
    missing = await refusal(client.chat_postMessage(channel="C0NOPE", text="t"))
    assert missing["error"] == "channel_not_found"
    private = await refusal(client.chat_postMessage(channel="C0SECRET", text="t"))
    assert private["error"] == "not_in_channel"
    # without chat:write.public a bot posts only where it was invited, public channels too
    public = await refusal(client.chat_postMessage(channel="C0OPEN", text="t"))
    assert public["error"] == "not_in_channel"


async def test_only_post_message_takes_a_user_id_or_a_channel_name(
    standin: SlackStandIn, client: AsyncWebClient
) -> None:
    await client.chat_postMessage(channel="#general", text="by name")
    assert standin.messages("C0GENERAL")[0]["text"] == "by name"
    answer = await refusal(client.chat_postEphemeral(channel="U1", user="U1", text="x"))
    assert answer["error"] == "channel_not_found"
    assert standin.messages("U1") == [] and standin.dm_channel("U1") is None


async def test_thread_replies_and_the_thread_query(
    standin: SlackStandIn, client: AsyncWebClient
) -> None:
    parent = await client.chat_postMessage(channel="C0GENERAL", text="parent")
    await client.chat_postMessage(channel="C0GENERAL", text="reply", thread_ts=parent["ts"])
    thread = standin.thread("C0GENERAL", parent["ts"])
    assert [m["text"] for m in thread] == ["parent", "reply"]
    replies = await client.conversations_replies(channel="C0GENERAL", ts=parent["ts"])
    assert [m["text"] for m in replies["messages"]] == ["parent", "reply"]
    history = await client.conversations_history(channel="C0GENERAL")
    assert [m["text"] for m in history["messages"]] == ["parent"]


async def test_update_edits_only_the_bots_own_messages(
    standin: SlackStandIn, client: AsyncWebClient
) -> None:
    posted = await client.chat_postMessage(channel="U1", text="before")
    channel = posted["channel"]
    updated = await client.chat_update(
        channel=channel, ts=posted["ts"], text="after", blocks=[section("after")]
    )
    assert updated["ts"] == posted["ts"]
    [message] = standin.dm_messages("U1")
    assert message["text"] == "after" and message["edited"]["user"] == "UBOT"
    standin.workspace.post(standin.workspace.channels[channel], {"user": "U1", "text": "hi"})
    theirs = standin.dm_messages("U1")[-1]["ts"]
    denied = await refusal(client.chat_update(channel=channel, ts=theirs, text="x"))
    assert denied["error"] == "cant_update_message"
    gone = await refusal(client.chat_update(channel=channel, ts="1.000001", text="x"))
    assert gone["error"] == "message_not_found"


async def test_delete_removes_the_message(standin: SlackStandIn, client: AsyncWebClient) -> None:
    posted = await client.chat_postMessage(channel="C0GENERAL", text="oops")
    await client.chat_delete(channel="C0GENERAL", ts=posted["ts"])
    assert standin.messages("C0GENERAL") == []


async def test_ephemeral_messages_reach_only_members(
    standin: SlackStandIn, client: AsyncWebClient
) -> None:
    answer = await client.chat_postEphemeral(channel="C0GENERAL", user="U1", text="psst")
    [seen] = standin.ephemerals("U1")
    assert (seen["text"], seen["ts"], seen["channel"]) == (
        "psst",
        answer["message_ts"],
        "C0GENERAL",
    )
    assert standin.messages("C0GENERAL") == []
    outsider = await refusal(client.chat_postEphemeral(channel="C0GENERAL", user="U3", text="x"))
    assert outsider["error"] == "user_not_in_channel"
    nobody = await refusal(client.chat_postEphemeral(channel="C0GENERAL", user="U9", text="x"))
    assert nobody["error"] == "user_not_found"


async def test_reacting_twice_with_one_emoji_is_already_reacted(
    standin: SlackStandIn, client: AsyncWebClient
) -> None:
    posted = await client.chat_postMessage(channel="C0GENERAL", text="done")
    await client.reactions_add(channel="C0GENERAL", timestamp=posted["ts"], name="white_check_mark")
    again = await refusal(
        client.reactions_add(channel="C0GENERAL", timestamp=posted["ts"], name="white_check_mark")
    )
    assert again["error"] == "already_reacted"
    [reaction] = standin.messages("C0GENERAL")[0]["reactions"]
    assert reaction == {"name": "white_check_mark", "users": ["UBOT"], "count": 1}


# ------------------------------------------------------------------- metadata and history


async def test_metadata_comes_back_only_with_include_all_metadata(client: AsyncWebClient) -> None:
    metadata = {"event_type": "nudge_sent", "event_payload": {"nudge_id": 42}}
    posted = await client.chat_postMessage(channel="U1", text="nudge", metadata=metadata)
    channel = posted["channel"]
    plain = await client.conversations_history(channel=channel, limit=10)
    assert "metadata" not in plain["messages"][0]
    full = await client.conversations_history(channel=channel, limit=10, include_all_metadata=True)
    assert full["messages"][0]["metadata"] == metadata


async def test_malformed_metadata_is_refused(client: AsyncWebClient) -> None:
    answer = await refusal(
        client.chat_postMessage(channel="U1", text="t", metadata={"event_payload": {}})
    )
    assert answer["error"] == "invalid_metadata_schema"


async def test_history_is_newest_first_and_paginates(client: AsyncWebClient) -> None:
    for i in range(5):
        await client.chat_postMessage(channel="C0GENERAL", text=f"m{i}")
    first = await client.conversations_history(channel="C0GENERAL", limit=3)
    assert [m["text"] for m in first["messages"]] == ["m4", "m3", "m2"]
    assert first["has_more"] is True
    cursor = first["response_metadata"]["next_cursor"]
    rest = await client.conversations_history(channel="C0GENERAL", limit=3, cursor=cursor)
    assert [m["text"] for m in rest["messages"]] == ["m1", "m0"]
    assert rest["has_more"] is False


# ----------------------------------------------------------------- people and conversations


async def test_users_info_reports_time_zones_and_unknown_users(client: AsyncWebClient) -> None:
    ana = (await client.users_info(user="U1"))["user"]
    assert ana["tz"] == "Europe/Madrid"
    assert ana["tz_offset"] in (3600, 7200)
    assert ana["profile"]["display_name"] == "ana" and ana["real_name"] == "Ana Ruiz"
    assert ana["deleted"] is False and ana["is_bot"] is False
    assert (await refusal(client.users_info(user="U404")))["error"] == "user_not_found"


async def test_conversations_open_gives_dms_and_group_dms(
    standin: SlackStandIn, client: AsyncWebClient
) -> None:
    dm = (await client.conversations_open(users="U1"))["channel"]["id"]
    assert dm == standin.dm_channel("U1") and dm.startswith("D")
    group = (await client.conversations_open(users="U1,U2"))["channel"]["id"]
    assert group.startswith("G")
    assert (await client.conversations_open(users=["U2", "U1"]))["channel"]["id"] == group
    await client.chat_postMessage(channel=group, text="hello both")
    assert standin.messages(group)[0]["text"] == "hello both"
    unknown = await refusal(client.conversations_open(users="U1,U404"))
    assert unknown["error"] == "user_not_found"
    for i in range(4, 12):
        standin.add_user(f"U{i}", f"person{i}")
    crowd = ",".join(f"U{i}" for i in range(1, 12) if i != 3)
    assert (await refusal(client.conversations_open(users=crowd)))["error"] == "too_many_users"


async def test_a_departed_persons_dm_cannot_be_opened(
    standin: SlackStandIn, client: AsyncWebClient
) -> None:
    standin.add_user("U9", "gone", deleted=True)
    assert (await refusal(client.conversations_open(users="U9")))["error"] == "user_disabled"


# ---------------------------------------------------------------------------------- views


def plan_modal(title: str = "New plan") -> dict[str, Any]:
    return {
        "type": "modal",
        "callback_id": "plan",
        "title": {"type": "plain_text", "text": title},
        "submit": {"type": "plain_text", "text": "Save"},
        "blocks": [
            {
                "type": "input",
                "block_id": "title",
                "label": {"type": "plain_text", "text": "Title"},
                "element": {"type": "plain_text_input", "action_id": "value"},
            }
        ],
    }


async def test_a_trigger_opens_one_modal_within_three_seconds(
    standin: SlackStandIn, client: AsyncWebClient, clock: FakeClock
) -> None:
    trigger = standin.issue_trigger("U1")
    view = (await client.views_open(trigger_id=trigger, view=plan_modal()))["view"]
    assert view["id"].startswith("V") and view["callback_id"] == "plan" and view["hash"]
    assert [v["id"] for v in standin.open_modals("U1")] == [view["id"]]
    reused = await refusal(client.views_open(trigger_id=trigger, view=plan_modal()))
    assert reused["error"] == "exchanged_trigger_id"
    late = standin.issue_trigger("U1")
    clock.advance(3.5)
    expired = await refusal(client.views_open(trigger_id=late, view=plan_modal()))
    assert expired["error"] == "expired_trigger_id"
    forged = await refusal(client.views_open(trigger_id="123.456.abc", view=plan_modal()))
    assert forged["error"] == "invalid_trigger_id"


async def test_a_long_modal_title_is_invalid_arguments(
    standin: SlackStandIn, client: AsyncWebClient
) -> None:
    trigger = standin.issue_trigger("U1")
    answer = await refusal(client.views_open(trigger_id=trigger, view=plan_modal("t" * 25)))
    assert answer["error"] == "invalid_arguments"
    assert "json-pointer:/view/title/text" in answer["response_metadata"]["messages"][0]


async def test_views_update_by_id_or_external_id_and_hash_conflicts(
    standin: SlackStandIn, client: AsyncWebClient
) -> None:
    modal = {**plan_modal(), "external_id": "plan-7"}
    opened = (await client.views_open(trigger_id=standin.issue_trigger("U1"), view=modal))["view"]
    updated = (
        await client.views_update(view_id=opened["id"], hash=opened["hash"], view=plan_modal("B"))
    )["view"]
    assert updated["id"] == opened["id"] and updated["title"]["text"] == "B"
    stale = await refusal(
        client.views_update(view_id=opened["id"], hash=opened["hash"], view=plan_modal())
    )
    assert stale["error"] == "hash_conflict"
    unknown = await refusal(client.views_update(view_id="V404", view=plan_modal()))
    assert unknown["error"] == "not_found"


async def test_views_push_stacks_up_to_three(standin: SlackStandIn, client: AsyncWebClient) -> None:
    await client.views_open(trigger_id=standin.issue_trigger("U1"), view=plan_modal())
    for _ in range(2):
        await client.views_push(trigger_id=standin.issue_trigger("U1"), view=plan_modal())
    assert len(standin.open_modals("U1")) == 3
    full = await refusal(
        client.views_push(trigger_id=standin.issue_trigger("U1"), view=plan_modal())
    )
    assert full["error"] == "push_limit_reached"


async def test_home_views_are_published_per_person_with_a_100_block_limit(
    standin: SlackStandIn, client: AsyncWebClient
) -> None:
    home = {"type": "home", "blocks": [section("Your plans")]}
    first = (await client.views_publish(user_id="U1", view=home))["view"]
    second = (await client.views_publish(user_id="U1", view=home))["view"]
    assert first["id"] == second["id"]
    stored = standin.home_view("U1")
    assert stored is not None and stored["blocks"][0]["text"]["text"] == "Your plans"
    assert standin.home_view("U2") is None
    too_big = {"type": "home", "blocks": [{"type": "divider"}] * 101}
    answer = await refusal(client.views_publish(user_id="U1", view=too_big))
    assert answer["error"] == "invalid_arguments"
    modal = await refusal(client.views_publish(user_id="U1", view=plan_modal()))
    assert modal["error"] == "invalid_arguments"


# ---------------------------------------------------------------------------- rate limits


async def test_over_the_limit_is_429_with_retry_after(
    standin: SlackStandIn, clock: FakeClock
) -> None:
    standin.set_rate_limits({"chat.postMessage": RateLimit(1.0, per_channel=True)})
    async with aiohttp.ClientSession(headers={"Authorization": f"Bearer {TOKEN}"}) as session:
        url = standin.api_url + "chat.postMessage"
        form = {"channel": "C0GENERAL", "text": "one"}
        async with session.post(url, data=form) as first:
            assert first.status == 200
        async with session.post(url, data=form) as second:
            assert second.status == 429
            assert second.headers["Retry-After"] == "1"
            assert await second.json() == {"ok": False, "error": "ratelimited"}
        async with session.post(url, data={**form, "channel": "U1"}) as elsewhere:
            assert elsewhere.status == 200
    assert [c.status for c in standin.calls_to("chat.postMessage")] == [200, 429, 200]


async def test_the_standins_429_is_what_slack_sdks_own_rate_limit_handler_expects(
    standin: SlackStandIn, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """slack_sdk's handler (with its jitter) against the stand-in's 429: the bot's own handler,
    which waits exactly Retry-After, is tested in test_rate_limit_retry.py."""
    slept: list[float] = []

    async def fake_sleep(seconds: float) -> None:
        """Let the handler's wait pass on the stand-in's clock instead of the wall clock."""
        slept.append(seconds)
        clock.advance(seconds)

    monkeypatch.setattr(builtin_async_handlers, "asyncio", SimpleNamespace(sleep=fake_sleep))
    standin.set_rate_limits({"chat.postMessage": RateLimit(1.0, per_channel=True)})
    client = AsyncWebClient(
        token=TOKEN,
        base_url=standin.api_url,
        retry_handlers=[AsyncRateLimitErrorRetryHandler(max_retry_count=2)],
    )
    await client.chat_postMessage(channel="C0GENERAL", text="one")
    answer = await client.chat_postMessage(channel="C0GENERAL", text="two")
    assert answer["ok"] is True
    assert len(slept) == 1 and slept[0] >= 1
    assert [c.status for c in standin.calls_to("chat.postMessage")] == [200, 429, 200]
    assert [m["text"] for m in standin.messages("C0GENERAL")] == ["one", "two"]


async def test_a_client_without_a_retry_handler_sees_the_standins_ratelimited(
    standin: SlackStandIn, client: AsyncWebClient
) -> None:
    standin.set_rate_limits({"users.info": RateLimit(0.5)})
    await client.users_info(user="U1")
    answer = await refusal(client.users_info(user="U1"))
    assert answer["error"] == "ratelimited"


# ---------------------------------------------------------------------------------- files


async def test_files_upload_v2_runs_its_three_steps_against_the_standin(
    standin: SlackStandIn, client: AsyncWebClient
) -> None:
    answer = await client.files_upload_v2(
        channel="C0GENERAL",
        content=b"name,due\nplan,friday\n",
        filename="plans.csv",
        title="Plans",
        initial_comment="This week's plans",
    )
    assert answer["file"]["title"] == "Plans"
    [upload] = standin.calls_to("upload")
    assert upload.ok and upload.args["length"] == len(b"name,due\nplan,friday\n")
    [message] = standin.messages("C0GENERAL")
    assert message["text"] == "This week's plans"
    [shared] = message["files"]
    assert (shared["name"], shared["title"]) == ("plans.csv", "Plans")
    stored = standin.workspace.files[shared["id"]]
    assert stored.content == b"name,due\nplan,friday\n"
    async with aiohttp.ClientSession() as session, session.get(shared["url_private"]) as resp:
        assert await resp.read() == stored.content


async def test_completing_an_upload_that_never_happened_fails(client: AsyncWebClient) -> None:
    url = await client.files_getUploadURLExternal(filename="a.txt", length=3)
    answer = await refusal(
        client.files_completeUploadExternal(files=[{"id": url["file_id"]}], channel_id="C0GENERAL")
    )
    assert answer["error"] == "file_not_found"


async def test_an_image_keeps_its_alt_text_and_an_overlong_one_is_refused(
    client: AsyncWebClient, standin: SlackStandIn
) -> None:
    await client.files_upload_v2(
        channel="C0GENERAL", content=b"\x89PNG", filename="chart.png", alt_txt="A bar chart"
    )
    [message] = standin.messages("C0GENERAL")
    assert message["files"][0]["alt_txt"] == "A bar chart"
    answer = await refusal(
        client.files_getUploadURLExternal(filename="c.png", length=4, alt_txt="x" * 1001)
    )
    assert answer["error"] == "invalid_arguments"


# -------------------------------------------------------------------------- response URLs


async def post_json(url: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    async with aiohttp.ClientSession() as session, session.post(url, json=body) as resp:
        return resp.status, await resp.json()


async def test_response_urls_post_ephemeral_by_default_and_in_channel_on_request(
    standin: SlackStandIn,
) -> None:
    url = standin.new_response_url("C0GENERAL", "U1")
    assert (await post_json(url, {"text": "only you"}))[0] == 200
    status, _ = await post_json(url, {"text": "everyone", "response_type": "in_channel"})
    assert status == 200
    assert [m["text"] for m in standin.ephemerals("U1")] == ["only you"]
    assert [m["text"] for m in standin.messages("C0GENERAL")] == ["everyone"]
    assert [b["text"] for b in standin.responses_to(url)] == ["only you", "everyone"]
    assert [c.method for c in standin.calls] == ["response_url", "response_url"]


async def test_a_response_url_works_five_times(standin: SlackStandIn) -> None:
    url = standin.new_response_url("C0GENERAL", "U1")
    for i in range(5):
        assert (await post_json(url, {"text": f"reply {i}"}))[0] == 200
    status, body = await post_json(url, {"text": "one too many"})
    assert (status, body["error"]) == (404, "used_url")


async def test_response_urls_from_clicks_replace_and_delete_the_original(
    standin: SlackStandIn, client: AsyncWebClient
) -> None:
    posted = await client.chat_postMessage(channel="C0GENERAL", text="Mark done?")
    url = standin.new_response_url("C0GENERAL", "U1", message_ts=posted["ts"])
    await post_json(url, {"replace_original": True, "text": "Marked done"})
    [message] = standin.messages("C0GENERAL")
    assert message["text"] == "Marked done" and message["ts"] == posted["ts"]
    await post_json(url, {"delete_original": True})
    assert standin.messages("C0GENERAL") == []


async def test_response_urls_check_blocks_too(standin: SlackStandIn) -> None:
    url = standin.new_response_url("C0GENERAL", "U1")
    status, body = await post_json(url, {"text": "t", "blocks": [section("x")] * 51})
    assert (status, body["error"]) == (200, "invalid_blocks")
    assert standin.calls[-1].error == "invalid_blocks"


# ------------------------------------------------------------------------ waiting, resetting


async def test_wait_for_returns_the_value_once_it_appears(
    standin: SlackStandIn, client: AsyncWebClient
) -> None:
    await client.chat_postMessage(channel="U1", text="hello")
    [message] = await standin.wait_for(lambda: standin.dm_messages("U1"))
    assert message["text"] == "hello"


async def test_wait_for_explains_a_timeout(standin: SlackStandIn, client: AsyncWebClient) -> None:
    await client.chat_postMessage(channel="U1", text="hello")
    with pytest.raises(AssertionError, match=r"chat.postMessage -> 200 ok"):
        await standin.wait_for(lambda: standin.dm_messages("U2"), timeout=0.05)


async def test_listeners_hear_every_call(standin: SlackStandIn, client: AsyncWebClient) -> None:
    heard: list[str] = []
    unsubscribe = standin.subscribe(lambda call: heard.append(call.method))
    await client.chat_postMessage(channel="U1", text="hello")
    unsubscribe()
    await client.auth_test()
    assert heard == ["chat.postMessage"]


async def test_reset_empties_the_workspace_but_keeps_the_server(
    standin: SlackStandIn, client: AsyncWebClient
) -> None:
    await client.chat_postMessage(channel="C0GENERAL", text="hello")
    standin.reset()
    assert standin.calls == [] and standin.messages("C0GENERAL") == []
    assert (await client.auth_test())["ok"]
