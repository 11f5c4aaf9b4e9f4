"""The control API under ``/_emulator/``: the emulator's Python API over HTTP/JSON, for the
benchmark (a separate process) and the browser sandbox page. Documented in README.md.

Successful answers are ``{"ok": true, "result": ...}``; mistakes are
``{"ok": false, "error": "..."}`` with status 400 (bad input) or 404 (unknown thing).
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from aiohttp import web

from sandbox.emulator.errors import ApiError, not_found
from sandbox.emulator.json_http import (
    RequestError,
    file_response,
    int_param,
    json_object,
    optional_int_param,
)

if TYPE_CHECKING:
    from sandbox.emulator.emulator import BotApiEmulator

PREFIX = "/_emulator"
MAX_EVENTS_TIMEOUT = 60.0
_CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, POST, DELETE, OPTIONS",
    "Access-Control-Allow-Headers": "Content-Type",
}

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
# (body, user_id, chat_id) -> the result to send back
UserAction = Callable[[dict[str, Any], int, int | None], Any]


def _ok(result: Any) -> web.Response:
    return web.json_response({"ok": True, "result": result}, headers=_CORS_HEADERS)


def _failure(status: int, message: str) -> web.Response:
    return web.json_response({"ok": False, "error": message}, status=status, headers=_CORS_HEADERS)


async def not_found_fallback(request: web.Request) -> web.Response:
    """Any other path: the real server's 404 ``Not Found``."""
    error = not_found()
    return web.json_response(error.to_payload(), status=404)


def _guarded(handler: Handler) -> Handler:
    async def wrapper(request: web.Request) -> web.StreamResponse:
        try:
            return await handler(request)
        except RequestError as error:
            return _failure(error.status, str(error))
        except (ValueError, KeyError, TypeError) as error:
            return _failure(400, f"{type(error).__name__}: {error}")
        except ApiError as error:
            return _failure(400, error.description)

    return wrapper


async def _body(request: web.Request) -> dict[str, Any]:
    return await json_object(request) if request.body_exists else {}


def _user_action(act: UserAction) -> Handler:
    """A POST that acts for a user: ``user_id`` and the optional ``chat_id`` come from the body,
    like every other argument ``act`` reads from it."""

    async def handler(request: web.Request) -> web.Response:
        body = await _body(request)
        user_id = int_param(body.get("user_id"), "user_id")
        return _ok(act(body, user_id, optional_int_param(body.get("chat_id"), "chat_id")))

    return handler


