"""The TA provider's buttons on a blocked step on the Home tab: "Reply" to the person who asked
for help, "Nudge" their organization now, "Share a resource" with it. Each reuses the path the
same act takes elsewhere (a reply in the help alert's thread, `/plan nudge <org>`, `/plan share`),
so Home is one more door, not a new way.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.blocks.reply import Reply
from bot.commands.base import Request
from bot.commands.commitments import open_add_modal
from bot.commands.rhythm import nudge, share
from bot.delivery.outbox import deliver
from bot.edge import retried, team_of, use_case
from bot.grammar_commands import NudgeCmd, OpenAddModalCmd, OrgRef, ShareCmd
from bot.home import (
    ACTION_HOME_ADD,
    ACTION_HOME_ASK,
    ACTION_TA_NUDGE,
    ACTION_TA_REPLY,
    ACTION_TA_SHARE,
    help_text,
    publish_home,
)
from bot.listeners.actions import tell
from bot.listeners.home_steps import (
    HOME,
    clicked,
    for_step_organization,
    open_step_form,
    refused,
    ta_step,
)
from bot.relay import echo_in_alert_thread, relay_coaching, relay_question, what_happens_next
from bot.runtime import Runtime
from bot.views import ask_team, share_resource
from bot.views.ta_reply import CALLBACK_ID, read_number, read_reply, reply_modal
from core.context import Context
from core.errors import Refusal
from core.i18n import N_, _
from storage.models import Commitment, OutboxMessage
from storage.uow import UnitOfWork

log = logging.getLogger(__name__)

ASKED = N_(":mailbox_with_mail: Your question went to the TA team. ")
NO_RESOURCES = N_(
    "The library has no resources yet: add one with `/plan resource add <url> <title>`, then "
    "share it from here."
)


async def _help_alert(uow: UnitOfWork, collaborative_id: int, number: int) -> OutboxMessage | None:
    """The latest help alert the TA team got about this step, if it was posted: the thread a
    reply from Home answers in, so the participant's answer finds its way back there."""
    alerts = [
        row
        for row in await uow.repos.outbox.all(collaborative_id)
        if row.kind == "help"
        and (row.payload or {}).get("number") == number
        and row.channel_id
        and row.ts
    ]
    return alerts[-1] if alerts else None


