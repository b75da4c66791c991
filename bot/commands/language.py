"""`/plan language es|en` (or `/plan idioma`) and `/plan settings language es|en`.

A person's choice is confirmed in the language just chosen: the reply is the first proof that it
worked, and someone who picked Spanish by mistake still finds the way back in it.
"""

from __future__ import annotations

from bot.blocks.reply import Reply
from bot.commands.base import Request, handles, say
from bot.grammar import LanguageCmd, SettingsLanguageCmd
from core.i18n import N_, _, speaking
from core.languages import choose_language, set_shared_language

#: A language's name as people read it, in the reader's language.
LANGUAGE_NAMES = {"en": N_("English"), "es": N_("Spanish")}

_NOW_IN = {
    "en": N_(
        ":speech_balloon: From now on I'll write to you in English. `/plan idioma es` switches "
        "back to Spanish; `/plan help` shows what you can do."
    ),
    "es": N_(
        ":speech_balloon: From now on I'll write to you in Spanish. `/plan language en` "
        "switches back to English; `/plan help` shows what you can do."
    ),
}


@handles(LanguageCmd)
async def language(cmd: LanguageCmd, req: Request) -> list[Reply]:
    await choose_language(req.uow, req.ctx, cmd.language)
    with speaking(cmd.language):
        return say(_(_NOW_IN[cmd.language]))


@handles(SettingsLanguageCmd)
async def shared_language(cmd: SettingsLanguageCmd, req: Request) -> list[Reply]:
    await set_shared_language(req.uow, req.ctx, cmd.language)
    return say(
        _(
            ":white_check_mark: The weekly digest and the TA channel's alerts are now in "
            "{language}. Each person's own messages follow their language: `/plan language "
            "es|en`."
        ).format(language=_(LANGUAGE_NAMES[cmd.language]))
    )
