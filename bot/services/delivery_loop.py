"""Sending claimed messages (check-in prompts, reminders, weekly summaries): a small pool of
workers behind the send rate, with no Telegram in sight.

The periodic tick only *wakes* the loop. A single drain task then claims due messages in
batches sized to the send rate (each claim is committed before anything is sent) and hands
them to the workers through a bounded queue, so a fan-out to many users never holds more
claims in memory than a few seconds of sending. A worker composes the message, has the sender
send it, then records it in one awaited write: the only window in which a crash can repeat a
message.

Failures stay with their user: a blocked bot pauses that user, a rate limit waits, network
errors back off and retry, a refused message is recorded as failed, and anything else is
logged and the claim handed back for a later tick. How one message goes out, and which
errors mean what, is the sender's business (``handlers/dispatch.py`` for Telegram).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Protocol

from bot.clock import Clock
from bot.domain.statuses import Status
from bot.replies import Reply
from bot.send_budget import PeopleFirst, scheduled_sending
from bot.services.deliveries import DeliveryRecords
from bot.services.scheduling import CheckinScheduler
from bot.services.users import UserService
from models.db import Database
from models.delivery_store import ClaimedDelivery

logger = logging.getLogger(__name__)

NETWORK_ATTEMPTS = 4
FIRST_BACKOFF_SECONDS = 0.5
_IDLE_POLL_SECONDS = 0.05

# What to send for a claim: one or more replies, or None when it no longer applies.
Composer = Callable[[ClaimedDelivery], Awaitable[list[Reply] | None]]


@dataclass(frozen=True)
class Sent:
    message_id: int


@dataclass(frozen=True)
class Blocked:
    """The user blocked the bot: nothing reaches them until they write again."""


@dataclass(frozen=True)
class Refused:
    """The message itself was refused; sending it again would fail again."""

    reason: str


@dataclass(frozen=True)
class RateLimited:
    """Asked to wait this long before the next message."""

    wait_seconds: float


@dataclass(frozen=True)
class NetworkFailed:
    """No answer, or a broken connection: worth another try."""

    reason: str


SendAttempt = Sent | Blocked | Refused | RateLimited | NetworkFailed


class DeliverySender(Protocol):
    """Sends one message of a delivery and says how it went. Errors it does not recognise
    propagate: the loop logs them and hands the claim back."""

    async def send_first(self, chat_id: int, reply: Reply) -> SendAttempt:
        """The delivery's message proper (a scheduled send)."""

    async def send_follow_up(self, chat_id: int, reply: Reply) -> SendAttempt:
        """A follow-up after the first message went out (a weekly summary's tip)."""


