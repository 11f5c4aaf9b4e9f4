"""What the weekly chart shows: plain data, with every user-facing word passed in."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from bot.domain.answers import MAX_SLEEP_HOURS, SLEEP_TARGET_HOURS
from bot.domain.habits import WEEK_DAYS, Day, DayMark, DayResult, Habit, outcomes

MIN_ROWS = 1
MAX_ROWS = 8
MIN_SIZE = 480
MAX_SIZE = 2160

CHART_HABITS: tuple[Habit, ...] = (
    Habit.PROBIOTICS,
    Habit.VITAMIN_C,
    Habit.VITAMIN_D,
    Habit.CHECKED_IN,
)
"""The habit rows under the sleep bars, in order."""


@dataclass(frozen=True)
class HabitRow:
    """One habit row: a label and 7 cells (``None`` = no data: before tracking, today still
    open, or a later day)."""

    label: str
    cells: tuple[DayResult | None, ...]


@dataclass(frozen=True)
class ChartLegend:
    """Legend texts for the cell markers."""

    kept: str
    missed: str
    protected: str  # skipped or paused
    unknown: str  # not answered


@dataclass(frozen=True)
class WeekChartData:
    """Everything drawn on a weekly chart.

    ``weekday_labels`` and ``sleep_hours`` have one entry per column (7), in display order;
    hours are clamped to 0..24 and ``None`` / NaN means no answer for that night.
    """

    title: str
    weekday_labels: tuple[str, ...]
    sleep_hours: tuple[float | None, ...]
    rows: tuple[HabitRow, ...]
    sleep_label: str
    legend: ChartLegend | None = None
    target_hours: float = SLEEP_TARGET_HOURS
    hour_unit: str = "h"
    decimal_separator: str = "."
    width: int = 1080
    height: int = 1080

    def validate(self) -> None:
        """Raise ``ValueError`` if the data cannot be drawn."""
        if len(self.weekday_labels) != WEEK_DAYS or len(self.sleep_hours) != WEEK_DAYS:
            raise ValueError("a week chart needs 7 weekday labels and 7 sleep values")
        if not MIN_ROWS <= len(self.rows) <= MAX_ROWS:
            raise ValueError(f"a week chart has {MIN_ROWS}..{MAX_ROWS} habit rows")
        if any(len(row.cells) != WEEK_DAYS for row in self.rows):
            raise ValueError("every habit row needs 7 cells")
        if not (MIN_SIZE <= self.width <= MAX_SIZE and MIN_SIZE <= self.height <= MAX_SIZE):
            raise ValueError(f"width and height must be {MIN_SIZE}..{MAX_SIZE}")
        if not 0 < self.target_hours <= MAX_SLEEP_HOURS:
            raise ValueError("target_hours must be in (0, 24]")


def week_chart_data(
    days: Sequence[Day],
    first_date: date,
    today: date,
    *,
    title: str,
    weekday_names: Sequence[str],
    habit_labels: Mapping[Habit, str],
    sleep_label: str,
    legend: ChartLegend | None = None,
    habits: Sequence[Habit] = CHART_HABITS,
    hour_unit: str = "h",
    decimal_separator: str = ".",
) -> WeekChartData:
    """Chart data for the 7 local dates from ``first_date``, from a user's days.

    ``weekday_names`` are indexed by ``date.weekday()`` (Monday first), so any week start
    works. Cells use :func:`bot.domain.habits.outcomes`, except that a day nothing was answered
    shows the "no answer" mark (``UNKNOWN``), not "not done"; dates before tracking began, after
    ``today`` or still pending today have no cell. Sleep bars show every night
    with hours reported, skipped days included (as in the weekly summary's sleep figures).
    """
    if len(weekday_names) != WEEK_DAYS:
        raise ValueError("weekday_names needs 7 names, Monday first")
    dates = [first_date + timedelta(days=i) for i in range(WEEK_DAYS)]
    rows: list[HabitRow] = []
    for habit in habits:
        by_date = {item.local_date: item for item in outcomes(habit, days, today)}
        cells: list[DayResult | None] = []
        for current in dates:
            item = by_date.get(current)
            if item is None or item.pending:
                cells.append(None)
            elif item.outcome is DayResult.MISSED and item.day.mark is DayMark.MISSED:
                # Never answered is not "no": the legend's "no answer" mark, not "not done".
                cells.append(DayResult.UNKNOWN)
            else:
                cells.append(item.outcome)
        rows.append(HabitRow(habit_labels[habit], tuple(cells)))
    answers_by_date = {
        day.local_date: day.answers
        for day in days
        if day.mark is not DayMark.MISSED and day.answers is not None
    }
    hours: list[float | None] = []
    for current in dates:
        answers = answers_by_date.get(current)
        hours.append(None if answers is None or current > today else answers.sleep_hours)
    return WeekChartData(
        title=title,
        weekday_labels=tuple(weekday_names[d.weekday()] for d in dates),
        sleep_hours=tuple(hours),
        rows=tuple(rows),
        sleep_label=sleep_label,
        legend=legend,
        hour_unit=hour_unit,
        decimal_separator=decimal_separator,
    )
