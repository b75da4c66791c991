"""Buttons on nudges and the Home tab: update the commitment, then redraw where it was clicked."""

from __future__ import annotations

import logging
import re
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.blocks.alerts import help_request
from bot.blocks.nudge import (
    ACTION_BLOCKED,
    ACTION_DONE,
    ACTION_PROGRESS,
    ACTION_RESOURCE,
    ACTION_SNOOZE,
)
from bot.blocks.undo import ACTION_UNDO, read_undo_value, undone_confirmation, with_undo
from bot.delivery.outbox import deliver, queue_for_ta_team
from bot.delivery.render import render
from bot.edge import retried, team_of, use_case
from bot.grammar_usage import USAGE, translated_usage, with_usage
from bot.home import publish_home
from bot.runtime import Runtime
from bot.views.blocked_reason import CALLBACK_ID, Origin, blocked_modal, read_origin, read_reason
from core import commitments
from core.access import require_can_change, resolve_commitment
from core.errors import Refusal
from core.i18n import _
from core.vocabulary import STATUS_LABELS
from storage.models import ResourceOpen

log = logging.getLogger(__name__)

TARGET_STATUS = {ACTION_DONE: "done", ACTION_PROGRESS: "in-progress"}


def _origin(body: dict[str, Any], number: int) -> Origin:
    container = body.get("container") or {}
    if container.get("type") == "view":
        return Origin(number=number, from_home=True)
    return Origin(
        number=number,
        channel_id=container.get("channel_id") or (body.get("channel") or {}).get("id"),
        message_ts=container.get("message_ts") or (body.get("message") or {}).get("ts"),
    )


async def tell(
    client: AsyncWebClient,
    origin: Origin,
    user_id: str,
    text: str,
    blocks: list[dict[str, Any]] | None = None,
) -> None:
    """A kind word only the clicker sees: in the conversation, or as a DM from the Home tab."""
    try:
        if origin.channel_id:
            await client.chat_postEphemeral(
                channel=origin.channel_id, user=user_id, text=text, blocks=blocks
            )
        else:
            await client.chat_postMessage(channel=user_id, text=text, blocks=blocks)
    except SlackApiError as error:
        log.warning("could not tell %s: %s", user_id, error)


async def redraw(
    rt: Runtime, client: AsyncWebClient, team_id: str, user_id: str, origin: Origin
) -> None:
    """Draw the clicked message again from the database, so the person sees the new state."""
    if origin.from_home:
        await publish_home(rt, client, team_id, user_id)
        return
    if not origin.channel_id or not origin.message_ts:
        return
    async with rt.uow() as uow:
        row = await uow.repos.outbox.by_message(origin.channel_id, origin.message_ts)
        if row is None:
            return
        collaborative = await uow.repos.collaboratives.get(row.collaborative_id)
        assert collaborative is not None
        reply = await render(uow, collaborative, row, rt.clock())
    await client.chat_update(channel=origin.channel_id, ts=origin.message_ts, **reply.payload())


def _with_usage(refusal: Refusal) -> str:
    return with_usage(refusal.message, refusal.usage_key)


def _undone_text(undone: commitments.Undone) -> str:
    """One line saying what the Undo did, and what to do next."""
    number = undone.commitment.number
    if undone.already:
        return _("`#{number}` was already undone: nothing more to change.").format(number=number)
    if undone.kind == "snooze":
        return _("Undone: reminders about `#{number}` are back on.").format(number=number)
    label = _(STATUS_LABELS.get(undone.commitment.status, undone.commitment.status))
    return _(
        "Undone: `#{number}` is *{status}* again. Press a button when it changes, "
        "or use `/plan status #{number} <status>`."
    ).format(number=number, status=label)


async def _replace_confirmation(
    respond: AsyncRespond, client: AsyncWebClient, here: Origin, user_id: str, text: str
) -> None:
    """Put `text` in place of the confirmation whose Undo was pressed (ephemeral or a DM, the
    response URL reaches both); told as a new line if that message can't be replaced."""
    try:
        await respond(replace_original=True, **undone_confirmation(text).payload())
    except Exception as error:  # no response URL, or Slack refused it: the answer still counts
        log.warning("could not replace the Undo's confirmation: %s", error)
        await tell(client, here, user_id, text)


def _clicked(body: dict[str, Any], action: dict[str, Any]) -> tuple[str, str, int, Origin]:
    """Who clicked, in which workspace, on which commitment, and where the button was."""
    number = int(action.get("value") or 0)
    return body["user"]["id"], team_of(body), number, _origin(body, number)


