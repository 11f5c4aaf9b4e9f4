"""Habits derived from a user's answers: daily outcomes, streaks, strength scores, weekly goals.

Everything here is pure: no I/O, no clock. Dates are the user's *local* (logical) dates, so a
DST change never adds or removes a day; the caller passes ``today``.

Habits
    ``SLEEP_8H``       slept at least 8 hours (the article's target, ``SLEEP_TARGET_HOURS``).
    ``PROBIOTICS``     had probiotics or fermented food. Whether it sat well is *not* judged
                       here (the article's "if tolerated" is handled by tips and summaries).
    ``VITAMIN_C``      took vitamin C.
    ``VITAMIN_D``      took vitamin D.
    ``CHECKED_IN``     answered at least one check-in that day.

    Avoiding allergens is deliberately *not* a habit: the article asks to work with the medical
    team to find out whether food allergies are present, never to avoid the common allergens.
    Exposures are facts, logged for the medical team (summaries and the report), never a streak,
    a goal or praise. Goals stored under the old ``allergen_free`` key are ignored.

Daily outcome of one habit on one local date (:func:`habit_outcome`)
    * ``PROTECTED``: the day is marked ``SKIPPED`` ("Skip today") or ``PAUSED`` (/pause), or its
      answers carry ``skipped=True``. A skip wins over anything answered that day, for every
      habit: a skipped day counts neither for nor against any habit. A paused day is the same,
      except that a habit kept anyway on a paused day is ``KEPT`` (a break never stops someone
      from counting what they did; it only stops the bot asking).
    * ``MISSED``: the day is marked ``MISSED`` (no check-in answered at all), or the habit's
      question was answered with "no" (sleep: fewer than 8 hours).
    * ``UNKNOWN``: the day has answers but not this habit's question (e.g. the morning was
      answered, the evening was not).
    * ``KEPT``: answered "yes" (sleep: 8 hours or more; checked in: the day is ``ANSWERED``).

    The ``mark`` is authoritative: answers on a ``MISSED`` day are ignored, and an ``ANSWERED``
    day without answers counts as checked in with every question ``UNKNOWN``.

    Whether allergens were watched on a day (for the summaries' exposure line, not a habit):
    ``Day.watching_allergens`` when given, else "some allergen was asked about that day"
    (``answers.allergens_asked``), else, in a sequence, the previous day's value (the first day
    defaults to "not watched").

Timelines
    A sequence of days starts at its earliest date. Dates missing between the first day and
    ``today`` are days marked ``MISSED``; days after ``today`` are ignored; two entries for one
    date are an error.

Streaks (:func:`streaks`)
    Walk the local dates from the first day up to ``today``: ``KEPT`` adds 1;
    ``PROTECTED`` leaves the streak unchanged (protects without adding);
    ``MISSED`` and ``UNKNOWN`` reset it to 0. *Today* is special: while it is still pending
    (no answer yet, or this habit's question still unanswered) it leaves the streak unchanged,
    because the day is not over; an answered "no" today does reset it. ``best`` is the longest
    run ever reached, so ``best >= current``.

Strength score (:func:`strength`), as in Loop Habit Tracker
    An exponential moving average starting at 0. For each date from the first day up to today:
    ``score = score × m + value × (1 − m)``, ``m = 0.5 ** (sqrt(frequency) / 13)``, frequency 1
    for these daily habits, so the half-life is 13 days (``m ≈ 0.9481``). ``value`` is 1 for
    ``KEPT`` and 0 otherwise, except sleep, which earns partial credit ``min(1, hours / 8)``
    whenever hours were reported. ``PROTECTED`` days are excluded (the score is unchanged), and
    so is today while it is pending. Until a habit is first kept, the score *shown*
    (:attr:`HabitReport.score_percent`) is 0 %: the partial credit of short nights is in the
    score, but "0 days in a row · strength 5 %" after one 7.5 h night puzzles more than it
    tells, so it appears with the first kept day. A perfect daily habit reaches
    about 80 % after 30 days, 96 % after 60 and 99 % after 90; one miss after 90 perfect days
    drops 99.2 % to 94.0 %.

Weekly goals (:func:`weekly_progress`, :func:`weekly_streak`)
    Weeks are local calendar weeks starting on ``week_start`` (0 = Monday … 6 = Sunday). Default
    goals (:data:`DEFAULT_GOALS`): sleep 8 h on 5 of 7 nights, probiotics 4, vitamin C 5,
    vitamin D 5, checked in 6. In a week, *excused* days are days that are ``PROTECTED`` or
    before the first tracked day; the others are *counted*
    (including days of the current week still to come). With ``counted`` days the target is
    ``ceil(goal × counted / 7)``, never below 1 and never above ``counted``; a week with no
    counted day is ``EXCUSED``. A week is ``MET`` once kept days reach the target (the current
    week too), ``NOT_MET`` when it ended short of it, ``IN_PROGRESS`` while it is the current week
    and not yet met. The weekly streak walks the weeks in order: ``MET`` adds 1, ``EXCUSED`` and
    ``IN_PROGRESS`` leave it unchanged, ``NOT_MET`` resets it.

"How is this calculated?" (:func:`explain`) returns the numbers behind these rules as data;
the words live in ``bot.texts``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import Enum, StrEnum
from types import MappingProxyType

from bot.domain.answers import SLEEP_TARGET_HOURS, DayAnswers


class Habit(StrEnum):
    """The habits the bot tracks. Values are stable keys (stored, used in callbacks)."""

    SLEEP_8H = "sleep_8h"
    PROBIOTICS = "probiotics"
    VITAMIN_C = "vitamin_c"
    VITAMIN_D = "vitamin_d"
    CHECKED_IN = "checked_in"


class DayMark(Enum):
    """What happened on a local date as a whole."""

    ANSWERED = "answered"  # at least one check-in answered
    SKIPPED = "skipped"  # the user tapped "Skip today"
    PAUSED = "paused"  # /pause (vacation) covered the day
    MISSED = "missed"  # nothing answered


class DayResult(StrEnum):
    """One habit on one day."""

    KEPT = "kept"
    MISSED = "missed"
    PROTECTED = "protected"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Day:
    """One local date of one user. ``watching_allergens`` = the user watched at least one
    allergen that day (``None``: infer it, see the module docstring)."""

    local_date: date
    mark: DayMark
    answers: DayAnswers | None = None
    watching_allergens: bool | None = None


@dataclass(frozen=True)
class Streak:
    current: int
    best: int


class WeekStatus(StrEnum):
    MET = "met"
    NOT_MET = "not_met"
    EXCUSED = "excused"
    IN_PROGRESS = "in_progress"


@dataclass(frozen=True)
class WeekResult:
    """One habit in one local week. ``end`` is the week's last date (inclusive)."""

    start: date
    end: date
    goal: int  # the unadjusted goal (days out of 7)
    target: int  # the goal scaled to the counted days (0 when excused)
    kept: int
    counted: int  # days that count toward the goal (includes days still to come)
    excused: int  # protected or before tracking began
    status: WeekStatus

    @property
    def finished(self) -> bool:
        return self.status is not WeekStatus.IN_PROGRESS


