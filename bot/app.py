"""The composition root: the application factory (PTB wiring, services, the scheduler tick
and the dispatcher). With bot/fleet/serve.py, the only code outside handlers/ that imports
`telegram` (tests/unit/test_import_rules.py)."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from typing import Any, cast

from telegram import Update
from telegram.ext import Application, ApplicationBuilder, CallbackContext

from bot.clock import Clock, SystemClock
from bot.domain.emergency import load_rules
from bot.domain.typed_reading import load_vocabulary
from bot.fleet.db_timing import time_statements
from bot.fleet.flood_log import FloodStorms, install_rate_limiter_filter
from bot.fleet.metrics import Metrics
from bot.fleet.sending_role import AlwaysSending, SendingRole
from bot.send_budget import PeopleFirst
from bot.sending_role import RoleWatch, sending_role_for
from bot.services.container import Services
from bot.services.delivery_loop import DeliveryLoop
from bot.settings import Settings
from bot.tips import load_packs
from handlers import register_handlers
from handlers.common import SERVICES_KEY
from handlers.dispatch import TelegramSender, broadcast_rate
from handlers.instrumented import InstrumentedApplication
from handlers.menu import register_menus
from handlers.rate_limiter import PER_CHAT_RATE, PriorityRateLimiter
from handlers.transport import AiohttpRequest
from handlers.updates import PerChatOrderedProcessor
from models.db import Database

logger = logging.getLogger(__name__)

RUNTIME_KEY = "runtime"
TICK_JOB_ID = "checkin-tick"
ALLOWED_UPDATES = [
    Update.MESSAGE,
    Update.EDITED_MESSAGE,
    Update.CALLBACK_QUERY,
    Update.MY_CHAT_MEMBER,
]
GutCheckApp = Application[Any, Any, Any, Any, Any, Any]


@dataclass
class Runtime:
    """What one running bot is made of; kept in ``bot_data`` for handlers and jobs."""

    settings: Settings
    clock: Clock
    services: Services | None = None
    dispatcher: DeliveryLoop | None = None
    metrics: Metrics = field(default_factory=Metrics)
    flood_storms: FloodStorms = field(default_factory=FloodStorms)
    # People's updates being handled: scheduled sends hold back meanwhile (bot.send_budget).
    people: PeopleFirst = field(default_factory=PeopleFirst)
    # Who runs scheduled sending (bot/fleet/sending_role.py's seam): a bot.sending_role.RoleWatch
    # from start-up on (advisory lock or lock file); before that, and in bare tests, always us.
    sending_role: SendingRole = field(default_factory=AlwaysSending)


def runtime(application: GutCheckApp) -> Runtime:
    return cast(Runtime, application.bot_data[RUNTIME_KEY])


def build_application(
    settings: Settings, *, clock: Clock | None = None, per_chat_limit: bool = True
) -> GutCheckApp:
    """``per_chat_limit=False`` drops the ~1 message/s per chat pacing (the sandbox only)."""
    if settings.telegram_bot_token is None:
        raise ValueError("TELEGRAM_BOT_TOKEN is required to build the application")
    state = Runtime(settings=settings, clock=clock or SystemClock())
    flood_waits = state.metrics.flood_waits
    application = (
        ApplicationBuilder()
        .application_class(InstrumentedApplication)
        .token(settings.telegram_bot_token.get_secret_value())
        .base_url(settings.telegram_base_url)
        .base_file_url(settings.file_base_url)
        .request(
            AiohttpRequest(
                connection_pool_size=max(8, settings.effective_send_workers * 2),
                read_timeout=settings.telegram_read_timeout_seconds,
                on_flood_wait=flood_waits.inc,
            )
        )
        .get_updates_request(AiohttpRequest(connection_pool_size=1))
        .rate_limiter(
            PriorityRateLimiter(
                settings.send_rate_per_second,
                max_retries=3,
                per_chat_rate=PER_CHAT_RATE if per_chat_limit else None,
                on_flood=state.flood_storms.note_flood,
                people=state.people,
            )
        )
        .concurrent_updates(PerChatOrderedProcessor(settings.concurrent_updates, state.people))
        .post_init(start_services)
        .post_stop(stop_dispatcher)
        .post_shutdown(close_services)
        .build()
    )
    application.bot_data[RUNTIME_KEY] = state
    cast(InstrumentedApplication, application).metrics = state.metrics
    install_rate_limiter_filter(state.flood_storms)
    register_handlers(application)
    return application


async def start_services(application: GutCheckApp) -> None:
    """post_init: database, services, commands menu, dispatcher and the tick."""
    state = runtime(application)
    settings = state.settings
    db = Database(settings.database_url)
    time_statements(db.engine, state.metrics.db_seconds)
    services = Services.create(settings, state.clock, db)
    state.services = services
    application.bot_data[SERVICES_KEY] = services
    # One sender among several processes (bot/sending_role.py): asked at every tick.
    sending_role = RoleWatch(sending_role_for(settings.database_url))
    state.sending_role = sending_role
    # The typed-answer word lists, the emergency rules and the tip packs (read and checked:
    # about 30 ms), loaded once off the event loop, not on a user's first message or press.
    await asyncio.to_thread(load_vocabulary)
    await asyncio.to_thread(load_rules)
    await asyncio.to_thread(load_packs)
    paid_broadcast = settings.telegram_paid_broadcast
    dispatcher = DeliveryLoop(
        TelegramSender(application.bot, paid_broadcast=paid_broadcast),
        db,
        state.clock,
        services.scheduler,
        services.users,
        services.compose,
        send_rate=broadcast_rate(settings.send_rate_per_second, paid_broadcast=paid_broadcast),
        workers=settings.effective_send_workers,
        may_claim=lambda: sending_role.held,
        people=state.people,
    )
    await dispatcher.start()

    async def take_over(held: bool) -> None:
        if held:
            handed_back = await services.scheduler.take_over_claims()
            if handed_back:
                logger.info("took over %s unsent claims of the previous sender", handed_back)

    sending_role.on_change(take_over)
    # Asked once now (the standby says so at once), then at every tick.
    await sending_role.check()
    state.dispatcher = dispatcher
    state.metrics.watch_dispatcher(dispatcher)
    await register_menus(application.bot, application.bot_data, settings.admin_user_ids)
    if application.job_queue is not None:
        interval = settings.scheduler_tick_seconds
        application.job_queue.run_repeating(
            _tick,
            interval=interval,
            first=0.5,
            name=TICK_JOB_ID,
            job_kwargs={
                "id": TICK_JOB_ID,
                "replace_existing": True,
                "max_instances": 1,
                "coalesce": True,
                # APScheduler's default grace is 1 s; a late tick is still worth running.
                "misfire_grace_time": max(1, int(interval * 2)),
            },
        )
    logger.info("Gut Check is running (database: %s)", db.dialect)


async def _tick(context: CallbackContext[Any, Any, Any, Any]) -> None:
    state = runtime(context.application)
    dispatcher = state.dispatcher
    if dispatcher is None:
        return
    # Every worker handles updates; only the sending role's holder sends scheduled messages.
    try:
        sending = await state.sending_role.holds()
    except Exception:
        logger.exception("checking the sending role failed; not sending this tick")
        sending = False
    state.metrics.sending_role.set(1 if sending else 0)
    if sending:
        dispatcher.wake()


async def stop_dispatcher(application: GutCheckApp) -> None:
    """post_stop: no new claims; sends in flight finish; unsent claims are handed back."""
    dispatcher = runtime(application).dispatcher
    if dispatcher is not None:
        await dispatcher.stop()


async def close_services(application: GutCheckApp) -> None:
    state = runtime(application)
    try:
        await state.sending_role.release()
    except Exception:
        logger.exception("releasing the sending role failed; it lapses with the connection")
    services = state.services
    if services is not None:
        await services.db.dispose()
