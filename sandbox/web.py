"""The chat page and its JSON API (``/api/...``), served on one origin.

The page never talks to the emulator's port: the API here acts for the simulated users through
the emulator's Python API, and relays its activity log as a long poll.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from aiohttp import web

from bot.domain.answers import Slot
from models.user_store import get_user
from sandbox.emulator.json_http import RequestError, file_response, int_param, json_object
from sandbox.time_travel import MAX_DAYS_PER_TRIP, NothingScheduled
from sandbox.world import PLACES, SIMULATED_USERS

if TYPE_CHECKING:
    from sandbox.runtime import Sandbox

STATIC_DIR = Path(__file__).parent / "static"
# The slots the page always offers a jump to; any other slot the bot schedules is added.
OFFERED_SLOTS = ("morning", "evening", "weekly")
MAX_EVENTS_WAIT_SECONDS = 30.0

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@web.middleware
async def _errors(request: web.Request, handler: Handler) -> web.StreamResponse:
    try:
        return await handler(request)
    except RequestError as error:
        return web.json_response({"ok": False, "error": str(error)}, status=error.status)
    except (ValueError, KeyError, TypeError) as error:
        # The emulator refuses impossible user actions (no such button...) with ValueError.
        return web.json_response({"ok": False, "error": str(error)}, status=400)


@web.middleware
async def _no_cache(request: web.Request, handler: Handler) -> web.StreamResponse:
    response = await handler(request)
    # The page is tiny and changes with the code: never serve a stale copy.
    response.headers.setdefault("Cache-Control", "no-store")
    return response


def _ok(result: Any) -> web.Response:
    return web.json_response({"ok": True, "result": result})


def _iso(instant: datetime | None) -> str | None:
    return instant.isoformat() if instant is not None else None


async def _json_body(request: web.Request) -> dict[str, Any]:
    # Only JSON: a form on another web site can post to 127.0.0.1, but not with this type.
    if request.content_type != "application/json":
        raise RequestError(415, "send JSON (Content-Type: application/json)")
    return await json_object(request)


def _float(value: Any, name: str, low: float, high: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise RequestError(400, f"{name} must be a number")
    try:
        number = float(value)
    except ValueError:
        raise RequestError(400, f"{name} must be a number") from None
    if not low <= number <= high:
        raise RequestError(400, f"{name} must be between {low:g} and {high:g}")
    return number


class SandboxApi:
    def __init__(self, sandbox: Sandbox) -> None:
        self.sandbox = sandbox
        self.emulator = sandbox.emulator
        self.user_ids = {user.user_id for user in SIMULATED_USERS}

    def routes(self) -> list[web.AbstractRouteDef]:
        return [
            web.get("/", self.index),
            web.get("/api/state", self.state),
            web.get("/api/users/{user_id}", self.user),
            web.get("/api/chats/{user_id}/messages", self.messages),
            web.get("/api/events", self.events),
            web.get("/api/files/{file_id}", self.file),
            web.post("/api/message", self.send_message),
            web.post("/api/location", self.send_location),
            web.post("/api/press", self.press_button),
            web.post("/api/travel", self.travel),
            web.static("/static", STATIC_DIR),
        ]

    # -- the page ---------------------------------------------------------------------------

    async def index(self, request: web.Request) -> web.FileResponse:
        return web.FileResponse(STATIC_DIR / "index.html")

    # -- reading ----------------------------------------------------------------------------

    def clock_json(self) -> dict[str, Any]:
        now = self.sandbox.clock.now()
        return {
            "now": now.isoformat(),
            "epoch_ms": int(now.timestamp() * 1000),
            "version": self.sandbox.clock.version,
        }

    async def state(self, request: web.Request) -> web.Response:
        known = await self.sandbox.time_machine.scheduled_slots()
        users = [await self._user_json(user.user_id, known) for user in SIMULATED_USERS]
        return _ok(
            {
                "clock": self.clock_json(),
                "bot": self.emulator.bot_user,
                "users": users,
                "commands": self.emulator.commands,
                "places": [
                    {
                        "name": p.name,
                        "country": p.country,
                        "flag": p.flag,
                        "latitude": p.latitude,
                        "longitude": p.longitude,
                    }
                    for p in PLACES
                ],
                "seq": self.emulator.activity.last_seq,
                "max_days": MAX_DAYS_PER_TRIP,
                "database": {
                    "throw_away": self.sandbox.throw_away,
                    "path": None if self.sandbox.throw_away else str(self.sandbox.database_path),
                },
            }
        )

    async def user(self, request: web.Request) -> web.Response:
        user_id = self._user_id(request.match_info["user_id"])
        known = await self.sandbox.time_machine.scheduled_slots()
        return _ok(await self._user_json(user_id, known))

    async def _user_json(self, user_id: int, known_slots: set[str]) -> dict[str, Any]:
        simulated = next(u for u in SIMULATED_USERS if u.user_id == user_id)
        async with self.sandbox.database.transaction() as session:
            stored = await get_user(session, user_id)
        schedules = await self.sandbox.time_machine.schedules(user_id)
        onboarded = bool(stored is not None and stored.onboarding_step is None and stored.timezone)
        slots = []
        for slot in (*OFFERED_SLOTS, *sorted(known_slots - set(OFFERED_SLOTS))):
            due = schedules.get(slot)
            why_not: str | None = None
            if due is None:
                if slot not in known_slots and slot not in {known.value for known in Slot}:
                    why_not = f"This version of Gut Check does not schedule {slot} messages yet."
                elif not onboarded:
                    why_not = f"{simulated.first_name} has not finished onboarding: send /start."
                else:
                    why_not = f"Nothing is scheduled for {simulated.first_name} (bot blocked?)."
            slots.append({"slot": slot, "next_due_at": _iso(due), "why_not": why_not})
        return {
            "id": user_id,
            "first_name": simulated.first_name,
            "last_name": simulated.last_name,
            "username": simulated.username,
            "timezone": stored.timezone if stored is not None else None,
            "onboarded": onboarded,
            "slots": slots,
        }

    def _user_id(self, value: Any) -> int:
        user_id = int_param(value, "user_id")
        if user_id not in self.user_ids:
            raise RequestError(404, f"no simulated user {user_id}")
        return user_id

    def _media_url(self, file_id: str) -> str:
        return f"/api/files/{file_id}"

    async def messages(self, request: web.Request) -> web.Response:
        user_id = self._user_id(request.match_info["user_id"])
        chat = self.emulator.chat(user_id)
        return _ok([message.to_json(self._media_url) for message in chat.messages])

    async def events(self, request: web.Request) -> web.Response:
        """Long poll: ``?since=<seq>&clock=<version>&timeout=<s>``. Answers as soon as there is
        activity after ``since`` or the clock's version differs from ``clock``."""
        since = int_param(request.query.get("since", "0"), "since")
        clock_version = int_param(request.query.get("clock", "-1"), "clock")
        timeout = _float(request.query.get("timeout", "0"), "timeout", 0, MAX_EVENTS_WAIT_SECONDS)
        log = self.emulator.activity
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            events = log.events_since(since)
            remaining = deadline - loop.time()
            if (
                events
                or since > log.last_seq
                or self.sandbox.clock.version != clock_version
                or remaining <= 0
            ):
                break
            await log.wait_for_change(remaining)
        return _ok(
            {
                "events": [self._expand(event) for event in events],
                "seq": log.last_seq,
                # The page must reload: events it never saw were dropped, or it knew a
                # previous sandbox (a sequence number from the future).
                "truncated": since > log.last_seq
                or (bool(events) and events[0]["seq"] > since + 1),
                "clock": self.clock_json(),
            }
        )

    def _expand(self, event: dict[str, Any]) -> dict[str, Any]:
        """Message events carry the message as it is now (text, entities, keyboard)."""
        chat_id, message_id = event.get("chat_id"), event.get("message_id")
        if chat_id not in self.user_ids or message_id is None:
            return event
        message = self.emulator.chat(chat_id).message(message_id)
        if message is None:
            return event
        return {**event, "message": message.to_json(self._media_url)}

    async def file(self, request: web.Request) -> web.Response:
        stored = self.emulator.state.find_file(request.match_info["file_id"])
        headers = {}
        if request.query.get("download") and stored is not None and stored.file_name:
            quoted = stored.file_name.replace('"', "")
            headers["Content-Disposition"] = f'attachment; filename="{quoted}"'
        return file_response(stored, headers)

    # -- acting as a user ---------------------------------------------------------------------

    async def send_message(self, request: web.Request) -> web.Response:
        body = await _json_body(request)
        user_id = self._user_id(body.get("user_id"))
        text = str(body.get("text", "")).strip()
        if not text:
            raise RequestError(400, "the message is empty")
        return _ok(self.emulator.send_message(user_id, text))

    async def send_location(self, request: web.Request) -> web.Response:
        body = await _json_body(request)
        user_id = self._user_id(body.get("user_id"))
        latitude = _float(body.get("latitude"), "latitude", -90, 90)
        longitude = _float(body.get("longitude"), "longitude", -180, 180)
        return _ok(self.emulator.send_location(user_id, latitude, longitude))

    async def press_button(self, request: web.Request) -> web.Response:
        body = await _json_body(request)
        user_id = self._user_id(body.get("user_id"))
        message_id = int_param(body.get("message_id"), "message_id")
        data = str(body.get("data", ""))
        query_id = self.emulator.press_button(user_id, message_id, data)
        return _ok({"callback_query_id": query_id})

    # -- time travel --------------------------------------------------------------------------

    async def travel(self, request: web.Request) -> web.Response:
        """``{"days": N}``, or ``{"slot": "morning", "user_id": 1001}``: to the moment the bot
        sends that user's next message of that slot."""
        body = await _json_body(request)
        machine = self.sandbox.time_machine
        if "days" in body:
            trip = await machine.forward(int_param(body["days"], "days"))
        elif "slot" in body:
            user_id = self._user_id(body.get("user_id"))
            try:
                trip = await machine.next_occurrence(user_id, str(body["slot"]))
            except NothingScheduled as error:
                raise RequestError(409, str(error)) from None
        else:
            raise RequestError(400, 'say where to: {"days": N} or {"slot": ..., "user_id": ...}')
        return _ok({"trip": trip.to_json(), "clock": self.clock_json()})


def build_web_app(sandbox: Sandbox) -> web.Application:
    app = web.Application(middlewares=[_errors, _no_cache])
    app.add_routes(SandboxApi(sandbox).routes())
    return app
