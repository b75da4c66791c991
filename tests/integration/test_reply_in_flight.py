"""A reply that arrives while the bot is still recording the message it answers is not dropped:
the bot posts first and records the message's `ts` after, and a busy database can stretch the
moment in between; the reply waits for the record instead of being taken for a stranger's."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, select, update

from sandbox.api import SlackStandIn
from sandbox.driver import SlackDriver
from storage.models import CommitmentUpdate, OutboxMessage
from tests.conftest import HEALTH_1, BotHarness, Person
from tests.support.rhythm import CHECKIN, nudge_in, nudges_at, setup_rhythm


async def test_a_reply_to_a_check_in_not_yet_recorded_is_taken_once_it_is(
    bot: BotHarness, people: dict[str, Person], slack: SlackDriver, standin: SlackStandIn
) -> None:
    await setup_rhythm(people)
    await nudges_at(bot, CHECKIN)
    message = nudge_in(standin, HEALTH_1)
    dm = standin.workspace.dm_channel(HEALTH_1) or ""
    # Rewind Maria's check-in to the instant after its post, before the sender recorded it.
    async with bot.runtime.uow() as uow:
        row = await uow.repos.outbox.by_message(dm, message["ts"])
        assert row is not None
        row_id, ts = row.id, row.ts
        await uow.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == row_id)
            .values(status="sending", ts=None, channel_id=None)
        )
        await uow.commit()

    looked: list[str] = []

    def watch(_conn: Any, _cursor: Any, sql: str, *_: Any) -> None:
        if "outbox.recipient_slack_id" in sql and "outbox.status" in sql:
            looked.append(sql)  # the listener asked whether a post is still in flight

    engine = bot.process.engine.sync_engine
    event.listen(engine, "before_cursor_execute", watch)
    try:
        await slack.message_event(HEALTH_1, dm, "done, the board approved it", thread_ts=ts)
        await standin.wait_for(lambda: looked)
    finally:
        event.remove(engine, "before_cursor_execute", watch)
    # ...and now the sender records the post, as it would a moment later
    async with bot.runtime.uow() as uow:
        await uow.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == row_id)
            .values(status="sent", ts=ts, channel_id=dm)
        )
        await uow.commit()

    def acknowledged() -> bool:
        replies = standin.thread(dm, ts or "")
        return any(
            r.get("name") == "white_check_mark" for m in replies for r in m.get("reactions") or []
        )

    await standin.wait_for(acknowledged, 10)
    async with bot.runtime.uow() as uow:
        done = (
            await uow.session.scalars(
                select(CommitmentUpdate).where(CommitmentUpdate.source == "thread")
            )
        ).all()
    assert [u.new_status for u in done] == ["done"]
