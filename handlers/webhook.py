"""Receiving updates over HTTP (webhook mode), behind a proxy that terminates HTTPS.

Why not python-telegram-bot's own ``Updater.start_webhook``: its tornado handler puts each
update on a queue and answers 200 at once, before any handler has run, so a worker that dies
mid-update has already told Telegram the update was delivered and the update is lost. Here
the answer waits until the update is handled: 200 when it was (or failed for a reason a
retry would meet again, such as a bug), 500 when it failed for a passing reason (the database
or Telegram unreachable), so Telegram, or the load balancer, delivers it again. The server is
aiohttp.web, which the project already uses for the emulator and the sandbox.

Delivering again is safe for what matters: an answer (a button, or typed) writes the value
into that day's row, so a repeat writes the same value; a repeated command may be answered
twice. See docs/deploy.md.
"""

from __future__ import annotations

import hmac
import json
import logging
from typing import Any
from urllib.parse import urlsplit

from aiohttp import web
from telegram import Update

from handlers.instrumented import InstrumentedApplication

logger = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
# Telegram's updates are small; a photo arrives as a file id, never as bytes.
MAX_UPDATE_BYTES = 1024 * 1024


def webhook_path(public_url: str) -> str:
    """The path the proxy forwards: the public URL's own path (``/`` when it has none)."""
    return urlsplit(public_url).path or "/"


class WebhookIntake:
    """The aiohttp handler for Telegram's POSTs of updates."""

    def __init__(self, application: InstrumentedApplication, *, secret: str) -> None:
        self._application = application
        self._secret = secret.encode()
        self.refused = 0

    def add_routes(self, app: web.Application, path: str) -> None:
        app.router.add_post(path, self.receive)

    async def receive(self, request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(given, self._secret):
            self.refused += 1
            logger.debug("webhook request without the right secret token refused")
            return web.Response(status=403, text="forbidden")
        try:
            payload: Any = await request.json()
            update = Update.de_json(payload, self._application.bot)
        except (json.JSONDecodeError, UnicodeDecodeError, KeyError, TypeError, ValueError):
            logger.warning("webhook request with a body that is not an update ignored")
            return web.Response(status=400, text="not an update")
        if update is None:
            return web.Response(status=400, text="not an update")
        outcome = await self._application.handle_webhook_update(update)
        if outcome.retry:
            # Nothing half-done is acknowledged: Telegram delivers it again.
            return web.Response(status=500, text="try again")
        return web.Response(status=200, text="ok")
