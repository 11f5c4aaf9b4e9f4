"""``/healthz``, ``/readyz`` and ``/metrics`` (aiohttp.web, on HEALTH_LISTEN:HEALTH_PORT).

* ``/healthz``: the process is alive and its event loop answers.
* ``/readyz``: the database answers, its migrations are current, and Telegram is reachable
  (long polling) or our webhook is registered (webhook mode). 503 with the reasons otherwise,
  so a load balancer sends no updates to a worker that cannot handle them.
* ``/metrics``: Prometheus text from this worker's registry (bot/fleet/metrics.py); the due
  backlog is read from the database at scrape time.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from sqlalchemy import text

from bot.app import GutCheckApp, runtime
from models.backlog_store import due_backlog, schema_revision
from models.migrate import head_revision

logger = logging.getLogger(__name__)

PROBE_TIMEOUT_SECONDS = 3.0
# A readiness probe every few seconds must not become a getMe every few seconds.
TELEGRAM_CHECK_SECONDS = 30.0

# Asks Telegram whether it answers: None when it does, else the problem (handlers/probe.py).
TelegramProbe = Callable[[], Awaitable[str | None]]


@dataclass
class TelegramLink:
    """What this worker knows about its link to Telegram."""

    webhook_set: bool = False
    last_ok: float | None = None


class HealthEndpoints:
    def __init__(
        self,
        application: GutCheckApp,
        link: TelegramLink,
        probe_telegram: TelegramProbe,
        *,
        webhook: bool,
    ) -> None:
        self._application = application
        self._link = link
        self._probe_telegram = probe_telegram
        self._webhook = webhook
        self._head = head_revision()

    def add_routes(self, app: web.Application) -> None:
        app.router.add_get("/healthz", self.healthz)
        app.router.add_get("/readyz", self.readyz)
        app.router.add_get("/metrics", self.metrics)

    async def healthz(self, _request: web.Request) -> web.Response:
        return web.json_response({"status": "alive"})

    async def readyz(self, _request: web.Request) -> web.Response:
        checks = {
            "database": await self._bounded(self._database()),
            "migrations": await self._bounded(self._migrations()),
            "telegram": await self._bounded(self._telegram()),
        }
        problems = {name: problem for name, problem in checks.items() if problem is not None}
        body: dict[str, Any] = {name: checks[name] or "ok" for name in checks}
        body["ready"] = not problems
        return web.json_response(body, status=503 if problems else 200)

    async def metrics(self, _request: web.Request) -> web.Response:
        state = runtime(self._application)
        await self._bounded(self._read_backlog())
        payload = generate_latest(state.metrics.registry)
        response = web.Response(body=payload)
        response.headers["Content-Type"] = CONTENT_TYPE_LATEST
        return response

    # -- checks: each answers None when fine, else what is wrong -------------------------

    @staticmethod
    async def _bounded(check: Any) -> str | None:
        try:
            result: str | None = await asyncio.wait_for(check, PROBE_TIMEOUT_SECONDS)
        except TimeoutError:
            return f"no answer within {PROBE_TIMEOUT_SECONDS:.0f} s"
        except Exception as error:
            return f"{type(error).__name__}: {error}".splitlines()[0][:200]
        return result

    async def _database(self) -> str | None:
        services = runtime(self._application).services
        if services is None:
            return "not started yet"
        async with services.db.transaction() as session:
            await session.execute(text("SELECT 1"))
        return None

    async def _migrations(self) -> str | None:
        services = runtime(self._application).services
        if services is None:
            return "not started yet"
        async with services.db.transaction() as session:
            revision = await schema_revision(session)
        if revision != self._head:
            return f"database at revision {revision or 'none'}, code expects {self._head}"
        return None

    async def _telegram(self) -> str | None:
        if self._webhook:
            return None if self._link.webhook_set else "webhook not registered yet"
        now = time.monotonic()
        if self._link.last_ok is not None and now - self._link.last_ok < TELEGRAM_CHECK_SECONDS:
            return None
        problem = await self._probe_telegram()
        if problem is None:
            self._link.last_ok = now
        return problem

    async def _read_backlog(self) -> None:
        state = runtime(self._application)
        if state.services is None:
            return
        now = state.clock.now()
        async with state.services.db.transaction() as session:
            backlog = await due_backlog(session, now)
        state.metrics.due_waiting.set(backlog.waiting)
        lateness = 0.0
        if backlog.oldest_due_at is not None:
            lateness = max(0.0, (now - backlog.oldest_due_at).total_seconds())
        state.metrics.due_lateness.set(lateness)
