"""`views.*`: modals (open, push, update) and the Home tab (publish).

Modals are kept as stacks per person, the way Slack shows them, so the driver can submit the one
on top and a bot that pushes a fourth view is refused as Slack would refuse it.
"""

from __future__ import annotations

import copy
import secrets
from typing import Any

from sandbox.args import Args, optional_str, text_arg
from sandbox.content import fill_ids
from sandbox.errors import SlackError
from sandbox.limits import check_view
from sandbox.state import StandInState

MAX_MODAL_STACK = 3
#: Keys the stand-in keeps on a stored view for its own bookkeeping; never shown to the bot.
PRIVATE_KEYS = ("user_id",)


def public_view(view: dict[str, Any]) -> dict[str, Any]:
    """A stored view as the Web API returns it."""
    return {k: copy.deepcopy(v) for k, v in view.items() if k not in PRIVATE_KEYS}


def checked_view(args: Args, expected_type: str | None) -> dict[str, Any]:
    view = args.get("view")
    if view is None:
        raise SlackError("invalid_arguments")
    rejection = check_view(view, expected_type=expected_type)
    if rejection is not None:
        raise SlackError.from_rejection(rejection)
    assert isinstance(view, dict)
    return view


def _stored(
    state: StandInState, view: dict[str, Any], user_id: str, view_id: str | None = None
) -> dict[str, Any]:
    """The full view object Slack keeps, with defaults and fresh hash."""
    ws = state.workspace
    stored: dict[str, Any] = {
        "id": view_id or ws.new_id("V"),
        "team_id": ws.team_id,
        "type": view["type"],
        "blocks": fill_ids(view.get("blocks") or []),
        "private_metadata": view.get("private_metadata", ""),
        "callback_id": view.get("callback_id", ""),
        "state": {"values": {}},
        "hash": f"{int(state.clock() * 1000)}.{secrets.token_hex(4)}",
        "title": view.get("title"),
        "clear_on_close": bool(view.get("clear_on_close", False)),
        "notify_on_close": bool(view.get("notify_on_close", False)),
        "close": view.get("close"),
        "submit": view.get("submit"),
        "previous_view_id": None,
        "root_view_id": None,
        "app_id": ws.app_id,
        "external_id": view.get("external_id", ""),
        "app_installed_team_id": ws.team_id,
        "bot_id": ws.bot_id,
        "user_id": user_id,
    }
    stored["root_view_id"] = stored["id"]
    return stored


def _refuse_taken_external_id(state: StandInState, external_id: str, keep: str | None) -> None:
    if not external_id:
        return
    for view in [*state.workspace.modals.values(), *state.workspace.home_views.values()]:
        if view.get("external_id") == external_id and view["id"] != keep:
            raise SlackError("duplicate_external_id")


def open_view(state: StandInState, args: Args) -> dict[str, Any]:
    """Open a modal; needs a fresh, unused trigger id from an interaction."""
    user_id = state.triggers.exchange(optional_str(args, "trigger_id"))
    view = checked_view(args, "modal")
    _refuse_taken_external_id(state, view.get("external_id", ""), None)
    ws = state.workspace
    for old in ws.open_modals(user_id):  # a new modal replaces whatever that person had open
        ws.modals.pop(old["id"], None)
    stored = _stored(state, view, user_id)
    ws.modals[stored["id"]] = stored
    return {"view": public_view(stored)}


def push_view(state: StandInState, args: Args) -> dict[str, Any]:
    """Push onto the person's modal stack; Slack allows three views in a stack."""
    user_id = state.triggers.exchange(optional_str(args, "trigger_id"))
    return {"view": public_view(push(state, user_id, checked_view(args, "modal")))}


def push(state: StandInState, user_id: str, view: dict[str, Any]) -> dict[str, Any]:
    """Push a checked view onto the person's stack (also what `response_action: push` does)."""
    ws = state.workspace
    stack = ws.open_modals(user_id)
    if not stack:
        raise SlackError("not_found")
    if len(stack) >= MAX_MODAL_STACK:
        raise SlackError("push_limit_reached")
    _refuse_taken_external_id(state, view.get("external_id", ""), None)
    stored = _stored(state, view, user_id)
    stored["root_view_id"] = stack[0]["id"]
    stored["previous_view_id"] = stack[-1]["id"]
    ws.modals[stored["id"]] = stored
    return stored


def find_view(state: StandInState, view_id: str | None, external_id: str | None) -> dict[str, Any]:
    """An open modal or published Home view by id or external id."""
    ws = state.workspace
    for view in [*ws.modals.values(), *ws.home_views.values()]:
        if (view_id and view["id"] == view_id) or (
            external_id and view.get("external_id") == external_id
        ):
            return view
    raise SlackError("not_found")


def update_view(state: StandInState, args: Args) -> dict[str, Any]:
    """Replace a view in place; a stale `hash` is a `hash_conflict`, as with concurrent edits."""
    current = find_view(state, optional_str(args, "view_id"), optional_str(args, "external_id"))
    given_hash = optional_str(args, "hash")
    if given_hash is not None and given_hash != current["hash"]:
        raise SlackError("hash_conflict")
    return {"view": public_view(replace(state, current, checked_view(args, current["type"])))}


def replace(state: StandInState, current: dict[str, Any], view: dict[str, Any]) -> dict[str, Any]:
    """Swap a view's content keeping its id and place in the stack (`response_action: update`)."""
    _refuse_taken_external_id(state, view.get("external_id", ""), current["id"])
    stored = _stored(state, view, current["user_id"], current["id"])
    stored["root_view_id"] = current["root_view_id"]
    stored["previous_view_id"] = current["previous_view_id"]
    current.clear()
    current.update(stored)
    return current


def publish(state: StandInState, args: Args) -> dict[str, Any]:
    """Publish someone's Home tab; the view id stays the same across publishes, as in Slack."""
    ws = state.workspace
    user_id = text_arg(args, "user_id")
    if user_id not in ws.users:
        raise SlackError("user_not_found")
    view = checked_view(args, "home")
    previous = ws.home_views.get(user_id)
    given_hash = optional_str(args, "hash")
    if given_hash is not None and previous is not None and given_hash != previous["hash"]:
        raise SlackError("hash_conflict")
    _refuse_taken_external_id(
        state, view.get("external_id", ""), previous["id"] if previous else None
    )
    stored = _stored(state, view, user_id, previous["id"] if previous else None)
    ws.home_views[user_id] = stored
    return {"view": public_view(stored)}
