"""The stored vocabulary of scheduled messages: these values are what the database holds
(``checkins.status`` and ``outbox.status``, ``checkins.origin``, ``outbox.kind``), so a member's
value never changes; a new one needs no migration, a renamed one does."""

from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    """Where a check-in or outbox message stands."""

    QUEUED = "queued"  # claimed or due to be claimed for sending
    SCHEDULED = "scheduled"  # an outbox reminder waiting for its time
    SENT = "sent"
    ANSWERED = "answered"  # a check-in answered in part
    SKIPPED = "skipped"  # the day was skipped before the check-in went out
    CANCELLED = "cancelled"
    EXPIRED = "expired"  # not sent within the catch-up window
    FAILED = "failed"
    BLOCKED = "blocked"  # the user blocked the bot


class Origin(StrEnum):
    """What created a check-in."""

    SCHEDULED = "scheduled"  # claimed by the scheduler's tick
    ON_DEMAND = "on_demand"  # opened by the user before the scheduler claimed it


class DeliveryKind(StrEnum):
    """What a scheduled message is: a check-in prompt (a ``checkins`` row) or one of the
    ``outbox`` kinds."""

    CHECKIN = "checkin"
    REMINDER = "reminder"
    WEEKLY = "weekly"
    PAUSE_OFFER = "pause_offer"  # the kind message to someone who stopped answering
