"""``BotApiEmulator``: the emulator as tests, the benchmark and the sandbox use it.

It owns the HTTP server and wires the parts together: the store (users, chats, messages), the
update queue, the Bot API methods, fault injection, rate limiting and the control API.
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Callable
from typing import Any

from aiohttp import web

from sandbox.emulator.api_bot import DEFAULT_SCOPE, BotMethods, scope_key
from sandbox.emulator.api_common import ApiContext, EmulatorSettings, MethodHandler
from sandbox.emulator.api_messages import MessageMethods
from sandbox.emulator.api_updates import UpdateMethods
from sandbox.emulator.control_api import ControlApi, not_found_fallback
from sandbox.emulator.events import ActivityLog
from sandbox.emulator.faults import FaultInjector
from sandbox.emulator.lifecycle import StartsAndStops
from sandbox.emulator.params import MAX_UPLOAD_BYTES
from sandbox.emulator.rate_limit import RateLimits, SendRateLimiter
from sandbox.emulator.records import EmulatedChat, EmulatedMessage, RecordedRequest
from sandbox.emulator.server import BotApiServer, is_well_formed_token
from sandbox.emulator.spec import load_spec
from sandbox.emulator.store import Clock, EmulatorState, SystemClock
from sandbox.emulator.updates import UpdateQueue
from sandbox.emulator.user_actions import UserActions
from sandbox.emulator.webhook_delivery import WebhookDelivery

_SHUTDOWN_TIMEOUT = 1.0  # seconds to let in-flight calls finish when stopping


def _display_name(username: str) -> str:
    base = username.removesuffix("Bot").removesuffix("_bot").removesuffix("bot") or username
    words: list[str] = []
    for ch in base:
        if ch.isupper() and words:
            words.append(" ")
        words.append(ch)
    return "".join(words).strip() or username


class BotApiEmulator(StartsAndStops):
    """A local HTTP server that behaves like api.telegram.org for one bot token.

    Point PTB at it with ``ApplicationBuilder().base_url(emu.base_url)
    .base_file_url(emu.base_file_url)``. Simulate users with :meth:`send_message`,
    :meth:`press_button`, :meth:`block_bot`, ...; observe with :meth:`chat`, :attr:`requests`
    and :meth:`wait_for_bot_message`; inject faults with :meth:`fail_next` and
    :meth:`delay_next`.
    """

    def __init__(
        self,
        token: str = "123456:TEST-token",
        bot_username: str = "GutCheckBot",
        host: str = "127.0.0.1",
        port: int = 0,
        clock: Clock | None = None,
        enforce_rate_limits: bool = True,
        record_messages: bool = True,
        *,
        bot_first_name: str | None = None,
        strict_parameters: bool = True,
        rate_limits: RateLimits | None = None,
        group_privacy: bool = True,
    ) -> None:
        if not is_well_formed_token(token):
            raise ValueError(f"malformed bot token {token!r}; expected '<bot id>:<secret>'")
        self.token = token
        self.host = host
        self._requested_port = port
        self._port: int | None = None
        self.bot_user: dict[str, Any] = {
            "id": int(token.split(":", 1)[0]),
            "is_bot": True,
            "first_name": bot_first_name or _display_name(bot_username),
            "username": bot_username,
        }
        self.state = EmulatorState(
            bot_user=self.bot_user, clock=clock or SystemClock(), record_messages=record_messages
        )
        self.updates = UpdateQueue()
        self.activity = ActivityLog(keep_events=record_messages)
        self.limiter = SendRateLimiter(rate_limits)
        self.settings = EmulatorSettings(
            enforce_rate_limits=enforce_rate_limits,
            strict_parameters=strict_parameters,
            group_privacy=group_privacy,
        )
        self.faults = FaultInjector()
        self._context = ApiContext(
            state=self.state,
            updates=self.updates,
            activity=self.activity,
            limiter=self.limiter,
            settings=self.settings,
        )
        self.webhook = WebhookDelivery(self.updates, self.state.webhook)
        handlers: dict[str, MethodHandler] = {}
        for methods in (
            MessageMethods(self._context),
            BotMethods(self._context),
            UpdateMethods(self._context, self.webhook),
        ):
            handlers.update(methods.handlers())
        self.server = BotApiServer(
            token=token,
            context=self._context,
            handlers=handlers,
            spec=load_spec(),
            faults=self.faults,
            record_requests=record_messages,
        )
        self.users = UserActions(self.state, self.updates, self.activity, self.settings)
        # World setup, user actions and faults are the parts' own methods, bound here so a test
        # holds one object while each signature and docstring is written once, in its part.
        self.add_user = self.state.add_user
        self.add_group = self.state.add_group
        self.send_message = self.users.send_message
        self.send_location = self.users.send_location
        self.send_sticker = self.users.send_sticker
        self.send_photo = self.users.send_photo
        self.send_voice = self.users.send_voice
        self.send_document = self.users.send_document
        self.edit_user_message = self.users.edit_user_message
        self.press_button = self.users.press_button
        self.block_bot = self.users.block_bot
        self.unblock_bot = self.users.unblock_bot
        self.inject_update = self.users.inject_update
        self.fail_next = self.faults.fail_next
        self.delay_next = self.faults.delay_next
        self.clear_faults = self.faults.clear
        self._runner: web.AppRunner | None = None

    # -- lifecycle ------------------------------------------------------------------------

    def build_app(self) -> web.Application:
        app = web.Application(client_max_size=MAX_UPLOAD_BYTES + 1024 * 1024)
        self.server.add_routes(app)
        ControlApi(self).add_routes(app)
        app.router.add_route("*", "/{tail:.*}", not_found_fallback)
        return app

    async def start(self) -> None:
        if self._runner is not None:
            raise RuntimeError("the emulator is already running")
        runner = web.AppRunner(
            self.build_app(),
            access_log=None,  # per-request logging would cost more than the request itself
            handler_cancellation=True,  # a client giving up ends its long poll here too
            shutdown_timeout=_SHUTDOWN_TIMEOUT,
        )
        await runner.setup()
        self.updates.reopen()
        site = web.TCPSite(runner, self.host, self._requested_port)
        await site.start()
        self._runner = runner
        address = runner.addresses[0]
        self._port = int(address[1])

    async def stop(self) -> None:
        if self._runner is None:
            return
        self.updates.close()  # answer a pending long poll now instead of at its timeout
        await self.webhook.stop()
        await self._runner.cleanup()
        self._runner = None

    @property
    def port(self) -> int:
        if self._port is None:
            raise RuntimeError("the emulator is not running; await start() first")
        return self._port

    @property
    def root_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def base_url(self) -> str:
        """For ``ApplicationBuilder().base_url(...)``: PTB appends the token."""
        return f"{self.root_url}/bot"

    @property
    def base_file_url(self) -> str:
        return f"{self.root_url}/file/bot"

    @property
    def api_url(self) -> str:
        """``base_url`` with the token: append ``/<method>`` to call the Bot API directly."""
        return f"{self.base_url}{self.token}"

    @property
    def control_url(self) -> str:
        return f"{self.root_url}/_emulator"

    # -- the bot in groups (each queues an Update) ------------------------------------------

    def remove_bot_from_group(
        self, chat_id: int, by_user_id: int, *, kicked: bool = True
    ) -> dict[str, Any]:
        """A member removes the bot: a my_chat_member update, then sends to the group get 403
        ``Forbidden: bot was kicked from the group chat`` (or "is not a member" if it left)."""
        status = "kicked" if kicked else "left"
        return self.users.set_bot_group_status(chat_id, status, by_user_id=by_user_id)

    def add_bot_to_group(self, chat_id: int, by_user_id: int) -> dict[str, Any]:
        return self.users.set_bot_group_status(chat_id, "member", by_user_id=by_user_id)

    # -- observation ----------------------------------------------------------------------

    def chat(self, chat_id: int) -> EmulatedChat:
        return EmulatedChat(self.state.require_emulated_chat(chat_id))

    @property
    def requests(self) -> list[RecordedRequest]:
        return self.state.requests

    def requests_for(self, method: str) -> list[RecordedRequest]:
        wanted = method.lower()
        return [r for r in self.state.requests if r.method.lower() == wanted]

    @property
    def callback_answers(self) -> list[dict[str, Any]]:
        return self.state.callback_answers

    @property
    def commands(self) -> list[dict[str, str]]:
        """Commands set by setMyCommands for the default scope and no language."""
        return list(self.state.profile.commands.get((DEFAULT_SCOPE, ""), []))

    def commands_for(
        self, scope: dict[str, Any] | None = None, language_code: str = ""
    ) -> list[dict[str, str]]:
        return list(self.state.profile.commands.get((scope_key(scope), language_code), []))

    @property
    def updates_pending(self) -> int:
        return self.updates.pending_count

    def stats(self, *, per_chat: bool = True) -> dict[str, Any]:
        result = self.state.stats(per_chat=per_chat)
        result["updates_pending"] = self.updates.pending_count
        return result

    def describe_recent_requests(self, count: int = 8) -> str:
        recent = self.state.requests[-count:]
        if not recent:
            return "no Bot API requests yet"
        parts = []
        for request in recent:
            outcome = "ok" if request.ok else str(request.response.get("description", ""))
            parts.append(f"{request.method} -> {request.status} {outcome}".rstrip())
        return "; ".join(parts)

    async def wait_for(
        self,
        predicate: Callable[[], bool],
        timeout: float = 5.0,  # noqa: ASYNC109 - part of the published test API
        *,
        message: str | None = None,
    ) -> None:
        """Wait until ``predicate()`` is true, re-checking after every emulator activity."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not predicate():
            remaining = deadline - loop.time()
            if remaining <= 0:
                what = message or getattr(predicate, "__name__", "condition")
                raise TimeoutError(
                    f"{what} not met within {timeout:g}s; {self.updates_pending} update(s) "
                    f"pending; recent requests: {self.describe_recent_requests()}"
                )
            # Also re-check periodically, for predicates on state the log does not see.
            await self.activity.wait_for_change(min(remaining, 0.1))

    async def wait_for_bot_message(
        self,
        chat_id: int,
        timeout: float = 5.0,  # noqa: ASYNC109 - part of the published test API
        after: int | EmulatedMessage | None = None,
    ) -> EmulatedMessage:
        """The first new bot message (not an edit) in the chat with a message_id above ``after``.

        ``after`` is a message_id (or a message); by default the chat's latest message_id at
        the time of the call, i.e. "the next message the bot sends from now on".
        """
        if not self.state.record_messages:
            raise RuntimeError("wait_for_bot_message needs record_messages=True")
        chat = self.state.require_emulated_chat(chat_id)
        if isinstance(after, EmulatedMessage):
            threshold = after.message_id
        else:
            threshold = chat.last_message_id if after is None else after

        def find() -> EmulatedMessage | None:
            for message in chat.messages:
                if message.from_bot and message.message_id > threshold:
                    return message
            return None

        await self.wait_for(
            lambda: find() is not None,
            timeout,
            message=f"a bot message in chat {chat_id} after message_id {threshold}",
        )
        found = find()
        assert found is not None
        return found

    # -- limits and webhook delivery -------------------------------------------------------

    def set_webhook_targets(
        self, targets: list[str], *, first_retry_seconds: float | None = None
    ) -> dict[str, Any]:
        """Play the load balancer in front of a fleet: each webhook request goes to the next
        of ``targets`` (the workers' own http:// URLs) instead of the public webhook URL.
        ``first_retry_seconds`` shortens Telegram's 1 s first retry delay for tests."""
        for target in targets:
            if not target.startswith(("http://", "https://")):
                raise ValueError(f"a webhook target must be an http(s) URL, not {target!r}")
        self.webhook.targets = list(targets)
        if first_retry_seconds is not None:
            if first_retry_seconds < 0:
                raise ValueError("first_retry_seconds must not be negative")
            self.webhook.first_retry_seconds = first_retry_seconds
        return self.webhook_status()

    def webhook_status(self) -> dict[str, Any]:
        hook = self.state.webhook
        return {
            "url": hook.url,
            "active": self.webhook.active,
            "targets": list(self.webhook.targets),
            "pending_update_count": self.updates.pending_count,
            "answers": {str(status): count for status, count in self.webhook.answers.items()},
            "failures": self.webhook.failures,
            "last_error_message": hook.last_error_message,
        }

    def set_rate_limits(
        self,
        per_chat_per_second: float | None = None,
        per_chat_burst: float | None = None,
        broadcast_per_second: float | None = None,
        paid_broadcast_per_second: float | None = None,
        *,
        group_per_minute: float | None = None,
        group_burst: float | None = None,
        broadcast_burst: float | None = None,
        paid_broadcast_burst: float | None = None,
        enabled: bool | None = None,
    ) -> RateLimits:
        """Change the flood limits (unspecified ones keep their value); buckets start full."""
        changes = {
            name: value
            for name, value in {
                "per_chat_per_second": per_chat_per_second,
                "per_chat_burst": per_chat_burst,
                "broadcast_per_second": broadcast_per_second,
                "paid_broadcast_per_second": paid_broadcast_per_second,
                "group_per_minute": group_per_minute,
                "group_burst": group_burst,
                "broadcast_burst": broadcast_burst,
                "paid_broadcast_burst": paid_broadcast_burst,
            }.items()
            if value is not None
        }
        limits = dataclasses.replace(self.limiter.limits, **changes)
        self.limiter.configure(limits)
        if enabled is not None:
            self.settings.enforce_rate_limits = enabled
        return limits
