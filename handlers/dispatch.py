"""The Telegram side of sending claimed messages: one message out through the Bot API, and
what Telegram's answer means for the loop that claims, retries and records them
(``bot/services/delivery_loop.py``).

A 403 means the user blocked the bot, a 429 asks us to wait (the rate limiter has already
retried), a 400 refuses this message for good, and timeouts and network errors are worth
another try. Other errors propagate: the loop logs them and hands the claim back.
"""

from __future__ import annotations

from collections.abc import Awaitable
from datetime import timedelta

from telegram import Bot
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter

from bot.replies import Reply
from bot.services.delivery_loop import (
    Blocked,
    NetworkFailed,
    RateLimited,
    Refused,
    SendAttempt,
    Sent,
)
from handlers.sending import broadcast_text, send_reply

# Paid broadcasts lift Telegram's limit on messages to many users to 1000 a second.
PAID_BROADCAST_RATE = 1000.0


def broadcast_rate(send_rate: float, *, paid_broadcast: bool) -> float:
    """Messages a second the delivery loop may plan for."""
    return PAID_BROADCAST_RATE if paid_broadcast else send_rate


def _retry_after_seconds(error: RetryAfter) -> float:
    value = error._retry_after  # a timedelta in PTB 22 (the public int property is deprecated)
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


async def _attempt(send: Awaitable[int]) -> SendAttempt:
    """What Telegram answered to one send, in the loop's terms."""
    try:
        return Sent(await send)
    except Forbidden:
        return Blocked()
    except RetryAfter as error:
        return RateLimited(_retry_after_seconds(error))
    except BadRequest as error:
        return Refused(error.message)
    except NetworkError as error:  # TimedOut included
        return NetworkFailed(error.message)


class TelegramSender:
    """Sends a delivery's messages with the Bot API (scheduled sends take the fan-out's fast
    path, ``broadcast_text``)."""

    def __init__(self, bot: Bot, *, paid_broadcast: bool) -> None:
        self._bot = bot
        self._paid_broadcast = paid_broadcast

    async def send_first(self, chat_id: int, reply: Reply) -> SendAttempt:
        return await _attempt(
            broadcast_text(self._bot, chat_id, reply, allow_paid_broadcast=self._paid_broadcast)
        )

    async def send_follow_up(self, chat_id: int, reply: Reply) -> SendAttempt:
        return await _attempt(self._send_reply(chat_id, reply))

    async def _send_reply(self, chat_id: int, reply: Reply) -> int:
        return (await send_reply(self._bot, chat_id, reply)).message_id
