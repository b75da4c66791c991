"""Action steps as long as people write them: stored, imported, added, shown whole by
`/plan show`, and shortened (with a pointer to the rest) everywhere space is short."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from alembic import command
from sqlalchemy import func, select, text
from sqlalchemy.engine import Connection

from bot.cli import import_file
from bot.mrkdwn import escape
from jobs.digest_job import run_digests
from sandbox.api import SlackStandIn
from sandbox.driver import SlackDriver
from storage.db import create_engine
from storage.migrate import alembic_config, upgrade
from storage.models import Commitment, CommitmentUpdate
from tests.conftest import HEALTH_1, TA, BotHarness, bot_settings
from tests.conftest import Person as Someone
from tests.support import visible
from tests.support.home import modal_values, open_add_modal, open_home
from tests.support.rhythm import CHECKIN, nudge_in, nudges_at, setup_collaborative, setup_rhythm
from tests.support.waits import listeners_finished

LONG_STEP = 2500
MONDAY = datetime(2026, 12, 7, 15, 5, tzinfo=UTC)  # Mon 09:05 in Chicago: the digest is due
ADD_USAGE = "Usage: `/plan add <text> [due <date>] [owner @person]`"
SHOW_USAGE = "Usage: `/plan show #N`"
# Things Slack would refuse, as the stand-in answers them: none may appear anywhere.
SENDING = ("chat.postMessage", "chat.update", "views.publish", "response_url")


def step(length: int, tag: str) -> str:
    """An action step as people write it, exactly `length` characters, ending in a marker
    that only the whole text shows. It carries what mrkdwn must escape."""
    end = f" END-OF-{tag}"
    sentence = (
        "Meet with frontline staff & union reps <weekly> to review shift schedules, then "
        "draft the predictable-scheduling policy with the board's HR committee; "
    )
    body = f"[{tag}] " + sentence * (length // len(sentence) + 1)
    body = body[: length - len(end)].rstrip()
    body += "." * (length - len(end) - len(body))
    return body + end


def words(text_: str) -> str:
    return " ".join(text_.split())


def assert_slack_accepted_everything(standin: SlackStandIn) -> None:
    refused = [(c.method, c.error) for c in standin.calls if c.method in SENDING and not c.ok]
    assert refused == []


def assert_shortened(shown: str, number: int, tag: str) -> None:
    assert f"`#{number}`" in shown
    assert f"[{tag}] Meet with frontline staff &amp; union reps &lt;weekly&gt;" in shown
    assert f"END-OF-{tag}" not in shown
    assert f"`/plan show #{number}` for the whole step" in shown


async def plan_replies(person: Someone, command_text: str) -> list[dict[str, Any]]:
    return await person.plan_replies(command_text)


def _to_revision(connection: Connection, revision: str) -> None:
    config = alembic_config()
    config.attributes["connection"] = connection
    command.upgrade(config, revision)


async def test_the_migration_keeps_existing_commitments_and_takes_long_titles(
    database_url: str,
) -> None:
    """A database made by 0001, with commitments and their history, upgrades in place."""
    engine = create_engine(database_url)
    now = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
    try:
        async with engine.begin() as connection:
            await connection.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
        async with engine.begin() as connection:
            await connection.run_sync(_drop_everything)
        async with engine.begin() as connection:
            await connection.run_sync(_to_revision, "0001")
        async with engine.begin() as connection:
            params = {"now": now}
            await connection.execute(
                text("INSERT INTO workspaces (id, team_id, created_at) VALUES (1, 'T1', :now)"),
                params,
            )
            await connection.execute(
                text(
                    "INSERT INTO collaboratives (id, workspace_id, name, timezone, digest_weekday,"
                    " digest_time, skip_weekends, checkin_days, checkin_time, due_soon_days,"
                    " overdue_repeat_days, stale_days, before_session_days,"
                    " next_commitment_number, next_resource_number, created_at) VALUES"
                    " (1, 1, 'C', 'America/Chicago', 0, '09:00:00', true, 2, '10:00:00', 2, 7,"
                    " 10, 2, 2, 1, :now)"
                ),
                params,
            )
            await connection.execute(
                text(
                    "INSERT INTO organizations (id, collaborative_id, name, handle, sphere,"
                    " created_at) VALUES (1, 1, 'Mercy', 'mercy', 'health', :now)"
                ),
                params,
            )
            await connection.execute(
                text(
                    "INSERT INTO commitments (id, collaborative_id, number, organization_id,"
                    " title, status, created_at, updated_at) VALUES"
                    " (1, 1, 1, 1, 'Draft the policy', 'open', :now, :now)"
                ),
                params,
            )
            await connection.execute(
                text(
                    "INSERT INTO commitment_updates (commitment_id, at, kind, source) VALUES"
                    " (1, :now, 'created', 'command')"
                ),
                params,
            )
        await upgrade(engine)  # 0001 -> head, with rows that point at commitments
        long_title = "word " * (LONG_STEP // 5)
        async with engine.begin() as connection:
            await connection.execute(
                text(
                    "INSERT INTO commitments (id, collaborative_id, number, organization_id,"
                    " title, status, created_at, updated_at) VALUES"
                    " (2, 1, 2, 1, :title, 'open', :now, :now)"
                ),
                {"title": long_title, "now": now},
            )
        async with engine.connect() as connection:
            titles = (
                await connection.execute(text("SELECT title FROM commitments ORDER BY id"))
            ).scalars()
            assert list(titles) == ["Draft the policy", long_title]
            updates = await connection.scalar(text("SELECT count(*) FROM commitment_updates"))
            assert updates == 1
    finally:
        await engine.dispose()


def _drop_everything(connection: Connection) -> None:
    """The fixture's database is already at head; start this test from an empty schema."""
    from storage.models import Base

    Base.metadata.drop_all(connection)


