"""The sandbox: the real bot against the embedded Bot API emulator, a chat page in the browser,
simulated users and a controllable clock. ``gutcheck sandbox`` runs it."""

from sandbox.clock import SandboxClock
from sandbox.runtime import Sandbox, SandboxOptions, serve_until_stopped
from sandbox.time_travel import NothingScheduled, TimeMachine, Trip

__all__ = [
    "NothingScheduled",
    "Sandbox",
    "SandboxClock",
    "SandboxOptions",
    "TimeMachine",
    "Trip",
    "serve_until_stopped",
]
