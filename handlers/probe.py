"""Whether Telegram answers: the readiness probe's one Bot API call (``getMe``)."""

from __future__ import annotations

from telegram import Bot
from telegram.error import TelegramError


async def telegram_unreachable(bot: Bot) -> str | None:
    """None when Telegram answers, else what went wrong."""
    try:
        await bot.get_me()
    except TelegramError as error:
        return f"Telegram unreachable: {error.message}"
    return None
