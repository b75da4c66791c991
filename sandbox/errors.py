"""The one way a Web API handler says no, so every refusal reaches the bot as Slack's JSON."""

from __future__ import annotations

from typing import Any

from sandbox.limits import Rejection


class SlackError(Exception):
    """A refusal: `error` is Slack's code; `extra` goes into the JSON answer beside it."""

    def __init__(self, error: str, *, status: int = 200, extra: dict[str, Any] | None = None):
        super().__init__(error)
        self.error = error
        self.status = status
        self.extra = extra or {}

    @classmethod
    def from_rejection(cls, rejection: Rejection) -> SlackError:
        """Carry a limits check's explanations into the answer, as Slack does."""
        body = rejection.body()
        body.pop("ok")
        body.pop("error")
        return cls(rejection.error, extra=body)

    def body(self) -> dict[str, Any]:
        """The JSON answer for this refusal."""
        return {"ok": False, "error": self.error, **self.extra}


def missing(field: str) -> SlackError:
    """Slack's answer when a required argument is absent."""
    return SlackError(
        "invalid_arguments",
        extra={"response_metadata": {"messages": [f"[ERROR] missing required field: {field}"]}},
    )
