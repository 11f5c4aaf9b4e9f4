"""Sending claimed check-ins: a small pool of workers behind Telegram's rate limits.

The periodic tick only *wakes* the dispatcher. A single drain task then claims due check-ins
in batches sized to the send rate (each claim is committed before anything is sent) and hands
them to the workers through a bounded queue, so a fan-out to many users never holds more
claims in memory than a few seconds of sending. A worker sends, then records the message in
one awaited call: the only window in which a crash can repeat a check-in.

Failures stay with their user: a 403 pauses that user, a 429 waits (the rate limiter
retries), network errors back off and retry, and anything else is logged and the check-in
handed back for a later tick.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from telegram import Bot
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut

from bot.clock import Clock
from bot.render.telegram import send_reply
from bot.replies import Reply
from bot.services.scheduling import CheckinScheduler
from bot.services.users import UserService
from models.db import Database
from models.schedule_store import ClaimedCheckin, mark_failed, mark_sent_many, release_claims

logger = logging.getLogger(__name__)

NETWORK_ATTEMPTS = 4
FIRST_BACKOFF_SECONDS = 0.5
RETRY_LATER = timedelta(seconds=60)
_IDLE_POLL_SECONDS = 0.05


class SentRecorder:
    """Writes "this check-in was delivered" in small batches.

    At hundreds of sends per second, one SQLite transaction per send is the bottleneck; a
    flush every few milliseconds keeps up. Each sender still awaits its own record, so the
    window in which a crash can repeat a check-in stays one short awaited write.
    """

    def __init__(self, db: Database, clock: Clock, *, max_batch: int = 200) -> None:
        self._db = db
        self._clock = clock
        self._max_batch = max_batch
        self._pending: list[tuple[int, int, datetime, asyncio.Future[None]]] = []
        self._flushing: asyncio.Lock = asyncio.Lock()

    async def record(self, checkin_id: int, message_id: int) -> None:
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._pending.append((checkin_id, message_id, self._clock.now(), done))
        async with self._flushing:
            # Whoever gets the lock flushes everything queued meanwhile, ours included.
            if not done.done():
                await self._flush()
        await done

    async def _flush(self) -> None:
        batch, self._pending = self._pending[: self._max_batch], self._pending[self._max_batch :]
        try:
            async with self._db.transaction() as session:
                await mark_sent_many(session, [(cid, mid, at) for cid, mid, at, _ in batch])
        except Exception as error:
            for *_, done in batch:
                done.set_exception(error)
            return
        for *_, done in batch:
            done.set_result(None)


def _retry_after_seconds(error: RetryAfter) -> float:
    value = error._retry_after  # a timedelta in PTB 22 (the public int property is deprecated)
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


class Dispatcher:
    def __init__(
        self,
        bot: Bot,
        db: Database,
        clock: Clock,
        scheduler: CheckinScheduler,
        users: UserService,
        render: Callable[[ClaimedCheckin], Reply],
        *,
        send_rate: float,
        workers: int,
        paid_broadcast: bool = False,
    ) -> None:
        self._bot = bot
        self._db = db
        self._clock = clock
        self._scheduler = scheduler
        self._users = users
        self._render = render
        self._paid_broadcast = paid_broadcast
        effective_rate = 1000.0 if paid_broadcast else send_rate
        # About two seconds of sending per batch: big enough to keep workers busy, small enough
        # that a claim never waits long in memory.
        self.batch_size = max(20, min(1000, int(effective_rate * 2)))
        self._queue: asyncio.Queue[ClaimedCheckin] = asyncio.Queue(maxsize=self.batch_size * 2)
        self._worker_count = workers
        self._workers: list[asyncio.Task[None]] = []
        self._drain_task: asyncio.Task[None] | None = None
        self._stopping = False
        self._recorder = SentRecorder(db, clock)
        self.sent = 0
        self.failed = 0

    async def start(self) -> None:
        self._stopping = False
        self._workers = [
            asyncio.create_task(self._work(), name=f"checkin-sender-{n}")
            for n in range(self._worker_count)
        ]

    def wake(self) -> None:
        """Start draining due check-ins unless a drain is already running (called by the tick)."""
        if self._stopping:
            return
        if self._drain_task is None or self._drain_task.done():
            self._drain_task = asyncio.create_task(self._drain(), name="checkin-drain")

    async def run_until_idle(self) -> None:
        """Claim and send everything due now, then return (tests and the sandbox's time travel).

        A drain already running may have read the clock before the caller moved it, so after
        it ends a fresh one runs.
        """
        if self._drain_task is not None and not self._drain_task.done():
            await self._drain_task
        self._drain_task = asyncio.create_task(self._drain(), name="checkin-drain")
        await self._drain_task
        await self._queue.join()

    async def _drain(self) -> None:
        try:
            while not self._stopping:
                free = self._queue.maxsize - self._queue.qsize()
                if free < self.batch_size:
                    await asyncio.sleep(_IDLE_POLL_SECONDS)
                    continue
                claimed = await self._scheduler.claim_batch(self.batch_size)
                if not claimed:
                    return
                for item in claimed:
                    self._queue.put_nowait(item)
        except Exception:
            logger.exception("claiming due check-ins failed; the next tick retries")

    async def _work(self) -> None:
        while True:
            item = await self._queue.get()
            try:
                if self._stopping:
                    await self._release([item.checkin_id], immediately=True)
                else:
                    await self._deliver(item)
            except Exception:
                logger.exception("sending check-in %s failed unexpectedly", item.checkin_id)
                with contextlib.suppress(Exception):
                    await self._release([item.checkin_id], immediately=False)
            finally:
                self._queue.task_done()

    async def _deliver(self, item: ClaimedCheckin) -> None:
        reply = self._render(item)
        backoff = FIRST_BACKOFF_SECONDS
        for attempt in range(1, NETWORK_ATTEMPTS + 1):
            try:
                message = await send_reply(
                    self._bot,
                    item.chat_id,
                    reply,
                    allow_paid_broadcast=True if self._paid_broadcast else None,
                )
            except Forbidden:
                await self._users.mark_unreachable(item.user_id)
                await self._mark(item.checkin_id, "blocked")
                return
            except RetryAfter as error:
                # The rate limiter already retried; wait out Telegram's request and go again.
                await asyncio.sleep(_retry_after_seconds(error) + 0.1)
                continue
            except BadRequest as error:
                logger.warning(
                    "check-in %s refused by Telegram: %s", item.checkin_id, error.message
                )
                await self._mark(item.checkin_id, "failed")
                self.failed += 1
                return
            except (TimedOut, NetworkError) as error:
                logger.info(
                    "network error sending check-in %s (attempt %s): %s",
                    item.checkin_id,
                    attempt,
                    error.message,
                )
                await asyncio.sleep(backoff)
                backoff *= 2
                continue
            await self._recorder.record(item.checkin_id, message.message_id)
            self.sent += 1
            return
        await self._release([item.checkin_id], immediately=False)

    async def _mark(self, checkin_id: int, status: str) -> None:
        async with self._db.transaction() as session:
            await mark_failed(session, checkin_id, status)

    async def _release(self, checkin_ids: list[int], *, immediately: bool) -> None:
        now = self._clock.now()
        retry_at = now if immediately else now + RETRY_LATER
        async with self._db.transaction() as session:
            await release_claims(session, checkin_ids, retry_at)

    async def stop(self, grace_seconds: float = 8.0) -> None:
        """Stop claiming, finish the sends in flight, hand unsent claims back for the next run."""
        self._stopping = True
        if self._drain_task is not None:
            with contextlib.suppress(asyncio.TimeoutError, asyncio.CancelledError):
                await asyncio.wait_for(self._drain_task, grace_seconds)
        try:
            await asyncio.wait_for(self._queue.join(), grace_seconds)
        except TimeoutError:
            logger.warning("stopping with check-ins still being sent; they will be resent")
        for worker in self._workers:
            worker.cancel()
        await asyncio.gather(*self._workers, return_exceptions=True)
        self._workers = []