async def test_imported_long_steps_are_shortened_everywhere_and_whole_in_show(
    bot: BotHarness,
    people: dict[str, Someone],
    standin: SlackStandIn,
    slack: SlackDriver,
    tmp_path: Path,
) -> None:
    await setup_rhythm(people)  # #1 (Mercy, maria) and #2 (Workers United, jorge)
    thousand, three_thousand = step(1000, "STEP-A"), step(3000, "STEP-B")
    sheet = tmp_path / "commitments.csv"
    sheet.write_text(
        "organization,title,owner_slack_id,due,status,pse_level,session\n"
        f'mercy,"{thousand}",{HEALTH_1},2026-12-20,in-progress,policy,1\n'
        f'mercy,"{three_thousand}",{HEALTH_1},2026-12-10,open,systems,1\n',
        encoding="utf-8",
    )
    settings = bot_settings(standin, bot.settings.database_url)
    assert await import_file(settings, sheet) == 0
    async with bot.runtime.uow() as uow:
        titles = {c.number: c.title for c in await uow.repos.commitments.all(1)}
    assert titles[3] == thousand and titles[4] == three_thousand

    # the listing, for the TA and for the organization
    for who in ("ta", "maria"):
        shown = await people[who].plan("list")
        assert_shortened(shown, 3, "STEP-A")
        assert_shortened(shown, 4, "STEP-B")
        assert "Draft a predictable-scheduling policy" in shown  # short titles stay whole
        assert "`/plan show #1`" not in shown

    # the check-in nudge after Session 1
    await nudges_at(bot, CHECKIN)
    nudge = visible(nudge_in(standin, HEALTH_1))
    assert "Check-in after Session 1" in nudge
    assert_shortened(nudge, 3, "STEP-A")
    assert_shortened(nudge, 4, "STEP-B")

    # the Home tab
    home = visible(await open_home(slack, standin, HEALTH_1))
    assert_shortened(home, 3, "STEP-A")
    assert_shortened(home, 4, "STEP-B")

    # the weekly digest, summary and thread
    bot.clock.set(MONDAY)
    assert len(await run_digests(bot.runtime.uow, bot.process.app.client, MONDAY)) == 1
    [summary] = [
        m
        for m in standin.messages("C0DIGEST01")
        if not m.get("thread_ts") or m.get("thread_ts") == m.get("ts")
    ]
    digest = "\n".join(visible(m) for m in standin.thread("C0DIGEST01", summary["ts"]))
    digest += visible(summary)
    assert_shortened(digest, 3, "STEP-A")
    assert_shortened(digest, 4, "STEP-B")

    assert_slack_accepted_everything(standin)

    # /plan show: the whole text, escaped, with everything about it
    replies = await plan_replies(people["maria"], "show #4")
    shown = "\n".join(visible(reply) for reply in replies)
    assert words(escape(three_thousand)) in words(shown)
    assert "&lt;weekly&gt;" in shown and "<weekly>" not in shown
    for fact in (
        "Mercy Health Clinic",
        f"<@{HEALTH_1}>",
        "*Session:* 1, Understanding precarious work",
        "*PSE level:* systems",
        "*Due:* Thu Dec 10",
        ":white_circle: Open",
        "the import · added it as Open from the import",
    ):
        assert fact in shown, fact
    for reply in replies:
        assert len(reply["blocks"]) <= 50
        assert all(len(b.get("text", {}).get("text", "")) <= 3000 for b in reply["blocks"])
    assert_slack_accepted_everything(standin)


