"""Issue 10, the conversation: a participant whose Slack is in Spanish (Jorge, es-LA) is told in
Spanish what his reply in a check-in's thread recorded, and a TA provider's answer to his
question reaches him framed in Spanish (the TA's own words as typed), while the TA channel keeps
the collaborative's language (English) and Maria, whose Slack is in English, reads English as
before. Over signed HTTP against the stand-in, the bot's clock pinned at the check-in."""

from __future__ import annotations

from sandbox.api import SlackStandIn
from sandbox.driver import SlackDriver
from tests.support import visible
from tests.support.checkin_thread import bot_said
from tests.support.harness import BotHarness
from tests.support.harness import Person as Someone
from tests.support.languages import reads_slack_in
from tests.support.rhythm import CHECKIN, commitment, nudge_in, nudges_at, setup_rhythm
from tests.support.waits import bot_knows_message, listeners_finished
from tests.support.workspace import HEALTH_1, LABOR_1, TA, TA_CHANNEL

GUIDE = "`#2` *Share our wage-theft intake guide*"


async def _answer_question(
    bot: BotHarness,
    standin: SlackStandIn,
    slack: SlackDriver,
    asker: Someone,
    asker_id: str,
    question: str,
    answer: str,
) -> tuple[str, list[str]]:
    """`asker` asks the TA team; the TA answers in the alert's thread. What the asker's DM
    shows of the answer, and the bot's lines in the alert's thread."""
    before = len(standin.messages(TA_CHANNEL))
    await asker.plan(f"ask {question}")
    alerts = await standin.wait_for(lambda: standin.messages(TA_CHANNEL)[before:])
    [alert] = alerts
    await bot_knows_message(bot, TA_CHANNEL, alert["ts"])
    await slack.message_event(TA, TA_CHANNEL, answer, thread_ts=alert["ts"])
    [relayed] = await standin.wait_for(
        lambda: [m for m in standin.dm_messages(asker_id) if answer in visible(m)]
    )

    def lines() -> list[str]:
        return [visible(m) for m in standin.thread(TA_CHANNEL, alert["ts"])[1:] if m.get("bot_id")]

    said = await standin.wait_for(lines)
    await listeners_finished(standin)
    return visible(relayed), said


async def test_a_spanish_speaker_hears_in_spanish_what_his_reply_recorded_and_the_tas_answer(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn, slack: SlackDriver
) -> None:
    reads_slack_in(standin, LABOR_1, "es-LA")
    await setup_rhythm(people)  # Jorge's #2 is on his check-in
    await nudges_at(bot, CHECKIN)
    channel, ts = standin.dm_channel(LABOR_1) or "", nudge_in(standin, LABOR_1)["ts"]

    # his reply in the check-in's thread is confirmed in Spanish, the status name too
    await slack.message_event(LABOR_1, channel, "#2 hecho, se lo mandé al comité", thread_ts=ts)
    [told] = await standin.wait_for(lambda: bot_said(standin, channel, ts))
    await listeners_finished(standin)
    assert told == (
        f":white_check_mark: Marqué {GUIDE} como *Hecho*, con la nota “se lo mandé al comité”."
    )
    assert (await commitment(bot, 2)).status == "done"

    # the TA's answer reaches him framed in Spanish, the TA's words as typed; the TA channel
    # stays in the collaborative's language
    relayed, said = await _answer_question(
        bot,
        standin,
        slack,
        people["jorge"],
        LABOR_1,
        "¿Cuenta un borrador?",
        "Yes, a draft counts.",
    )
    assert f":speech_balloon: <@{TA}> respondió su pregunta:" in relayed, relayed
    assert "> ¿Cuenta un borrador?" in relayed
    assert "Yes, a draft counts." in relayed
    assert f"Responda en este hilo para contestar: su respuesta le llega a <@{TA}>." in relayed
    assert "answered your question" not in relayed
    assert said == [f":white_check_mark: Sent to <@{LABOR_1}>: their reply will appear here."]


async def test_an_english_speaker_reads_the_same_conversation_in_english(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn, slack: SlackDriver
) -> None:
    reads_slack_in(standin, LABOR_1, "es-LA")  # someone else's Spanish changes nothing here
    await setup_rhythm(people)
    relayed, said = await _answer_question(
        bot,
        standin,
        slack,
        people["maria"],
        HEALTH_1,
        "Does a draft policy count?",
        "Sí, el borrador cuenta.",
    )
    assert f":speech_balloon: <@{TA}> answered your question:" in relayed, relayed
    assert "> Does a draft policy count?" in relayed
    assert "Sí, el borrador cuenta." in relayed
    assert f"Reply in this thread to answer: your reply goes to <@{TA}>." in relayed
    assert said == [f":white_check_mark: Sent to <@{HEALTH_1}>: their reply will appear here."]


async def test_the_ta_channel_reads_the_collaboratives_language_and_the_asker_their_own(
    bot: BotHarness, people: dict[str, Someone], standin: SlackStandIn, slack: SlackDriver
) -> None:
    """The collaborative's language is Spanish, Maria's English: her typed `blocked` alerts the
    TA channel in Spanish (the missing reason too), the TA's advice reaches her framed in
    English, and the bot's line in the alert's thread is Spanish again."""
    await setup_rhythm(people)
    assert "now in Spanish" in await people["ta"].plan("settings language es")
    await people["maria"].plan("status 1 blocked")
    [alert] = await standin.wait_for(
        lambda: [m for m in standin.messages(TA_CHANNEL) if "necesita ayuda" in visible(m)]
    )
    shown = visible(alert)
    assert "*Mercy Health Clinic* necesita ayuda con `#1`" in shown, shown
    assert "Todavía no explicó el motivo: pregúntele qué necesita." in shown
    assert "Responda en este hilo: su respuesta le llega a" in shown
    assert "needs help" not in shown

    await bot_knows_message(bot, TA_CHANNEL, alert["ts"])
    await slack.message_event(TA, TA_CHANNEL, "Prueben la plantilla.", thread_ts=alert["ts"])
    [coached] = await standin.wait_for(
        lambda: [m for m in standin.dm_messages(HEALTH_1) if "Prueben la plantilla" in visible(m)]
    )
    assert f":speech_balloon: <@{TA}> replied about `#1`" in visible(coached), visible(coached)
    said = await standin.wait_for(
        lambda: [visible(m) for m in standin.thread(TA_CHANNEL, alert["ts"])[1:] if m.get("bot_id")]
    )
    await listeners_finished(standin)
    assert said == [f":white_check_mark: Enviado a <@{HEALTH_1}>: su respuesta aparecerá aquí."]
