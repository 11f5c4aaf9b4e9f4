"""python-telegram-bot's rate limiter, replies first (the rule is in ``bot.send_budget``).

PTB's ``AIORateLimiter`` puts every call that names a chat through one 30/s limiter, in
arrival order: during a fan-out the edit that answers a button press waited behind every
prompt already queued (tens of seconds at 3,000 users). Here:

* calls that create a message (``sendMessage``, ``sendPhoto``, …) draw from the bot's budget
  (``SEND_RATE_PER_SECOND``), replies ahead of scheduled sends, and from the chat's own budget;
* scheduled sends with ``allow_paid_broadcast`` draw from the paid budget (1,000/s) instead;
* edits, button answers and everything else create no message and are not held back;
* a 429 pauses the budget it came from for Telegram's ``retry_after`` and the call is retried
  (up to ``max_retries``); one WARNING per storm, not a traceback per message.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Coroutine
from datetime import timedelta
from typing import Any

from telegram._utils.types import JSONDict
from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter

from bot.send_budget import ChatBudgets, PeopleFirst, Priority, PriorityBudget, current_priority

logger = logging.getLogger(__name__)

# Bot API methods that put a new message in a chat: what Telegram's flood limits count.
MESSAGE_METHODS = frozenset(
    {
        "sendMessage",
        "sendPhoto",
        "sendDocument",
        "sendAudio",
        "sendVideo",
        "sendAnimation",
        "sendVoice",
        "sendVideoNote",
        "sendMediaGroup",
        "sendPaidMedia",
        "sendLocation",
        "sendVenue",
        "sendContact",
        "sendPoll",
        "sendDice",
        "sendSticker",
        "sendInvoice",
        "copyMessage",
        "copyMessages",
        "forwardMessage",
        "forwardMessages",
    }
)
PAID_BROADCAST_RATE = 1000.0
PER_CHAT_RATE = 1.0  # Telegram: "avoid sending more than one message per second" in a chat
PER_CHAT_BURST = 5.0  # "short bursts … are allowed": a completed check-in's edit, tip and more
# A new storm is one that starts this long after the last 429's pause ended.
STORM_GAP_SECONDS = 10.0


def _seconds(error: RetryAfter) -> float:
    value = error._retry_after  # a timedelta in PTB 22 (the public int property is deprecated)
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


class PriorityRateLimiter(BaseRateLimiter[int]):
    """``rate_limit_args``, like AIORateLimiter's: the number of retries for that call."""

    def __init__(
        self,
        send_rate_per_second: float,
        *,
        max_retries: int = 3,
        per_chat_rate: float | None = PER_CHAT_RATE,
        per_chat_burst: float = PER_CHAT_BURST,
        clock: Callable[[], float] = time.monotonic,
        on_flood: Callable[[float], None] | None = None,
        people: PeopleFirst | None = None,
    ) -> None:
        self._clock = clock
        # Told about every 429 (bot.fleet.flood_log: one WARNING per storm); without it the
        # limiter logs one WARNING per storm itself.
        self._on_flood = on_flood
        self._max_retries = max_retries
        # One second's worth of burst: after a quiet spell replies and a new fan-out start at
        # once, and Telegram's own bucket (which allows short bursts) is never overrun.
        # Scheduled sends get no token while people's updates are handled (``people``).
        self.budget = PriorityBudget(send_rate_per_second, send_rate_per_second, clock, people)
        self.paid_budget = PriorityBudget(PAID_BROADCAST_RATE, PAID_BROADCAST_RATE, clock, people)
        # None: no per-chat limit (the sandbox, whose time travel squeezes days into seconds).
        self.chats = (
            ChatBudgets(per_chat_rate, per_chat_burst, clock) if per_chat_rate is not None else None
        )
        self._storm_ends = -STORM_GAP_SECONDS - 1.0

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        await self.budget.close()
        await self.paid_budget.close()

    def _budget_for(self, data: dict[str, Any], priority: Priority) -> PriorityBudget:
        if priority is Priority.SCHEDULED and data.get("allow_paid_broadcast"):
            return self.paid_budget
        return self.budget

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | JSONDict | list[JSONDict]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> bool | JSONDict | list[JSONDict]:
        max_retries = rate_limit_args if rate_limit_args is not None else self._max_retries
        chat_id = data.get("chat_id")
        counted = endpoint in MESSAGE_METHODS and chat_id is not None
        priority = current_priority()
        budget = self._budget_for(data, priority)
        for attempt in range(max_retries + 1):
            if counted:
                assert isinstance(chat_id, int | str)
                if self.chats is not None:
                    await self.chats.take(chat_id)
                await budget.take(priority)
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as error:
                if attempt == max_retries:
                    raise
                await self._ride_out(error, budget if counted else None)
        raise AssertionError("unreachable")  # pragma: no cover

    async def _ride_out(self, error: RetryAfter, budget: PriorityBudget | None) -> None:
        seconds = _seconds(error) + 0.1
        now = self._clock()
        if self._on_flood is not None:
            self._on_flood(_seconds(error))
        elif now > self._storm_ends + STORM_GAP_SECONDS:
            logger.warning(
                "Telegram asked the bot to slow down (429, retry after %.0f s); sends pause "
                "and are retried",
                seconds,
            )
        else:
            logger.debug("429 again: retrying after %.1f s", seconds)
        self._storm_ends = max(self._storm_ends, now + seconds)
        if budget is not None:
            budget.pause(seconds)
        await asyncio.sleep(seconds)
