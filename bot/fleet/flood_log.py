"""One WARNING per 429 storm instead of a log line (or an ERROR with a traceback) per message.

Telegram answers 429 with a ``retry_after`` when the bot sends too fast. The sending code
waits and retries, so a flood it rides out is not an error; what the operator needs is one
line saying a storm started and how long Telegram asked to wait. Any rate limiter reports its
429s to :class:`FloodStorms`; python-telegram-bot's ``AIORateLimiter`` logs its own lines,
which :class:`RateLimiterLogFilter` turns into reports to the same object.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable

logger = logging.getLogger("bot.flood")

PTB_RATE_LIMITER_LOGGER = "telegram.ext.AIORateLimiter"
# A storm ends after this long without a 429; the next one is a new storm.
QUIET_SECONDS = 60.0
_RETRY_SECONDS = re.compile(r"Retrying after ([0-9.]+) seconds")


class FloodStorms:
    """Counts 429s and logs the first one of each storm at WARNING."""

    def __init__(
        self,
        *,
        quiet_seconds: float = QUIET_SECONDS,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._quiet = quiet_seconds
        self._monotonic = monotonic
        self._last: float | None = None
        self.storms = 0
        self.in_storm = 0  # 429s in the current storm

    def note_flood(self, retry_after_seconds: float | None = None) -> None:
        now = self._monotonic()
        if self._last is None or now - self._last > self._quiet:
            self.storms += 1
            self.in_storm = 0
            wait = "" if retry_after_seconds is None else f" {retry_after_seconds:.0f} s"
            logger.warning(
                "Telegram flood control (429): waiting%s and retrying; messages are delayed, "
                "not lost (further 429s in this storm are only counted in /metrics)",
                wait,
            )
        self.in_storm += 1
        self._last = now


class RateLimiterLogFilter(logging.Filter):
    """Drops python-telegram-bot's per-message rate-limit lines and reports them instead."""

    def __init__(self, storms: FloodStorms) -> None:
        super().__init__()
        self.storms = storms

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if not message.startswith("Rate limit hit"):
            return True
        match = _RETRY_SECONDS.search(message)
        if match is not None:  # the INFO line of each retry; the final ERROR repeats the 429
            self.storms.note_flood(float(match.group(1)))
        return False


def install_rate_limiter_filter(storms: FloodStorms) -> RateLimiterLogFilter:
    """Attach the filter to PTB's rate-limiter logger, replacing one installed before."""
    target = logging.getLogger(PTB_RATE_LIMITER_LOGGER)
    for existing in list(target.filters):
        if isinstance(existing, RateLimiterLogFilter):
            target.removeFilter(existing)
    installed = RateLimiterLogFilter(storms)
    target.addFilter(installed)
    return installed
