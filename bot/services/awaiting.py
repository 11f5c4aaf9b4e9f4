"""What typed text the bot is waiting for (``User.awaiting_input``), and since when.

The value is ``kind:flow[:slot]@epoch`` (e.g. ``time:s:morning@1717311600.000``). The time lets a
stale settings prompt give way: once a check-in has been sent after it, typed text answers the
check-in (a "7" meant as hours slept must never become a new check-in time).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime


@dataclass(frozen=True)
class Awaiting:
    kind: str  # "tz", "time" or "allergens"
    flow: str  # Flow.ONBOARDING or Flow.SETTINGS
    slot: str = ""  # for "time": morning or evening
    since: datetime | None = None

    def encode(self) -> str:
        head = f"{self.kind}:{self.flow}" + (f":{self.slot}" if self.slot else "")
        return head if self.since is None else f"{head}@{self.since.timestamp():.3f}"

    @classmethod
    def parse(cls, value: str | None) -> Awaiting | None:
        if not value:
            return None
        head, _, stamp = value.partition("@")
        kind, _, rest = head.partition(":")
        flow, _, slot = rest.partition(":")
        try:
            since = datetime.fromtimestamp(float(stamp), UTC) if stamp else None
        except (ValueError, OverflowError, OSError):
            since = None
        return cls(kind, flow, slot, since)