def register(app: AsyncApp, rt: Runtime) -> None:
    @app.action(ACTION_TA_REPLY)
    @retried
    async def on_reply(
        ack: AsyncAck, body: dict[str, Any], action: dict[str, Any], client: AsyncWebClient
    ) -> None:
        async def form(uow: UnitOfWork, ctx: Context, commitment: Commitment) -> dict[str, Any]:
            asked, _help = await help_text(uow, commitment)
            return reply_modal(commitment.number, commitment.title, asked)

        await ack()
        await open_step_form(rt, client, body, action, "show", form)

    @app.view(CALLBACK_ID)
    @retried
    async def on_reply_submitted(
        ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient
    ) -> None:
        """The reply reaches the person who asked, as a DM they can answer, and stays on the
        commitment as a note, exactly as a reply in the help alert's thread does."""
        view = body["view"]
        number = read_number(view.get("private_metadata") or "")
        text = read_reply(view["state"]["values"])
        user_id, team_id = body["user"]["id"], team_of(body)
        if not text:
            await ack(response_action="errors", errors={"reply": _("Write your reply first.")})
            return
        relayed: OutboxMessage | None = None
        echo: OutboxMessage | None = None
        try:
            async with use_case(rt, team_id, user_id) as (uow, ctx):
                commitment = await ta_step(uow, ctx, number, "note")
                _asked, asker = await help_text(uow, commitment)
                asked_by = (
                    await uow.repos.people.by_slack_id(ctx.collaborative.id, asker)
                    if asker
                    else None
                )
                # advice goes to the participant who asked; a step a TA blocked, to its owner
                asking_participant = asked_by is not None and not asked_by.is_ta
                requester = asker if asking_participant else commitment.owner_slack_id
                if not requester:
                    raise Refusal(
                        _(
                            "Nobody asked for help on `#{number}` and it has no owner: use "
                            "`/plan note #{number} <text>` to keep your advice on it."
                        ).format(number=number),
                        "note",
                    )
                alert = await _help_alert(uow, ctx.collaborative.id, commitment.number)
                # their reply goes into the alert's thread, as usual; blocked without an alert,
                # there is no thread to answer in, and the message says how else to answer
                way_back = (
                    {"ta_channel": alert.channel_id, "ta_thread_ts": alert.ts} if alert else {}
                )
                relayed = await relay_coaching(
                    uow, ctx, commitment, text, requester, way_back, source="modal"
                )
                if alert is not None:  # other TA providers see it was answered
                    echo = await echo_in_alert_thread(uow, ctx, commitment, text, requester, alert)
                    await uow.commit()
        except Refusal as refusal:
            await ack(response_action="errors", errors={"reply": refusal.message})
            return
        await ack()
        await deliver(rt, client, [relayed, *([echo] if echo else [])])
        await publish_home(rt, client, team_id, user_id)  # the note shows there, then we say so
        await tell(
            client,
            HOME,
            user_id,
            _(
                "Sent your reply about `#{number}` to <@{requester}>; it is kept on the step as a "
                "note (`/plan show #{number}`)."
            ).format(number=number, requester=requester)
            + (
                _(" It is in the help alert's thread too, so the team sees it was answered.")
                if echo
                else ""
            ),
        )

    @app.action(ACTION_TA_NUDGE)
    @retried
    async def on_nudge(
        ack: AsyncAck, body: dict[str, Any], action: dict[str, Any], client: AsyncWebClient
    ) -> None:
        """A check-in to the blocked step's organization now, as `/plan nudge <org>` sends it."""
        await ack()
        user_id, team_id, number = clicked(body, action)

        async def check_in(handle: str, request: Request) -> list[Reply]:
            return await nudge(NudgeCmd(OrgRef(handle), None), request)

        await for_step_organization(rt, client, team_id, user_id, number, "nudge", check_in)

    @app.action(ACTION_TA_SHARE)
    @retried
    async def on_share(
        ack: AsyncAck, body: dict[str, Any], action: dict[str, Any], client: AsyncWebClient
    ) -> None:
        async def form(uow: UnitOfWork, ctx: Context, commitment: Commitment) -> dict[str, Any]:
            library = list(await uow.repos.resources.all(ctx.collaborative.id))
            if not library:
                raise Refusal(_(NO_RESOURCES), "share")
            return share_resource.share_modal(commitment.number, commitment.title, library)

        await ack()
        await open_step_form(rt, client, body, action, "share", form)

    @app.view(share_resource.CALLBACK_ID)
    @retried
    async def on_share_submitted(
        ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient
    ) -> None:
        """The chosen resource goes to the step's organization as `/plan share` sends it."""
        view = body["view"]
        number = read_number(view.get("private_metadata") or "")
        resource = share_resource.read_resource_number(view["state"]["values"])
        user_id, team_id = body["user"]["id"], team_of(body)
        if not resource:
            await ack(response_action="errors", errors={"resource": _("Pick a resource to share.")})
            return
        await ack()  # sending may take a while; the result comes as a DM

        async def send(handle: str, request: Request) -> list[Reply]:
            return await share(ShareCmd(resource, OrgRef(handle)), request)

        await for_step_organization(rt, client, team_id, user_id, number, "share", send)

    @app.action(ACTION_HOME_ADD)
    @retried
    async def on_add(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        """The add modal, exactly as `/plan add` with nothing after it opens it."""
        await ack()
        user_id, team_id = body["user"]["id"], team_of(body)
        try:
            async with use_case(rt, team_id, user_id) as (uow, ctx):
                request = Request(
                    uow=uow, ctx=ctx, client=client, runtime=rt, trigger_id=body["trigger_id"]
                )
                replies = await open_add_modal(OpenAddModalCmd(), request)
        except Refusal as refusal:
            await refused(client, user_id, refusal)
            return
        if replies:
            await tell(client, HOME, user_id, "\n".join(r.text for r in replies))

    @app.action(ACTION_HOME_ASK)
    @retried
    async def on_ask(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        await client.views_open(trigger_id=body["trigger_id"], view=ask_team.ask_modal())

    @app.view(ask_team.CALLBACK_ID)
    @retried
    async def on_ask_submitted(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        """Relayed exactly as `/plan ask`: recorded, sent to the TA team, answered by DM."""
        question = ask_team.read_question(body["view"]["state"]["values"])
        user_id, team_id = body["user"]["id"], team_of(body)
        if not question:
            await ack(
                response_action="errors", errors={"question": _("Write your question first.")}
            )
            return
        try:
            async with use_case(rt, team_id, user_id) as (uow, ctx):
                rows = await relay_question(uow, ctx, question)
                asked = _(ASKED) + what_happens_next(ctx)
                await uow.commit()
        except Refusal as refusal:
            await ack(response_action="errors", errors={"question": refusal.message})
            return
        await ack()
        await deliver(rt, client, rows)
        await tell(client, HOME, user_id, asked)
