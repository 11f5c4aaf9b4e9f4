"""Drive the real PTB Application over HTTP against the project's Bot API emulator.

The harness knows when the bot has finished with an update (a last-group handler counts
processed updates), so tests wait for exactly that instead of sleeping. Below it, the steps
the tests share: a user onboarded straight into the database or by chat, a check-in awaited
and answered, and what ended up stored.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any, TypedDict, Unpack

from sqlalchemy import select

from bot.app import GutCheckApp, build_application, runtime
from bot.clock import FakeClock
from bot.lifecycle import running
from bot.services.container import Services
from bot.services.delivery_loop import DeliveryLoop as Dispatcher
from bot.settings import Settings
from models.entities import DayEntry, Schedule, User
from models.migrate import upgrade
from sandbox.emulator import BotApiEmulator, EmulatedMessage
from tests.db.helpers import add_user

TOKEN = "123456789:TEST-token-for-the-gut-check-emulator"
ADA = 1001
EVE = 2002
# The shared ``clock`` fixture starts on Monday 2 June 2025 at 07:00 in Berlin; users onboarded
# with the defaults have their check-ins at 08:00 and 21:00 there.
MONDAY = date(2025, 6, 2)
UNTIL_MORNING_CHECKIN = timedelta(hours=1, seconds=5)  # 07:00 to 08:00:05
UNTIL_EVENING_CHECKIN = timedelta(hours=14, seconds=5)  # 07:00 to 21:00:05


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

    async def tap_each(self, user_id: int, message: EmulatedMessage, *labels: str) -> None:
        """Press one button after another on ``message`` (a check-in answered by taps)."""
        for label in labels:
            await self.tap(user_id, message, label)

    async def send_text(self, user_id: int, text: str) -> int:
        """Like :meth:`say`, for a message the test edits later: its id."""
        sent: dict[str, Any] = {}
        await self._act(lambda: sent.update(self.emulator.send_message(user_id, text)))
        return int(sent["message_id"])

    async def edit_text(self, user_id: int, message_id: int, text: str) -> list[EmulatedMessage]:
        """The user edits their message ``message_id`` to ``text``; what the bot sent on it."""
        return await self.say_with(
            user_id, lambda: self.emulator.edit_user_message(user_id, message_id, text)
        )

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


# --- arranging users -------------------------------------------------------------------------


class UserSetup(TypedDict, total=False):
    """What :func:`tests.db.helpers.add_user` lets a test choose about a user."""

    zone: str
    morning: time
    evening: time
    allergens: tuple[str, ...]
    reminder_minutes: int
    now: datetime | None


async def onboarded(
    bot: BotHarness, user_id: int = ADA, *, first_name: str = "Ada", **setup: Unpack[UserSetup]
) -> User:
    """A user in Telegram and, fully onboarded, in the database (no chat needed)."""
    bot.emulator.add_user(user_id, first_name=first_name)
    return await add_user(bot.services.db, bot.services.scheduler, bot.clock, user_id, **setup)


async def start_onboarding(
    bot: BotHarness, zone: str = "Berlin", user_id: int = ADA
) -> list[EmulatedMessage]:
    """A new user says /start and types ``zone``; the bot's answer to the zone (the morning
    time step comes last)."""
    bot.emulator.add_user(user_id, first_name="Ada")
    await bot.say(user_id, "/start")
    return await bot.say(user_id, zone)


# --- check-ins -------------------------------------------------------------------------------


async def morning_checkin(bot: BotHarness, user_id: int = ADA) -> EmulatedMessage:
    """The clock from the fixture's 07:00 to just after the default 08:00 check-in; that
    check-in."""
    return await _checkin_after(bot, UNTIL_MORNING_CHECKIN, "Good morning", user_id)


async def evening_checkin(bot: BotHarness, user_id: int = ADA) -> EmulatedMessage:
    """The clock from the fixture's 07:00 to just after the default 21:00 check-in; that
    check-in."""
    return await _checkin_after(bot, UNTIL_EVENING_CHECKIN, "Evening check-in", user_id)


async def _checkin_after(
    bot: BotHarness, wait: timedelta, heading: str, user_id: int
) -> EmulatedMessage:
    await bot.advance(wait)
    prompt = bot.last(user_id)
    assert heading in prompt.text, prompt.text
    return prompt


def prompts(bot: BotHarness, marker: str, user_id: int = ADA) -> list[EmulatedMessage]:
    """The bot's messages to the user whose text or caption contains ``marker``."""
    return [m for m in bot.bot_messages(user_id) if marker in (m.text or m.caption or "")]


async def answer_morning(bot: BotHarness, hours: str, user_id: int = ADA) -> None:
    await bot.tap(user_id, prompts(bot, "Good morning", user_id)[-1], hours)


async def answer_evening(
    bot: BotHarness, probiotics: bool, vitamin_c: bool, vitamin_d: bool, user_id: int = ADA
) -> None:
    """The latest evening check-in answered by taps: yogurt if probiotics (it sat well), no
    watched allergen, no symptoms, no note."""
    evening = prompts(bot, "Evening check-in for", user_id)[-1]
    await bot.tap(user_id, evening, "Yes" if probiotics else "No")
    if probiotics:
        await bot.tap_each(user_id, evening, "Yogurt", "Done", "Yes")
    await bot.tap(user_id, evening, "Yes" if vitamin_c else "No")
    await bot.tap(user_id, evening, "Yes" if vitamin_d else "No")
    if "allergens you watch" in bot.message(user_id, evening.message_id).text:
        await bot.tap(user_id, evening, "None of these")
    await bot.tap_each(user_id, evening, "None", "No note")  # symptoms, then the note


# --- what is stored --------------------------------------------------------------------------


async def find_day_entry(
    bot: BotHarness, day: date = MONDAY, user_id: int = ADA
) -> DayEntry | None:
    async with bot.services.db.transaction() as session:
        return await session.get(DayEntry, (user_id, day))


async def day_entry(bot: BotHarness, day: date = MONDAY, user_id: int = ADA) -> DayEntry:
    entry = await find_day_entry(bot, day, user_id)
    assert entry is not None, f"nothing stored for {day}"
    return entry


async def stored_user(bot: BotHarness, user_id: int = ADA) -> User:
    async with bot.services.db.transaction() as session:
        user = await session.get(User, user_id)
        assert user is not None, f"no user {user_id} stored"
        return user


async def next_due_times(bot: BotHarness, user_id: int = ADA) -> dict[str, datetime | None]:
    """When each of the user's check-ins is next due, by slot (None: not planned)."""
    async with bot.services.db.transaction() as session:
        rows = await session.execute(select(Schedule).where(Schedule.user_id == user_id))
        return {row.slot: row.next_due_at for row in rows.scalars()}
