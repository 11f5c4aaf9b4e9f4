"""The sandbox's clock: simulated time that flows like real time and can be moved forward.

The bot, the scheduler and the emulator's message dates all read this clock, so a jump of a day
is, for Gut Check, indistinguishable from a day going by.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta


def _wall_clock() -> datetime:
    return datetime.now(UTC)


class SandboxClock:
    """``now()`` is the wall clock plus an offset; jumps grow the offset, never shrink it.

    Time never goes backwards: the scheduler's decisions (what is due, what was already sent)
    assume it does not, so :meth:`jump_to` ignores instants in the past.
    """

    def __init__(
        self,
        start: datetime | None = None,
        *,
        wall_clock: Callable[[], datetime] = _wall_clock,
    ) -> None:
        if start is not None and start.tzinfo is None:
            raise ValueError("SandboxClock needs an aware datetime")
        self._wall_clock = wall_clock
        self._offset = (start - wall_clock()) if start is not None else timedelta(0)
        # Bumped by every jump, so a page can tell that time moved by more than it ticked.
        self.version = 0

    def now(self) -> datetime:
        return (self._wall_clock() + self._offset).astimezone(UTC)

    def jump_to(self, instant: datetime) -> datetime:
        """Move to ``instant`` if it is in the simulated future; return the new now."""
        if instant.tzinfo is None:
            raise ValueError("SandboxClock needs an aware datetime")
        ahead = instant - self.now()
        if ahead > timedelta(0):
            self._offset += ahead
            self.version += 1
        return self.now()

    def advance(self, delta: timedelta) -> datetime:
        if delta < timedelta(0):
            raise ValueError("the sandbox clock only moves forward")
        return self.jump_to(self.now() + delta)