def register(app: AsyncApp, rt: Runtime) -> None:
    @app.action(re.compile(f"^({ACTION_DONE}|{ACTION_PROGRESS}|{ACTION_SNOOZE})$"))
    @retried
    async def on_status_button(
        ack: AsyncAck, body: dict[str, Any], action: dict[str, Any], client: AsyncWebClient
    ) -> None:
        await ack()
        user_id, team_id, number, origin = _clicked(body, action)
        action_id = action["action_id"]
        change_id: int | None = None
        try:
            async with use_case(rt, team_id, user_id) as (uow, ctx):
                commitment = await resolve_commitment(uow, ctx, number, "list")
                require_can_change(ctx, commitment, "list")
                if action_id == ACTION_SNOOZE:
                    await commitments.snooze(uow, ctx, number, source="button")
                    message = _(
                        "Snoozed `#{number}`: no reminders about it for a few days."
                    ).format(number=number)
                    change_id = (await uow.repos.commitments.history(commitment.id))[-1].id
                else:
                    target = TARGET_STATUS[action_id]
                    if commitment.status == target:
                        message = _("`#{number}` is already *{status}*: nothing to change.").format(
                            number=number, status=_(STATUS_LABELS[target])
                        )
                    else:
                        await commitments.set_status(
                            uow, ctx, number, target, None, source="button", usage_key="status"
                        )
                        message = _("`#{number}` is now *{status}*.").format(
                            number=number, status=_(STATUS_LABELS[target])
                        )
                        change_id = (await uow.repos.commitments.history(commitment.id))[-1].id
        except Refusal as refusal:
            await tell(client, origin, user_id, refusal.message)
            return
        if change_id is not None:
            # the fallback text stays the plain confirmation; the blocks offer the way back
            shown = f"{message} {_('Pressed by mistake? Undo works for a minute.')}"
            await tell(client, origin, user_id, message, with_undo(shown, change_id, origin))
        else:
            await tell(client, origin, user_id, message)
        await redraw(rt, client, team_id, user_id, origin)

    @app.action(ACTION_UNDO)
    @retried
    async def on_undo(
        ack: AsyncAck,
        body: dict[str, Any],
        action: dict[str, Any],
        client: AsyncWebClient,
        respond: AsyncRespond,
    ) -> None:
        """Take back a press: the confirmation with the Undo becomes what the Undo did (no
        "is now Done" left standing, no second Undo to press), and the message the press
        changed is redrawn."""
        await ack()
        user_id, team_id = body["user"]["id"], team_of(body)
        target = read_undo_value(action.get("value") or "")
        here = _origin(body, target.origin.number if target else 0)
        if target is None:
            await tell(
                client,
                here,
                user_id,
                _(
                    "This Undo button is out of date: change a commitment with "
                    "`/plan status #N <status>`."
                )
                + f" {translated_usage(USAGE['status'])}",
            )
            return
        try:
            async with use_case(rt, team_id, user_id) as (uow, ctx):
                undone = await commitments.undo_last_change(
                    uow, ctx, target.origin.number, target.update_id
                )
        except Refusal as refusal:
            await tell(client, here, user_id, _with_usage(refusal))
            return
        if undone.already:  # a second press (a double click): the first one answered there
            await tell(client, here, user_id, _undone_text(undone))
            return
        await _replace_confirmation(respond, client, here, user_id, _undone_text(undone))
        await redraw(rt, client, team_id, user_id, target.origin)

    @app.action(ACTION_BLOCKED)
    @retried
    async def on_blocked(
        ack: AsyncAck, body: dict[str, Any], action: dict[str, Any], client: AsyncWebClient
    ) -> None:
        """Ask what help is needed before changing anything: the reason is the point."""
        await ack()
        user_id, team_id, number, origin = _clicked(body, action)
        try:
            async with use_case(rt, team_id, user_id) as (uow, ctx):
                commitment = await resolve_commitment(uow, ctx, number, "list")
                require_can_change(ctx, commitment, "list")
                title = commitment.title
        except Refusal as refusal:
            await tell(client, origin, user_id, refusal.message)
            return
        await client.views_open(
            trigger_id=body["trigger_id"], view=blocked_modal(number, title, origin)
        )

    @app.view(CALLBACK_ID)
    @retried
    async def on_blocked_reason(
        ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient
    ) -> None:
        view = body["view"]
        origin = read_origin(view.get("private_metadata") or "")
        reason = read_reason(view["state"]["values"])
        user_id, team_id = body["user"]["id"], team_of(body)
        if not reason:
            await ack(
                response_action="errors",
                errors={"reason": _("Say what's in the way, in a few words.")},
            )
            return
        try:
            async with use_case(rt, team_id, user_id) as (uow, ctx):
                commitment, _update = await commitments.set_status(
                    uow, ctx, origin.number, "blocked", reason, source="modal", usage_key="status"
                )
                organization = await uow.repos.organizations.get(commitment.organization_id)
                assert organization is not None
                alerts = await queue_for_ta_team(
                    uow,
                    ctx.collaborative,
                    ctx.now,
                    "help",
                    lambda: help_request(commitment, organization, user_id, reason),
                    requester=user_id,
                    number=commitment.number,
                )
                await uow.commit()
        except Refusal as refusal:
            await ack(response_action="errors", errors={"reason": refusal.message})
            return
        await ack()
        await deliver(rt, client, alerts)
        await tell(
            client,
            origin,
            user_id,
            _(
                "Thanks: `#{number}` is marked blocked and the TA team has your note. "
                "Someone will reach out."
            ).format(number=origin.number),
        )
        await redraw(rt, client, team_id, user_id, origin)

    @app.action(re.compile(f"^{ACTION_RESOURCE}_\\d+$"))
    @retried
    async def on_resource_open(ack: AsyncAck, body: dict[str, Any], action: dict[str, Any]) -> None:
        """Link buttons open in the browser; Slack still tells us, and we count the open."""
        await ack()
        async with use_case(rt, team_of(body), body["user"]["id"]) as (uow, ctx):
            resource_id = int(action.get("value") or 0)
            # a link delivered before its resource was removed still counts when opened
            resources = {
                r.id
                for r in await uow.repos.resources.all(ctx.collaborative.id, include_removed=True)
            }
            if resource_id in resources:
                uow.session.add(
                    ResourceOpen(resource_id=resource_id, person_slack_id=ctx.user_id, at=ctx.now)
                )
                await uow.commit()