@dataclass(frozen=True)
class HabitReport:
    habit: Habit
    applicable: bool  # False: no tracked day yet
    today: DayResult
    streak: Streak
    score: float  # 0..1
    score_percent: int  # 0..100, for display
    goal: int
    weeks: tuple[WeekResult, ...]
    weekly_streak: Streak


HABITS: tuple[Habit, ...] = tuple(Habit)
WEEK_DAYS = 7
MONDAY = 0

DEFAULT_GOALS: Mapping[Habit, int] = MappingProxyType(
    {
        Habit.SLEEP_8H: 5,
        Habit.PROBIOTICS: 4,
        Habit.VITAMIN_C: 5,
        Habit.VITAMIN_D: 5,
        Habit.CHECKED_IN: 6,
    }
)
"""Days per week that meet each habit's weekly goal."""

HALF_LIFE_FACTOR = 13.0
"""Loop's constant: multiplier = 0.5 ** (sqrt(frequency) / 13)."""

_PROTECTING_MARKS = frozenset({DayMark.SKIPPED, DayMark.PAUSED})


def score_multiplier(frequency: float = 1.0) -> float:
    """Loop's per-day decay for a habit done ``frequency`` times per day (1 = daily)."""
    if not 0 < frequency <= 1:
        raise ValueError("frequency must be in (0, 1]")
    return float(0.5 ** (math.sqrt(frequency) / HALF_LIFE_FACTOR))


SCORE_MULTIPLIER = score_multiplier(1.0)
"""≈ 0.9481 for a daily habit (half-life 13 days)."""


def score_percent(score: float) -> int:
    """The score as a whole percentage for display (0.992 → 99, half rounds up)."""
    return math.floor(min(1.0, max(0.0, score)) * 100 + 0.5)


