"""Refusals: the one way a rule says no, so every edge answers it the same way."""

from __future__ import annotations


class Refusal(Exception):
    """A use case declined: one line for the person, and which usage line helps them.

    `usage_key` names a sub-command in the grammar's usage table ("add", "member add"…); the edge
    appends that usage so a mistake is always followed by how to do it right. `field` names the
    input a form should mark (the modal shows the message under it).
    """

    def __init__(
        self, message: str, usage_key: str | None = None, field: str | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.usage_key = usage_key
        self.field = field
