"""What Slack does around a modal submission, applied to the stand-in's modal stacks.

Slack's client refuses to submit a modal with an empty required input, and after the bot answers
it closes, updates, pushes or keeps the view according to `response_action`. The driver relies on
both so that a test sees the modal state a person would see.
"""

from __future__ import annotations

from typing import Any

from sandbox.errors import SlackError
from sandbox.methods_views import checked_view, push, replace
from sandbox.payloads import DriverError
from sandbox.state import RecordedCall, StandInState


def apply_response_action(
    state: StandInState, user_id: str, view: dict[str, Any], answer: Any
) -> None:
    """What Slack does with the answer to a submission."""
    action = answer.get("response_action") if isinstance(answer, dict) else None
    try:
        if action == "errors":
            return
        if action == "clear":
            for open_view in state.workspace.open_modals(user_id):
                state.workspace.modals.pop(open_view["id"], None)
        elif action == "update":
            replace(state, view, checked_view({"view": answer.get("view")}, "modal"))
        elif action == "push":
            push(state, user_id, checked_view({"view": answer.get("view")}, "modal"))
        else:
            state.workspace.modals.pop(view["id"], None)
    except SlackError as exc:
        state.record(
            RecordedCall(
                method="view_submission.response",
                args=answer if isinstance(answer, dict) else {},
                ok=False,
                error=exc.error,
                status=200,
                at=state.clock(),
                response=exc.body(),
            )
        )


def check_values(view: dict[str, Any], values: dict[str, dict[str, dict[str, Any]]]) -> None:
    """Refuse submissions Slack's client could not make: unknown inputs or empty required ones."""
    inputs = {b["block_id"]: b for b in view.get("blocks") or [] if b.get("type") == "input"}
    for block_id, actions in values.items():
        block = inputs.get(block_id)
        if block is None:
            raise DriverError(f"no input block {block_id!r} in view {view['id']}: {list(inputs)}")
        action_id = block.get("element", {}).get("action_id")
        unknown = set(actions) - {action_id}
        if unknown:
            raise DriverError(f"input {block_id!r} has action_id {action_id!r}, not {unknown}")
    for block_id, block in inputs.items():
        if block.get("optional"):
            continue
        given = values.get(block_id, {}).get(block.get("element", {}).get("action_id"), {})
        filled = {k: v for k, v in given.items() if k != "type" and v not in (None, "", [])}
        if not filled:
            raise DriverError(
                f"required input {block_id!r} is empty; Slack would not let the user submit"
            )