async def test_plan_add_takes_a_long_step_and_refuses_a_whole_document(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn
) -> None:
    await setup_collaborative(people)
    maria = people["maria"]
    long_step = step(1200, "STEP-C")
    added = await maria.plan(f"add {escape(long_step)}")  # as Slack sends what people type
    assert "Added `#1`" in added
    assert_shortened(added, 1, "STEP-C")
    async with bot.runtime.uow() as uow:
        [commitment] = await uow.repos.commitments.all(1)
    assert commitment.title == long_step

    shown = await maria.plan("show #1")
    assert words(escape(long_step)) in words(shown)
    assert "added it as Open with `/plan`" in shown
    assert f"<@{HEALTH_1}>" in shown

    updates = await count(bot, CommitmentUpdate)
    refused = await maria.plan("add " + escape(step(3001, "STEP-D")))
    assert refused.splitlines() == [
        ":warning: A commitment can be at most 3,000 characters (yours has 3,001): keep the step "
        "itself here and add the rest with `/plan note` afterwards.",
        ADD_USAGE,
    ]
    assert await count(bot, Commitment) == 1
    assert await count(bot, CommitmentUpdate) == updates
    assert_slack_accepted_everything(standin)


async def count(bot: BotHarness, model: Any) -> int:
    async with bot.runtime.uow() as uow:
        return int(await uow.session.scalar(select(func.count()).select_from(model)) or 0)


async def test_show_explains_every_mistake_with_its_usage_and_changes_nothing(
    bot: BotHarness, people: dict[str, Someone]
) -> None:
    await setup_collaborative(people)
    await people["maria"].plan("add Draft the scheduling policy")
    updates = await count(bot, CommitmentUpdate)
    cases = {
        ("maria", "show"): "Which commitment? Give its number, like `/plan show #12`.",
        ("maria", "show #999"): "There is no commitment #999.",
        ("maria", "show abc"): "“abc” isn't a commitment number. Use its number, like #12.",
        ("maria", "show #1 please"): "`/plan show` takes one commitment number",
        ("jorge", "show #1"): "#1 belongs to another organization, so only its members or a "
        "TA provider can see it.",
        ("pat", "show #1"): "You're not part of this collaborative yet",
    }
    for (who, command_text), message in cases.items():
        lines = (await people[who].plan(command_text)).splitlines()
        assert len(lines) == 2, (command_text, lines)
        assert lines[0].startswith(":warning: ") and message in lines[0], (command_text, lines)
        assert lines[1] == SHOW_USAGE
    assert await count(bot, CommitmentUpdate) == updates
    assert "Draft the scheduling policy" in await people["ta"].plan("show 1")
    assert "Draft the scheduling policy" in await people["sam"].plan("show #1")  # same org
    help_text = await people["maria"].plan("help")
    assert "/plan show #N" in help_text


