"""The answer to "Is #N due Friday?" after `/plan add Call Rosa friday`.

"Yes" sets the due date and takes the date words off the title, through the same edit rule as
the Edit form (roles, history, checks); "No" keeps the step as typed. Either answer replaces
the question, so it cannot be answered twice.
"""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond

from bot.blocks.commitments import title_mrkdwn
from bot.blocks.due_question import ACTION_KEEP_TITLE, ACTION_SET_DUE, read_due_value
from bot.blocks.reply import Reply, section
from bot.edge import retried, team_of, use_case
from bot.runtime import Runtime
from core import commitments
from core.commitments import CommitmentEdit
from core.errors import Refusal
from core.i18n import _
from core.i18n_dates import long_day


def _say(text: str) -> dict[str, Any]:
    return Reply(text=text, blocks=[section(text)]).payload()


def register(app: AsyncApp, rt: Runtime) -> None:
    @app.action(ACTION_SET_DUE)
    @retried
    async def on_set_due(
        ack: AsyncAck, body: dict[str, Any], action: dict[str, Any], respond: AsyncRespond
    ) -> None:
        await ack()
        found = read_due_value(str(action.get("value") or ""))
        if found is None:
            await respond(replace_original=True, **_say(_("That button is out of date.")))
            return
        number, due, keep, total = found
        try:
            async with use_case(rt, team_of(body), body["user"]["id"]) as (uow, ctx):
                target = await commitments.commitment_to_edit(uow, ctx, number)
                step = target.commitment
                title = step.title
                if len(title) == total and 0 < keep < total:
                    title = title[:keep].rstrip()  # untouched since: drop the date words
                edit = CommitmentEdit(title, step.detail, due, step.owner_slack_id, step.pse_level)
                changed, _changes = await commitments.edit_commitment(
                    uow, ctx, number, edit, source="button"
                )
                await uow.commit()
                text = _(
                    ":calendar: `#{number}` {title} is due *{when}*. `/plan edit {number}` "
                    "changes it."
                ).format(
                    number=number,
                    title=title_mrkdwn(number, changed.title),
                    when=long_day(due),
                )
        except Refusal as refusal:
            text = f":warning: {refusal.message}"
        await respond(replace_original=True, **_say(text))

    @app.action(ACTION_KEEP_TITLE)
    @retried
    async def on_keep(ack: AsyncAck, action: dict[str, Any], respond: AsyncRespond) -> None:
        await ack()
        number = str(action.get("value") or "")
        text = _(
            "Kept as you typed it, with no due date. `/plan edit {number}` adds one any time."
        ).format(number=number)
        await respond(replace_original=True, **_say(text))
