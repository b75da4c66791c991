"""The three-step external upload: ask for a URL, POST the bytes there, complete it.

The upload URL points back at the stand-in, so slack_sdk's `files_upload_v2` runs its real three
steps without leaving 127.0.0.1.
"""

from __future__ import annotations

import mimetypes
from typing import Any

from sandbox.access import postable
from sandbox.args import Args, int_arg, optional_str, text_arg
from sandbox.errors import SlackError
from sandbox.state import StandInState
from sandbox.workspace import StoredFile

# Slack refuses an image description longer than this.
ALT_TXT_LIMIT = 1000


def file_object(state: StandInState, stored: StoredFile) -> dict[str, Any]:
    """The file object Slack returns and attaches to the message that shares it."""
    return {
        "id": stored.id,
        "name": stored.filename,
        "title": stored.title or stored.filename,
        "mimetype": mimetypes.guess_type(stored.filename)[0] or "application/octet-stream",
        "size": len(stored.content or b""),
        "url_private": f"{state.base_url}/files/{stored.id}/{stored.filename}",
        "channels": list(stored.channels),
        **({"alt_txt": stored.alt_txt} if stored.alt_txt else {}),
    }


def get_upload_url(state: StandInState, args: Args) -> dict[str, Any]:
    """Reserve a file id and hand out an upload URL on this server."""
    ws = state.workspace
    filename = text_arg(args, "filename")
    length = int_arg(args, "length", -1)
    if length < 0:
        raise SlackError("invalid_arguments")
    alt_txt = optional_str(args, "alt_txt") or ""
    if len(alt_txt) > ALT_TXT_LIMIT:
        raise SlackError("invalid_arguments")
    stored = StoredFile(ws.new_id("F"), filename, length, alt_txt=alt_txt)
    ws.files[stored.id] = stored
    return {"upload_url": f"{state.base_url}/upload/{stored.id}", "file_id": stored.id}


def receive_upload(state: StandInState, file_id: str, data: bytes) -> tuple[int, str]:
    """The upload URL's answer: Slack's is plain text `OK - <bytes>`."""
    stored = state.workspace.files.get(file_id)
    if stored is None or stored.completed:
        return 404, "file_not_found"
    stored.content = data
    return 200, f"OK - {len(data)}"


def complete_upload(state: StandInState, args: Args) -> dict[str, Any]:
    """Finish uploads and share them, with `initial_comment` as the message text."""
    ws = state.workspace
    entries = args.get("files")
    if not isinstance(entries, list) or not entries:
        raise SlackError("invalid_arguments")
    files: list[StoredFile] = []
    for entry in entries:
        stored = ws.files.get(str(entry.get("id"))) if isinstance(entry, dict) else None
        if stored is None or stored.content is None:
            raise SlackError("file_not_found")
        if entry.get("title"):
            stored.title = str(entry["title"])
        files.append(stored)
    channel_ids = [c for c in [optional_str(args, "channel_id")] if c]
    channel_ids += [c for c in str(args.get("channels") or "").split(",") if c]
    targets = [postable(ws, c) for c in channel_ids]
    for stored in files:
        stored.completed = True
    for channel in targets:
        for stored in files:
            stored.channels.append(channel.id)
        ws.post(
            channel,
            {
                "user": ws.bot_user_id,
                "bot_id": ws.bot_id,
                "text": str(args.get("initial_comment") or ""),
                "files": [file_object(state, f) for f in files],
                "upload": True,
                "thread_ts": optional_str(args, "thread_ts"),
            },
        )
    return {"files": [{"id": f.id, "title": f.title or f.filename} for f in files]}
