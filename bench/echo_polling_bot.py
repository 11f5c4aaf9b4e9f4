"""A bare python-telegram-bot echo bot over long polling, the baseline for bench/rush.py
(bench/echo_bot.py is bench/updates.py's, over webhooks): every button press is answered and
its message edited, with nothing stored. Same transport (aiohttp), event loop
(uvloop) and update concurrency as Gut Check, no rate limiter, no database.

Reads TELEGRAM_BOT_TOKEN and TELEGRAM_BASE_URL like the bot; run by bench/rush.py.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, ContextTypes

from bot.cli import use_fast_event_loop
from handlers.transport import AiohttpRequest


async def echo(update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    assert query is not None
    await query.answer("echo")
    await query.edit_message_text(f"echo {query.data} #{update.update_id}")


def main() -> None:
    application = (
        Application.builder()
        .token(os.environ["TELEGRAM_BOT_TOKEN"])
        .base_url(os.environ["TELEGRAM_BASE_URL"])
        .request(AiohttpRequest(connection_pool_size=32))
        .get_updates_request(AiohttpRequest(connection_pool_size=1))
        .concurrent_updates(16)
        .build()
    )
    application.add_handler(CallbackQueryHandler(echo))
    use_fast_event_loop()
    application.run_polling(allowed_updates=[Update.CALLBACK_QUERY])


if __name__ == "__main__":
    main()
