"""The medical report's numbers: period, day statuses, adherence, exposures, symptoms, notes and
the sleep trend (bot.reports.summary)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from bot.domain.answers import Allergen, DayAnswers, ProbioticKind, Symptoms
from bot.domain.habits import DayMark
from bot.domain.insights import SleepTrend
from bot.reports import ExportDay, summarize
from bot.reports.summary import period
from tests.unit.test_reports_fixtures import END, bundle, empty_bundle, partial_bundle, profile


def day(offset: int, mark: DayMark = DayMark.ANSWERED, **answers: object) -> ExportDay:
    """The day ``offset`` days before END with these answers."""
    local = END - timedelta(days=offset)
    return ExportDay(local, mark, DayAnswers(local, **answers))  # type: ignore[arg-type]


def sleep_days(first_half: float, second_half: float, nights: int = 15) -> tuple[ExportDay, ...]:
    return tuple(
        day(29 - i, sleep_hours=first_half if i < 15 else second_half)
        for i in range(30)
        if i % 15 < nights
    )


# --------------------------------------------------------------------------- period


def test_full_period_is_30_days_ending_today() -> None:
    assert period(bundle(), 30) == (date(2025, 3, 1), END)


def test_period_starts_when_the_user_started() -> None:
    assert period(partial_bundle(), 30) == (date(2025, 3, 26), END)


def test_new_user_period_is_today() -> None:
    assert period(empty_bundle(), 30) == (END, END)


def test_period_length_can_change() -> None:
    assert period(bundle(), 7) == (END - timedelta(days=6), END)


@pytest.mark.parametrize("days", [0, -1, 367])
def test_period_rejects_odd_lengths(days: int) -> None:
    with pytest.raises(ValueError, match="days"):
        period(bundle(), days)


def test_period_ignores_days_after_today() -> None:
    future = day(-3, vitamin_c=True)
    summary = summarize(bundle((future,)))
    assert (summary.end, summary.vitamin_c_days) == (END, 0)


def test_a_stored_day_before_created_at_extends_the_period() -> None:
    source = bundle((day(10, vitamin_c=True),), profile=profile(created_at=datetime.now(UTC)))
    assert summarize(source).start == END - timedelta(days=10)


def test_the_sign_up_day_before_the_first_check_in_is_not_in_the_report() -> None:
    # Signed up at 01:12 (the day starts at 04:00, so that is still the day before); the first
    # check-in, and so the first stored day, is the next date: no "no answer" day for sign-up.
    signed_up = datetime.combine(END - timedelta(days=4), datetime.min.time(), UTC)
    source = bundle(
        (day(3, vitamin_c=True), day(2), day(1), day(0)),
        profile=profile(created_at=signed_up + timedelta(hours=1, minutes=12)),
    )
    summary = summarize(source)
    assert summary.start == END - timedelta(days=3)
    assert summary.missed == 0


# --------------------------------------------------------------------------- counting


def test_full_month_counts() -> None:
    summary = summarize(bundle())
    assert (
        summary.total,
        summary.answered,
        summary.skipped,
        summary.paused,
        summary.missed,
        summary.vitamin_c_days,
        summary.vitamin_d_days,
        summary.probiotic_days,
    ) == (30, 25, 1, 2, 2, 12, 18, 19)


def test_dates_without_a_stored_day_count_as_missed() -> None:
    summary = summarize(bundle((day(29, vitamin_c=True), day(0, vitamin_c=True))))
    assert (summary.total, summary.answered, summary.missed) == (30, 2, 28)


def test_answers_on_a_missed_day_are_ignored() -> None:
    summary = summarize(bundle((day(0, DayMark.MISSED, vitamin_c=True, note="x"),)))
    assert (summary.vitamin_c_days, summary.notes) == (0, ())


def test_answers_on_a_skipped_day_still_count_and_mark_it_skipped() -> None:
    summary = summarize(bundle((day(0, skipped=True, vitamin_d=True),)))
    assert (summary.days[-1].status, summary.vitamin_d_days) == (DayMark.SKIPPED, 1)


def test_a_repeated_date_uses_the_last_entry() -> None:
    summary = summarize(bundle((day(0, vitamin_c=True), day(0, vitamin_c=False))))
    assert summary.vitamin_c_days == 0


def test_probiotic_kinds_most_frequent_first() -> None:
    summary = summarize(bundle())
    assert summary.kinds == (
        (ProbioticKind.SAUERKRAUT, 8),
        (ProbioticKind.MILK_KEFIR, 6),
        (ProbioticKind.YOGURT, 5),
        (ProbioticKind.KIMCHI, 5),
    )


def test_days_it_did_not_sit_well() -> None:
    assert summarize(bundle()).not_tolerated == (date(2025, 3, 5), date(2025, 3, 17))


def test_exposures_with_dates_and_allergens() -> None:
    assert summarize(bundle()).exposures == (
        (date(2025, 3, 4), (Allergen.DAIRY,)),
        (date(2025, 3, 18), (Allergen.DAIRY,)),
        (date(2025, 3, 24), (Allergen.PEANUTS, Allergen.WHEAT)),
    )


def test_exposures_followed_by_symptoms_the_same_or_the_next_day() -> None:
    assert summarize(bundle()).exposures_then_symptoms == (
        date(2025, 3, 4),  # mild that day
        date(2025, 3, 18),  # strong that day
        date(2025, 3, 24),  # strong that day (and mild the next)
    )
    peanuts = (Allergen.PEANUTS,)
    source = bundle(
        (
            day(6, allergens_exposed=peanuts, symptoms=Symptoms.NONE),
            day(5, symptoms=Symptoms.MILD),  # the next day: counted
            day(3, allergens_exposed=peanuts, symptoms=Symptoms.NONE),
            day(2, symptoms=Symptoms.NONE),
            day(1, symptoms=Symptoms.STRONG),  # two days later: not counted
        )
    )
    assert summarize(source).exposures_then_symptoms == (END - timedelta(days=6),)


def test_symptom_days() -> None:
    summary = summarize(bundle())
    assert (summary.symptoms_strong, summary.symptoms_mild, summary.symptoms_none) == (
        (date(2025, 3, 18), date(2025, 3, 24)),
        (date(2025, 3, 2), date(2025, 3, 4), date(2025, 3, 12), date(2025, 3, 25)),
        18,
    )


def test_notes_are_dated_and_blank_ones_dropped() -> None:
    source = bundle((day(2, note="first"), day(1, note="   "), day(0, note="last")))
    assert summarize(source).notes == ((END - timedelta(days=2), "first"), (END, "last"))


def test_empty_bundle_summary() -> None:
    summary = summarize(empty_bundle())
    assert (summary.total, summary.missed, summary.sleep.nights, summary.sleep.trend) == (
        1,
        1,
        0,
        None,
    )


def test_symptoms_enum_none_is_not_missing() -> None:
    summary = summarize(bundle((day(0, symptoms=Symptoms.NONE),)))
    assert summary.symptoms_none == 1


# --------------------------------------------------------------------------- sleep


def test_sleep_average_and_nights_at_target() -> None:
    sleep = summarize(bundle(sleep_days(7.0, 9.0))).sleep
    assert (sleep.nights, sleep.average, sleep.at_target) == (30, 8.0, 15)


def test_impossible_sleep_hours_are_left_out() -> None:
    # The one sleep validation (bot.domain.answers.valid_sleep_hours), as in tips and /insights.
    days = (day(0, sleep_hours=30.0), day(1, sleep_hours=-2.0), day(2, sleep_hours=7.0))
    sleep = summarize(bundle(days)).sleep
    assert sleep.average == 7.0


@pytest.mark.parametrize(
    ("first", "second", "trend"),
    [
        (6.0, 7.0, SleepTrend.IMPROVING),
        (7.0, 6.0, SleepTrend.DECLINING),
        (7.0, 7.5, SleepTrend.STEADY),  # exactly 0.5 h is not more than 0.5 h
        (7.5, 7.0, SleepTrend.STEADY),
        (7.0, 7.2, SleepTrend.STEADY),
        (6.6, 7.1, SleepTrend.STEADY),
        (6.6, 7.2, SleepTrend.IMPROVING),
    ],
)
def test_sleep_trend(first: float, second: float, trend: SleepTrend) -> None:
    sleep = summarize(bundle(sleep_days(first, second))).sleep
    assert sleep.trend is trend
    assert sleep.first_half == pytest.approx(first)
    assert sleep.second_half == pytest.approx(second)


def test_no_trend_with_fewer_than_three_nights_in_a_half() -> None:
    assert summarize(bundle(sleep_days(6.0, 9.0, nights=2))).sleep.trend is None


def test_a_trend_from_three_nights_per_half() -> None:
    assert summarize(bundle(sleep_days(6.0, 9.0, nights=3))).sleep.trend is SleepTrend.IMPROVING


def test_full_month_trend_is_improving() -> None:
    assert summarize(bundle()).sleep.trend is SleepTrend.IMPROVING
