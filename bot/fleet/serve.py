"""Running the bot as a service: long polling or webhook, with the health endpoints, and a
start-up that rides out an unreachable Telegram.

PTB's ``run_polling`` gives up on the first network error at start (a traceback, then aiohttp's
"Unclosed client session" warnings) and cannot serve a webhook that acknowledges an update
only after handling it. This drives the same lifecycle (initialize, post_init, start, stop,
post_stop, shutdown, post_shutdown) itself.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import time
from dataclasses import dataclass, field

from aiohttp import web
from telegram.error import InvalidToken, NetworkError, TelegramError

from bot.app import ALLOWED_UPDATES, GutCheckApp, runtime
from bot.fleet.health import HealthEndpoints, TelegramLink
from bot.lifecycle import poll_while_sending
from handlers.instrumented import InstrumentedApplication
from handlers.probe import telegram_unreachable
from handlers.webhook import WebhookIntake, webhook_path

logger = logging.getLogger("gutcheck")

FIRST_RETRY_SECONDS = 1.0
MAX_RETRY_SECONDS = 60.0
# In-flight webhook requests get this long to finish when the worker stops.
SHUTDOWN_GRACE_SECONDS = 8.0


class StartFailed(Exception):
    """Start-up cannot succeed by waiting (a refused token); the message is the line to show."""


@dataclass
class Listening:
    """Where this process listens, once it does (tests read the ports)."""

    webhook: tuple[str, int] | None = None
    health: tuple[str, int] | None = None
    ready: asyncio.Event = field(default_factory=asyncio.Event)


async def serve(
    application: GutCheckApp,
    *,
    webhook: bool,
    stop: asyncio.Event | None = None,
    listening: Listening | None = None,
) -> None:
    """Run until ``stop`` is set (SIGTERM or SIGINT when not given)."""
    settings = runtime(application).settings
    stop = stop or _stop_on_signals()
    listening = listening or Listening()
    link = TelegramLink()
    runners: list[web.AppRunner] = []
    started = False
    try:
        if settings.health_port is not None:
            health_app = web.Application()
            HealthEndpoints(
                application,
                link,
                lambda: telegram_unreachable(application.bot),
                webhook=webhook,
            ).add_routes(health_app)
            listening.health = await _listen(
                runners, health_app, settings.health_listen, settings.health_port
            )
            logger.info("health and metrics on http://%s:%s", *listening.health)
        if not await _initialize_with_retries(application, stop):
            return
        started = True  # from here on the post_* hooks run at the end, whatever happens
        if application.post_init:
            await application.post_init(application)
        await application.start()
        link.last_ok = time.monotonic()
        if webhook:
            assert settings.webhook_url is not None
            intake = WebhookIntake(_instrumented(application), secret=settings.webhook_secret)
            webhook_app = web.Application(client_max_size=1024 * 1024)
            intake.add_routes(webhook_app, webhook_path(settings.webhook_url))
            listening.webhook = await _listen(
                runners, webhook_app, settings.webhook_listen, settings.webhook_port
            )
            logger.info("receiving updates on http://%s:%s", *listening.webhook)
            if not await _set_webhook_with_retries(application, stop):
                return
            link.webhook_set = True
        elif application.updater is not None:
            # Only the sending role's holder polls; a second process stands by (bot.lifecycle).
            await poll_while_sending(application)
        listening.ready.set()
        await stop.wait()
    finally:
        # Webhook requests in flight finish first: their updates are acknowledged only then.
        for runner in reversed(runners):
            await runner.cleanup()
        await _stop(application, started=started)


async def _listen(
    runners: list[web.AppRunner], app: web.Application, host: str, port: int
) -> tuple[str, int]:
    runner = web.AppRunner(app, access_log=None, shutdown_timeout=SHUTDOWN_GRACE_SECONDS)
    await runner.setup()
    runners.append(runner)
    site = web.TCPSite(runner, host, port)
    await site.start()
    address = runner.addresses[0]
    return str(address[0]), int(address[1])


def _instrumented(application: GutCheckApp) -> InstrumentedApplication:
    if not isinstance(application, InstrumentedApplication):
        raise TypeError("webhook mode needs the application from bot.app.build_application")
    return application


async def _initialize_with_retries(application: GutCheckApp, stop: asyncio.Event) -> bool:
    """Connect to Telegram (getMe), waiting out network failures with back-off. ``False``
    when stopped while waiting."""
    delay = FIRST_RETRY_SECONDS
    while True:
        try:
            await application.initialize()
            return True
        except InvalidToken:
            await application.bot.shutdown()
            raise StartFailed(
                "Telegram rejected TELEGRAM_BOT_TOKEN (401 Unauthorized): copy the token again "
                "from @BotFather"
            ) from None
        except NetworkError as error:  # TimedOut is a NetworkError
            await application.bot.shutdown()  # no half-open HTTP sessions left behind
            logger.warning("Telegram is unreachable (%s); retrying in %.0f s", error.message, delay)
        if await _stopped_within(stop, delay):
            return False
        delay = min(delay * 2, MAX_RETRY_SECONDS)


async def _set_webhook_with_retries(application: GutCheckApp, stop: asyncio.Event) -> bool:
    settings = runtime(application).settings
    assert settings.webhook_url is not None
    delay = FIRST_RETRY_SECONDS
    while True:
        try:
            await application.bot.set_webhook(
                url=settings.webhook_url,
                secret_token=settings.webhook_secret,
                allowed_updates=ALLOWED_UPDATES,
                max_connections=settings.webhook_max_connections,
            )
            logger.info("webhook registered with Telegram")
            return True
        except NetworkError as error:
            logger.warning(
                "registering the webhook failed (%s); retrying in %.0f s", error.message, delay
            )
        except TelegramError as error:
            raise StartFailed(f"Telegram refused the webhook: {error.message}") from None
        if await _stopped_within(stop, delay):
            return False
        delay = min(delay * 2, MAX_RETRY_SECONDS)


async def _stopped_within(stop: asyncio.Event, seconds: float) -> bool:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), seconds)
    return stop.is_set()


async def _stop(application: GutCheckApp, *, started: bool) -> None:
    if application.updater is not None and application.updater.running:
        await application.updater.stop()
    if application.running:
        await application.stop()
    if started and application.post_stop:
        await application.post_stop(application)
    await application.shutdown()
    if started and application.post_shutdown:
        await application.post_shutdown(application)


def _stop_on_signals() -> asyncio.Event:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(signum, stop.set)
    return stop