# --------------------------------------------------------------------------- daily outcomes


def is_protected(day: Day) -> bool:
    """Skipped or paused: the day counts neither for nor against any habit."""
    return day.mark in _PROTECTING_MARKS or (
        day.mark is DayMark.ANSWERED and day.answers is not None and day.answers.skipped
    )


def watches_allergens(day: Day, default: bool = False) -> bool:
    """Whether allergens were watched that day; ``default`` when the day does not say."""
    if day.watching_allergens is not None:
        return day.watching_allergens
    if day.answers is not None and day.answers.allergens_asked:
        return True
    return default


def habit_outcome(habit: Habit, day: Day) -> DayResult:
    """The outcome of ``habit`` on ``day`` (rules in the module docstring)."""
    if is_protected(day):
        kept_anyway = (
            day.mark is DayMark.PAUSED
            and day.answers is not None
            and not day.answers.skipped
            and day.answers.has_any
            and habit_outcome(habit, replace(day, mark=DayMark.ANSWERED)) is DayResult.KEPT
        )
        return DayResult.KEPT if kept_anyway else DayResult.PROTECTED
    if day.mark is DayMark.MISSED:
        return DayResult.MISSED
    if habit is Habit.CHECKED_IN:
        return DayResult.KEPT
    answers = day.answers
    if answers is None:
        return DayResult.UNKNOWN
    flag = _answered_flag(habit, answers)
    if flag is None:
        return DayResult.UNKNOWN
    return DayResult.KEPT if flag else DayResult.MISSED


def _answered_flag(habit: Habit, answers: DayAnswers) -> bool | None:
    if habit is Habit.SLEEP_8H:
        return answers.slept_enough
    if habit is Habit.PROBIOTICS:
        return answers.probiotics
    if habit is Habit.VITAMIN_C:
        return answers.vitamin_c
    if habit is Habit.VITAMIN_D:
        return answers.vitamin_d
    raise AssertionError(habit)  # pragma: no cover - every habit is handled above


def score_value(habit: Habit, day: Day, outcome: DayResult) -> float | None:
    """The value a day feeds the score (``None``: excluded, the score stays as it is)."""
    if outcome is DayResult.PROTECTED:
        return None
    if (
        habit is Habit.SLEEP_8H
        and day.mark is DayMark.ANSWERED
        and day.answers is not None
        and day.answers.sleep_hours is not None
    ):
        hours = max(0.0, day.answers.sleep_hours)
        return min(1.0, hours / SLEEP_TARGET_HOURS)
    return 1.0 if outcome is DayResult.KEPT else 0.0


def _pending(day: Day, outcome: DayResult, today: date | None) -> bool:
    """Today, with nothing final for this habit yet: the day is not over."""
    if today is None or day.local_date != today:
        return False
    return outcome is DayResult.UNKNOWN or (
        outcome is DayResult.MISSED and day.mark is DayMark.MISSED
    )


# --------------------------------------------------------------------------- timelines


@dataclass(frozen=True)
class TimelineDay:
    """A day of a timeline with one habit's outcome; ``pending`` = today, not final yet."""

    day: Day
    outcome: DayResult
    pending: bool

    @property
    def local_date(self) -> date:
        return self.day.local_date


def timeline(days: Iterable[Day], today: date | None = None) -> list[tuple[Day, bool]]:
    """Every local date from the first day through ``today`` (or the last day), gaps filled
    with ``MISSED`` days, each paired with whether allergens were watched that day."""
    by_date: dict[date, Day] = {}
    for day in days:
        if day.local_date in by_date:
            raise ValueError(f"two entries for {day.local_date.isoformat()}")
        by_date[day.local_date] = day
    if today is not None:
        by_date = {d: day for d, day in by_date.items() if d <= today}
    if not by_date:
        return []
    first = min(by_date)
    last = today if today is not None else max(by_date)
    result: list[tuple[Day, bool]] = []
    watched = False
    for current in _dates(first, last):
        day = by_date.get(current) or Day(current, DayMark.MISSED)
        watched = watches_allergens(day, default=watched)
        result.append((day, watched))
    return result


def outcomes(habit: Habit, days: Iterable[Day], today: date | None = None) -> list[TimelineDay]:
    """``habit``'s outcome on every date of the timeline (see :func:`timeline`)."""
    result: list[TimelineDay] = []
    for day, _watched in timeline(days, today):
        outcome = habit_outcome(habit, day)
        result.append(TimelineDay(day, outcome, _pending(day, outcome, today)))
    return result


