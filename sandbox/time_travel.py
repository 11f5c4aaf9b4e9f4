"""Time travel: move the sandbox clock forward and let the scheduler live through the gap.

The scheduler only sends a check-in that is no older than the catch-up window, so a plain jump
of three days would send (at most) the last one. Travelling instead stops at every check-in
that falls due on the way, in order, and lets the dispatcher send it at its own simulated time.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.services.delivery_loop import DeliveryLoop as Dispatcher
from models.db import Database
from models.schedule_store import earliest_due, next_due_by_slot, scheduled_slots
from sandbox.clock import SandboxClock

# Arrive a little after a check-in is due, as a tick would.
SETTLE_AFTER_DUE = timedelta(seconds=5)
MAX_DAYS_PER_TRIP = 60
# A guard against a schedule that never moves on (it would be a bug in the scheduler).
MAX_STOPS_PER_TRIP = 5_000
# "Next morning check-in" skips occurrences that send nothing (already answered via /checkin).
MAX_OCCURRENCES_PER_JUMP = 3


class NothingScheduled(Exception):
    """The user has no upcoming message of that slot."""


@dataclass(frozen=True)
class Trip:
    departed: datetime
    arrived: datetime
    stops: int
    sent: int

    def to_json(self) -> dict[str, object]:
        return {
            "departed": self.departed.isoformat(),
            "arrived": self.arrived.isoformat(),
            "stops": self.stops,
            "sent": self.sent,
        }


class TimeMachine:
    def __init__(
        self,
        clock: SandboxClock,
        db: Callable[[], Database],
        dispatcher: Callable[[], Dispatcher],
        messages_to: Callable[[int], int],
        *,
        on_jump: Callable[[], None] = lambda: None,
    ) -> None:
        """``db`` and ``dispatcher`` are looked up late: the bot creates them at start-up.
        ``messages_to(user_id)`` counts the bot's messages to that user so far."""
        self._clock = clock
        self._db = db
        self._dispatcher = dispatcher
        self._messages_to = messages_to
        self._on_jump = on_jump
        # One trip at a time: two tabs pressing "next morning" must not interleave their stops.
        self._lock = asyncio.Lock()

    async def schedules(self, user_id: int) -> dict[str, datetime | None]:
        """Every slot this user has a schedule row for, with its next due instant."""
        async with self._db().transaction() as session:
            return await next_due_by_slot(session, user_id)

    async def scheduled_slots(self) -> set[str]:
        """Slot names any user has a schedule for: the slots the bot knows about."""
        async with self._db().transaction() as session:
            return await scheduled_slots(session)

    async def travel_to(self, destination: datetime) -> Trip:
        async with self._lock:
            return await self._travel(destination)

    async def forward(self, days: int) -> Trip:
        if not 1 <= days <= MAX_DAYS_PER_TRIP:
            raise ValueError(f"days must be between 1 and {MAX_DAYS_PER_TRIP}")
        async with self._lock:
            return await self._travel(self._clock.now() + timedelta(days=days))

    async def next_occurrence(self, user_id: int, slot: str) -> Trip:
        """Travel until the bot has sent this user's next ``slot`` message."""
        async with self._lock:
            departed = self._clock.now()
            stops = sent = 0
            for _ in range(MAX_OCCURRENCES_PER_JUMP):
                due = (await self.schedules(user_id)).get(slot)
                if due is None:
                    if stops:
                        break
                    raise NothingScheduled(f"user {user_id} has no {slot} message scheduled")
                before = self._messages_to(user_id)
                trip = await self._travel(max(due, self._clock.now()) + SETTLE_AFTER_DUE)
                stops += trip.stops
                sent += trip.sent
                if self._messages_to(user_id) > before:
                    break
            return Trip(departed, self._clock.now(), stops, sent)

    async def _travel(self, destination: datetime) -> Trip:
        departed = self._clock.now()
        dispatcher = self._dispatcher()
        sent_before = dispatcher.sent
        stops = 0
        previous: datetime | None = None
        while stops < MAX_STOPS_PER_TRIP:
            due = await self._earliest_due(until=destination)
            if due is None or due == previous:
                break
            previous = due
            self._clock.jump_to(due + SETTLE_AFTER_DUE)
            await self._send_due(dispatcher)
            stops += 1
        self._clock.jump_to(destination)
        await self._send_due(dispatcher)
        self._on_jump()
        return Trip(departed, self._clock.now(), stops, dispatcher.sent - sent_before)

    async def _earliest_due(self, *, until: datetime) -> datetime | None:
        """The next moment something is due: a check-in or weekly schedule, or a reminder."""
        async with self._db().transaction() as session:
            return await earliest_due(session, until)

    @staticmethod
    async def _send_due(dispatcher: Dispatcher) -> None:
        # run_until_idle itself starts a fresh drain after any drain already running.
        await dispatcher.run_until_idle()
