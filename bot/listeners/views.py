"""Modal submissions."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.blocks.commitments import added_reply
from bot.edge import retried, team_of, use_case
from bot.runtime import Runtime
from bot.views.add_commitment import CALLBACK_ID, read_submission
from core.commitments import NewCommitment, add_commitment
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
