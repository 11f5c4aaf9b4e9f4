"""Drive the real PTB Application over HTTP against the project's Bot API emulator.

The harness knows when the bot has finished with an update (a last-group handler counts
processed updates), so tests wait for exactly that instead of sleeping.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from bot.app import GutCheckApp, build_application, runtime
from bot.clock import FakeClock
from bot.lifecycle import running
from bot.services.container import Services
from bot.services.delivery_loop import DeliveryLoop as Dispatcher
from bot.settings import Settings
from models.migrate import upgrade
from sandbox.emulator import BotApiEmulator, EmulatedMessage

TOKEN = "123456789:TEST-token-for-the-gut-check-emulator"


@dataclass
class Progress:
    processed: int = 0
    changed: asyncio.Event = field(default_factory=asyncio.Event)


class BotHarness:
    def __init__(self, app: GutCheckApp, emulator: BotApiEmulator, clock: FakeClock) -> None:
        self.app = app
        self.emulator = emulator
        self.clock = clock
        self.progress = Progress()
        self.injected = 0

    @property
    def services(self) -> Services:
        services = runtime(self.app).services
        assert services is not None
        return services

    @property
    def dispatcher(self) -> Dispatcher:
        dispatcher = runtime(self.app).dispatcher
        assert dispatcher is not None
        return dispatcher

    async def _processed(self, limit_seconds: float = 10.0) -> None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + limit_seconds
        while self.progress.processed < self.injected:
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise TimeoutError(
                    f"bot processed {self.progress.processed} of {self.injected} updates; "
                    f"recent requests: {self.emulator.describe_recent_requests()}"
                )
            self.progress.changed.clear()
            try:
                await asyncio.wait_for(self.progress.changed.wait(), remaining)
            except TimeoutError:
                continue

    async def _act(self, action: Callable[[], Any]) -> Any:
        result = action()
        self.injected += 1
        await self._processed()
        return result

    # --- what a user does -------------------------------------------------------------

    async def say(self, user_id: int, text: str) -> list[EmulatedMessage]:
        before = self._last_id(user_id)
        await self._act(lambda: self.emulator.send_message(user_id, text))
        return self.new_bot_messages(user_id, before)

    async def share_location(self, user_id: int, lat: float, lon: float) -> list[EmulatedMessage]:
        before = self._last_id(user_id)
        await self._act(lambda: self.emulator.send_location(user_id, lat, lon))
        return self.new_bot_messages(user_id, before)

    async def tap(
        self, user_id: int, message: EmulatedMessage, label: str
    ) -> list[EmulatedMessage]:
        """Press the button whose label contains ``label`` on ``message`` (as it is now)."""
        current = self.message(user_id, message.message_id)
        data = find_button(current, label)
        before = self._last_id(user_id)
        await self._act(lambda: self.emulator.press_button(user_id, current.message_id, data))
        return self.new_bot_messages(user_id, before)

    async def press_data(
        self, user_id: int, message_id: int, data: str, *, force: bool = False
    ) -> None:
        await self._act(lambda: self.emulator.press_button(user_id, message_id, data, force=force))

    async def inject(self, action: Callable[[], Any]) -> None:
        await self._act(action)

    async def inject_together(self, *actions: Callable[[], Any]) -> None:
        """Several user actions queued before the bot sees any of them (a double tap)."""
        for action in actions:
            action()
            self.injected += 1
        await self._processed()

    async def say_with(self, user_id: int, action: Callable[[], Any]) -> list[EmulatedMessage]:
        """Any user action (a photo, a sticker…); the bot messages it caused."""
        before = self._last_id(user_id)
        await self._act(action)
        return self.new_bot_messages(user_id, before)

    # --- time and the scheduler --------------------------------------------------------

    async def advance(self, delta: timedelta) -> None:
        """Move the clock and let the scheduler send everything now due."""
        self.clock.advance(delta)
        await self.dispatcher.run_until_idle()

    async def tick(self) -> None:
        await self.dispatcher.run_until_idle()

    # --- what the user sees -------------------------------------------------------------

    def message(self, user_id: int, message_id: int) -> EmulatedMessage:
        for message in self.emulator.chat(user_id).messages:
            if message.message_id == message_id:
                return message
        raise AssertionError(f"no message {message_id} in chat {user_id}")

    def bot_messages(self, user_id: int) -> list[EmulatedMessage]:
        return self.emulator.chat(user_id).bot_messages

    def last(self, user_id: int) -> EmulatedMessage:
        message = self.emulator.chat(user_id).last_bot_message
        assert message is not None, "the bot has not written to this user"
        return message

    def _last_id(self, user_id: int) -> int:
        messages = self.emulator.chat(user_id).messages
        return messages[-1].message_id if messages else 0

    def new_bot_messages(self, user_id: int, after: int) -> list[EmulatedMessage]:
        return [m for m in self.bot_messages(user_id) if m.message_id > after]


def find_button(message: EmulatedMessage, label: str) -> str:
    for row in message.buttons:
        for text, data in row:
            if label.lower() in text.lower():
                return data
    labels = [text for row in message.buttons for text, _ in row]
    raise AssertionError(f"no button like {label!r} in {labels} on: {message.text[:80]!r}")


def button_labels(message: EmulatedMessage) -> list[str]:
    return [text for row in message.buttons for text, _ in row]


def e2e_settings(emulator: BotApiEmulator, database_url: str, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "telegram_bot_token": TOKEN,
        "telegram_base_url": emulator.base_url,
        "telegram_base_file_url": emulator.base_file_url,
        "database_url": database_url,
        # The tests drive the scheduler themselves, on the fake clock.
        "scheduler_tick_seconds": 3600,
        "send_workers": 4,
        "log_level": "DEBUG",
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


@asynccontextmanager
async def bot_running(
    emulator: BotApiEmulator, clock: FakeClock, database_url: str, **overrides: Any
) -> AsyncIterator[BotHarness]:
    """The real application, its database migrated, polling the emulator."""
    settings = e2e_settings(emulator, database_url, **overrides)
    await asyncio.to_thread(upgrade, database_url)
    app = build_application(settings, clock=clock)
    harness = BotHarness(app, emulator, clock)

    # Count an update once PTB is completely done with it (all handler groups, the error
    # handler, and also when a handler stops the update early).
    process_update = app.process_update

    async def process_and_count(update: object) -> None:
        try:
            await process_update(update)
        finally:
            harness.progress.processed += 1
            harness.progress.changed.set()

    app.process_update = process_and_count  # type: ignore[method-assign]
    async with running(app):
        yield harness