class DeliveryLoop:
    def __init__(
        self,
        sender: DeliverySender,
        db: Database,
        clock: Clock,
        scheduler: CheckinScheduler,
        users: UserService,
        compose: Composer,
        *,
        send_rate: float,
        workers: int,
        may_claim: Callable[[], bool] = lambda: True,
        people: PeopleFirst | None = None,
    ) -> None:
        self._sender = sender
        # Scheduled work waits while people's updates are handled (bot.send_budget).
        self._people = people or PeopleFirst(max_hold_seconds=0.0)
        # False while another process holds the sending role: nothing is claimed then.
        self._may_claim = may_claim
        self._scheduler = scheduler
        self._users = users
        self._compose = compose
        # About two seconds of sending per batch: big enough to keep workers busy, small enough
        # that a claim never waits long in memory.
        self.batch_size = max(20, min(1000, int(send_rate * 2)))
        self._queue: asyncio.Queue[ClaimedDelivery] = asyncio.Queue(maxsize=self.batch_size * 2)
        self._worker_count = workers
        self._workers: list[asyncio.Task[None]] = []
        self._drain_task: asyncio.Task[None] | None = None
        self._stopping = False
        self._in_flight = 0
        self._deliveries = DeliveryRecords(db, clock)
        self.sent = 0
        self.failed = 0
        self.blocked = 0

    @property
    def waiting_to_send(self) -> int:
        """Claimed messages not yet sent: queued in memory or being sent now."""
        return self._queue.qsize() + self._in_flight

    async def start(self) -> None:
        self._stopping = False
        self._workers = [
            asyncio.create_task(self._work(), name=f"sender-{n}") for n in range(self._worker_count)
        ]

    def wake(self) -> None:
        """Start draining due messages unless a drain is already running (called by the tick)."""
        if self._stopping:
            return
        if self._drain_task is None or self._drain_task.done():
            self._drain_task = asyncio.create_task(self._drain(), name="claim-drain")

    async def run_until_idle(self) -> None:
        """Claim and send everything due now, then return (tests and the sandbox's time travel).

        A drain already running may have read the clock before the caller moved it, so after
        it ends a fresh one runs.
        """
        if self._drain_task is not None and not self._drain_task.done():
            await self._drain_task
        self._drain_task = asyncio.create_task(self._drain(), name="claim-drain")
        await self._drain_task
        await self._queue.join()

    async def _drain(self) -> None:
        try:
            while not self._stopping and self._may_claim():
                free = self._queue.maxsize - self._queue.qsize()
                if free < self.batch_size:
                    await asyncio.sleep(_IDLE_POLL_SECONDS)
                    continue
                await self._people.wait_turn()
                claimed = await self._scheduler.claim_batch(self.batch_size)
                if not claimed:
                    return
                for item in claimed:
                    self._queue.put_nowait(item)
        except Exception:
            logger.exception("claiming due messages failed; the next tick retries")

    async def _work(self) -> None:
        while True:
            item = await self._queue.get()
            self._in_flight += 1
            try:
                if self._stopping:
                    await self._release(item, immediately=True)
                elif not self._may_claim():
                    # The sending role went to another process, which sends this claim (it
                    # hands back every lease when it takes over): sending it here too would
                    # repeat it.
                    logger.debug("role lost: leaving %s %s", item.kind, item.delivery_id)
                else:
                    # Scheduled sends wait behind replies to people (bot.send_budget).
                    with scheduled_sending():
                        await self._deliver(item)
            except Exception:
                logger.exception("sending %s %s failed unexpectedly", item.kind, item.delivery_id)
                with contextlib.suppress(Exception):
                    await self._release(item, immediately=False)
            finally:
                self._in_flight -= 1
                self._queue.task_done()

    async def _deliver(self, item: ClaimedDelivery) -> None:
        await self._people.wait_turn()
        replies = await self._compose(item)
        if not replies:
            await self._mark(item, Status.CANCELLED)
            return
        backoff = FIRST_BACKOFF_SECONDS
        for attempt in range(1, NETWORK_ATTEMPTS + 1):
            if attempt > 1 and self._stopping:
                break  # shutting down: the next run sends it
            match await self._sender.send_first(item.chat_id, replies[0]):
                case Sent(message_id=message_id):
                    await self._deliveries.sent(item, message_id)
                    self.sent += 1
                    await self._send_rest(item, replies[1:])
                    return
                case Blocked():
                    await self._users.mark_unreachable(item.user_id)
                    await self._mark(item, Status.BLOCKED)
                    self.blocked += 1
                    return
                case RateLimited(wait_seconds=wait_seconds):
                    if self._stopping:
                        break
                    # The rate limiter already retried; wait out the request and go again.
                    await asyncio.sleep(wait_seconds + 0.1)
                case Refused(reason=reason):
                    logger.warning("%s %s refused: %s", item.kind, item.delivery_id, reason)
                    await self._mark(item, Status.FAILED)
                    self.failed += 1
                    return
                case NetworkFailed(reason=reason):
                    logger.info(
                        "network error sending %s %s (attempt %s): %s",
                        item.kind,
                        item.delivery_id,
                        attempt,
                        reason,
                    )
                    if attempt == NETWORK_ATTEMPTS or self._stopping:
                        break  # no back-off before handing the message back
                    await asyncio.sleep(backoff)
                    backoff *= 2
        await self._release(item, immediately=self._stopping)

    async def _send_rest(self, item: ClaimedDelivery, replies: list[Reply]) -> None:
        """Follow-up messages of a delivery (a weekly summary's tip): best effort, once."""
        for reply in replies:
            attempt = await self._sender.send_follow_up(item.chat_id, reply)
            if not isinstance(attempt, Sent):
                logger.info("follow-up of %s %s not sent: %s", item.kind, item.delivery_id, attempt)
                return

    async def _mark(self, item: ClaimedDelivery, status: Status) -> None:
        await self._deliveries.failed(item, status)

    async def _release(self, item: ClaimedDelivery, *, immediately: bool) -> None:
        await self._deliveries.hand_back([item], later=not immediately)

    async def stop(self, grace_seconds: float = 6.0) -> None:
        """Stop claiming, finish the sends in flight, hand unsent claims back for the next run.

        Claims still waiting in the queue go back at once, in one transaction: how long a stop
        takes depends on the sends in flight (at most one per worker), not on how many messages
        were claimed, and a send that hangs cannot keep the others leased.
        """
        self._stopping = True
        loop = asyncio.get_running_loop()
        deadline = loop.time() + grace_seconds
        if self._drain_task is not None:
            with contextlib.suppress(asyncio.TimeoutError, asyncio.CancelledError):
                await asyncio.wait_for(self._drain_task, grace_seconds)
        waiting: list[ClaimedDelivery] = []
        while not self._queue.empty():
            waiting.append(self._queue.get_nowait())
            self._queue.task_done()
        logger.info(
            "stopping: no new messages are claimed; %s handed back, %s sends in flight",
            len(waiting),
            self._in_flight,
        )
        if waiting:
            try:
                await self._deliveries.hand_back(waiting, later=False)
            except Exception:
                logger.exception(
                    "handing back %s claims failed; their lease runs out", len(waiting)
                )
        try:
            await asyncio.wait_for(self._queue.join(), max(0.0, deadline - loop.time()))
        except TimeoutError:
            logger.warning("stopping with messages still being sent; they will be resent")
        for worker in self._workers:
            worker.cancel()
        await asyncio.gather(*self._workers, return_exceptions=True)
        self._workers = []