class ControlApi:
    def __init__(self, emulator: BotApiEmulator) -> None:
        self.emu = emulator

    def add_routes(self, app: web.Application) -> None:
        routes: list[tuple[str, str, Handler]] = [
            ("GET", "", self.health),
            ("GET", "/health", self.health),
            ("POST", "/users", self.add_users),
            ("POST", "/groups", self.add_group),
            ("POST", "/groups/{chat_id}/bot", self.bot_group_status),
            ("POST", "/message", _user_action(self.user_message)),
            ("POST", "/location", _user_action(self.user_location)),
            ("POST", "/photo", _user_action(self.user_photo)),
            ("POST", "/sticker", _user_action(self.user_sticker)),
            ("POST", "/voice", _user_action(self.user_voice)),
            ("POST", "/document", _user_action(self.user_document)),
            ("POST", "/edit", _user_action(self.user_edit)),
            ("POST", "/callback", _user_action(self.callback)),
            ("POST", "/block", _user_action(self.block)),
            ("POST", "/unblock", _user_action(self.unblock)),
            ("POST", "/update", self.raw_update),
            ("GET", "/updates", self.pending_updates),
            ("GET", "/chats", self.chats),
            ("GET", "/chats/{chat_id}/messages", self.chat_messages),
            ("GET", "/files/{file_id}", self.file),
            ("GET", "/requests", self.requests),
            ("GET", "/stats", self.stats),
            ("GET", "/faults", self.faults),
            ("POST", "/faults", self.add_fault),
            ("DELETE", "/faults", self.clear_faults),
            ("GET", "/rate_limits", self.rate_limits),
            ("POST", "/rate_limits", self.set_rate_limits),
            ("GET", "/commands", self.commands),
            ("GET", "/callback_answers", self.callback_answers),
            ("GET", "/events", self.events),
            ("GET", "/webhook", self.webhook),
            ("POST", "/webhook/targets", self.webhook_targets),
        ]
        for method, path, handler in routes:
            app.router.add_route(method, PREFIX + path, _guarded(handler))
        app.router.add_route("OPTIONS", PREFIX + "/{tail:.*}", self.preflight)

    async def webhook(self, request: web.Request) -> web.Response:
        return _ok(self.emu.webhook_status())

    async def webhook_targets(self, request: web.Request) -> web.Response:
        """``{"targets": ["http://127.0.0.1:8001/telegram", ...], "first_retry_seconds": 0.1}``:
        the workers a load balancer would forward webhook requests to, in turn."""
        body = await _body(request)
        targets = body.get("targets", [])
        if not isinstance(targets, list) or not all(isinstance(t, str) for t in targets):
            raise RequestError(400, "targets must be a list of URLs")
        retry = body.get("first_retry_seconds")
        return _ok(
            self.emu.set_webhook_targets(
                targets, first_retry_seconds=None if retry is None else float(retry)
            )
        )

    async def preflight(self, request: web.Request) -> web.Response:
        return web.Response(status=204, headers=_CORS_HEADERS)

    # -- setup ----------------------------------------------------------------------------

    async def health(self, request: web.Request) -> web.Response:
        emu = self.emu
        return _ok(
            {
                "base_url": emu.base_url,
                "base_file_url": emu.base_file_url,
                "bot": emu.bot_user,
                "record_messages": emu.state.record_messages,
                "rate_limits_enforced": emu.settings.enforce_rate_limits,
                "last_event_seq": emu.activity.last_seq,
            }
        )

    def _add_user(self, spec: dict[str, Any]) -> dict[str, Any]:
        user_id = int_param(spec.get("id", spec.get("user_id")), "id")
        return self.emu.add_user(
            user_id,
            first_name=str(spec.get("first_name") or f"User {user_id}"),
            last_name=spec.get("last_name"),
            username=spec.get("username"),
            language_code=spec.get("language_code", "en"),
            is_premium=spec.get("is_premium"),
            has_started=bool(spec.get("has_started", True)),
        )

    async def add_users(self, request: web.Request) -> web.Response:
        """One user object, ``{"users": [...]}``, or ``{"range": {"start": N, "count": M}}``."""
        body = await _body(request)
        if "range" in body:
            spec = body["range"]
            start, count = (
                int_param(spec.get("start"), "start"),
                int_param(spec.get("count"), "count"),
            )
            prefix = str(spec.get("first_name", "User"))
            for user_id in range(start, start + count):
                self.emu.add_user(user_id, first_name=f"{prefix} {user_id}")
            return _ok({"added": count})
        if "users" in body:
            users = [self._add_user(spec) for spec in body["users"]]
            return _ok({"added": len(users), "users": users})
        return _ok(self._add_user(body))

    async def add_group(self, request: web.Request) -> web.Response:
        body = await _body(request)
        chat_id = int_param(body.get("chat_id", body.get("id")), "chat_id")
        members = [int_param(member, "members") for member in body.get("members", [])]
        return _ok(
            self.emu.add_group(
                chat_id,
                title=str(body.get("title") or "Group"),
                members=members,
                chat_type=body.get("type"),
                username=body.get("username"),
            )
        )

    async def bot_group_status(self, request: web.Request) -> web.Response:
        """``{"by_user_id": N, "status": "kicked" | "left" | "member"}``."""
        body = await _body(request)
        return _ok(
            self.emu.users.set_bot_group_status(
                int_param(request.match_info["chat_id"], "chat_id"),
                str(body.get("status", "kicked")),
                by_user_id=int_param(body.get("by_user_id"), "by_user_id"),
            )
        )

    # -- user actions ---------------------------------------------------------------------

    # Each takes (body, user_id, chat_id): see _user_action.

    def user_message(self, body: dict[str, Any], user_id: int, chat_id: int | None) -> Any:
        return self.emu.send_message(user_id, str(body.get("text", "")), chat_id)

    def user_location(self, body: dict[str, Any], user_id: int, chat_id: int | None) -> Any:
        latitude, longitude = float(body["latitude"]), float(body["longitude"])
        live_period = optional_int_param(body.get("live_period"), "live_period")
        return self.emu.send_location(
            user_id, latitude, longitude, chat_id, live_period=live_period
        )

    def user_photo(self, body: dict[str, Any], user_id: int, chat_id: int | None) -> Any:
        return self.emu.send_photo(user_id, chat_id, caption=body.get("caption"))

    def user_sticker(self, body: dict[str, Any], user_id: int, chat_id: int | None) -> Any:
        return self.emu.send_sticker(user_id, chat_id, emoji=str(body.get("emoji", "👍")))

    def user_voice(self, body: dict[str, Any], user_id: int, chat_id: int | None) -> Any:
        duration = optional_int_param(body.get("duration"), "duration") or 2
        return self.emu.send_voice(user_id, chat_id, duration=duration)

    def user_document(self, body: dict[str, Any], user_id: int, chat_id: int | None) -> Any:
        filename = str(body.get("filename", "document.pdf"))
        return self.emu.send_document(
            user_id, filename, chat_id=chat_id, caption=body.get("caption")
        )

    def user_edit(self, body: dict[str, Any], user_id: int, chat_id: int | None) -> Any:
        message_id = int_param(body.get("message_id"), "message_id")
        return self.emu.edit_user_message(user_id, message_id, str(body.get("text", "")), chat_id)

    def callback(self, body: dict[str, Any], user_id: int, chat_id: int | None) -> Any:
        message_id = int_param(body.get("message_id"), "message_id")
        data, force = str(body.get("data", "")), bool(body.get("force", False))
        query_id = self.emu.press_button(user_id, message_id, data, chat_id, force=force)
        return {"callback_query_id": query_id}

    def block(self, body: dict[str, Any], user_id: int, chat_id: int | None) -> Any:
        return self.emu.block_bot(user_id)

    def unblock(self, body: dict[str, Any], user_id: int, chat_id: int | None) -> Any:
        return self.emu.unblock_bot(user_id)

    async def raw_update(self, request: web.Request) -> web.Response:
        return _ok(self.emu.inject_update(await _body(request)))

    async def pending_updates(self, request: web.Request) -> web.Response:
        return _ok(self.emu.updates.pending)

    # -- observation ----------------------------------------------------------------------

    def _media_url(self, file_id: str) -> str:
        return f"{self.emu.control_url}/files/{file_id}"

    async def chats(self, request: web.Request) -> web.Response:
        return _ok(
            [
                {
                    "chat": chat.api,
                    "blocked": chat.blocked,
                    "bot_status": chat.bot_status,
                    "messages": len(chat.messages),
                    "last_message_id": chat.last_message_id,
                    "sent_by_bot": chat.bot_messages_sent,
                }
                for chat in self.emu.state.chats.values()
            ]
        )

    async def chat_messages(self, request: web.Request) -> web.Response:
        chat_id = int_param(request.match_info["chat_id"], "chat_id")
        chat = self.emu.state.chats.get(chat_id)
        if chat is None:
            raise RequestError(404, f"unknown chat {chat_id}")
        after = optional_int_param(request.query.get("since"), "since") or 0
        inline_media = request.query.get("inline_media", "") in ("1", "true")
        return _ok(
            [
                message.to_json(self._media_url, inline_media=inline_media)
                for message in chat.messages
                if message.message_id > after
            ]
        )

    async def file(self, request: web.Request) -> web.Response:
        return file_response(self.emu.state.find_file(request.match_info["file_id"]), _CORS_HEADERS)

    async def requests(self, request: web.Request) -> web.Response:
        """``?method=sendMessage&since=<index>&limit=<n>``; each item carries its ``index``."""
        method = (request.query.get("method") or "").lower()
        since = optional_int_param(request.query.get("since"), "since") or 0
        limit = optional_int_param(request.query.get("limit"), "limit")
        log = self.emu.state.requests
        items = []
        for index in range(since, len(log)):
            recorded = log[index]
            if method and recorded.method.lower() != method:
                continue
            items.append({"index": index, **recorded.to_json()})
            if limit is not None and len(items) >= limit:
                break
        return _ok({"requests": items, "next": len(log)})

    async def stats(self, request: web.Request) -> web.Response:
        per_chat = request.query.get("per_chat", "1") not in ("0", "false")
        return _ok(self.emu.stats(per_chat=per_chat))

    async def faults(self, request: web.Request) -> web.Response:
        return _ok(self.emu.faults.describe())

    async def add_fault(self, request: web.Request) -> web.Response:
        """``{"kind": "fail", "method", "error_code", "retry_after"?, "times"?, "chat_id"?,
        "description"?}`` or ``{"kind": "delay", "method", "seconds", "times"?, "deliver"?,
        "chat_id"?}``."""
        body = await _body(request)
        kind = body.get("kind", "fail")
        method = str(body.get("method", "*"))
        times = optional_int_param(body.get("times"), "times") or 1
        chat_id = body.get("chat_id")
        if kind == "fail":
            rule = self.emu.fail_next(
                method,
                error_code=int_param(body.get("error_code", 500), "error_code"),
                retry_after=optional_int_param(body.get("retry_after"), "retry_after") or 1,
                times=times,
                chat_id=chat_id,
                description=body.get("description"),
            )
        elif kind == "delay":
            rule = self.emu.delay_next(
                method,
                seconds=float(body.get("seconds", 1.0)),
                times=times,
                deliver=bool(body.get("deliver", True)),
                chat_id=chat_id,
            )
        else:
            raise RequestError(400, 'kind must be "fail" or "delay"')
        return _ok(rule.describe())

    async def clear_faults(self, request: web.Request) -> web.Response:
        self.emu.clear_faults()
        return _ok(True)

    def _rate_limit_view(self) -> dict[str, Any]:
        limits = self.emu.limiter.limits
        return {
            "enabled": self.emu.settings.enforce_rate_limits,
            **{name: getattr(limits, name) for name in limits.__dataclass_fields__},
        }

    async def rate_limits(self, request: web.Request) -> web.Response:
        return _ok(self._rate_limit_view())

    async def set_rate_limits(self, request: web.Request) -> web.Response:
        body = await _body(request)
        numbers = {
            name: float(value)
            for name, value in body.items()
            if name != "enabled" and value is not None
        }
        enabled = body.get("enabled")
        self.emu.set_rate_limits(**numbers, enabled=None if enabled is None else bool(enabled))
        return _ok(self._rate_limit_view())

    async def commands(self, request: web.Request) -> web.Response:
        scope_text = request.query.get("scope")
        scope = json.loads(scope_text) if scope_text else None
        language = request.query.get("language_code", "")
        return _ok(self.emu.commands_for(scope, language))

    async def callback_answers(self, request: web.Request) -> web.Response:
        return _ok(self.emu.callback_answers)

    async def events(self, request: web.Request) -> web.Response:
        """Long poll: ``?since=<seq>&timeout=<s>&chat_id=<id>``.

        Returns ``{"events": [...], "seq": <last seq>}``; message events carry the message's
        current JSON. Pass the returned ``seq`` as the next ``since``.
        """
        since = optional_int_param(request.query.get("since"), "since") or 0
        timeout = min(max(float(request.query.get("timeout", "0") or 0), 0.0), MAX_EVENTS_TIMEOUT)
        chat_id = optional_int_param(request.query.get("chat_id"), "chat_id")
        log = self.emu.activity
        events = await log.wait_for_events(since, timeout, chat_id)
        expanded = [self._expand(event) for event in events]
        truncated = since + 1 < log.oldest_seq and since < log.last_seq
        return _ok({"events": expanded, "seq": log.last_seq, "truncated": truncated})

    def _expand(self, event: dict[str, Any]) -> dict[str, Any]:
        chat_id, message_id = event.get("chat_id"), event.get("message_id")
        if chat_id is None or message_id is None:
            return event
        chat = self.emu.state.chats.get(chat_id)
        message = chat.messages_by_id.get(message_id) if chat is not None else None
        if message is None:
            return event
        return {**event, "message": message.to_json(self._media_url)}