def _dates(first: date, last: date) -> Iterator[date]:
    current = first
    while current <= last:
        yield current
        current += timedelta(days=1)


# --------------------------------------------------------------------------- streaks and score


def streaks(habit: Habit, days: Iterable[Day], today: date) -> Streak:
    """Current and best streak of ``habit`` as of ``today`` (rules in the module docstring)."""
    return _streak_of(outcomes(habit, days, today))


def _streak_of(timeline_outcomes: Sequence[TimelineDay]) -> Streak:
    current = best = 0
    for item in timeline_outcomes:
        if item.pending:
            continue
        if item.outcome is DayResult.KEPT:
            current += 1
            best = max(best, current)
        elif item.outcome in (DayResult.MISSED, DayResult.UNKNOWN):
            current = 0
    return Streak(current, best)


def strength(habit: Habit, days: Iterable[Day], today: date | None = None) -> float:
    """Loop-style strength score in [0, 1] (rules in the module docstring)."""
    return _score_of(habit, outcomes(habit, days, today))


def _score_of(habit: Habit, timeline_outcomes: Sequence[TimelineDay]) -> float:
    score = 0.0
    m = SCORE_MULTIPLIER
    for item in timeline_outcomes:
        if item.pending:
            continue
        value = score_value(habit, item.day, item.outcome)
        if value is not None:
            score = score * m + value * (1 - m)
    return min(1.0, max(0.0, score))


# --------------------------------------------------------------------------- weekly goals


def week_start_of(local_date: date, week_start: int = MONDAY) -> date:
    """The first date of the local week containing ``local_date``."""
    _check_week_start(week_start)
    return local_date - timedelta(days=(local_date.weekday() - week_start) % WEEK_DAYS)


