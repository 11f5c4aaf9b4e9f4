"""What every Bot API method implementation needs: the shared context and common checks."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from sandbox.emulator.entities import TextEntity
from sandbox.emulator.errors import bad_request, bot_blocked, forbidden, too_many_requests
from sandbox.emulator.events import ActivityLog
from sandbox.emulator.params import RequestParams
from sandbox.emulator.rate_limit import SendRateLimiter
from sandbox.emulator.store import ChatState, EmulatorState
from sandbox.emulator.updates import UpdateQueue

MethodHandler = Callable[[RequestParams], Awaitable[Any]]


@dataclass(slots=True)
class EmulatorSettings:
    enforce_rate_limits: bool = True
    strict_parameters: bool = True  # reject parameters the Bot API spec does not list
    group_privacy: bool = True  # in groups the bot only sees commands, mentions and replies


@dataclass(slots=True)
class ApiContext:
    state: EmulatorState
    updates: UpdateQueue
    activity: ActivityLog
    limiter: SendRateLimiter
    settings: EmulatorSettings

    def chat_for_sending(self, params: RequestParams) -> ChatState:
        """The target chat of a send* call, refusing the way Telegram does when it cannot."""
        chat = self.state.require_chat(params.raw("chat_id"))
        if chat.type == "private":
            if chat.blocked:
                raise bot_blocked()
            if not chat.has_started:
                raise forbidden("bot can't initiate conversation with a user")
        elif chat.bot_status == "kicked":
            raise forbidden(f"bot was kicked from the {chat.type} chat")
        elif chat.bot_status == "left":
            raise forbidden(f"bot is not a member of the {chat.type} chat")
        return chat

    def check_send_rate(self, chat: ChatState, params: RequestParams) -> None:
        if not self.settings.enforce_rate_limits:
            return
        retry_after = self.limiter.acquire(
            chat.id, is_group=chat.is_group, paid=params.boolean("allow_paid_broadcast")
        )
        if retry_after is not None:
            raise too_many_requests(retry_after)

    def entities_to_api(self, entities: list[TextEntity]) -> list[dict[str, Any]]:
        lookup = self.state.user_for_mention
        return [entity.to_api(lookup) for entity in entities]


def required_message_id(params: RequestParams) -> int:
    message_id = params.integer("message_id")
    if not message_id or message_id <= 0:
        raise bad_request("message identifier is not specified")
    return message_id


def required_string(params: RequestParams, name: str) -> str:
    value = params.string(name)
    if not value:
        raise bad_request(f'Parameter "{name}" is required')
    return value
