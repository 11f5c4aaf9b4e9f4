"""Driving a running sandbox through its HTTP API, as the page does."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aiohttp

from sandbox import Sandbox, SandboxClock, SandboxOptions
from sandbox.emulator import EmulatedMessage

ADA, BEN = 1001, 1002
# Monday 2 June 2025, 07:00 in Berlin (UTC+2).
START = datetime(2025, 6, 2, 5, 0, tzinfo=UTC)
BERLIN = (52.52, 13.405)
NEW_YORK = (40.7128, -74.0060)


def frozen_clock(start: datetime = START) -> SandboxClock:
    """Simulated time that moves only when the test moves it."""
    return SandboxClock(start, wall_clock=lambda: start)


class ApiFailure(AssertionError):
    def __init__(self, status: int, error: str) -> None:
        super().__init__(f"{status}: {error}")
        self.status = status
        self.error = error


class SandboxClient:
    def __init__(self, sandbox: Sandbox, http: aiohttp.ClientSession) -> None:
        self.sandbox = sandbox
        self.http = http

    async def get(self, path: str) -> Any:
        async with self.http.get(self.sandbox.url + path) as response:
            return self._result(response.status, await response.json())

    async def post(self, path: str, body: dict[str, Any]) -> Any:
        async with self.http.post(self.sandbox.url + path, json=body) as response:
            return self._result(response.status, await response.json())

    @staticmethod
    def _result(status: int, payload: dict[str, Any]) -> Any:
        if not payload["ok"]:
            raise ApiFailure(status, payload["error"])
        return payload["result"]

    # -- what a user does, waiting until the bot has answered ---------------------------

    def bot_messages(self, user_id: int) -> list[EmulatedMessage]:
        return self.sandbox.emulator.chat(user_id).bot_messages

    async def say(self, user_id: int, text: str, *, expect: str) -> EmulatedMessage:
        """Send ``text``; return the first new bot message, once one containing ``expect``
        has arrived."""
        before = self.sandbox.emulator.chat(user_id).last_message_id
        await self.post("/api/message", {"user_id": user_id, "text": text})
        return await self._reply(user_id, before, expect)

    async def share_location(
        self, user_id: int, place: tuple[float, float], *, expect: str
    ) -> EmulatedMessage:
        before = self.sandbox.emulator.chat(user_id).last_message_id
        latitude, longitude = place
        await self.post(
            "/api/location", {"user_id": user_id, "latitude": latitude, "longitude": longitude}
        )
        return await self._reply(user_id, before, expect)

    async def _reply(self, user_id: int, after: int, expect: str) -> EmulatedMessage:
        def arrived() -> list[EmulatedMessage]:
            return [m for m in self.bot_messages(user_id) if m.message_id > after]

        await self.sandbox.emulator.wait_for(
            lambda: any(expect in (m.text or "") for m in arrived()),
            timeout=10,
            message=f"a bot message with {expect!r}",
        )
        return arrived()[0]

    async def tap(
        self, user_id: int, label: str, *, then_new: str | None = None
    ) -> EmulatedMessage:
        """Press the button labelled ``label`` on the latest bot message that has one, and
        wait until the bot has edited that message (and, with ``then_new``, sent a new one
        containing that text)."""
        for message in reversed(self.bot_messages(user_id)):
            data = next(
                (d for row in message.buttons for text, d in row if label in text and d), None
            )
            if data is not None:
                break
        else:
            raise AssertionError(f"no button like {label!r} in chat {user_id}")
        edits = message.edit_count
        last_id = self.sandbox.emulator.chat(user_id).last_message_id
        await self.post(
            "/api/press", {"user_id": user_id, "message_id": message.message_id, "data": data}
        )
        chat = self.sandbox.emulator.chat(user_id)
        await self.sandbox.emulator.wait_for(
            lambda: (chat.message(message.message_id) or message).edit_count > edits,
            timeout=10,
            message=f"the bot editing message {message.message_id} after {label!r}",
        )
        if then_new is not None:
            await self._reply(user_id, last_id, then_new)
        edited = chat.message(message.message_id)
        assert edited is not None
        return edited

    async def onboard(self, user_id: int, place: tuple[float, float] = BERLIN) -> None:
        """/start, a shared location, 07:30 and 21:30, allergens: none."""
        await self.say(user_id, "/start", expect="Share my location")
        await self.share_location(user_id, place, expect="morning")
        await self.tap(user_id, "07:30", then_new="evening")
        await self.tap(user_id, "21:30", then_new="allergens")
        done = await self.tap(user_id, "None")
        assert "All set" in (done.text or "")

    async def travel(self, **destination: Any) -> dict[str, Any]:
        result: dict[str, Any] = await self.post("/api/travel", destination)
        return result


@asynccontextmanager
async def sandbox_client(
    *, clock: SandboxClock | None = None, keep_db: Path | None = None
) -> AsyncIterator[SandboxClient]:
    options = SandboxOptions(port=0, keep_db=keep_db, log_level="WARNING")
    async with (
        Sandbox(options, clock=clock or frozen_clock()) as sandbox,
        aiohttp.ClientSession() as http,
    ):
        yield SandboxClient(sandbox, http)
