"""Messages to the TA team: help requests and questions (the coaching loop)."""

from __future__ import annotations

from bot.blocks.commitments import title_mrkdwn
from bot.blocks.reply import Reply, context, section
from bot.mrkdwn import bold, clip, escape, escape_keeping_links
from storage.models import Commitment, Organization


def reply_back(ta: str) -> str:
    """Under every relayed answer: the participant can answer back without a command."""
    return f"Reply in this thread to answer: your reply goes to <@{ta}>."


def help_request(
    commitment: Commitment, organization: Organization, who: str, reason: str
) -> Reply:
    text = (
        f":sos: {bold(organization.name)} needs help with `#{commitment.number}` "
        f"{title_mrkdwn(commitment.number, commitment.title)}\n"
        f"> {escape(clip(reason, 2000))}\n— <@{who}>"
    )
    return Reply(
        text=f"{organization.name} needs help with #{commitment.number}",
        blocks=[
            section(text),
            context(
                f"Reply in this thread: your reply goes to <@{who}>. Or share a resource: "
                f"`/plan share <n> {organization.handle}`"
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
        where = " (in no organization yet)"
    text = f":question: *Question from <@{asker}>{where}*\n> {escape(question)}"
    notes = [f"Reply in this thread to answer: your reply goes to <@{asker}>."]
    if newcomer:
        notes.append(
            f"<@{asker}> is in no organization yet: add them with "
            "`/plan member add <organization> @them`."
        )
    return Reply(
        text=f"Question from a participant{where}",
        blocks=[section(clip(text, 3000)), context(*notes)],
    )


def coaching_message(coach: str, number: int, title: str, advice: str) -> Reply:
    """A TA provider's reply to a help request, back to the person who asked for help.

    The links the TA pasted stay clickable (:func:`bot.mrkdwn.escape_keeping_links`): a resource
    that can't be opened from the DM is no help.
    """
    text = (
        f":speech_balloon: <@{coach}> replied about `#{number}` {title_mrkdwn(number, title)}:\n\n"
        f"{escape_keeping_links(clip(advice, 2000))}"
    )
    return Reply(
        text=f"The TA team replied about #{number}",
        blocks=[section(text), context(reply_back(coach))],
    )


def answer_message(answerer: str, question: str, answer: str) -> Reply:
    """A TA provider's answer back to the participant who asked, its links still clickable."""
    text = (
        f":speech_balloon: <@{answerer}> answered your question:\n"
        f"> {escape(clip(question, 800))}\n\n{escape_keeping_links(clip(answer, 2000))}"
    )
    return Reply(
        text="Your question was answered", blocks=[section(text), context(reply_back(answerer))]
    )


def participant_reply(participant: str, about: str, reply: str) -> Reply:
    """A participant's reply to a relayed answer, posted in the thread it answered, so the
    conversation stays in one place and the TA provider's next reply goes back the same way."""
    text = f":speech_balloon: <@{participant}> replied{about}:\n> {escape(clip(reply, 2500))}"
    return Reply(
        text="A participant replied",
        blocks=[
            section(text),
            context(f"Reply in this thread: your reply goes to <@{participant}>."),
        ],
    )


def relay_outcome(recipient: str, status: str, *, held_until: str = "", error: str = "") -> str:
    """One line in the TA thread after a TA's reply was passed on: whether it reached the person
    (and that their reply comes back here), when it will, or that it could not and what now."""
    if status == "sent":
        return f":white_check_mark: Sent to <@{recipient}>: their reply will appear here."
    if status == "held":
        return (
            f":hourglass: <@{recipient}> gets this at {held_until}, when their quiet hours end: "
            "their reply will appear here."
        )
    if status == "failed":
        why = f" (Slack said `{escape(error)}`)" if error else ""
        return (
            f":warning: I couldn't deliver this to <@{recipient}>{why}: they may have left the "
            "workspace. Reach them another way (email or a call), or answer someone else in "
            "their organization."
        )
    return (
        f":hourglass: Slack didn't take this for <@{recipient}> yet: I'll keep trying, and "
        "their reply will appear here."
    )
