"""When check-ins happen: local wall-clock times in an IANA zone, turned into UTC instants.

Rules (all pure; ``now`` is always passed in):

* A user's *logical day* starts at their "day starts at" hour (default 04:00), so 01:30 still
  belongs to yesterday. A slot time before that hour belongs to the previous logical day (an
  "evening" check-in at 00:30 asks about the day that just ended).
* Each slot has exactly one occurrence per logical day. A wall-clock time that does not exist
  (spring forward) moves forward by the size of the gap (02:30 → 03:30); a time that happens
  twice (fall back) uses its first occurrence. Both follow PEP 495 with ``fold=0``.
* A check-in that fell due while the bot was down is still sent if it is no older than the
  catch-up window; older ones are skipped.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Final
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

# Enough days to step over any calendar oddity (a skipped date, a weekly slot) when searching.
_SEARCH_DAYS = 16

UTC_ZONE: Final = ZoneInfo("UTC")


def known_zone(name: str | None) -> ZoneInfo | None:
    """The IANA zone a user set, or None when none is set or the name is not (or no longer) a
    known zone; a stored zone never raises."""
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None


def user_zone(name: str | None) -> ZoneInfo:
    """The zone to show a user's times in: their own, else UTC (the one fallback)."""
    return known_zone(name) or UTC_ZONE


@dataclass(frozen=True)
class SlotRule:
    """When one recurring check-in happens for one user."""

    zone: ZoneInfo
    at: time
    day_start_hour: int = 4
    weekday: int | None = None  # 0 = Monday … 6 = Sunday; None = every day

    def applies_to(self, local_date: date) -> bool:
        return self.weekday is None or local_date.weekday() == self.weekday


@dataclass(frozen=True)
class Occurrence:
    """One concrete check-in: the logical local date it is for, and when it is due (UTC)."""

    local_date: date
    due_at: datetime


def logical_date(instant: datetime, zone: ZoneInfo, day_start_hour: int) -> date:
    """The user's local date at ``instant``, with the day starting at ``day_start_hour``."""
    local = instant.astimezone(zone)
    return (local - timedelta(hours=day_start_hour)).date()


def occurrence_for(rule: SlotRule, local_date: date) -> Occurrence:
    """The occurrence of ``rule`` that belongs to the logical day ``local_date``."""
    calendar_day = local_date
    if rule.at < time(rule.day_start_hour):
        calendar_day = local_date + timedelta(days=1)
    wall_clock = datetime.combine(calendar_day, rule.at).replace(tzinfo=rule.zone, fold=0)
    return Occurrence(local_date=local_date, due_at=wall_clock.astimezone(UTC))


def first_occurrence_after(
    rule: SlotRule, after: datetime, not_before: date | None = None
) -> Occurrence:
    """The earliest occurrence due strictly after ``after`` on or after the date ``not_before``."""
    day = logical_date(after, rule.zone, rule.day_start_hour) - timedelta(days=1)
    if not_before is not None and not_before > day:
        day = not_before
    for _ in range(_SEARCH_DAYS):
        if rule.applies_to(day):
            candidate = occurrence_for(rule, day)
            if candidate.due_at > after:
                return candidate
        day += timedelta(days=1)
    raise ValueError(f"no occurrence of {rule} found after {after}")  # unreachable for real zones


def latest_occurrence_until(
    rule: SlotRule, instant: datetime, not_before: date | None = None
) -> Occurrence | None:
    """The latest occurrence due at or before ``instant``, not earlier than ``not_before``."""
    day = logical_date(instant, rule.zone, rule.day_start_hour) + timedelta(days=1)
    for _ in range(_SEARCH_DAYS):
        if not_before is not None and day < not_before:
            return None
        if rule.applies_to(day):
            candidate = occurrence_for(rule, day)
            if candidate.due_at <= instant:
                return candidate
        day -= timedelta(days=1)
    return None


@dataclass(frozen=True)
class DueDecision:
    """What the tick does with a schedule whose due time has come."""

    send: Occurrence | None  # None: nothing to send (too late, beyond the catch-up window)
    next: Occurrence


def decide_due(
    rule: SlotRule, scheduled_date: date, now: datetime, catch_up: timedelta
) -> DueDecision:
    """Send the latest occurrence that is due if it is within the catch-up window, then move on.

    ``scheduled_date`` is the date the stored schedule pointed at; nothing earlier is ever sent,
    so a schedule never goes backwards.
    """
    latest = latest_occurrence_until(rule, now, not_before=scheduled_date)
    send = latest if latest is not None and now - latest.due_at <= catch_up else None
    resume_from = latest.local_date + timedelta(days=1) if latest is not None else scheduled_date
    return DueDecision(send=send, next=first_occurrence_after(rule, now, not_before=resume_from))


def reschedule(
    rule: SlotRule,
    now: datetime,
    last_claimed: date | None,
    catch_up: timedelta,
    fill_today: bool,
) -> Occurrence:
    """The next occurrence after a change of zone, time or day start.

    Never repeats a date that already had its check-in (``last_claimed``). With ``fill_today``
    (the schedule existed before the change), today's occurrence under the new settings is due
    at once when it has just passed, so moving a time or travelling east never leaves a gap.
    """
    not_before = last_claimed + timedelta(days=1) if last_claimed is not None else None
    if fill_today:
        today = logical_date(now, rule.zone, rule.day_start_hour)
        if (not_before is None or not_before <= today) and rule.applies_to(today):
            todays = occurrence_for(rule, today)
            if todays.due_at <= now and now - todays.due_at <= catch_up:
                return Occurrence(local_date=today, due_at=now)
    return first_occurrence_after(rule, now, not_before=not_before)
