"""Modal submissions."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.blocks.commitments import ACTION_EDIT, added_reply, edited_reply
from bot.blocks.reply import error_reply
from bot.edge import retried, team_of, use_case
from bot.grammar import USAGE
from bot.grammar_usage import translated_usage
from bot.home import publish_home
from bot.runtime import Runtime
from bot.views.add_commitment import CALLBACK_ID, read_submission
from bot.views.edit_commitment import CALLBACK_ID as EDIT_CALLBACK_ID
from bot.views.edit_commitment import edit_commitment_modal
from bot.views.edit_commitment import read_origin as read_edit_origin
from core.commitments import (
    CommitmentEdit,
    NewCommitment,
    add_commitment,
    commitment_to_edit,
    edit_commitment,
)
from core.errors import Refusal

log = logging.getLogger(__name__)


def register(app: AsyncApp, rt: Runtime) -> None:
    @app.view(CALLBACK_ID)
    @retried
    async def add_from_modal(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        """Validate before acknowledging: Slack shows field errors only in the ack."""
        values = body["view"]["state"]["values"]
        submission = read_submission(values)
        user_id = body["user"]["id"]
        try:
            async with use_case(rt, team_of(body), user_id) as (uow, ctx):
                commitment = await add_commitment(
                    uow,
                    ctx,
                    NewCommitment(
                        title=submission.title,
                        organization=submission.organization,
                        due=submission.due,
                        owner=submission.owner,
                        detail=submission.detail,
                        pse_level=submission.pse_level,
                    ),
                    source="modal",
                )
                organization = await uow.repos.organizations.get(commitment.organization_id)
                today = ctx.today
        except Refusal as refusal:
            field = refusal.field if refusal.field and refusal.field in values else "title"
            await ack(response_action="errors", errors={field: refusal.message})
            return
        await ack()
        assert organization is not None
        reply = added_reply(commitment, organization, today)
        await client.chat_postMessage(channel=user_id, **reply.payload())

    @app.action(ACTION_EDIT)
    @retried
    async def open_edit_form(
        ack: AsyncAck, body: dict[str, Any], action: dict[str, Any], client: AsyncWebClient
    ) -> None:
        """The Edit button in `/plan list` and on Home: the same form as `/plan edit #N`."""
        await ack()
        user_id = body["user"]["id"]
        number = int(action.get("value") or 0)
        from_home = (body.get("container") or {}).get("type") == "view"
        try:
            async with use_case(rt, team_of(body), user_id) as (uow, ctx):
                target = await commitment_to_edit(uow, ctx, number)
        except Refusal as refusal:
            reply = error_reply(refusal.message, translated_usage(USAGE["edit"]))
            await client.chat_postMessage(channel=user_id, **reply.payload())
            return
        await client.views_open(
            trigger_id=body["trigger_id"], view=edit_commitment_modal(target, from_home)
        )

    @app.view(EDIT_CALLBACK_ID)
    @retried
    async def edit_from_modal(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        """Validate before acknowledging, as adding does; confirm by DM with what changed."""
        view = body["view"]
        values = view["state"]["values"]
        submission = read_submission(values)
        number, from_home = read_edit_origin(view.get("private_metadata") or "0")
        user_id = body["user"]["id"]
        edit = CommitmentEdit(
            title=submission.title,
            detail=submission.detail,
            due=submission.due,
            owner=submission.owner,
            pse_level=submission.pse_level,
        )
        try:
            async with use_case(rt, team_of(body), user_id) as (uow, ctx):
                commitment, changes = await edit_commitment(uow, ctx, number, edit, "modal")
                today = ctx.today
        except Refusal as refusal:
            field = refusal.field if refusal.field and refusal.field in values else "title"
            await ack(response_action="errors", errors={field: refusal.message})
            return
        await ack()
        reply = edited_reply(commitment, changes, today)
        await client.chat_postMessage(channel=user_id, **reply.payload())
        if from_home and changes:
            await publish_home(rt, client, team_of(body), user_id)
