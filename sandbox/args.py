"""Reading Web API arguments the way Slack does, whatever encoding slack_sdk chose.

slack_sdk sends some methods as JSON, some as form fields, and some as query parameters (even on
POST); structured fields (`blocks`, `view`, `metadata`, `files`) arrive as JSON strings inside
forms. Handlers get one flat dict with those fields decoded.
"""

from __future__ import annotations

import json
from typing import Any

from aiohttp import web

from sandbox.errors import SlackError, missing

Args = dict[str, Any]

#: Fields Slack documents as "JSON-encoded" when sent as form data.
JSON_FIELDS = ("blocks", "attachments", "metadata", "view", "files", "users_list")


async def read_args(request: web.Request) -> tuple[Args, str | None]:
    """All arguments of a call plus the token it carried (header first, then `token` field)."""
    args: Args = dict(request.query)
    if request.method == "POST" and request.can_read_body:
        if request.content_type == "application/json":
            try:
                body = await request.json()
            except ValueError as exc:
                raise SlackError("invalid_json") from exc
            if not isinstance(body, dict):
                raise SlackError("invalid_json")
            args.update(body)
        else:
            form = await request.post()
            args.update({k: v for k, v in form.items() if isinstance(v, str)})
    for name in JSON_FIELDS:
        value = args.get(name)
        if isinstance(value, str) and value.strip()[:1] in ("[", "{"):
            try:
                args[name] = json.loads(value)
            except ValueError as exc:
                raise SlackError(
                    f"invalid_{name}_format" if name != "view" else "invalid_arguments"
                ) from exc
    token = args.pop("token", None)
    header = request.headers.get("Authorization", "")
    if header.startswith("Bearer "):
        token = header.removeprefix("Bearer ").strip()
    return args, token if isinstance(token, str) else None


def text_arg(args: Args, name: str) -> str:
    """A required string argument; Slack calls a missing one `invalid_arguments`."""
    value = args.get(name)
    if value is None or value == "":
        raise missing(name)
    return str(value)


def optional_str(args: Args, name: str) -> str | None:
    """An optional string argument, with empty strings treated as absent like Slack does."""
    value = args.get(name)
    return None if value is None or value == "" else str(value)


def flag(args: Args, name: str, default: bool = False) -> bool:
    """A boolean argument: slack_sdk sends `true`/`false`, `1`/`0` or real JSON booleans."""
    value = args.get(name)
    if value is None:
        return default
    if isinstance(value, bool):
        return value
    return str(value).lower() in ("1", "true", "yes")


def int_arg(args: Args, name: str, default: int) -> int:
    """An integer argument such as `limit`."""
    value = args.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except (TypeError, ValueError) as exc:
        raise SlackError("invalid_arguments") from exc
