"""Gut Check's own Telegram Bot API emulator: a local HTTP server that behaves like
api.telegram.org closely enough for the real python-telegram-bot ``Application`` to run
against it unmodified. See README.md in this package for the Python and control APIs.
"""

from bot.emulator.emulator import BotApiEmulator
from bot.emulator.errors import ApiError
from bot.emulator.faults import FaultRule
from bot.emulator.models import EmulatedChat, EmulatedMessage, RecordedRequest, StoredFile
from bot.emulator.rate_limit import RateLimits

__all__ = [
    "ApiError",
    "BotApiEmulator",
    "EmulatedChat",
    "EmulatedMessage",
    "FaultRule",
    "RateLimits",
    "RecordedRequest",
    "StoredFile",
]
