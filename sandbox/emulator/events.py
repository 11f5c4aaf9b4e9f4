"""A numbered log of emulator activity, and waiting for it.

Tests wait for "something happened" (``BotApiEmulator.wait_for``); the sandbox page long-polls
``GET /_emulator/events?since=<seq>``. Every answered Bot API call pokes the log, and the
interesting ones (new, edited or deleted messages, callback answers, ...) become events.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import deque
from typing import Any

DEFAULT_EVENT_BUFFER = 10_000


class ActivityLog:
    def __init__(self, *, max_events: int = DEFAULT_EVENT_BUFFER, keep_events: bool = True) -> None:
        self._events: deque[dict[str, Any]] = deque(maxlen=max_events)
        self._keep_events = keep_events
        self.last_seq = 0
        self._changed: asyncio.Event | None = None

    def record(self, event_type: str, **data: Any) -> None:
        """Log an event (when event keeping is on) and wake every waiter."""
        if self._keep_events:
            self.last_seq += 1
            self._events.append({"seq": self.last_seq, "type": event_type, **data})
        self.poke()

    def poke(self) -> None:
        """Wake waiters without logging an event (e.g. a request was answered)."""
        changed = self._changed
        if changed is not None:
            self._changed = None
            changed.set()

    async def wait_for_change(self, seconds: float) -> None:
        """Return after the next activity or after ``seconds``, whichever is first."""
        if self._changed is None:
            self._changed = asyncio.Event()
        changed = self._changed
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(changed.wait(), seconds)

    def events_since(self, seq: int, chat_id: int | None = None) -> list[dict[str, Any]]:
        return [
            event
            for event in self._events
            if event["seq"] > seq and (chat_id is None or event.get("chat_id") == chat_id)
        ]

    @property
    def oldest_seq(self) -> int:
        return self._events[0]["seq"] if self._events else self.last_seq + 1

    async def wait_for_events(
        self, seq: int, seconds: float, chat_id: int | None = None
    ) -> list[dict[str, Any]]:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + seconds
        while True:
            events = self.events_since(seq, chat_id)
            remaining = deadline - loop.time()
            if events or remaining <= 0:
                return events
            await self.wait_for_change(remaining)
