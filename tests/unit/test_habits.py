"""Habit outcomes, streaks, Loop-style strength scores and weekly goals: cases plus properties."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.answers import Allergen, DayAnswers
from bot.domain.habits import (
    DEFAULT_GOALS,
    HABITS,
    SCORE_MULTIPLIER,
    Day,
    DayMark,
    DayResult,
    Habit,
    Streak,
    WeekResult,
    WeekStatus,
    adjusted_target,
    explain,
    habit_outcome,
    habit_report,
    outcomes,
    score_percent,
    streaks,
    strength,
    timeline,
    week_start_of,
    weekly_progress,
    weekly_streak,
)
from bot.domain.schedule import logical_date
from tests.unit.days import answered

START = date(2025, 3, 3)  # a Monday


def perfect(when: date) -> Day:
    return answered(
        when,
        sleep_hours=8.0,
        probiotics=True,
        vitamin_c=True,
        vitamin_d=True,
        allergens_asked=(Allergen.PEANUTS,),
        allergens_answered=True,
    )


def on(offset: int) -> date:
    return START + timedelta(days=offset)


def vitamin_c_days(pattern: str, first: date = START) -> list[Day]:
    """'y' = took it, 'n' = did not, 's' skipped, 'p' paused, '-' nothing answered,
    '?' answered something else only."""
    days: list[Day] = []
    for index, char in enumerate(pattern):
        when = first + timedelta(days=index)
        if char == "y":
            days.append(answered(when, vitamin_c=True))
        elif char == "n":
            days.append(answered(when, vitamin_c=False))
        elif char == "s":
            days.append(Day(when, DayMark.SKIPPED))
        elif char == "p":
            days.append(Day(when, DayMark.PAUSED))
        elif char == "-":
            days.append(Day(when, DayMark.MISSED))
        elif char == "?":
            days.append(answered(when, sleep_hours=7.0))
        else:  # pragma: no cover - test helper misuse
            raise ValueError(char)
    return days


# --------------------------------------------------------------------------- daily outcomes


@pytest.mark.parametrize(
    ("hours", "expected"),
    [
        (8.0, DayResult.KEPT),
        (9.5, DayResult.KEPT),
        (7.99, DayResult.MISSED),
        (0.0, DayResult.MISSED),
    ],
)
def test_sleep_is_kept_from_eight_hours(hours: float, expected: DayResult) -> None:
    assert habit_outcome(Habit.SLEEP_8H, answered(START, sleep_hours=hours)) is expected


@pytest.mark.parametrize(
    ("habit", "field"),
    [
        (Habit.PROBIOTICS, "probiotics"),
        (Habit.VITAMIN_C, "vitamin_c"),
        (Habit.VITAMIN_D, "vitamin_d"),
    ],
)
def test_yes_no_habits(habit: Habit, field: str) -> None:
    assert habit_outcome(habit, answered(START, **{field: True})) is DayResult.KEPT
    assert habit_outcome(habit, answered(START, **{field: False})) is DayResult.MISSED
    assert habit_outcome(habit, answered(START, sleep_hours=8.0)) is DayResult.UNKNOWN


def test_unanswered_sleep_on_an_answered_day_is_unknown() -> None:
    assert habit_outcome(Habit.SLEEP_8H, answered(START, vitamin_c=True)) is DayResult.UNKNOWN


def test_avoiding_allergens_is_not_a_habit() -> None:
    # The article asks to work with the medical team on food allergies, never to avoid them:
    # there is no allergen streak, goal or score, and an exposure changes no habit.
    assert "allergen_free" not in {habit.value for habit in HABITS}
    assert "allergen_free" not in {habit.value for habit in DEFAULT_GOALS}
    watched = (Allergen.DAIRY,)
    clean = answered(START, vitamin_c=True, allergens_asked=watched, allergens_answered=True)
    exposed = answered(
        START,
        vitamin_c=True,
        allergens_asked=watched,
        allergens_exposed=watched,
        allergens_answered=True,
    )
    for habit in HABITS:
        assert habit_outcome(habit, clean) is habit_outcome(habit, exposed)


def test_goals_stored_under_the_dropped_allergen_key_are_ignored() -> None:
    stale = {"allergen_free": 7, Habit.VITAMIN_C: 3}
    report = habit_report(vitamin_c_days("yyy"), on(2), goals=stale)  # type: ignore[dict-item]
    assert set(report) == set(HABITS)
    assert report[Habit.VITAMIN_C].goal == 3


@pytest.mark.parametrize("habit", HABITS)
@pytest.mark.parametrize("mark", [DayMark.SKIPPED, DayMark.PAUSED])
def test_skipped_and_paused_days_are_protected(habit: Habit, mark: DayMark) -> None:
    assert habit_outcome(habit, Day(START, mark)) is DayResult.PROTECTED
    skipped_flag = answered(START, vitamin_c=True, skipped=True)
    assert habit_outcome(habit, skipped_flag) is DayResult.PROTECTED


@pytest.mark.parametrize("habit", HABITS)
def test_answers_before_skip_today_count_neither_way(habit: Habit) -> None:
    with_answers = Day(START, DayMark.SKIPPED, perfect(START).answers)
    assert habit_outcome(habit, with_answers) is DayResult.PROTECTED


@pytest.mark.parametrize("habit", HABITS)
def test_a_habit_kept_anyway_on_a_paused_day_counts_and_nothing_else_does(habit: Habit) -> None:
    kept = Day(START, DayMark.PAUSED, perfect(START).answers, watching_allergens=True)
    assert habit_outcome(habit, kept) is DayResult.KEPT
    # A "no" (or a question left unanswered) on a break is still protected.
    missed = DayAnswers(
        START,
        sleep_hours=5.0,
        probiotics=False,
        vitamin_c=False,
        vitamin_d=False,
        allergens_asked=(Allergen.PEANUTS,),
        allergens_exposed=(Allergen.PEANUTS,),
        allergens_answered=True,
    )
    not_kept = Day(START, DayMark.PAUSED, missed, watching_allergens=True)
    expected = DayResult.KEPT if habit is Habit.CHECKED_IN else DayResult.PROTECTED
    assert habit_outcome(habit, not_kept) is expected
    only_morning = Day(
        START, DayMark.PAUSED, DayAnswers(START, sleep_hours=8.5), watching_allergens=True
    )
    expected = (
        DayResult.KEPT if habit in (Habit.SLEEP_8H, Habit.CHECKED_IN) else DayResult.PROTECTED
    )
    assert habit_outcome(habit, only_morning) is expected


def test_checking_in_during_a_break_extends_streaks_instead_of_resetting_them() -> None:
    history = [perfect(START + timedelta(days=i)) for i in range(3)]
    paused_day = START + timedelta(days=3)
    history.append(Day(paused_day, DayMark.PAUSED, DayAnswers(paused_day, sleep_hours=9.0)))
    history.append(Day(paused_day + timedelta(days=1), DayMark.PAUSED))
    today = paused_day + timedelta(days=1)
    assert streaks(Habit.SLEEP_8H, history, today).current == 4
    assert streaks(Habit.VITAMIN_C, history, today).current == 3  # unanswered: protected
    assert strength(Habit.SLEEP_8H, history, today) > strength(Habit.SLEEP_8H, history[:3], today)


@pytest.mark.parametrize("habit", HABITS)
def test_a_day_with_no_answer_is_missed(habit: Habit) -> None:
    assert habit_outcome(habit, Day(START, DayMark.MISSED)) is DayResult.MISSED


def test_the_mark_is_authoritative() -> None:
    ignored = Day(START, DayMark.MISSED, DayAnswers(START, vitamin_c=True))
    assert habit_outcome(Habit.VITAMIN_C, ignored) is DayResult.MISSED
    bare = Day(START, DayMark.ANSWERED)
    assert habit_outcome(Habit.CHECKED_IN, bare) is DayResult.KEPT
    assert habit_outcome(Habit.VITAMIN_C, bare) is DayResult.UNKNOWN


def test_timeline_fills_gaps_and_carries_the_allergen_watch() -> None:
    days = [
        answered(on(0), allergens_asked=(Allergen.SOY,), allergens_answered=True),
        answered(on(3), vitamin_c=True),
    ]
    filled = timeline(days, today=on(4))
    assert [d.local_date for d, _ in filled] == [on(i) for i in range(5)]
    assert [d.mark for d, _ in filled] == [
        DayMark.ANSWERED,
        DayMark.MISSED,
        DayMark.MISSED,
        DayMark.ANSWERED,
        DayMark.MISSED,
    ]
    assert all(watched for _, watched in filled)  # carried from the first day
    off = [*days, Day(on(5), DayMark.MISSED, watching_allergens=False)]
    assert [w for _, w in timeline(off, today=on(6))][-2:] == [False, False]


def test_timeline_rejects_two_entries_for_one_date_and_ignores_the_future() -> None:
    with pytest.raises(ValueError, match="two entries"):
        timeline([Day(START, DayMark.MISSED), Day(START, DayMark.SKIPPED)])
    assert timeline([Day(on(5), DayMark.MISSED)], today=on(1)) == []
    assert timeline([]) == []


# --------------------------------------------------------------------------- streaks


@pytest.mark.parametrize(
    ("pattern", "today_offset", "expected"),
    [
        ("yyy", 2, Streak(3, 3)),
        ("yyny", 3, Streak(1, 2)),
        ("yysyy", 4, Streak(4, 4)),  # a skipped day protects without adding
        ("yypppyy", 6, Streak(4, 4)),  # a paused stretch too
        ("yy-y", 3, Streak(1, 2)),  # a day with no answer breaks it
        ("yy?y", 3, Streak(1, 2)),  # so does an unanswered question on an answered day
        ("yyy-", 3, Streak(3, 3)),  # ...but not today, which is not over
        ("yyy?", 3, Streak(3, 3)),  # nor today's unanswered question
        ("yyyn", 3, Streak(0, 3)),  # an answered "no" today does break it
        ("yyy", 3, Streak(3, 3)),  # today not in the list at all: still pending
        ("yyy", 4, Streak(0, 3)),  # yesterday missing (a gap) breaks it
        ("", 0, Streak(0, 0)),
        ("nnnn", 3, Streak(0, 0)),
    ],
)
def test_streaks(pattern: str, today_offset: int, expected: Streak) -> None:
    assert streaks(Habit.VITAMIN_C, vitamin_c_days(pattern), on(today_offset)) == expected


def test_days_after_today_are_ignored() -> None:
    days = vitamin_c_days("yyynnn")
    assert streaks(Habit.VITAMIN_C, days, on(2)) == Streak(3, 3)


# --------------------------------------------------------------------------- strength


def test_multiplier_is_loops_daily_value() -> None:
    assert pytest.approx(0.5 ** (1 / 13)) == SCORE_MULTIPLIER
    assert round(SCORE_MULTIPLIER, 4) == 0.9481


@pytest.mark.parametrize(("days", "expected"), [(30, 0.798), (60, 0.959), (90, 0.992)])
def test_perfect_days_reach_loops_figures(days: int, expected: float) -> None:
    history = vitamin_c_days("y" * days)
    assert strength(Habit.VITAMIN_C, history, on(days - 1)) == pytest.approx(expected, abs=5e-4)


def test_one_miss_after_ninety_perfect_days() -> None:
    before = strength(Habit.VITAMIN_C, vitamin_c_days("y" * 90), on(89))
    after = strength(Habit.VITAMIN_C, vitamin_c_days("y" * 90 + "n"), on(90))
    assert score_percent(before) == 99
    assert before == pytest.approx(0.992, abs=5e-4)
    assert after == pytest.approx(0.940, abs=5e-4)
    assert score_percent(after) == 94


def test_skipped_days_leave_the_score_unchanged() -> None:
    plain = strength(Habit.VITAMIN_C, vitamin_c_days("yyyy"), on(3))
    with_skips = strength(Habit.VITAMIN_C, vitamin_c_days("yyspsyy"), on(6))
    assert with_skips == pytest.approx(plain)


def test_sleep_gets_partial_credit() -> None:
    m = SCORE_MULTIPLIER
    one = strength(Habit.SLEEP_8H, [answered(START, sleep_hours=6.0)], START)
    assert one == pytest.approx(0.75 * (1 - m))
    capped = strength(Habit.SLEEP_8H, [answered(START, sleep_hours=11.0)], START)
    assert capped == pytest.approx(1 - m)
    # An answered day without sleep hours, or no answer at all, counts 0.
    days = [answered(on(0), sleep_hours=8.0), answered(on(1), vitamin_c=True)]
    assert strength(Habit.SLEEP_8H, days, on(2)) == pytest.approx((1 - m) * m)


def test_a_pending_today_does_not_lower_the_score() -> None:
    done = strength(Habit.VITAMIN_C, vitamin_c_days("yyy"), on(2))
    assert strength(Habit.VITAMIN_C, vitamin_c_days("yyy-"), on(3)) == pytest.approx(done)
    assert strength(Habit.VITAMIN_C, vitamin_c_days("yyy-"), on(4)) < done


def test_score_percent_rounds_and_clamps() -> None:
    assert score_percent(0.0) == 0
    assert score_percent(0.994) == 99
    assert score_percent(0.995) == 100
    assert score_percent(1.2) == 100
    assert score_percent(-0.1) == 0


# --------------------------------------------------------------------------- weekly goals


@pytest.mark.parametrize(
    ("goal", "counted", "target"),
    [
        (5, 7, 5),
        (5, 6, 5),  # 30/7 = 4.3 → 5 (rounded up)
        (5, 5, 4),
        (5, 2, 2),
        (5, 1, 1),
        (4, 1, 1),  # never below 1
        (7, 3, 3),
        (1, 1, 1),
        (6, 0, 0),  # nothing counted: no target
    ],
)
def test_adjusted_target(goal: int, counted: int, target: int) -> None:
    assert adjusted_target(goal, counted) == target


def test_adjusted_target_is_between_one_and_counted() -> None:
    for goal in range(1, 8):
        for counted in range(1, 8):
            assert 1 <= adjusted_target(goal, counted) <= counted
    with pytest.raises(ValueError, match="counted"):
        adjusted_target(5, 8)


def test_week_start_of() -> None:
    sunday = date(2025, 3, 9)
    assert week_start_of(sunday) == date(2025, 3, 3)
    assert week_start_of(sunday, week_start=6) == sunday
    assert week_start_of(date(2025, 3, 8), week_start=6) == date(2025, 3, 2)
    with pytest.raises(ValueError, match="week_start"):
        week_start_of(sunday, week_start=7)


def test_weekly_progress_with_skips_and_a_partial_first_week() -> None:
    # Tracking starts on Thursday 6 March: 4 counted days in week 1 → vitamin C target 3.
    first = date(2025, 3, 6)
    pattern = "yyy" + "n" + "yyssyyy" + "nnnnnnn" + "yy"
    weeks = weekly_progress(Habit.VITAMIN_C, vitamin_c_days(pattern, first), date(2025, 3, 25))
    assert [w.start for w in weeks] == [date(2025, 3, 3) + timedelta(weeks=i) for i in range(4)]
    assert weeks[0] == WeekResult(date(2025, 3, 3), date(2025, 3, 9), 5, 3, 3, 4, 3, WeekStatus.MET)
    # Week 2: 2 skipped days → 5 counted → target 4; 5 kept.
    assert (weeks[1].target, weeks[1].kept, weeks[1].excused) == (4, 5, 2)
    assert weeks[1].status is WeekStatus.MET
    assert weeks[2].status is WeekStatus.NOT_MET
    # The current week (Mon 24 – Sun 30, today Tuesday): 2 kept of 5 needed so far.
    assert weeks[3].status is WeekStatus.IN_PROGRESS
    assert not weeks[3].finished
    assert (weeks[3].target, weeks[3].counted) == (5, 7)


def test_a_fully_paused_week_is_excused_and_keeps_the_weekly_streak() -> None:
    pattern = "yyyyyyy" + "ppppppp" + "yyyyyyy"
    weeks = weekly_progress(Habit.VITAMIN_C, vitamin_c_days(pattern), on(21))
    assert [w.status for w in weeks] == [
        WeekStatus.MET,
        WeekStatus.EXCUSED,
        WeekStatus.MET,
        WeekStatus.IN_PROGRESS,
    ]
    assert weeks[1].target == 0
    assert weekly_streak(weeks) == Streak(2, 2)


def test_weekly_streak_rules() -> None:
    def week(status: WeekStatus) -> WeekResult:
        return WeekResult(START, on(6), 5, 5, 0, 7, 0, status)

    met, miss = week(WeekStatus.MET), week(WeekStatus.NOT_MET)
    excused, open_ = week(WeekStatus.EXCUSED), week(WeekStatus.IN_PROGRESS)
    assert weekly_streak([met, met, miss, met]) == Streak(1, 2)
    assert weekly_streak([met, excused, met, open_]) == Streak(2, 2)
    assert weekly_streak([met, met, met]) == Streak(3, 3)  # the current week met early counts
    assert weekly_streak([]) == Streak(0, 0)


def test_the_current_week_met_early_counts() -> None:
    weeks = weekly_progress(Habit.PROBIOTICS, [perfect(on(i)) for i in range(4)], on(3))
    assert weeks[-1].status is WeekStatus.MET
    assert weekly_streak(weeks) == Streak(1, 1)


def test_week_start_on_sunday() -> None:
    weeks = weekly_progress(Habit.VITAMIN_C, vitamin_c_days("yyyyyyy"), on(6), week_start=6)
    assert [(w.start, w.end) for w in weeks] == [
        (date(2025, 3, 2), date(2025, 3, 8)),
        (date(2025, 3, 9), date(2025, 3, 15)),
    ]
    assert weeks[0].excused == 1  # Sunday 2 March is before tracking began


@pytest.mark.parametrize(
    ("zone", "monday"),
    [
        ("Europe/Berlin", date(2025, 3, 24)),  # spring forward on Sunday 30 March
        ("Europe/Berlin", date(2025, 10, 20)),  # fall back on Sunday 26 October
        ("America/New_York", date(2025, 3, 3)),  # spring forward on Sunday 9 March
        ("Australia/Lord_Howe", date(2025, 3, 31)),  # a 30-minute shift on 6 April
    ],
)
def test_weeks_across_dst_have_seven_local_days(zone: str, monday: date) -> None:
    tz = ZoneInfo(zone)
    # One evening check-in a day at 21:00 local, stored as UTC instants, read back as the
    # user's logical dates.
    instants = [
        datetime.combine(monday + timedelta(days=i), time(21, 0), tzinfo=tz).astimezone(UTC)
        for i in range(7)
    ]
    dates = [logical_date(instant, tz, 4) for instant in instants]
    assert dates == [monday + timedelta(days=i) for i in range(7)]
    utc_span = instants[-1] - instants[0]
    assert utc_span != timedelta(days=6)  # the week really has a DST change
    days = [answered(d, vitamin_c=True) for d in dates]
    weeks = weekly_progress(Habit.VITAMIN_C, days, dates[-1])
    assert len(weeks) == 1
    assert (weeks[0].start, weeks[0].end) == (monday, monday + timedelta(days=6))
    assert (weeks[0].counted, weeks[0].kept, weeks[0].status) == (7, 7, WeekStatus.MET)
    assert streaks(Habit.VITAMIN_C, days, dates[-1]) == Streak(7, 7)


# ---------------------------------------------------------------------- reports and explanations


def test_habit_report() -> None:
    days = [perfect(on(i)) for i in range(10)] + [answered(on(10), vitamin_c=False)]
    report = habit_report(days, on(10))
    assert set(report) == set(HABITS)
    assert report[Habit.VITAMIN_C].streak == Streak(0, 10)
    assert report[Habit.VITAMIN_C].today is DayResult.MISSED
    assert report[Habit.PROBIOTICS].today is DayResult.UNKNOWN
    assert report[Habit.PROBIOTICS].streak == Streak(10, 10)  # pending today
    assert report[Habit.CHECKED_IN].streak == Streak(11, 11)
    assert report[Habit.SLEEP_8H].score_percent == score_percent(report[Habit.SLEEP_8H].score)
    assert all(item.applicable for item in report.values())
    assert report[Habit.SLEEP_8H].goal == DEFAULT_GOALS[Habit.SLEEP_8H]
    assert [w.status for w in report[Habit.VITAMIN_C].weeks] == [
        WeekStatus.MET,
        WeekStatus.IN_PROGRESS,
    ]


def test_habit_report_takes_goals() -> None:
    days = vitamin_c_days("yyy")
    report = habit_report(days, on(2), goals={Habit.VITAMIN_C: 2})
    assert report[Habit.VITAMIN_C].goal == 2
    assert report[Habit.VITAMIN_C].weeks[0].status is WeekStatus.MET
    empty = habit_report([], on(0))
    assert not empty[Habit.SLEEP_8H].applicable
    assert empty[Habit.SLEEP_8H].streak == Streak(0, 0)
    assert empty[Habit.SLEEP_8H].weeks == ()


def test_explain_gives_the_numbers() -> None:
    sleep = explain(Habit.SLEEP_8H)
    assert sleep.threshold_hours == 8.0
    assert sleep.score.half_life_days == 13
    assert sleep.score.multiplier == 0.9481
    assert sleep.score.partial_credit_for_sleep
    assert sleep.score.skipped_days_excluded
    assert sleep.score.milestones == ((30, 0.798), (60, 0.959), (90, 0.992))
    assert sleep.score.one_miss_after_90_days == (0.992, 0.94)
    assert sleep.streak.skipped_or_paused_day_adds == 0
    assert not sleep.streak.skipped_or_paused_day_resets
    assert not sleep.streak.unanswered_today_resets
    assert sleep.weekly.goal_days == 5
    assert sleep.weekly.targets_by_excused == (5, 5, 4, 3, 3, 2, 1)
    vitamin = explain(Habit.VITAMIN_D, goals={Habit.VITAMIN_D: 3}, week_start=6)
    assert vitamin.threshold_hours is None
    assert not vitamin.score.partial_credit_for_sleep
    assert vitamin.weekly.goal_days == 3
    assert vitamin.weekly.week_start == 6


# --------------------------------------------------------------------------- properties


@dataclass(frozen=True)
class Spec:
    """A day without its date, so tests can shift days around."""

    mark: DayMark
    sleep: float | None = None
    probiotics: bool | None = None
    vitamin_c: bool | None = None
    vitamin_d: bool | None = None
    allergens: str = "none"  # none (not watched) | unanswered | clean | exposed

    def on(self, when: date) -> Day:
        if self.mark is not DayMark.ANSWERED:
            return Day(when, self.mark)
        watched = () if self.allergens == "none" else (Allergen.EGGS, Allergen.FISH)
        return Day(
            when,
            DayMark.ANSWERED,
            DayAnswers(
                when,
                sleep_hours=self.sleep,
                probiotics=self.probiotics,
                vitamin_c=self.vitamin_c,
                vitamin_d=self.vitamin_d,
                allergens_asked=watched,
                allergens_exposed=(Allergen.EGGS,) if self.allergens == "exposed" else (),
                allergens_answered=self.allergens in ("clean", "exposed"),
            ),
            watching_allergens=bool(watched),
        )


flags = st.one_of(st.none(), st.booleans())
specs = st.one_of(
    st.builds(
        Spec,
        mark=st.just(DayMark.ANSWERED),
        sleep=st.one_of(st.none(), st.floats(0, 24)),
        probiotics=flags,
        vitamin_c=flags,
        vitamin_d=flags,
        allergens=st.sampled_from(("none", "unanswered", "clean", "exposed")),
    ),
    st.builds(Spec, mark=st.sampled_from([DayMark.SKIPPED, DayMark.PAUSED, DayMark.MISSED])),
)
histories = st.lists(specs, min_size=1, max_size=40)
PERFECT = Spec(DayMark.ANSWERED, 8.0, True, True, True, "clean")


def build(history: list[Spec]) -> list[Day]:
    return [spec.on(START + timedelta(days=i)) for i, spec in enumerate(history)]


@settings(max_examples=150, deadline=None)
@given(history=histories, extra=st.integers(0, 1))
def test_best_is_at_least_current_and_scores_stay_in_range(history: list[Spec], extra: int) -> None:
    days = build(history)
    today = days[-1].local_date + timedelta(days=extra)
    for habit in HABITS:
        streak = streaks(habit, days, today)
        assert 0 <= streak.current <= streak.best <= len(days)
        assert 0.0 <= strength(habit, days, today) <= 1.0
        for week in weekly_progress(habit, days, today):
            assert week.kept + week.excused <= 7
            assert 0 <= week.target <= week.counted


@settings(max_examples=150, deadline=None)
@given(
    history=histories,
    protected=st.sampled_from([DayMark.SKIPPED, DayMark.PAUSED]),
    where=st.integers(0, 39),
)
def test_a_skipped_or_paused_day_never_changes_a_streak_or_the_score(
    history: list[Spec], protected: DayMark, where: int
) -> None:
    # Insert a protected day anywhere before today (the last day); later days move by one.
    position = where % len(history)
    before = build(history)
    after = build([*history[:position], Spec(protected), *history[position:]])
    for habit in HABITS:
        assert streaks(habit, after, after[-1].local_date) == streaks(
            habit, before, before[-1].local_date
        )
        assert strength(habit, after, after[-1].local_date) == pytest.approx(
            strength(habit, before, before[-1].local_date)
        )


@settings(max_examples=150, deadline=None)
@given(history=histories)
def test_a_kept_day_at_the_end_never_lowers_the_score_or_the_current_streak(
    history: list[Spec],
) -> None:
    before = build(history)
    today = before[-1].local_date + timedelta(days=1)  # today: not answered yet
    after = [*before, PERFECT.on(today)]
    for habit in HABITS:
        old, new = streaks(habit, before, today), streaks(habit, after, today)
        assert new.current >= old.current
        assert new.best >= old.best
        assert strength(habit, after, today) >= strength(habit, before, today) - 1e-12


@settings(max_examples=100, deadline=None)
@given(history=histories)
def test_outcomes_cover_every_date_once(history: list[Spec]) -> None:
    days = build(history)
    today = days[-1].local_date
    items = outcomes(Habit.SLEEP_8H, days, today)
    assert [i.local_date for i in items] == [d.local_date for d in days]
    assert all(not i.pending for i in items[:-1])
