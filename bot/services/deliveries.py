"""Recording what happened to each claimed delivery (sent, failed for good, handed back), so
the dispatcher's sending loop makes no store calls of its own."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import datetime, timedelta

from bot.clock import Clock
from bot.domain.statuses import DeliveryKind, Status
from models.db import Database
from models.delivery_store import (
    ClaimedDelivery,
    ClaimRequest,
    mark_failed,
    mark_sent_many,
    release_claims,
    schedule_reminders,
)

# A delivery that could not be sent now is tried again this much later.
RETRY_LATER = timedelta(seconds=60)


class _SentRecorder:
    """Writes "this message was delivered" in small batches, and plans each check-in's
    reminder in the same transaction.

    At hundreds of sends per second, one SQLite transaction per send is the bottleneck; a
    flush every few milliseconds keeps up. Each sender still awaits its own record, so the
    window in which a crash can repeat a message stays one short awaited write.
    """

    def __init__(self, db: Database, clock: Clock, *, max_batch: int = 200) -> None:
        self._db = db
        self._clock = clock
        self._max_batch = max_batch
        self._pending: list[tuple[ClaimedDelivery, int, datetime, asyncio.Future[None]]] = []
        self._flushing = asyncio.Lock()

    async def record(self, item: ClaimedDelivery, message_id: int) -> None:
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._pending.append((item, message_id, self._clock.now(), done))
        async with self._flushing:
            # Whoever gets the lock flushes everything queued meanwhile, ours included.
            if not done.done():
                await self._flush()
        await done

    async def _flush(self) -> None:
        batch, self._pending = self._pending[: self._max_batch], self._pending[self._max_batch :]
        reminders = [
            ClaimRequest(
                item.user_id,
                item.slot,
                item.local_date,
                at + timedelta(minutes=item.reminder_minutes),
            )
            for item, _, at, _ in batch
            if item.kind is DeliveryKind.CHECKIN and item.reminder_minutes > 0
        ]
        try:
            async with self._db.transaction() as session:
                await mark_sent_many(
                    session, [(item.kind, item.delivery_id, mid, at) for item, mid, at, _ in batch]
                )
                await schedule_reminders(session, reminders, self._clock.now())
        except Exception as error:
            for *_, done in batch:
                done.set_exception(error)
            return
        for *_, done in batch:
            done.set_result(None)


class DeliveryRecords:
    """What the dispatcher tells the store about one claimed delivery."""

    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock
        self._recorder = _SentRecorder(db, clock)

    async def sent(self, item: ClaimedDelivery, message_id: int) -> None:
        """The delivery reached Telegram as ``message_id`` (its reminder is planned too)."""
        await self._recorder.record(item, message_id)

    async def failed(self, item: ClaimedDelivery, status: Status) -> None:
        """The delivery will never be sent (``status`` says why, e.g. the user blocked the bot)."""
        async with self._db.transaction() as session:
            await mark_failed(session, item.kind, item.delivery_id, status)

    async def hand_back(self, items: Sequence[ClaimedDelivery], *, later: bool) -> None:
        """Release the claims so a sender takes them again: now, or after ``RETRY_LATER``."""
        now = self._clock.now()
        retry_at = now + RETRY_LATER if later else now
        async with self._db.transaction() as session:
            await release_claims(
                session, [(item.kind, item.delivery_id) for item in items], retry_at
            )
