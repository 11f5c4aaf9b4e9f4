"""Telegram's flood limits as token buckets (LIMITS.md §9).

A bucket holding ``burst`` tokens refills at ``rate`` tokens per second, so a sender pacing
itself at the advertised rate is never refused, short bursts pass, and a sustained excess gets
429 with a ``retry_after`` computed from when the next token arrives. The broadcast buckets
default to 1.5 seconds' worth of tokens so network jitter does not punish a client-side limiter
(e.g. PTB's AIORateLimiter) that releases exactly 30 messages per second.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class RateLimits:
    per_chat_per_second: float = 1.0
    per_chat_burst: float = 10.0  # the FAQ allows "short bursts"; e2e flows send a few at once
    group_per_minute: float = 20.0
    group_burst: float = 20.0
    broadcast_per_second: float = 30.0
    broadcast_burst: float | None = None  # default: 1.5 s worth of tokens
    paid_broadcast_per_second: float = 1000.0
    paid_broadcast_burst: float | None = None  # default: 1.5 s worth of tokens


class TokenBucket:
    __slots__ = ("burst", "rate", "tokens", "updated_at")

    def __init__(self, rate: float, burst: float, now: float) -> None:
        self.rate = rate
        self.burst = max(burst, 1.0)
        self.tokens = self.burst
        self.updated_at = now

    def wait_time(self, now: float) -> float:
        """Seconds until one token is available (0 if one is available now)."""
        self._refill(now)
        if self.tokens >= 1.0:
            return 0.0
        if self.rate <= 0:
            return math.inf
        return (1.0 - self.tokens) / self.rate

    def take(self) -> None:
        self.tokens -= 1.0

    def _refill(self, now: float) -> None:
        elapsed = now - self.updated_at
        if elapsed > 0:
            self.tokens = min(self.burst, self.tokens + elapsed * self.rate)
            self.updated_at = now


class SendRateLimiter:
    """Checks one outgoing message against the per-chat, per-group and broadcast buckets."""

    def __init__(
        self, limits: RateLimits | None = None, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._clock = clock
        self.configure(limits or RateLimits())

    def configure(self, limits: RateLimits) -> None:
        now = self._clock()
        self.limits = limits
        self._chat_buckets: dict[int | str, TokenBucket] = {}
        self._group_buckets: dict[int | str, TokenBucket] = {}
        self._broadcast = TokenBucket(
            limits.broadcast_per_second,
            limits.broadcast_burst or limits.broadcast_per_second * 1.5,
            now,
        )
        self._paid_broadcast = TokenBucket(
            limits.paid_broadcast_per_second,
            limits.paid_broadcast_burst or limits.paid_broadcast_per_second * 1.5,
            now,
        )

    def acquire(self, chat_id: int | str, *, is_group: bool, paid: bool) -> int | None:
        """Take a token from every bucket that applies, or none of them.

        Returns None when the message may be sent, else the ``retry_after`` in whole seconds.
        """
        now = self._clock()
        limits = self.limits
        chat_bucket = self._chat_buckets.get(chat_id)
        if chat_bucket is None:
            chat_bucket = TokenBucket(limits.per_chat_per_second, limits.per_chat_burst, now)
            self._chat_buckets[chat_id] = chat_bucket
        buckets = [chat_bucket, self._paid_broadcast if paid else self._broadcast]
        if is_group:
            group_bucket = self._group_buckets.get(chat_id)
            if group_bucket is None:
                group_bucket = TokenBucket(limits.group_per_minute / 60.0, limits.group_burst, now)
                self._group_buckets[chat_id] = group_bucket
            buckets.append(group_bucket)

        wait = max(bucket.wait_time(now) for bucket in buckets)
        if wait > 0:
            return max(1, math.ceil(wait)) if math.isfinite(wait) else 3600
        for bucket in buckets:
            bucket.take()
        return None
