"""Gut Check's own Telegram Bot API emulator: a local HTTP server that behaves like
api.telegram.org closely enough for the real python-telegram-bot ``Application`` to run
against it unmodified. See README.md in this package for the Python and control APIs.
"""

from sandbox.emulator.emulator import BotApiEmulator
from sandbox.emulator.errors import ApiError
from sandbox.emulator.faults import FaultRule
from sandbox.emulator.rate_limit import RateLimits
from sandbox.emulator.records import EmulatedChat, EmulatedMessage, RecordedRequest, StoredFile

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
