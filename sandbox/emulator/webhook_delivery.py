"""Webhook delivery (LIMITS.md §12): while a webhook is set, pending updates are POSTed to it.

Telegram POSTs each update as JSON with ``X-Telegram-Bot-Api-Secret-Token``, keeps at most
``max_connections`` requests open, and repeats a request answered with anything but 2xx, the
delay starting at 1 s and doubling. An update leaves the queue only when it was answered 2xx.

A fleet sits behind a load balancer: Telegram sees one HTTPS URL, the balancer forwards each
request to the next worker. Tests register the workers' own URLs as *targets*; the emulator
then plays both parts and sends each request to the next target in turn. With no targets the
webhook URL itself is called.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from collections import Counter
from typing import Any

import aiohttp

from sandbox.emulator.store import WebhookState
from sandbox.emulator.updates import UpdateQueue

logger = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
DEFAULT_MAX_CONNECTIONS = 40
FIRST_RETRY_SECONDS = 1.0
MAX_RETRY_SECONDS = 60.0
REQUEST_TIMEOUT_SECONDS = 60.0


class WebhookDelivery:
    def __init__(
        self,
        updates: UpdateQueue,
        webhook: WebhookState,
        *,
        first_retry_seconds: float = FIRST_RETRY_SECONDS,
    ) -> None:
        self._updates = updates
        self._webhook = webhook
        self.first_retry_seconds = first_retry_seconds
        self.targets: list[str] = []
        self._next_target = 0
        self._in_flight: set[int] = set()
        self._not_before: dict[int, float] = {}  # update_id -> monotonic time of next attempt
        self._attempts: Counter[int] = Counter()
        self._arrived = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._session: aiohttp.ClientSession | None = None
        self._requests: set[asyncio.Task[None]] = set()
        # Observations for tests: answers by status, and which target got each update.
        self.answers: Counter[int] = Counter()
        self.delivered_to: dict[int, str] = {}
        self.failures = 0
        # Round trip of each delivered request, in seconds; kept only when a list is set
        # (benchmarks), so a long-running sandbox does not grow.
        self.latencies: list[float] | None = None
        updates.listeners.append(self._arrived.set)

    # -- lifecycle ------------------------------------------------------------------------

    def start(self) -> None:
        """Start delivering (setWebhook); idempotent."""
        self._arrived.set()
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._run(), name="emulator-webhook-delivery")

    async def stop(self) -> None:
        """Stop delivering (deleteWebhook, or the emulator stopping); pending updates stay."""
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        for request in list(self._requests):
            request.cancel()
        if self._requests:
            await asyncio.gather(*self._requests, return_exceptions=True)
        self._in_flight.clear()
        if self._session is not None:
            await self._session.close()
            self._session = None

    @property
    def active(self) -> bool:
        return self._task is not None and not self._task.done()

    # -- delivery -------------------------------------------------------------------------

    def _limit(self) -> int:
        return self._webhook.max_connections or DEFAULT_MAX_CONNECTIONS

    def _pick_target(self) -> str:
        if not self.targets:
            return self._webhook.url
        target = self.targets[self._next_target % len(self.targets)]
        self._next_target += 1
        return target

    def _ready_updates(self, now: float) -> list[dict[str, Any]]:
        return [
            update
            for update in self._updates.pending
            if update["update_id"] not in self._in_flight
            and self._not_before.get(update["update_id"], 0.0) <= now
        ]

    async def _run(self) -> None:
        self._session = aiohttp.ClientSession(
            timeout=aiohttp.ClientTimeout(total=REQUEST_TIMEOUT_SECONDS)
        )
        while True:
            self._arrived.clear()
            now = time.monotonic()
            free = self._limit() - len(self._in_flight)
            for update in self._ready_updates(now)[: max(0, free)]:
                self._in_flight.add(update["update_id"])
                request = asyncio.create_task(self._post(update))
                self._requests.add(request)
                request.add_done_callback(self._requests.discard)
            waits = [at - now for at in self._not_before.values() if at > now]
            timeout = min(waits) if waits else None
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._arrived.wait(), timeout)

    async def _post(self, update: dict[str, Any]) -> None:
        update_id = update["update_id"]
        target = self._pick_target()
        headers = {"Content-Type": "application/json"}
        if self._webhook.secret_token:
            headers[SECRET_HEADER] = self._webhook.secret_token
        status: int | None = None
        error: str | None = None
        retry_after: float | None = None
        assert self._session is not None
        started = time.perf_counter()
        try:
            async with self._session.post(
                target, data=json.dumps(update, ensure_ascii=False), headers=headers
            ) as response:
                status = response.status
                await response.read()
                if "Retry-After" in response.headers:
                    with contextlib.suppress(ValueError):
                        retry_after = min(3600.0, float(response.headers["Retry-After"]))
        except (aiohttp.ClientError, TimeoutError) as failure:
            error = f"Connection failed: {type(failure).__name__}"
        finally:
            self._in_flight.discard(update_id)
        if status is not None:
            self.answers[status] += 1
        if status is not None and 200 <= status < 300:
            self._updates.acknowledge(update_id)
            self._not_before.pop(update_id, None)
            self._attempts.pop(update_id, None)
            self.delivered_to[update_id] = target
            if self.latencies is not None:
                self.latencies.append(time.perf_counter() - started)
        else:
            self.failures += 1
            self._attempts[update_id] += 1
            delay = min(
                self.first_retry_seconds * 2 ** (self._attempts[update_id] - 1), MAX_RETRY_SECONDS
            )
            self._not_before[update_id] = time.monotonic() + (retry_after or delay)
            self._webhook.last_error_date = int(time.time())
            self._webhook.last_error_message = error or f"Wrong response from the webhook: {status}"
        self._arrived.set()
