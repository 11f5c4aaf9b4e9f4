"""Respecting silence: how often to check in with someone who has stopped answering.

A user who never answers would otherwise get four messages a day (two check-ins, two
reminders) forever. The rule backs off step by step and comes straight back on the next answer.
Pure: the caller passes the date being planned (the clock's) and when the user was last heard
from.

Definitions
    * *Last heard from*: the latest of the local date of the user's last answer (any answer,
      skip or correction, on any day's check-in: the date it was *given*), the last day of
      their last pause, and the day before their first check-in was sent. ``None`` before any
      check-in was sent (nothing to be silent about).
    * *Quiet days* before a date: the whole days strictly between "last heard from" and that
      date. Answered Monday: Tuesday has 0, Wednesday 1, Thursday 2, Friday 3.

Pace (:func:`pace_for`), by quiet days on the date of the check-in
    * 0–2 (``NORMAL``): both check-ins, each with its reminder.
    * 3–6 (``DAILY``): no reminders; only the evening check-in. The first time, the morning
      check-in is replaced by one kind message that offers a pause (sent once per silent spell).
    * 7–27 (``EVERY_FEW_DAYS``): the evening check-in every third day (quiet days 7, 10, 13 …).
    * 28 and more (``WEEKLY``): the evening check-in once a week (quiet days 28, 35, 42 …).

    Any answer (or a pause) resets the count: the next check-in is back to normal. Weekly
    summaries and anything the user asks for (/checkin, /today …) are never held back.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from bot.domain.answers import Slot

QUIET_DAYS_BEFORE_EASING = 3
QUIET_DAYS_BEFORE_EVERY_FEW_DAYS = 7
EVERY_FEW_DAYS = 3
QUIET_DAYS_BEFORE_WEEKLY = 28
WEEKLY = 7
KEPT_SLOT = Slot.EVENING
"""The one check-in kept while backing off: the evening one asks about the whole day."""


class Pace(StrEnum):
    NORMAL = "normal"
    DAILY = "daily"
    EVERY_FEW_DAYS = "every_few_days"
    WEEKLY = "weekly"


@dataclass(frozen=True)
class CheckinPlan:
    """What to do with one scheduled check-in."""

    send: bool  # send the check-in itself
    reminder: bool  # plan its reminder
    offer_pause: bool  # send the kind message offering a pause (at most once per silent spell)
    pace: Pace


def quiet_days(last_heard_from: date | None, on: date) -> int:
    """Whole days without an answer strictly between ``last_heard_from`` and ``on``."""
    if last_heard_from is None:
        return 0
    return max(0, (on - last_heard_from).days - 1)


def pace_for(quiet: int) -> Pace:
    if quiet < QUIET_DAYS_BEFORE_EASING:
        return Pace.NORMAL
    if quiet < QUIET_DAYS_BEFORE_EVERY_FEW_DAYS:
        return Pace.DAILY
    if quiet < QUIET_DAYS_BEFORE_WEEKLY:
        return Pace.EVERY_FEW_DAYS
    return Pace.WEEKLY


def plan_checkin(slot: Slot, on: date, last_heard_from: date | None) -> CheckinPlan:
    """Whether the ``slot`` check-in of the local date ``on`` is sent, with a reminder, and
    whether the kind message goes with it (rules in the module docstring)."""
    quiet = quiet_days(last_heard_from, on)
    pace = pace_for(quiet)
    if pace is Pace.NORMAL:
        return CheckinPlan(send=True, reminder=True, offer_pause=False, pace=pace)
    # The kind message goes out with the first check-in planned once the spell is long enough
    # (the caller makes it once per spell); the morning one is replaced by it.
    if slot is not KEPT_SLOT:
        return CheckinPlan(send=False, reminder=False, offer_pause=True, pace=pace)
    if pace is Pace.DAILY:
        send = True
    elif pace is Pace.EVERY_FEW_DAYS:
        send = (quiet - QUIET_DAYS_BEFORE_EVERY_FEW_DAYS) % EVERY_FEW_DAYS == 0
    else:
        send = (quiet - QUIET_DAYS_BEFORE_WEEKLY) % WEEKLY == 0
    return CheckinPlan(send=send, reminder=False, offer_pause=True, pace=pace)
