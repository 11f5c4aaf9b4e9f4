"""Updates handled concurrently across people, one at a time for each person.

With PTB's default, updates are handled strictly one after another: a button press waited for
every update before it, whoever sent them. ``PerChatOrderedProcessor`` runs up to
``CONCURRENT_UPDATES`` updates at once, but the updates of one chat (or, without a chat, one
user) in the order Telegram delivered them: two quick presses on a check-in are applied first,
then second, exactly as before.

How: PTB starts one task per update in delivery order, and ``do_process_update`` runs
synchronously up to its first ``await``; it appends itself to its chat's chain there, before
anything can overtake it, then waits for its predecessor in that chain and for a free slot.
A waiting update holds no slot, so one busy chat never blocks the others. PTB's own semaphore
(around ``do_process_update``) is given a large bound so that it never makes tasks queue —
the concurrency limit is this class's slots.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

from bot.send_budget import PeopleFirst

# PTB's semaphore never fills below this many updates in progress or waiting their turn.
_OUTER_BOUND = 100_000


def ordering_key(update: object) -> int | None:
    """Updates with the same key are handled in order; ``None``: no order to keep."""
    if not isinstance(update, Update):
        return None
    if update.effective_chat is not None:
        return update.effective_chat.id
    if update.effective_user is not None:
        return update.effective_user.id
    return None


class PerChatOrderedProcessor(BaseUpdateProcessor):
    def __init__(self, concurrency: int, people: PeopleFirst | None = None) -> None:
        if concurrency < 1:
            raise ValueError("concurrency must be at least 1")
        super().__init__(max_concurrent_updates=_OUTER_BOUND)
        self.concurrency = concurrency
        # Told of every update from its arrival to its end: scheduled sends hold back meanwhile.
        self.people = people or PeopleFirst()
        self._slots: asyncio.Semaphore | None = None
        self._tails: dict[int, asyncio.Future[None]] = {}

    async def initialize(self) -> None:
        self._slots = asyncio.Semaphore(self.concurrency)

    async def shutdown(self) -> None:
        pass

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        # Everything up to the first await runs as soon as PTB's task starts: in order.
        if self._slots is None:
            self._slots = asyncio.Semaphore(self.concurrency)
        slots = self._slots
        key = ordering_key(update)
        previous: asyncio.Future[None] | None = None
        mine: asyncio.Future[None] | None = None
        if key is not None:
            previous = self._tails.get(key)
            mine = asyncio.get_running_loop().create_future()
            self._tails[key] = mine
        self.people.started()
        try:
            if previous is not None:
                # Shielded: cancelling this update must not cancel its predecessor's marker.
                await asyncio.shield(previous)
            async with slots:
                await coroutine
        finally:
            self.people.finished()
            if asyncio.iscoroutine(coroutine):
                coroutine.close()  # not awaited when cancelled while waiting its turn
            if mine is not None and key is not None:
                mine.set_result(None)
                if self._tails.get(key) is mine:
                    del self._tails[key]
