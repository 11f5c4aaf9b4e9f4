"""What an export is made of: everything stored about one user, as plain frozen data.

The caller (a service reading the database) builds an :class:`ExportBundle`; the writers in
this package turn it into bytes. Nothing here reads a clock, a database or Telegram.

Conventions
    * Dates are the user's *logical* local dates (the day starts at ``day_start_hour``).
    * Datetimes (``created_at``, ``sent_at`` …) should be timezone-aware (the database stores
      UTC). Naive ones are read as UTC.
    * ``ExportBundle.days`` holds one entry per stored local date, in any order; the writers
      sort them. A date given twice is exported twice by the CSV/JSON writers (they never drop
      data); the medical report uses the last entry for that date.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from types import MappingProxyType
from zoneinfo import ZoneInfo

from bot.domain.answers import Allergen, DayAnswers, Slot
from bot.domain.habits import DEFAULT_GOALS, MONDAY, Day, DayMark, Habit, HabitReport, habit_report
from bot.domain.schedule import logical_date, user_zone
from bot.domain.statuses import Origin, Status

_EMPTY: Mapping[str, object] = MappingProxyType({})


@dataclass(frozen=True)
class ExportProfile:
    """The user's settings."""

    user_id: int
    first_name: str | None
    timezone: str | None  # IANA name, e.g. "Europe/Berlin"; None = not set yet
    morning_time: time
    evening_time: time
    day_start_hour: int
    watched_allergens: tuple[Allergen, ...]
    created_at: datetime
    language: str | None = None


@dataclass(frozen=True)
class ExportCheckin:
    """One check-in message of one slot for one local date.

    ``status`` is where it stands (the stored value: "queued", "sent", "answered", "expired",
    "failed" …); ``origin`` says what created it ("scheduled" or "on_demand"), when known.
    """

    slot: Slot
    status: Status
    sent_at: datetime | None = None
    completed_at: datetime | None = None
    origin: Origin | None = None

    @property
    def answered(self) -> bool:
        return self.completed_at is not None or self.status is Status.ANSWERED

    @property
    def sent(self) -> bool:
        return self.sent_at is not None or self.answered


@dataclass(frozen=True)
class ExportDay:
    """One local date: how the day went as a whole, its answers and its check-ins."""

    local_date: date
    mark: DayMark
    answers: DayAnswers | None = None
    checkins: tuple[ExportCheckin, ...] = ()

    @property
    def protected(self) -> bool:
        """Skipped or paused (a day-level "skip" or answers carrying ``skipped``)."""
        return self.mark in (DayMark.SKIPPED, DayMark.PAUSED) or (
            self.answers is not None and self.answers.skipped
        )

    @property
    def shown_mark(self) -> DayMark:
        """The day's mark as every report shows it: a skip carried by the answers makes the day
        skipped; a pause stays a pause."""
        return DayMark.SKIPPED if self.protected and self.mark is not DayMark.PAUSED else self.mark

    @property
    def usable_answers(self) -> DayAnswers | None:
        """The answers, unless the day is marked ``MISSED`` (the mark is authoritative, as in
        :mod:`bot.domain.habits`)."""
        return None if self.mark is DayMark.MISSED else self.answers

    def checkin(self, slot: Slot) -> ExportCheckin | None:
        """The day's check-in for ``slot`` (the answered one if there are several)."""
        found = [c for c in self.checkins if c.slot == slot]
        if not found:
            return None
        answered = [c for c in found if c.answered]
        return (answered or found)[-1]


@dataclass(frozen=True)
class TipShown:
    """A tip sent to the user: on which local date, which tip, in which context."""

    local_date: date
    tip_id: str
    context: str
    sent_at: datetime | None = None


@dataclass(frozen=True)
class ExportBundle:
    """Everything stored about one user, as of ``generated_at`` (timezone-aware)."""

    profile: ExportProfile
    days: tuple[ExportDay, ...]
    generated_at: datetime
    tips_shown: tuple[TipShown, ...] = ()
    habits: Mapping[Habit, HabitReport] = field(default_factory=lambda: MappingProxyType({}))
    settings_extra: Mapping[str, object] = field(default_factory=lambda: _EMPTY)

    @property
    def zone(self) -> ZoneInfo:
        return user_zone(self.profile.timezone)

    @property
    def today(self) -> date:
        """The user's logical local date at ``generated_at``."""
        return local_date_of(self.generated_at, self.zone, self.profile.day_start_hour)

    def sorted_days(self) -> list[ExportDay]:
        """The days by date (stable: repeated dates keep their input order)."""
        return sorted(self.days, key=lambda day: day.local_date)


def local_date_of(instant: datetime, zone: ZoneInfo, day_start_hour: int) -> date:
    """The logical local date of ``instant`` (naive = UTC); the UTC date at the edges of the
    calendar, where shifting would overflow."""
    moment = aware(instant)
    try:
        return logical_date(moment, zone, day_start_hour % 24)
    except OverflowError:
        return moment.date()


def local_datetime(instant: datetime, zone: ZoneInfo) -> datetime:
    """``instant`` (naive = UTC) on the user's wall clock."""
    moment = aware(instant)
    try:
        return moment.astimezone(zone)
    except OverflowError:
        return moment


def aware(instant: datetime) -> datetime:
    """``instant`` with naive values read as UTC."""
    return instant if instant.tzinfo is not None else instant.replace(tzinfo=UTC)


def habits_from_days(
    days: Iterable[ExportDay],
    today: date,
    goals: Mapping[Habit, int] = DEFAULT_GOALS,
    week_start: int = MONDAY,
) -> dict[Habit, HabitReport]:
    """Streaks, scores and weekly goals for :attr:`ExportBundle.habits`, from the days.

    Repeated dates keep the last entry (the habit rules allow one entry per date).
    """
    by_date = {day.local_date: Day(day.local_date, day.mark, day.answers) for day in days}
    return habit_report(by_date.values(), today, goals, week_start)
