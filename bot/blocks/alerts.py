"""Messages to the TA team: help requests and questions (the coaching loop)."""

from __future__ import annotations

from bot.blocks.commitments import title_mrkdwn
from bot.blocks.reply import Reply, context, section
from bot.mrkdwn import bold, clip, escape, escape_keeping_links
from core.i18n import _
from storage.models import Commitment, Organization


def reply_back(ta: str) -> str:
    """Under every relayed answer: the participant can answer back without a command."""
    return _("Reply in this thread to answer: your reply goes to <@{person}>.").format(person=ta)


def help_request(
    commitment: Commitment, organization: Organization, who: str, reason: str
) -> Reply:
    text = _(":sos: {organization} needs help with `#{number}` {title}").format(
        organization=bold(organization.name),
        number=commitment.number,
        title=title_mrkdwn(commitment.number, commitment.title),
    )
    text = f"{text}\n> {escape(clip(reason, 2000))}\n— <@{who}>"
    return Reply(
        text=_("{organization} needs help with #{number}").format(
            organization=organization.name, number=commitment.number
        ),
        blocks=[
            section(text),
            context(
                _(
                    "Reply in this thread: your reply goes to <@{person}>. Or share a resource: "
                    "`/plan share <n> {handle}`"
                ).format(person=who, handle=organization.handle)
            ),
        ],
    )


def question_message(
    asker: str, organization: Organization | None, question: str, *, newcomer: bool = False
) -> Reply:
    """A question for the TA channel; from someone in no organization yet, it says so and how
    to add them, since that is usually what they need first."""
    where = f" ({escape(organization.name)})" if organization else ""
    if newcomer:
        where = _(" (in no organization yet)")
    title = _("*Question from <@{person}>{where}*").format(person=asker, where=where)
    text = f":question: {title}\n> {escape(question)}"
    notes = [reply_back(asker)]
    if newcomer:
        notes.append(
            _(
                "<@{person}> is in no organization yet: add them with "
                "`/plan member add <organization> @them`."
            ).format(person=asker)
        )
    return Reply(
        text=_("Question from a participant{where}").format(where=where),
        blocks=[section(clip(text, 3000)), context(*notes)],
    )


def coaching_message(coach: str, number: int, title: str, advice: str) -> Reply:
    """A TA provider's reply to a help request, back to the person who asked for help.

    The links the TA pasted stay clickable (:func:`bot.mrkdwn.escape_keeping_links`): a resource
    that can't be opened from the DM is no help.
    """
    said = _(":speech_balloon: <@{person}> replied about `#{number}` {title}:").format(
        person=coach, number=number, title=title_mrkdwn(number, title)
    )
    text = f"{said}\n\n{escape_keeping_links(clip(advice, 2000))}"
    return Reply(
        text=_("The TA team replied about #{number}").format(number=number),
        blocks=[section(text), context(reply_back(coach))],
    )


def answer_message(answerer: str, question: str, answer: str) -> Reply:
    """A TA provider's answer back to the participant who asked, its links still clickable."""
    said = _(":speech_balloon: <@{person}> answered your question:").format(person=answerer)
    text = f"{said}\n> {escape(clip(question, 800))}\n\n{escape_keeping_links(clip(answer, 2000))}"
    return Reply(
        text=_("Your question was answered"),
        blocks=[section(text), context(reply_back(answerer))],
    )


def participant_reply(participant: str, about: str, reply: str) -> Reply:
    """A participant's reply to a relayed answer, posted in the thread it answered, so the
    conversation stays in one place and the TA provider's next reply goes back the same way."""
    said = _(":speech_balloon: <@{person}> replied{about}:").format(person=participant, about=about)
    text = f"{said}\n> {escape(clip(reply, 2500))}"
    return Reply(
        text=_("A participant replied"),
        blocks=[
            section(text),
            context(
                _("Reply in this thread: your reply goes to <@{person}>.").format(
                    person=participant
                )
            ),
        ],
    )


def relay_outcome(recipient: str, status: str, *, held_until: str = "", error: str = "") -> str:
    """One line in the TA thread after a TA's reply was passed on: whether it reached the person
    (and that their reply comes back here), when it will, or that it could not and what now."""
    if status == "sent":
        return _(":white_check_mark: Sent to <@{person}>: their reply will appear here.").format(
            person=recipient
        )
    if status == "held":
        return _(
            ":hourglass: <@{person}> gets this at {moment}, when their quiet hours end: "
            "their reply will appear here."
        ).format(person=recipient, moment=held_until)
    if status == "failed":
        why = _(" (Slack said `{error}`)").format(error=escape(error)) if error else ""
        return _(
            ":warning: I couldn't deliver this to <@{person}>{why}: they may have left the "
            "workspace. Reach them another way (email or a call), or answer someone else in "
            "their organization."
        ).format(person=recipient, why=why)
    return _(
        ":hourglass: Slack didn't take this for <@{person}> yet: I'll keep trying, and "
        "their reply will appear here."
    ).format(person=recipient)