async def test_show_splits_a_long_history_within_slacks_limits(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn
) -> None:
    """Ninety notes of 2,000 characters that escape to 10,000 each don't fit five messages:
    the newest are shown whole and the rest are counted, never cut silently."""
    await setup_collaborative(people)
    await people["maria"].plan("add " + escape(step(3000, "STEP-E")))
    async with bot.runtime.uow() as uow:
        commitment = await uow.repos.commitments.by_number(1, 1)
        assert commitment is not None
        for n in range(90):
            uow.session.add(
                CommitmentUpdate(
                    commitment_id=commitment.id,
                    actor_slack_id=HEALTH_1,
                    at=datetime(2026, 12, 2, 15, 0, tzinfo=UTC) + timedelta(minutes=n),
                    kind="note",
                    note=f"NOTE-{n:02d} " + "&" * 1990,
                    source="thread",
                )
            )
        await uow.commit()
    replies = await people["maria"].plan_replies("show #1", count=5)
    assert len(replies) == 5
    shown = "\n".join(visible(reply) for reply in replies)
    assert "END-OF-STEP-E" in shown  # the title is always whole
    assert "NOTE-89" in shown and "NOTE-00" not in shown
    assert "oldest updates don't fit here: `/plan export` (updates.csv) has every one" in shown
    assert "Wed Dec 2, 10:29 CST" in shown  # maria's time zone (Chicago)
    for reply in replies:
        assert len(reply["blocks"]) <= 50
    assert_slack_accepted_everything(standin)


async def test_the_add_modal_takes_a_long_step(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn, slack: SlackDriver
) -> None:
    await setup_rhythm(people)
    modal = await open_add_modal(people, standin, "maria", HEALTH_1)
    title_input = next(b for b in modal["blocks"] if b.get("block_id") == "title")["element"]
    assert title_input["max_length"] == 3000 and title_input["multiline"] is True
    long_step = step(2000, "STEP-F")
    answer = await slack.submit_view(HEALTH_1, modal["id"], modal_values(long_step))
    assert (answer.json_or_none() or {}).get("response_action") != "errors", answer.body
    told = await standin.wait_for(
        lambda: [m for m in standin.dm_messages(HEALTH_1) if "#3" in visible(m)]
    )
    assert_shortened(visible(told[-1]), 3, "STEP-F")
    async with bot.runtime.uow() as uow:
        added = await uow.repos.commitments.by_number(1, 3)
    assert added is not None and added.title == long_step
    assert_slack_accepted_everything(standin)


async def test_a_help_request_and_its_coaching_reply_shorten_a_long_step(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn, slack: SlackDriver
) -> None:
    await setup_rhythm(people)
    long_step = step(1500, "STEP-G")
    assert "Added `#3`" in await people["maria"].plan(f"add {escape(long_step)}")
    await nudges_at(bot, CHECKIN)
    message = nudge_in(standin, HEALTH_1)
    assert_shortened(visible(message), 3, "STEP-G")
    channel = standin.dm_channel(HEALTH_1)
    assert channel is not None
    await slack.click(HEALTH_1, channel, message["ts"], "ft_blocked", value="3")
    [modal] = await standin.wait_for(lambda: standin.open_modals(HEALTH_1))
    heading = visible(modal)
    assert "#3 [STEP-G] Meet with frontline staff & union reps <weekly>" in heading
    assert "(/plan show #3 for the whole step)" in heading and "END-OF-STEP-G" not in heading
    await slack.submit_view(
        HEALTH_1,
        modal["id"],
        {"reason": {"reason": {"type": "plain_text_input", "value": "The board meets in May"}}},
    )
    alerts = await standin.wait_for(lambda: standin.messages("C0TATEAM01"))
    alert = visible(alerts[-1])
    assert "needs help" in alert and "The board meets in May" in alert
    assert_shortened(alert, 3, "STEP-G")

    await slack.message_event(
        TA, "C0TATEAM01", "Ask for a special session.", thread_ts=alerts[-1]["ts"]
    )
    coached = await standin.wait_for(
        lambda: [m for m in standin.dm_messages(HEALTH_1) if "replied about" in visible(m)]
    )
    assert_shortened(visible(coached[-1]), 3, "STEP-G")
    assert "Ask for a special session." in visible(coached[-1])
    # the TA's "Sent to" line in the thread is the listener's last step: check it too
    await listeners_finished(standin)
    assert_slack_accepted_everything(standin)