def adjusted_target(goal: int, counted: int) -> int:
    """``ceil(goal × counted / 7)``, at least 1 (0 only when nothing is counted)."""
    if not 0 <= counted <= WEEK_DAYS:
        raise ValueError("counted must be 0..7")
    goal = min(max(goal, 0), WEEK_DAYS)
    if counted == 0:
        return 0
    return max(1, -(-goal * counted // WEEK_DAYS))


def weekly_progress(
    habit: Habit,
    days: Iterable[Day],
    today: date,
    goal: int | None = None,
    week_start: int = MONDAY,
) -> list[WeekResult]:
    """One result per local week, from the week of the first day through the current week."""
    target_goal = DEFAULT_GOALS[habit] if goal is None else goal
    return _weeks_of(outcomes(habit, days, today), today, target_goal, week_start)


def _weeks_of(
    timeline_outcomes: Sequence[TimelineDay], today: date, goal: int, week_start: int
) -> list[WeekResult]:
    if not timeline_outcomes:
        return []
    first = timeline_outcomes[0].local_date
    by_date = {item.local_date: item for item in timeline_outcomes}
    results: list[WeekResult] = []
    start = week_start_of(first, week_start)
    while start <= today:
        end = start + timedelta(days=WEEK_DAYS - 1)
        kept = excused = 0
        for current in _dates(start, end):
            item = by_date.get(current)
            if item is None:
                # Before tracking began excuses the day; days still to come count.
                excused += current < first
                continue
            if item.outcome is DayResult.KEPT:
                kept += 1
            elif item.outcome is DayResult.PROTECTED:
                excused += 1
        counted = WEEK_DAYS - excused
        target = adjusted_target(goal, counted)
        status = week_status(kept, counted, target, end, today)
        results.append(WeekResult(start, end, goal, target, kept, counted, excused, status))
        start = end + timedelta(days=1)
    return results


def week_status(kept: int, counted: int, target: int, end: date, today: date) -> WeekStatus:
    """Met once kept days reach the target; in progress while the week is not over."""
    if counted == 0:
        return WeekStatus.EXCUSED
    if kept >= target:
        return WeekStatus.MET
    if end >= today:
        return WeekStatus.IN_PROGRESS
    return WeekStatus.NOT_MET


def weekly_streak(weeks: Iterable[WeekResult]) -> Streak:
    """Consecutive weeks meeting the goal (rules in the module docstring)."""
    current = best = 0
    for week in weeks:
        if week.status is WeekStatus.MET:
            current += 1
            best = max(best, current)
        elif week.status is WeekStatus.NOT_MET:
            current = 0
    return Streak(current, best)


# --------------------------------------------------------------------------- reports


def habit_report(
    days: Iterable[Day],
    today: date,
    goals: Mapping[Habit, int] = DEFAULT_GOALS,
    week_start: int = MONDAY,
) -> dict[Habit, HabitReport]:
    """Everything about every habit as of ``today``."""
    _check_week_start(week_start)
    day_list = list(days)
    report: dict[Habit, HabitReport] = {}
    for habit in HABITS:
        items = outcomes(habit, day_list, today)
        goal = goals.get(habit, DEFAULT_GOALS[habit])
        weeks = tuple(_weeks_of(items, today, goal, week_start))
        score = _score_of(habit, items)
        last = items[-1] if items and items[-1].local_date == today else None
        streak = _streak_of(items)
        report[habit] = HabitReport(
            habit=habit,
            applicable=bool(items),
            today=last.outcome if last is not None else DayResult.MISSED,
            streak=streak,
            score=score,
            # Shown from the first kept day on (see "Strength score" above).
            score_percent=score_percent(score) if streak.best else 0,
            goal=goal,
            weeks=weeks,
            weekly_streak=weekly_streak(weeks),
        )
    return report


# --------------------------------------------------------------------------- explanations


@dataclass(frozen=True)
class ScoreExplanation:
    half_life_days: float
    multiplier: float  # rounded to 4 places
    partial_credit_for_sleep: bool
    sleep_target_hours: float
    skipped_days_excluded: bool
    unanswered_day_value: float
    # (days of a perfect new habit, score then), e.g. (30, 0.798).
    milestones: tuple[tuple[int, float], ...]
    one_miss_after_90_days: tuple[float, float]  # (before, after)


@dataclass(frozen=True)
class StreakExplanation:
    kept_day_adds: int
    missed_day_resets: bool
    unanswered_question_resets: bool
    skipped_or_paused_day_adds: int
    skipped_or_paused_day_resets: bool
    unanswered_today_resets: bool


@dataclass(frozen=True)
class WeeklyGoalExplanation:
    goal_days: int
    week_days: int
    week_start: int  # 0 = Monday
    minimum_target: int
    rounding_up: bool
    # targets_by_excused[n] = the target when n days of the week are skipped/paused (n = 0..6).
    targets_by_excused: tuple[int, ...]
    current_week_breaks_streak: bool


@dataclass(frozen=True)
class HabitExplanation:
    habit: Habit
    threshold_hours: float | None  # sleep only
    score: ScoreExplanation
    streak: StreakExplanation
    weekly: WeeklyGoalExplanation


def _perfect_score(days: int) -> float:
    return 1 - SCORE_MULTIPLIER**days


def explain(
    habit: Habit, goals: Mapping[Habit, int] = DEFAULT_GOALS, week_start: int = MONDAY
) -> HabitExplanation:
    """The numbers behind the rules, for a "How is this calculated?" button."""
    _check_week_start(week_start)
    goal = goals.get(habit, DEFAULT_GOALS[habit])
    before = _perfect_score(90)
    after = before * SCORE_MULTIPLIER
    return HabitExplanation(
        habit=habit,
        threshold_hours=SLEEP_TARGET_HOURS if habit is Habit.SLEEP_8H else None,
        score=ScoreExplanation(
            half_life_days=HALF_LIFE_FACTOR,
            multiplier=round(SCORE_MULTIPLIER, 4),
            partial_credit_for_sleep=habit is Habit.SLEEP_8H,
            sleep_target_hours=SLEEP_TARGET_HOURS,
            skipped_days_excluded=True,
            unanswered_day_value=0.0,
            milestones=tuple((n, round(_perfect_score(n), 3)) for n in (30, 60, 90)),
            one_miss_after_90_days=(round(before, 3), round(after, 3)),
        ),
        streak=StreakExplanation(
            kept_day_adds=1,
            missed_day_resets=True,
            unanswered_question_resets=True,
            skipped_or_paused_day_adds=0,
            skipped_or_paused_day_resets=False,
            unanswered_today_resets=False,
        ),
        weekly=WeeklyGoalExplanation(
            goal_days=goal,
            week_days=WEEK_DAYS,
            week_start=week_start,
            minimum_target=1,
            rounding_up=True,
            targets_by_excused=tuple(
                adjusted_target(goal, WEEK_DAYS - n) for n in range(WEEK_DAYS)
            ),
            current_week_breaks_streak=False,
        ),
    )


def _check_week_start(week_start: int) -> None:
    if not 0 <= week_start < WEEK_DAYS:
        raise ValueError("week_start must be 0 (Monday) … 6 (Sunday)")
