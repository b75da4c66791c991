"""The privacy sub-commands' typed forms (parsed in :mod:`bot.grammar_privacy`).

Apart from the parser so :mod:`bot.grammar_commands` can name them in ``Command`` without an
import cycle.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PrivacyCmd:
    """``/plan privacy``: what is kept, who sees it, for how long, and how to be forgotten."""


@dataclass(frozen=True)
class ForgetMeCmd:
    """``/plan forget me``: remove the asker; ``confirmed`` once they clicked the button."""

    confirmed: bool = False


@dataclass(frozen=True)
class MemberForgetCmd:
    """``/plan member forget @person``: a TA provider removes someone who left."""

    user_id: str
    confirmed: bool = False


@dataclass(frozen=True)
class SettingsRetentionCmd:
    """``/plan settings retention <days>``: how long after close people's data is kept."""

    days: int
