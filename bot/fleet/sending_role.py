"""The seam between the scheduler tick and "who may send scheduled messages".

In a fleet only the holder of the sending role runs scheduled sending, so the bot keeps to
Telegram's single per-bot rate; every worker still handles incoming updates. The tick asks
:meth:`SendingRole.holds` before waking the dispatcher. A single process (SQLite, or one
worker) is always the sender: :class:`AlwaysSending`.
"""

from __future__ import annotations

from typing import Protocol


class SendingRole(Protocol):
    async def holds(self) -> bool:
        """Whether this process runs scheduled sending now; may try to take the role."""
        ...

    async def release(self) -> None:
        """Give the role up (at shutdown), so another worker takes over at once."""
        ...


class AlwaysSending:
    """The role of a process that is alone: it always sends."""

    async def holds(self) -> bool:
        return True

    async def release(self) -> None:
        return None
