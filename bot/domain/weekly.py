"""The figures of the weekly summary (pure data; the caller renders it).

:func:`summarize_week` covers the 7 local dates ending with ``week_end`` (default: ``today``)
and compares them with the 7 dates before. A window may end after ``today`` (a week still
running, as /week shows it): its figures cover the days so far and its later days are still to
come. Streaks, scores and weekly streaks are as of
``today`` over the whole history given, with the rules of :mod:`bot.domain.habits`.

Definitions
    * *Tracked* day: a date on or after the user's first day (earliest date in the history).
    * *Counted* day for a habit: a tracked day whose outcome is not ``PROTECTED`` (skipped or
      paused). ``ratio = kept / counted`` (``None`` when nothing counted).
    * Sleep figures use every night with hours reported in the window, skipped days included
      (the hours are still true); ``nights_at_target`` counts those with 8 h or more.
    * Today while still open (the habit's question not answered yet, e.g. a summary at 19:00
      before the 22:00 check-in) is not counted, missed nor unknown: it is still to come, like
      the days after today.
    * Week-over-week change (kept days, ratio, average sleep): against the previous 7 days only
      when all 7 were tracked, and never while the window is still running (part of a week
      against a whole one would mislead; a first week has no "last week").
    * *Answered* day: a day checked in (``CHECKED_IN`` kept: answered, or paused and answered
      anyway). Allergen exposures, symptom days and "did not sit well" days are facts and come
      from every day with answers, whatever its mark (as in the medical report).
      ``allergen_days_answered`` / ``symptom_days_answered`` count the days whose question was
      answered: "no exposure" and "no symptoms" are only said about days that answered.
    * Best day: the answered day with the most habits kept (``CHECKED_IN`` is not
      counted, it is the same for every answered day); ties go to the latest day; ``None`` when
      no day kept any habit.
    * Weakest habit: among sleep, probiotics, vitamin C and vitamin D, the counted
      habit with the lowest ratio; ties follow that order. Probiotics are left out in a week with
      a day they did not sit well (the article says "if tolerated"). ``None`` when no habit
      counted or every ratio is 1. ``weakest_topic`` maps it to a tips topic
      (:data:`TIP_TOPICS`).
    * Flags: ``is_first_week`` = tracking began inside the window; ``is_empty`` = no answered
      day in the window; ``is_partial`` = some answered day but fewer than 7;
      ``has_previous`` = the previous 7 days were all tracked (a whole week to compare with).
    * Goal: the weekly-goal rule applied to this window (``IN_PROGRESS`` while the window ends
      today or later and the goal is not yet met); days still to come count towards the target,
      they are not excused.
    * ``days_to_come``: dates of the window after ``today`` (0 for a finished window).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from types import MappingProxyType

from bot.domain.answers import SLEEP_TARGET_HOURS, Allergen, Symptoms, valid_sleep_hours
from bot.domain.habits import (
    DEFAULT_GOALS,
    HABITS,
    MONDAY,
    WEEK_DAYS,
    Day,
    DayMark,
    DayResult,
    Habit,
    Streak,
    TimelineDay,
    WeekResult,
    adjusted_target,
    habit_report,
    is_protected,
    outcomes,
    timeline,
    week_status,
)

TIP_TOPICS: Mapping[Habit, str] = MappingProxyType(
    {
        Habit.SLEEP_8H: "sleep",
        Habit.PROBIOTICS: "probiotics",
        Habit.VITAMIN_C: "vitamin_c",
        Habit.VITAMIN_D: "vitamin_d",
    }
)
"""Tips topic (``bot.tips`` key) per habit, in the tie-break order for the weakest habit."""


@dataclass(frozen=True)
class HabitWeek:
    habit: Habit
    kept: int
    counted: int
    missed: int  # answered "no" or nothing answered that day
    unknown: int  # the day was answered, this question was not
    protected: int
    ratio: float | None
    previous_kept: int | None
    change: int | None  # kept − previous_kept
    ratio_change: float | None
    goal: WeekResult
    streak: Streak
    weekly_streak: Streak
    score: float
    score_percent: int
    answered: int = 0  # days its question was answered (yes or no), today's included


@dataclass(frozen=True)
class SleepWeek:
    nights_reported: int
    average_hours: float | None
    nights_at_target: int
    shortest_hours: float | None
    longest_hours: float | None
    previous_average_hours: float | None


@dataclass(frozen=True)
class AllergenDay:
    local_date: date
    allergens: tuple[Allergen, ...]


@dataclass(frozen=True)
class SymptomDay:
    local_date: date
    level: Symptoms


@dataclass(frozen=True)
class BestDay:
    local_date: date
    kept: int
    habits: tuple[Habit, ...]


@dataclass(frozen=True)
class WeekSummary:
    start: date
    end: date
    days_tracked: int
    days_answered: int
    days_skipped: int
    days_paused: int
    days_missed: int
    checkins_sent: int
    checkins_answered: int
    answer_rate: float | None
    sleep: SleepWeek
    habits: Mapping[Habit, HabitWeek]  # only habits applicable in the history
    watches_allergens: bool  # allergens were watched on some day of the window
    allergen_days: tuple[AllergenDay, ...]
    allergen_counts: Mapping[Allergen, int]
    symptom_days: tuple[SymptomDay, ...]  # mild or strong
    mild_days: int
    strong_days: int
    probiotic_not_tolerated_days: int
    best_day: BestDay | None
    weakest_habit: Habit | None
    weakest_topic: str | None
    is_first_week: bool
    is_empty: bool
    is_partial: bool
    has_previous: bool
    days_to_come: int
    allergen_days_answered: int = 0
    symptom_days_answered: int = 0


def summarize_week(
    days: Sequence[Day],
    previous_week: Sequence[Day],
    checkins_sent: int,
    checkins_answered: int,
    today: date,
    goals: Mapping[Habit, int] = DEFAULT_GOALS,
    *,
    week_end: date | None = None,
    week_start: int = MONDAY,
) -> WeekSummary:
    """The weekly summary's figures.

    ``days``: the user's history through ``today`` (at least the window; older days feed
    streaks and scores). ``previous_week``: days of the 7 dates before the window, merged into
    the history (``days`` wins on the same date). ``week_end``: last date of the window; a
    date after ``today`` makes a running window whose later days are still to come.
    """
    end = today if week_end is None else week_end
    days_to_come = max(0, (end - today).days)
    if days_to_come >= WEEK_DAYS:
        raise ValueError("the window must include today or end before it")
    start = end - timedelta(days=WEEK_DAYS - 1)
    prev_start = start - timedelta(days=WEEK_DAYS)

    merged = {day.local_date: day for day in previous_week}
    merged.update({day.local_date: day for day in days})
    history = [merged[d] for d in sorted(merged) if d <= today]
    first = history[0].local_date if history else None

    reports = habit_report(history, today, goals, week_start)
    per_habit = {habit: outcomes(habit, history, today) for habit in HABITS}
    window = {
        habit: [i for i in items if start <= i.local_date <= end]
        for habit, items in per_habit.items()
    }
    # Still open today: neither kept nor missed yet (counted with the days still to come).
    open_today = {habit: sum(1 for i in items if i.pending) for habit, items in window.items()}
    settled = {habit: [i for i in items if not i.pending] for habit, items in window.items()}
    previous = {
        habit: [i for i in items if prev_start <= i.local_date < start]
        for habit, items in per_habit.items()
    }
    window_days = [i.day for i in window[Habit.CHECKED_IN]]
    previous_days = [i.day for i in previous[Habit.CHECKED_IN]]
    whole_previous_week = len(previous_days) == WEEK_DAYS and not days_to_come
    # Checked in: answered days, and paused days answered anyway (as the habit rules count).
    answered = [i.day for i in window[Habit.CHECKED_IN] if i.outcome is DayResult.KEPT]
    # Exposures, symptoms and how food sat are facts whatever the day's mark (as in the report).
    reported = [d for d in window_days if d.mark is not DayMark.MISSED and d.answers is not None]

    habit_weeks: dict[Habit, HabitWeek] = {}
    for habit in HABITS:
        report = reports[habit]
        if not report.applicable:
            continue
        this = _counts(settled[habit])
        before = _counts(previous[habit]) if whole_previous_week else None
        ratio = _ratio(this)
        prev_ratio = _ratio(before) if before is not None else None
        prev_kept = before[0] if before is not None and before[1] else None
        habit_weeks[habit] = HabitWeek(
            habit=habit,
            kept=this[0],
            counted=this[1],
            missed=this[2],
            unknown=this[3],
            protected=this[4],
            ratio=ratio,
            previous_kept=prev_kept,
            change=None if prev_kept is None else this[0] - prev_kept,
            ratio_change=None if ratio is None or prev_ratio is None else ratio - prev_ratio,
            goal=_window_goal(
                settled[habit], start, end, today, report.goal, days_to_come + open_today[habit]
            ),
            streak=report.streak,
            weekly_streak=report.weekly_streak,
            score=report.score,
            score_percent=report.score_percent,
            answered=sum(
                1
                for i in window[habit]
                if i.outcome is DayResult.KEPT
                or (i.outcome is DayResult.MISSED and i.day.mark is not DayMark.MISSED)
            ),
        )

    allergen_days = tuple(
        AllergenDay(d.local_date, d.answers.allergens_exposed)
        for d in reported
        if d.answers is not None and d.answers.allergens_exposed
    )
    symptom_days = tuple(
        SymptomDay(d.local_date, d.answers.symptoms)
        for d in reported
        if d.answers is not None and d.answers.symptoms in (Symptoms.MILD, Symptoms.STRONG)
    )
    not_tolerated = sum(
        1 for d in reported if d.answers is not None and d.answers.probiotic_tolerated is False
    )
    marks = Counter(i.day.mark for i in settled[Habit.CHECKED_IN])
    return WeekSummary(
        start=start,
        end=end,
        days_tracked=len(window_days),
        days_answered=len(answered),
        days_skipped=sum(
            1 for d in window_days if is_protected(d) and d.mark is not DayMark.PAUSED
        ),
        days_paused=marks[DayMark.PAUSED],
        days_missed=marks[DayMark.MISSED],
        checkins_sent=checkins_sent,
        checkins_answered=checkins_answered,
        answer_rate=(min(1.0, checkins_answered / checkins_sent) if checkins_sent > 0 else None),
        sleep=_sleep(window_days, previous_days if whole_previous_week else []),
        habits=MappingProxyType(habit_weeks),
        watches_allergens=any(
            watching for day, watching in timeline(history, today) if start <= day.local_date
        ),
        allergen_days=allergen_days,
        allergen_counts=MappingProxyType(
            dict(Counter(a for day in allergen_days for a in day.allergens))
        ),
        symptom_days=symptom_days,
        mild_days=sum(1 for s in symptom_days if s.level is Symptoms.MILD),
        strong_days=sum(1 for s in symptom_days if s.level is Symptoms.STRONG),
        probiotic_not_tolerated_days=not_tolerated,
        best_day=_best_day(window, answered),
        weakest_habit=(weakest := _weakest(habit_weeks, not_tolerated > 0)),
        weakest_topic=None if weakest is None else TIP_TOPICS[weakest],
        is_first_week=first is not None and first >= start,
        is_empty=not answered,
        is_partial=0 < len(answered) < WEEK_DAYS,
        has_previous=whole_previous_week,
        days_to_come=days_to_come,
        allergen_days_answered=sum(
            1 for d in reported if d.answers is not None and d.answers.allergens_answered
        ),
        symptom_days_answered=sum(
            1 for d in reported if d.answers is not None and d.answers.symptoms is not None
        ),
    )


# (kept, counted, missed, unknown, protected)
_Counts = tuple[int, int, int, int, int]


def _counts(items: Sequence[TimelineDay]) -> _Counts:
    tally = Counter(i.outcome for i in items)
    counted = len(items) - tally[DayResult.PROTECTED]
    return (
        tally[DayResult.KEPT],
        counted,
        tally[DayResult.MISSED],
        tally[DayResult.UNKNOWN],
        tally[DayResult.PROTECTED],
    )


def _ratio(counts: _Counts) -> float | None:
    kept, counted = counts[0], counts[1]
    return kept / counted if counted else None


def _window_goal(
    items: Sequence[TimelineDay], start: date, end: date, today: date, goal: int, to_come: int
) -> WeekResult:
    kept, counted = _counts(items)[:2]
    counted += to_come  # days still to come can still keep the goal
    # Untracked days (before the first day) are excused like protected ones.
    excused = WEEK_DAYS - counted
    target = adjusted_target(goal, counted)
    status = week_status(kept, counted, target, end, today)
    return WeekResult(start, end, goal, target, kept, counted, excused, status)


def _sleep(window_days: Sequence[Day], previous_days: Sequence[Day]) -> SleepWeek:
    hours = _hours(window_days)
    previous = _hours(previous_days)
    return SleepWeek(
        nights_reported=len(hours),
        average_hours=sum(hours) / len(hours) if hours else None,
        nights_at_target=sum(1 for h in hours if h >= SLEEP_TARGET_HOURS),
        shortest_hours=min(hours) if hours else None,
        longest_hours=max(hours) if hours else None,
        previous_average_hours=sum(previous) / len(previous) if previous else None,
    )


def _hours(days: Sequence[Day]) -> list[float]:
    found = (
        valid_sleep_hours(d.answers.sleep_hours)
        for d in days
        if d.mark is not DayMark.MISSED and d.answers is not None
    )
    return [h for h in found if h is not None]


def _best_day(
    window: Mapping[Habit, Sequence[TimelineDay]], answered: Sequence[Day]
) -> BestDay | None:
    kept_on: dict[date, list[Habit]] = {}
    for habit in HABITS:
        if habit is Habit.CHECKED_IN:
            continue
        for item in window[habit]:
            if item.outcome is DayResult.KEPT:
                kept_on.setdefault(item.local_date, []).append(habit)
    best: BestDay | None = None
    for day in answered:  # ascending dates: ">=" lets a later day win a tie
        kept = tuple(kept_on.get(day.local_date, ()))
        if kept and (best is None or len(kept) >= best.kept):
            best = BestDay(day.local_date, len(kept), kept)
    return best


def _weakest(habit_weeks: Mapping[Habit, HabitWeek], probiotics_disagreed: bool) -> Habit | None:
    weakest: Habit | None = None
    lowest = 1.0
    for habit in TIP_TOPICS:  # priority order: a tie keeps the earlier habit
        week = habit_weeks.get(habit)
        if week is None or week.ratio is None:
            continue
        if habit is Habit.PROBIOTICS and probiotics_disagreed:
            continue
        if week.ratio < lowest:
            weakest, lowest = habit, week.ratio
    return weakest
