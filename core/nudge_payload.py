"""How a planned nudge is stored in the outbox: the one serialization the planner and
`/plan nudge` share, so the renderer reads a TA's nudge exactly as it reads a scheduled one."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from core.nudges_model import PlannedMessage


def message_payload(message: PlannedMessage) -> dict[str, Any]:
    return {
        "organization_id": message.organization_id,
        "local_date": message.local_date.isoformat(),
        "items": [asdict(item) for item in message.items],
        "commitment_numbers": list(message.commitment_numbers),
        "resource_ids": list(message.resource_ids),
        "session_id": message.session_id,
        "next_session_id": message.next_session_id,
        "waiting_numbers": list(message.waiting_numbers),
    }
