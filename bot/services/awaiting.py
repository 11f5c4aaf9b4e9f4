"""What typed text the bot is waiting for (``User.awaiting_input``), and since when.

The value is ``kind:flow[:slot]@epoch[#message]`` (e.g. ``time:s:morning@1717311600.000#42``).
The time lets a stale settings prompt give way: once a check-in has been sent after it, typed
text answers the check-in (a "7" meant as hours slept must never become a new check-in time).
The message is the prompt's own message id, so a typed answer can be confirmed on the prompt
itself and its buttons refreshed or removed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

from bot.callbacks import Flow
from bot.domain.answers import Slot


class AwaitingKind(StrEnum):
    """What typed text answers (the stored values are part of ``User.awaiting_input``)."""

    ZONE = "tz"
    TIME = "time"
    ALLERGENS = "allergens"


@dataclass(frozen=True)
class Awaiting:
    kind: AwaitingKind
    flow: Flow
    slot: Slot | None = None  # for AwaitingKind.TIME
    since: datetime | None = None
    message_id: int | None = None

    def encode(self) -> str:
        head = f"{self.kind}:{self.flow}" + (f":{self.slot}" if self.slot else "")
        if self.since is not None:
            head = f"{head}@{self.since.timestamp():.3f}"
        return head if self.message_id is None else f"{head}#{self.message_id}"

    @classmethod
    def parse(cls, value: str | None) -> Awaiting | None:
        """What ``value`` says is awaited; None when nothing is, or the value is not one the
        bot writes (nothing to route typed text to)."""
        if not value:
            return None
        value, _, message = value.partition("#")
        message_id = int(message) if message.isdigit() and len(message) <= 18 else None
        head, _, stamp = value.partition("@")
        kind, _, rest = head.partition(":")
        flow, _, slot = rest.partition(":")
        try:
            since = datetime.fromtimestamp(float(stamp), UTC) if stamp else None
        except (ValueError, OverflowError, OSError):
            since = None
        try:
            return cls(
                AwaitingKind(kind), Flow(flow), Slot(slot) if slot else None, since, message_id
            )
        except ValueError:
            return None
