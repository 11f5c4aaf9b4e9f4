"""The pending-update queue and getUpdates semantics (LIMITS.md §11).

* an update is confirmed (dropped) by a getUpdates whose offset is greater than its id; a
  negative offset keeps only the last ``-offset`` updates;
* ``limit`` is clamped to 1-100 and ``timeout`` to 0-50 s; a long poll returns as soon as an
  update arrives;
* a second getUpdates ends the one in progress with 409, and getUpdates fails with 409 while a
  webhook is set;
* ``allowed_updates`` filters updates when they are created, as the real server does.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Callable
from typing import Any

from sandbox.emulator.errors import ApiError, conflict

# Update types that an empty or never-set allowed_updates excludes.
NOT_DELIVERED_BY_DEFAULT = frozenset({"chat_member", "message_reaction", "message_reaction_count"})
MAX_LIMIT = 100
MAX_TIMEOUT = 50.0


def terminated_by_other_poll() -> ApiError:
    return conflict(
        "terminated by other getUpdates request; make sure that only one bot instance is running"
    )


def terminated_by_set_webhook() -> ApiError:
    return conflict("terminated by setWebhook request")


def webhook_is_active() -> ApiError:
    return conflict(
        "can't use getUpdates method while webhook is active; use deleteWebhook to delete the "
        "webhook first"
    )


def update_type(update: dict[str, Any]) -> str:
    for key in update:
        if key != "update_id":
            return key
    raise ValueError("an update needs exactly one field besides update_id")


class UpdateQueue:
    def __init__(self, first_update_id: int = 1) -> None:
        self._pending: deque[dict[str, Any]] = deque()
        self._next_update_id = first_update_id
        self._allowed: frozenset[str] | None = None  # None: the default set
        self._poll: asyncio.Future[None] | None = None
        self._closed = False
        self.webhook_active = False
        # Called after each queued update (webhook delivery wakes up on it).
        self.listeners: list[Callable[[], None]] = []

    @property
    def pending_count(self) -> int:
        return len(self._pending)

    @property
    def pending(self) -> list[dict[str, Any]]:
        return list(self._pending)

    def is_allowed(self, kind: str) -> bool:
        if self._allowed is None:
            return kind not in NOT_DELIVERED_BY_DEFAULT
        return kind in self._allowed

    def push(self, update: dict[str, Any]) -> dict[str, Any] | None:
        """Queue an update (given without update_id); None if allowed_updates filters it out."""
        kind = update_type(update)
        if not self.is_allowed(kind):
            return None
        queued = {"update_id": self._next_update_id, **update}
        self._next_update_id += 1
        self._pending.append(queued)
        if self._poll is not None and not self._poll.done():
            self._poll.set_result(None)
        for listener in self.listeners:
            listener()
        return queued

    def acknowledge(self, update_id: int) -> None:
        """Drop one delivered update (a webhook answered 2xx for it)."""
        for index, update in enumerate(self._pending):
            if update["update_id"] == update_id:
                del self._pending[index]
                return

    def drop_pending(self) -> None:
        self._pending.clear()

    def set_allowed_updates(self, allowed: list[str] | None) -> None:
        """Apply an allowed_updates parameter: None keeps the setting, [] restores the default."""
        if allowed is None:
            return
        self._allowed = frozenset(allowed) if allowed else None

    def terminate_poll(self, error: ApiError) -> None:
        if self._poll is not None and not self._poll.done():
            self._poll.set_exception(error)

    def close(self) -> None:
        """End a poll in progress with an empty answer (the emulator is stopping)."""
        self._closed = True
        if self._poll is not None and not self._poll.done():
            self._poll.set_result(None)

    def reopen(self) -> None:
        """Long polls wait again (the emulator was started again after a stop)."""
        self._closed = False

    def _confirm(self, offset: int) -> None:
        pending = self._pending
        if offset > 0:
            while pending and pending[0]["update_id"] < offset:
                pending.popleft()
        elif offset < 0:
            while len(pending) > -offset:
                pending.popleft()

    def _take(self, limit: int) -> list[dict[str, Any]]:
        pending = self._pending
        return [pending[i] for i in range(min(limit, len(pending)))]

    async def get_updates(
        self,
        *,
        offset: int | None,
        limit: int | None,
        timeout: float | None,  # noqa: ASYNC109 - the Bot API parameter, clamped to 0-50 s
        allowed_updates: list[str] | None,
    ) -> list[dict[str, Any]]:
        if self.webhook_active:
            raise webhook_is_active()
        limit = MAX_LIMIT if limit is None else min(max(limit, 1), MAX_LIMIT)
        timeout = 0.0 if timeout is None else min(max(timeout, 0.0), MAX_TIMEOUT)
        self.set_allowed_updates(allowed_updates)
        if offset:
            self._confirm(offset)

        # Only one poller at a time: the newer request wins.
        self.terminate_poll(terminated_by_other_poll())
        updates = self._take(limit)
        if updates or timeout == 0 or self._closed:
            return updates

        poll: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._poll = poll
        try:
            # Resolved by push() (an update arrived), close(), or failed by terminate_poll(),
            # in which case the 409 propagates from here.
            await asyncio.wait_for(poll, timeout)
        except TimeoutError:
            pass
        finally:
            if self._poll is poll:
                self._poll = None
        return self._take(limit)
