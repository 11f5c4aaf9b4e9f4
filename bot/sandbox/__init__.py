"""The sandbox: the real bot against the embedded Bot API emulator, a chat page in the browser,
simulated users and a controllable clock. ``gutcheck sandbox`` runs it."""

from bot.sandbox.clock import SandboxClock
from bot.sandbox.runtime import Sandbox, SandboxOptions, serve_until_stopped
from bot.sandbox.time_travel import NothingScheduled, TimeMachine, Trip

__all__ = [
    "NothingScheduled",
    "Sandbox",
    "SandboxClock",
    "SandboxOptions",
    "TimeMachine",
    "Trip",
    "serve_until_stopped",
]
