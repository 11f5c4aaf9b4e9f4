"""Running the application inside an event loop we own (tests, the sandbox).

PTB's ``run_polling`` drives the whole lifecycle and calls the post_* hooks itself; when the
application is embedded those hooks must be called explicitly, in the same order.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from bot.app import ALLOWED_UPDATES, GutCheckApp


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
