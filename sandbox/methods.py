"""The Web API methods the stand-in answers, by Slack's method name."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sandbox import methods_chat, methods_conversations, methods_files, methods_views
from sandbox.args import Args
from sandbox.state import StandInState

Handler = Callable[[StandInState, Args], dict[str, Any]]

METHODS: dict[str, Handler] = {
    "auth.test": methods_chat.auth_test,
    "chat.postMessage": methods_chat.post_message,
    "chat.update": methods_chat.update,
    "chat.delete": methods_chat.delete,
    "chat.postEphemeral": methods_chat.post_ephemeral,
    "reactions.add": methods_chat.reactions_add,
    "conversations.open": methods_conversations.open_conversation,
    "conversations.info": methods_conversations.info,
    "conversations.history": methods_conversations.history,
    "conversations.replies": methods_conversations.replies,
    "users.info": methods_conversations.users_info,
    "views.open": methods_views.open_view,
    "views.push": methods_views.push_view,
    "views.update": methods_views.update_view,
    "views.publish": methods_views.publish,
    "files.getUploadURLExternal": methods_files.get_upload_url,
    "files.completeUploadExternal": methods_files.complete_upload,
}
