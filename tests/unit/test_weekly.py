"""The weekly summary's figures: first/empty/partial weeks, week-over-week change, best day,
weakest habit, allergen and symptom days."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from bot.domain.answers import Allergen, DayAnswers, Symptoms
from bot.domain.habits import Day, DayMark, Habit, Streak, WeekStatus
from bot.domain.weekly import TIP_TOPICS, BestDay, summarize_week
from bot.tips.content import TOPICS

SUNDAY = date(2025, 3, 23)
MONDAY = SUNDAY - timedelta(days=6)  # the window: Mon 17 – Sun 23 March
WATCHED = (Allergen.PEANUTS, Allergen.DAIRY)


def day(when: date, **fields: object) -> Day:
    fields.setdefault("allergens_asked", WATCHED)
    return Day(
        when,
        DayMark.ANSWERED,
        DayAnswers(when, **fields),  # type: ignore[arg-type]
        watching_allergens=True,
    )


def full(when: date, **overrides: object) -> Day:
    """Every habit kept unless overridden."""
    fields: dict[str, object] = {
        "sleep_hours": 8.0,
        "probiotics": True,
        "vitamin_c": True,
        "vitamin_d": True,
        "allergens_answered": True,
        "symptoms": Symptoms.NONE,
    }
    fields.update(overrides)
    return day(when, **fields)


def week_of(first: date, make: object = full, count: int = 7) -> list[Day]:
    assert callable(make)
    return [make(first + timedelta(days=i)) for i in range(count)]


def test_empty_history() -> None:
    summary = summarize_week([], [], 0, 0, SUNDAY)
    assert (summary.start, summary.end) == (MONDAY, SUNDAY)
    assert summary.is_empty
    assert not summary.is_first_week  # nothing tracked at all
    assert not summary.is_partial
    assert not summary.has_previous
    assert summary.best_day is None
    assert summary.weakest_habit is None
    assert summary.weakest_topic is None
    assert summary.answer_rate is None
    assert summary.sleep.average_hours is None
    assert dict(summary.habits) == {}


def test_a_week_of_missed_days_is_empty() -> None:
    days = [Day(MONDAY + timedelta(days=i), DayMark.MISSED) for i in range(7)]
    summary = summarize_week(days, [], 14, 0, SUNDAY)
    assert summary.is_empty
    assert summary.days_missed == 6  # Sunday itself is still open when the summary is sent
    assert summary.answer_rate == 0.0
    assert summary.habits[Habit.VITAMIN_C].kept == 0
    assert summary.habits[Habit.VITAMIN_C].missed == 6  # Sunday's evening is still to come
    assert summary.habits[Habit.VITAMIN_C].ratio == 0.0
    # Every counted habit is at 0 %: the tie goes to the first in priority order.
    assert summary.weakest_habit is Habit.SLEEP_8H
    assert not summary.watches_allergens  # never watched


def test_first_partial_week() -> None:
    thursday = MONDAY + timedelta(days=3)
    days = week_of(thursday, count=4)
    summary = summarize_week(days, [], 8, 8, SUNDAY)
    assert summary.is_first_week
    assert summary.is_partial
    assert not summary.is_empty
    assert not summary.has_previous
    assert summary.days_tracked == 4
    assert summary.days_answered == 4
    vitamin_c = summary.habits[Habit.VITAMIN_C]
    assert (vitamin_c.kept, vitamin_c.counted, vitamin_c.ratio) == (4, 4, 1.0)
    assert vitamin_c.change is None
    # Goal scaled to the 4 tracked days: ceil(5 × 4 / 7) = 3.
    assert (vitamin_c.goal.target, vitamin_c.goal.status) == (3, WeekStatus.MET)
    assert summary.weakest_habit is None  # a perfect week has no weakest habit
    assert summary.answer_rate == 1.0


def test_full_week_with_history_is_not_first_or_partial() -> None:
    previous = week_of(MONDAY - timedelta(days=7))
    summary = summarize_week(week_of(MONDAY), previous, 14, 14, SUNDAY)
    assert not summary.is_first_week
    assert not summary.is_partial
    assert summary.has_previous
    assert summary.habits[Habit.SLEEP_8H].streak == Streak(14, 14)
    assert summary.habits[Habit.SLEEP_8H].weekly_streak == Streak(2, 2)
    assert summary.habits[Habit.SLEEP_8H].score_percent == 53  # 1 − 0.9481^14


def test_week_over_week_change() -> None:
    def previous_make(when: date) -> Day:
        index = (when - MONDAY).days + 7
        return full(when, vitamin_c=index < 2, vitamin_d=True)

    def this_make(when: date) -> Day:
        index = (when - MONDAY).days
        return full(when, vitamin_c=index < 5, vitamin_d=index < 3)

    previous = week_of(MONDAY - timedelta(days=7), previous_make)
    summary = summarize_week(week_of(MONDAY, this_make), previous, 14, 13, SUNDAY)
    vitamin_c = summary.habits[Habit.VITAMIN_C]
    assert (vitamin_c.kept, vitamin_c.previous_kept, vitamin_c.change) == (5, 2, 3)
    assert vitamin_c.ratio_change == pytest.approx(3 / 7)
    vitamin_d = summary.habits[Habit.VITAMIN_D]
    assert (vitamin_d.kept, vitamin_d.previous_kept, vitamin_d.change) == (3, 7, -4)
    assert summary.habits[Habit.SLEEP_8H].change == 0
    assert summary.weakest_habit is Habit.VITAMIN_D
    assert summary.weakest_topic == "vitamin_d"
    assert summary.answer_rate == pytest.approx(13 / 14)


def test_previous_week_passed_inside_days_works_too() -> None:
    previous = week_of(MONDAY - timedelta(days=7))
    merged = summarize_week(previous + week_of(MONDAY), [], 14, 14, SUNDAY)
    split = summarize_week(week_of(MONDAY), previous, 14, 14, SUNDAY)
    assert merged == split


def test_best_day_most_habits_ties_go_to_the_latest() -> None:
    def make(when: date) -> Day:
        index = (when - MONDAY).days
        if index == 2:
            return full(when)  # everything (4 habits)
        if index == 5:
            return full(when, symptoms=Symptoms.MILD)  # everything too, later
        return full(when, vitamin_c=False, sleep_hours=6.5)

    summary = summarize_week(week_of(MONDAY, make), [], 14, 14, SUNDAY)
    best = summary.best_day
    assert best == BestDay(
        MONDAY + timedelta(days=5),
        4,
        (Habit.SLEEP_8H, Habit.PROBIOTICS, Habit.VITAMIN_C, Habit.VITAMIN_D),
    )


def test_best_day_ignores_skipped_days_and_needs_a_kept_habit() -> None:
    days = [Day(MONDAY, DayMark.SKIPPED, full(MONDAY).answers)]
    days += [day(MONDAY + timedelta(days=i), sleep_hours=5.0) for i in range(1, 7)]
    summary = summarize_week(days, [], 14, 6, SUNDAY)
    assert summary.best_day is None
    assert summary.days_skipped == 1


def test_weakest_habit_ties_follow_the_priority_order() -> None:
    def make(when: date) -> Day:
        index = (when - MONDAY).days
        return full(when, vitamin_c=index < 4, vitamin_d=index < 4)

    summary = summarize_week(week_of(MONDAY, make), [], 14, 14, SUNDAY)
    assert summary.weakest_habit is Habit.VITAMIN_C  # vitamin C comes before vitamin D


def test_probiotics_are_not_pushed_after_a_day_they_did_not_sit_well() -> None:
    def make(when: date) -> Day:
        index = (when - MONDAY).days
        return full(
            when,
            probiotics=index == 0,
            probiotic_tolerated=False if index == 0 else None,
            vitamin_d=index != 3,
        )

    summary = summarize_week(week_of(MONDAY, make), [], 14, 14, SUNDAY)
    assert summary.habits[Habit.PROBIOTICS].ratio == pytest.approx(1 / 7)
    assert summary.probiotic_not_tolerated_days == 1
    assert summary.weakest_habit is Habit.VITAMIN_D
    assert summary.weakest_topic == "vitamin_d"


def test_allergen_exposures_and_symptoms() -> None:
    def make(when: date) -> Day:
        index = (when - MONDAY).days
        exposed = {1: (Allergen.PEANUTS,), 4: (Allergen.PEANUTS, Allergen.DAIRY)}.get(index, ())
        symptoms = {2: Symptoms.MILD, 5: Symptoms.STRONG, 6: Symptoms.MILD}.get(
            index, Symptoms.NONE
        )
        return full(when, allergens_exposed=exposed, symptoms=symptoms)

    next_monday = SUNDAY + timedelta(days=1)
    summary = summarize_week(week_of(MONDAY, make), [], 14, 14, next_monday, week_end=SUNDAY)
    assert [(d.local_date - MONDAY).days for d in summary.allergen_days] == [1, 4]
    assert summary.allergen_days[1].allergens == (Allergen.PEANUTS, Allergen.DAIRY)
    assert dict(summary.allergen_counts) == {Allergen.PEANUTS: 2, Allergen.DAIRY: 1}
    assert [(d.local_date - MONDAY).days for d in summary.symptom_days] == [2, 5, 6]
    assert (summary.mild_days, summary.strong_days) == (2, 1)
    # Exposures are facts for the medical team, never a habit, a goal or the week's focus.
    assert summary.watches_allergens
    assert {habit.value for habit in summary.habits} == {h.value for h in Habit}
    assert summary.weakest_habit is None
    assert summary.weakest_topic is None


def test_sleep_figures() -> None:
    hours = [8.0, 6.5, None, 9.0, 7.0, 8.5, 5.0]

    def make(when: date) -> Day:
        return full(when, sleep_hours=hours[(when - MONDAY).days])

    previous = [full(MONDAY - timedelta(days=7 - i), sleep_hours=6.0) for i in range(7)]
    summary = summarize_week(week_of(MONDAY, make), previous, 14, 14, SUNDAY)
    sleep = summary.sleep
    assert sleep.nights_reported == 6
    assert sleep.average_hours == pytest.approx(44.0 / 6)
    assert sleep.nights_at_target == 3
    assert (sleep.shortest_hours, sleep.longest_hours) == (5.0, 9.0)
    assert sleep.previous_average_hours == pytest.approx(6.0)
    habit = summary.habits[Habit.SLEEP_8H]
    assert (habit.kept, habit.unknown, habit.missed) == (3, 1, 3)


def test_skipped_and_paused_days_reduce_the_goal() -> None:
    def make(when: date) -> Day:
        index = (when - MONDAY).days
        if index in (0, 1):
            return Day(when, DayMark.PAUSED)
        if index == 2:
            return Day(when, DayMark.SKIPPED)
        return full(when, sleep_hours=8.0 if index < 6 else 7.0)

    summary = summarize_week(week_of(MONDAY, make), [], 8, 4, SUNDAY)
    sleep = summary.habits[Habit.SLEEP_8H]
    assert (sleep.kept, sleep.counted, sleep.protected) == (3, 4, 3)
    assert sleep.goal.target == 3  # ceil(5 × 4 / 7)
    assert sleep.goal.status is WeekStatus.MET
    assert (summary.days_paused, summary.days_skipped) == (2, 1)
    assert summary.is_partial


def test_window_ending_before_today() -> None:
    # Sent on Monday morning about the week that ended yesterday.
    monday_after = SUNDAY + timedelta(days=1)
    summary = summarize_week(week_of(MONDAY), [], 14, 14, monday_after, week_end=SUNDAY)
    assert (summary.start, summary.end) == (MONDAY, SUNDAY)
    assert summary.days_tracked == 7
    assert summary.habits[Habit.VITAMIN_C].goal.status is WeekStatus.MET
    # Today (Monday) is still open: the streaks are not broken by it.
    assert summary.habits[Habit.VITAMIN_C].streak == Streak(7, 7)
    with pytest.raises(ValueError, match="include today"):
        summarize_week([], [], 0, 0, SUNDAY, week_end=SUNDAY + timedelta(days=7))


def test_a_running_week_counts_the_days_so_far_and_keeps_the_rest_open() -> None:
    # /week on Wednesday: Monday–Wednesday answered, Thursday–Sunday still to come.
    wednesday = MONDAY + timedelta(days=2)
    previous = [full(MONDAY - timedelta(days=7 - i)) for i in range(7)]
    days = [full(MONDAY), full(MONDAY + timedelta(days=1), vitamin_c=False), full(wednesday)]
    summary = summarize_week(days, previous, 3, 3, wednesday, week_end=SUNDAY)
    assert (summary.start, summary.end) == (MONDAY, SUNDAY)
    assert summary.days_to_come == 4
    assert (summary.days_tracked, summary.days_answered) == (3, 3)
    vitamin_c = summary.habits[Habit.VITAMIN_C]
    assert vitamin_c.kept == 2
    # The goal is still the whole week's (5 of 7), in progress: 4 days can still keep it.
    assert (vitamin_c.goal.target, vitamin_c.goal.status) == (5, WeekStatus.IN_PROGRESS)
    # Three days against last week's seven is no fair comparison: no change is shown.
    assert vitamin_c.change is None
    assert vitamin_c.ratio_change is None
    earlier = [full(MONDAY - timedelta(days=14 - i)) for i in range(7)]
    finished = summarize_week(days, earlier + previous, 3, 3, wednesday)
    assert finished.days_to_come == 0
    assert finished.habits[Habit.VITAMIN_C].change is not None


def test_unfinished_window_is_in_progress_until_met() -> None:
    def make(when: date) -> Day:
        return full(when, vitamin_d=(when - MONDAY).days < 2)

    summary = summarize_week(week_of(MONDAY, make, count=6), [], 12, 12, SUNDAY)
    assert summary.habits[Habit.VITAMIN_D].goal.status is WeekStatus.IN_PROGRESS
    assert summary.habits[Habit.VITAMIN_C].goal.status is WeekStatus.MET


def test_tip_topics_exist_in_the_tips_content() -> None:
    assert set(TIP_TOPICS.values()) <= set(TOPICS)
    assert list(TIP_TOPICS) == [
        Habit.SLEEP_8H,
        Habit.PROBIOTICS,
        Habit.VITAMIN_C,
        Habit.VITAMIN_D,
    ]


def test_a_day_tracked_before_the_window_is_no_last_week_to_compare_with() -> None:
    # One (missed) day before Monday, e.g. a record that began on a Sunday evening: no
    # "▲ vs last week" against a week that was not there.
    days = [Day(MONDAY - timedelta(days=1), DayMark.MISSED), *week_of(MONDAY)]
    summary = summarize_week(days, [], 14, 14, SUNDAY)
    assert not summary.has_previous
    assert all(week.change is None for week in summary.habits.values())
    assert summary.sleep.previous_average_hours is None


def test_today_still_open_is_neither_missed_nor_unknown() -> None:
    # The summary at 19:00 on Sunday: Sunday's morning answered, its evening not sent yet.
    days = [*week_of(MONDAY, count=6), day(SUNDAY, sleep_hours=8.0)]
    summary = summarize_week(days, [], 13, 13, SUNDAY)
    vitamin_c = summary.habits[Habit.VITAMIN_C]
    assert (vitamin_c.kept, vitamin_c.counted, vitamin_c.missed, vitamin_c.unknown) == (6, 6, 0, 0)
    assert vitamin_c.ratio == 1.0
    assert summary.weakest_habit is None  # nothing was let slip
    assert summary.days_missed == 0


def test_no_exposure_and_no_symptoms_are_said_only_about_days_that_answered() -> None:
    # Tuesday answered the morning only: its allergen and symptom questions were never asked.
    days = [full(MONDAY), day(MONDAY + timedelta(days=1), sleep_hours=7.0)]
    summary = summarize_week(days, [], 3, 3, MONDAY + timedelta(days=1), week_end=SUNDAY)
    assert (summary.allergen_days_answered, summary.symptom_days_answered) == (1, 1)
    morning_only = summarize_week(days[1:], [], 1, 1, days[1].local_date, week_end=SUNDAY)
    assert (morning_only.allergen_days_answered, morning_only.symptom_days_answered) == (0, 0)
