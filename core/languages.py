"""Which language a person, or a whole collaborative, reads.

A person reads the language they chose (``/plan language es``), else the one Slack shows them
(their ``users.info`` locale, learned when the bot looks them up), else English: choosing beats
guessing, and a guess from Slack beats assuming English for someone who set Slack to Spanish.
What many people read at once (the digest, the TA channel's alerts) is in the collaborative's
language, which a TA sets.
"""

from __future__ import annotations

from core.access import require_ta
from core.context import Context
from core.i18n import DEFAULT_LANGUAGE, LANGUAGES, language_of_locale
from storage.models import Collaborative, Person
from storage.uow import UnitOfWork


def person_language(person: Person | None) -> str:
    """The language ``person`` reads (English for someone the bot doesn't know yet)."""
    if person is None:
        return DEFAULT_LANGUAGE
    if person.language in LANGUAGES:
        return person.language
    return language_of_locale(person.slack_locale) or DEFAULT_LANGUAGE


def shared_language(collaborative: Collaborative | None) -> str:
    """The language of the collaborative's shared messages (digest, TA channel)."""
    language = collaborative.language if collaborative is not None else None
    return language if language in LANGUAGES else DEFAULT_LANGUAGE


async def choose_language(uow: UnitOfWork, ctx: Context, language: str) -> Person:
    """Record the language ``ctx``'s person chose. Anyone may choose, even someone no
    organization has yet: they are remembered (with no organization and no role) so the bot
    writes to them in it when a TA adds them."""
    person = ctx.actor
    if person is None:
        person = Person(
            collaborative_id=ctx.collaborative.id, slack_user_id=ctx.user_id, created_at=ctx.now
        )
        await uow.repos.people.add(person)
        ctx.actor = person
    person.language = language
    uow.session.add(person)
    await uow.commit()
    return person


async def set_shared_language(uow: UnitOfWork, ctx: Context, language: str) -> Collaborative:
    """The language of the digest and the TA channel's alerts; a TA's choice."""
    require_ta(ctx, "settings language")
    ctx.collaborative.language = language
    uow.session.add(ctx.collaborative)
    await uow.commit()
    return ctx.collaborative
