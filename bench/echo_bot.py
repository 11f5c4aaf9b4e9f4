"""A bare python-telegram-bot echo bot, the yardstick for bench/updates.py.

Answers each button press the way Gut Check does (answerCallbackQuery, then editMessageText),
with nothing else: no database, no rate limiter, PTB's default HTTP client (httpx) with a pool
of 32 connections like Gut Check's (PTB's default pool of 1 connection would serialise every
call and make the yardstick needlessly slow), and uvloop like Gut Check. It receives
updates the same way the Gut Check workers do in the benchmark: the emulator POSTs them and
each request is answered once the update is handled (PTB's own ``run_webhook`` needs tornado,
which is not installed here, and answers before handling, which would time something else).

    python bench/echo_bot.py BASE_URL TOKEN      # prints "listening on PORT"
"""

from __future__ import annotations

import asyncio
import signal
import sys
from typing import Any

from aiohttp import web
from telegram import Update
from telegram.ext import ApplicationBuilder, CallbackQueryHandler, ContextTypes
from telegram.request import HTTPXRequest


async def echo(update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    assert query is not None
    await query.answer()
    await query.edit_message_text(f"You pressed {query.data} (update {update.update_id})")


async def main(base_url: str, token: str) -> None:
    application: Any = (
        ApplicationBuilder()
        .token(token)
        .base_url(base_url)
        .request(HTTPXRequest(connection_pool_size=32))
        .build()
    )
    application.add_handler(CallbackQueryHandler(echo))
    await application.initialize()
    await application.start()

    async def receive(request: web.Request) -> web.Response:
        update = Update.de_json(await request.json(), application.bot)
        await application.process_update(update)
        return web.Response(text="ok")

    app = web.Application()
    app.router.add_post("/telegram", receive)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    print(f"listening on {runner.addresses[0][1]}", flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    loop.add_signal_handler(signal.SIGINT, stop.set)
    await stop.wait()
    await runner.cleanup()
    await application.stop()
    await application.shutdown()


if __name__ == "__main__":
    import uvloop

    uvloop.install()
    asyncio.run(main(sys.argv[1], sys.argv[2]))
