"""The PTB ``Application`` with update metrics, and a record of whether handling an update
failed in a way worth retrying (the webhook answers 500 then, so Telegram delivers it again)."""

from __future__ import annotations

import time
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from sqlalchemy.exc import DBAPIError
from telegram.error import NetworkError
from telegram.ext import Application

from bot.fleet.metrics import Metrics


@dataclass
class HandlingOutcome:
    """What happened to one update; ``retry`` is set when it failed for a passing reason."""

    failed: bool = False
    retry: bool = False


_current: ContextVar[HandlingOutcome | None] = ContextVar("gutcheck_update_outcome", default=None)


def is_transient(error: BaseException) -> bool:
    """Failures that another attempt may well not meet: the database or Telegram being
    briefly unreachable. A bug fails the same way every time, so retrying it is pointless."""
    if isinstance(error, DBAPIError):
        return error.connection_invalidated or error.orig is None or _is_connection(error.orig)
    return isinstance(error, NetworkError | ConnectionError | TimeoutError)


def _is_connection(error: BaseException) -> bool:
    name = type(error).__name__
    return isinstance(error, OSError) or "Connection" in name or "CannotConnect" in name


class InstrumentedApplication(Application[Any, Any, Any, Any, Any, Any]):
    """Counts and times every update, however it arrived (long polling or webhook)."""

    metrics: Metrics | None = None

    async def process_update(self, update: object) -> None:
        outcome = _current.get()
        token = None
        if outcome is None:  # long polling; the webhook sets its own first
            outcome = HandlingOutcome()
            token = _current.set(outcome)
        started = time.perf_counter()
        try:
            await super().process_update(update)
        finally:
            if token is not None:
                _current.reset(token)
            metrics = self.metrics
            if metrics is not None:
                metrics.handler_seconds.observe(time.perf_counter() - started)
                metrics.updates.labels("failed" if outcome.failed else "handled").inc()

    async def handle_webhook_update(self, update: object) -> HandlingOutcome:
        """Handle one update and say how it went (the webhook chooses its answer by it)."""
        outcome = HandlingOutcome()
        token = _current.set(outcome)
        try:
            await self.process_update(update)
        finally:
            _current.reset(token)
        return outcome

    async def process_error(
        self,
        update: object | None,
        error: Exception,
        job: Any = None,
        coroutine: Any = None,
    ) -> bool:
        outcome = _current.get()
        if outcome is not None and update is not None:
            outcome.failed = True
            outcome.retry = outcome.retry or is_transient(error)
        return await super().process_error(update, error, job, coroutine)
