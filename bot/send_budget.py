"""How many messages the bot may send, and who goes first (Telegram-free).

``SEND_RATE_PER_SECOND`` is the **whole bot's** budget of messages per second. Two kinds of
sender draw from it:

* **replies** — everything said because a person did something: the edit and the toast that
  answer a button press, the messages and tips that follow a press or a typed message;
* **scheduled sends** — check-in prompts, reminders and weekly summaries from the dispatcher.

A reply takes the next free token ahead of every waiting scheduled send; scheduled sends get
what replies leave. Each chat also has its own budget (Telegram: about one message a second per
chat, short bursts allowed). Which kind a call is comes from a context variable: the
dispatcher's senders run inside :func:`scheduled_sending`, everything else counts as a reply.

People come first for the bot's time too (:class:`PeopleFirst`): while updates from people are
being handled, scheduled sends are neither composed nor handed a token, for at most
``MAX_HOLD_SECONDS`` of one busy spell. Their tokens keep accruing meanwhile (up to a second's
burst), so a fan-out catches up afterwards and its rate over the minute is unchanged.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from enum import IntEnum


class Priority(IntEnum):
    REPLY = 0
    SCHEDULED = 1


_priority: ContextVar[Priority] = ContextVar("gutcheck_send_priority", default=Priority.REPLY)


@contextmanager
def scheduled_sending() -> Iterator[None]:
    """Calls made inside (and in tasks started inside) wait behind replies."""
    token = _priority.set(Priority.SCHEDULED)
    try:
        yield
    finally:
        _priority.reset(token)


def current_priority() -> Priority:
    return _priority.get()


Clock = Callable[[], float]

MAX_HOLD_SECONDS = 1.0
"""The longest scheduled sends wait for people in one busy spell: a steady stream of updates
slows a fan-out down but never stops it."""


class PeopleFirst:
    """Counts people's updates being handled; scheduled work asks :meth:`wait_turn` first.

    A busy spell starts when the first update arrives with none in progress and ends when none
    is left. Scheduled work waits while a spell is younger than ``max_hold_seconds``.
    """

    def __init__(self, max_hold_seconds: float = MAX_HOLD_SECONDS, clock: Clock = time.monotonic):
        self._clock = clock
        self._max_hold = max_hold_seconds
        self._in_progress = 0
        self._busy_since = 0.0
        self._quiet = asyncio.Event()
        self._quiet.set()

    @property
    def in_progress(self) -> int:
        return self._in_progress

    def started(self) -> None:
        """An update from a person arrived; :meth:`finished` must follow, whatever happens."""
        if self._in_progress == 0:
            self._busy_since = self._clock()
            self._quiet.clear()
        self._in_progress += 1

    def finished(self) -> None:
        self._in_progress -= 1
        if self._in_progress == 0:
            self._quiet.set()

    def _hold_left(self) -> float:
        if self._in_progress == 0:
            return 0.0
        return max(0.0, self._busy_since + self._max_hold - self._clock())

    def holding(self) -> bool:
        return self._hold_left() > 0.0

    async def wait_turn(self) -> None:
        """Return once no update is being handled, or the busy spell has held long enough."""
        left = self._hold_left()
        if left > 0.0:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._quiet.wait(), left)


class TokenBucket:
    """``burst`` tokens, refilled at ``rate`` a second."""

    __slots__ = ("burst", "rate", "tokens", "updated_at")

    def __init__(self, rate: float, burst: float, now: float) -> None:
        self.rate = rate
        self.burst = max(1.0, burst)
        self.tokens = self.burst
        self.updated_at = now

    def wait_time(self, now: float) -> float:
        elapsed = now - self.updated_at
        if elapsed > 0:
            self.tokens = min(self.burst, self.tokens + elapsed * self.rate)
            self.updated_at = now
        return 0.0 if self.tokens >= 1.0 else (1.0 - self.tokens) / self.rate

    def full(self, now: float) -> bool:
        return self.wait_time(now) == 0.0 and self.tokens >= self.burst


class PriorityBudget:
    """A token bucket whose waiters are served replies first, then in arrival order.

    One pump task hands out tokens while anyone waits; a caller who finds a token free and
    nobody of its own priority or higher waiting takes it at once without a task switch.
    """

    def __init__(
        self,
        rate: float,
        burst: float,
        clock: Clock = time.monotonic,
        people: PeopleFirst | None = None,
    ) -> None:
        self._clock = clock
        self._people = people
        self._bucket = TokenBucket(rate, burst, clock())
        self._waiting: tuple[deque[asyncio.Future[None]], ...] = tuple(deque() for _ in Priority)
        self._pump: asyncio.Task[None] | None = None
        # The pump while it waits for people to be answered (scheduled sends held back).
        self._holding_pump: asyncio.Task[None] | None = None
        self._paused_until = 0.0
        self.rate = rate

    def waiting(self, priority: Priority) -> int:
        return sum(not future.done() for future in self._waiting[priority])

    def pause(self, seconds: float) -> None:
        """Nobody sends for ``seconds`` (Telegram answered 429 with this ``retry_after``)."""
        self._paused_until = max(self._paused_until, self._clock() + seconds)

    def _wait_time(self) -> float:
        now = self._clock()
        return max(self._bucket.wait_time(now), self._paused_until - now)

    def _held(self, priority: Priority) -> bool:
        return (
            priority is Priority.SCHEDULED and self._people is not None and self._people.holding()
        )

    async def take(self, priority: Priority) -> None:
        ahead = self._waiting[: priority + 1]
        if not any(ahead) and self._wait_time() == 0.0 and not self._held(priority):
            self._bucket.tokens -= 1.0
            return
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiting[priority].append(future)
        if (
            priority is Priority.REPLY
            and self._pump is not None
            and self._pump is self._holding_pump
        ):
            # The pump waits for people on behalf of a scheduled send; a reply must not: a new
            # pump serves it (and holds the scheduled sends again afterwards).
            self._pump.cancel()
            self._pump = None
        if self._pump is None or self._pump.done():
            self._pump = asyncio.create_task(self._hand_out(), name="send-budget")
        await future

    def _next_waiter(self) -> tuple[asyncio.Future[None], Priority] | None:
        for priority, queue in zip(Priority, self._waiting, strict=True):
            while queue and queue[0].done():  # cancelled while waiting
                queue.popleft()
            if queue:
                return queue[0], priority
        return None

    async def _hand_out(self) -> None:
        while True:
            found = self._next_waiter()
            if found is None:
                return
            waiter, priority = found
            if self._people is not None and self._held(priority):
                self._holding_pump = asyncio.current_task()
                try:
                    await self._people.wait_turn()
                finally:
                    if self._holding_pump is asyncio.current_task():
                        self._holding_pump = None
                continue
            wait = self._wait_time()
            if wait > 0:
                # Whoever is first after the sleep gets the token: a reply arriving meanwhile
                # goes ahead of the scheduled send that was first before it.
                await asyncio.sleep(wait)
                continue
            self._bucket.tokens -= 1.0
            for queue in self._waiting:
                if queue and queue[0] is waiter:
                    queue.popleft()
                    break
            waiter.set_result(None)

    async def close(self) -> None:
        if self._pump is not None:
            self._pump.cancel()
            await asyncio.gather(self._pump, return_exceptions=True)
            self._pump = None


class ChatBudgets:
    """One small bucket per chat; full buckets are forgotten now and then to bound memory."""

    _PRUNE_EVERY = 10_000

    def __init__(self, rate: float, burst: float, clock: Clock = time.monotonic) -> None:
        self._rate = rate
        self._burst = burst
        self._clock = clock
        self._buckets: dict[int | str, TokenBucket] = {}

    async def take(self, chat_id: int | str) -> None:
        bucket = self._buckets.get(chat_id)
        if bucket is None:
            if len(self._buckets) >= self._PRUNE_EVERY:
                self._prune()
            bucket = self._buckets[chat_id] = TokenBucket(self._rate, self._burst, self._clock())
        # Take the token now and sleep off the debt: callers for one chat queue up in order.
        wait = bucket.wait_time(self._clock())
        bucket.tokens -= 1.0
        if wait > 0:
            await asyncio.sleep(wait)

    def _prune(self) -> None:
        now = self._clock()
        self._buckets = {key: b for key, b in self._buckets.items() if not b.full(now)}
