"""Running the application inside an event loop we own (tests, the sandbox).

PTB's ``run_polling`` drives the whole lifecycle and calls the post_* hooks itself; when the
application is embedded those hooks must be called explicitly, in the same order.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from bot.app import ALLOWED_UPDATES, GutCheckApp, runtime
from bot.sending_role import RoleWatch

logger = logging.getLogger(__name__)


@asynccontextmanager
async def running(
    application: GutCheckApp, *, poll: bool = True, poll_timeout: int = 1
) -> AsyncIterator[GutCheckApp]:
    await application.initialize()
    if application.post_init:
        await application.post_init(application)
    await application.start()
    if poll and application.updater is not None:
        await application.updater.start_polling(
            poll_interval=0.0, timeout=poll_timeout, allowed_updates=ALLOWED_UPDATES
        )
    try:
        yield application
    finally:
        if poll and application.updater is not None and application.updater.running:
            await application.updater.stop()
        if application.running:
            await application.stop()
        if application.post_stop:
            await application.post_stop(application)
        await application.shutdown()
        if application.post_shutdown:
            await application.post_shutdown(application)


async def poll_while_sending(application: GutCheckApp, *, poll_timeout: int = 10) -> None:
    """Long polling only while this process holds the sending role (Telegram allows one
    ``getUpdates`` caller per bot; a second caller gets 409 Conflict). A standby keeps the
    application started, asks for the role at every tick (``bot.app``) and starts polling the
    moment it gets it; a holder that loses the role stops polling. Returns at once; the
    caller's shutdown stops the updater."""
    updater = application.updater
    watch = runtime(application).sending_role
    assert updater is not None
    if not isinstance(watch, RoleWatch):  # no role to share (bare tests): just poll
        await updater.start_polling(timeout=poll_timeout, allowed_updates=ALLOWED_UPDATES)
        return

    async def follow_role(held: bool) -> None:
        if held and not updater.running:
            await updater.start_polling(timeout=poll_timeout, allowed_updates=ALLOWED_UPDATES)
        elif not held and updater.running:
            await updater.stop()

    watch.on_change(follow_role)
    await follow_role(watch.held)
