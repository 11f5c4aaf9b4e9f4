"""The numbers behind the medical report, as plain data (no words, no drawing).

Period
    The report covers the ``days`` local dates ending on the user's logical date at
    ``generated_at``, but never starts before the user's first tracked date (the first stored
    day: the record starts with the first check-in sent, not at sign-up), so a new user's
    report says "3 of 5 days", not "3 of 30", and a sign-up at 01:12 (before the day starts)
    is no missed day. Stored days outside the period are ignored.

Counting
    * A date of the period without a stored day counts as "no answer" (``DayMark.MISSED``).
    * Answers are used unless the day is marked ``MISSED`` (the mark is authoritative, as in
      :mod:`bot.domain.habits`); answers on a skipped or paused day are still reported facts.
    * "Days with X" counts dates answered "yes"; totals are the days of the period.
    * Exposures followed by symptoms: exposure dates with mild or strong symptoms reported on
      the same date or the next one (a timing count for the medical team, never a cause).
    * Sleep: hours are clamped to 0..24; the average is over nights with an answer. The trend
      compares the average of the first half of the period (the older ``n // 2`` dates) with
      the second half: more than 0.5 h up is improving, more than 0.5 h down declining,
      otherwise steady; with fewer than 3 answered nights in either half there is no trend.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from bot.domain.answers import (
    SLEEP_TARGET_HOURS,
    Allergen,
    ProbioticKind,
    Symptoms,
    valid_sleep_hours,
)
from bot.domain.habits import DayMark
from bot.domain.insights import SleepTrend, sleep_trend
from bot.reports.report_data import ExportBundle, ExportDay

MIN_TREND_NIGHTS = 3
MAX_DAYS = 366


@dataclass(frozen=True)
class ReportDay:
    """One date of the period, with the answers the report uses (``None`` = no answer)."""

    local_date: date
    status: DayMark
    sleep_hours: float | None = None
    probiotics: bool | None = None
    probiotic_kinds: tuple[ProbioticKind, ...] = ()
    probiotic_tolerated: bool | None = None
    vitamin_c: bool | None = None
    vitamin_d: bool | None = None
    allergens_answered: bool = False
    allergens_exposed: tuple[Allergen, ...] = ()
    symptoms: Symptoms | None = None
    note: str | None = None

    @property
    def protected(self) -> bool:
        return self.status in (DayMark.SKIPPED, DayMark.PAUSED)


@dataclass(frozen=True)
class SleepSummary:
    nights: int  # nights with hours reported
    average: float | None
    at_target: int  # nights with at least the target
    target: float
    first_half: float | None
    second_half: float | None
    trend: SleepTrend | None  # None: not enough nights in a half


@dataclass(frozen=True)
class MedicalSummary:
    start: date
    end: date
    days: tuple[ReportDay, ...]  # every date start..end, in order
    answered: int
    skipped: int
    paused: int
    missed: int
    probiotic_days: int
    kinds: tuple[tuple[ProbioticKind, int], ...]  # most frequent first
    not_tolerated: tuple[date, ...]
    vitamin_c_days: int
    vitamin_d_days: int
    exposures: tuple[tuple[date, tuple[Allergen, ...]], ...]
    exposures_then_symptoms: tuple[date, ...]  # symptoms the same or the next day
    symptoms_strong: tuple[date, ...]
    symptoms_mild: tuple[date, ...]
    symptoms_none: int
    notes: tuple[tuple[date, str], ...]  # by date
    sleep: SleepSummary

    @property
    def total(self) -> int:
        return len(self.days)


def period(bundle: ExportBundle, days: int) -> tuple[date, date]:
    """The first and last date the report covers (see the module doc)."""
    if not 1 <= days <= MAX_DAYS:
        raise ValueError(f"days must be 1..{MAX_DAYS}")
    end = bundle.today
    try:
        window_start = end - timedelta(days=days - 1)
    except OverflowError:
        window_start = date.min
    stored = [day.local_date for day in bundle.days if day.local_date <= end]
    first = min(stored, default=end)
    return min(end, max(window_start, first)), end


def summarize(bundle: ExportBundle, days: int = 30) -> MedicalSummary:
    """The report's numbers for the last ``days`` local dates (rules in the module doc)."""
    start, end = period(bundle, days)
    by_date: dict[date, ExportDay] = {}
    for day in bundle.days:
        if start <= day.local_date <= end:
            by_date[day.local_date] = day  # the last entry for a date wins
    report_days = tuple(
        _report_day(current, by_date.get(current)) for current in _dates(start, end)
    )
    statuses = Counter(day.status for day in report_days)
    kinds: Counter[ProbioticKind] = Counter()
    for item in report_days:
        if item.probiotics:
            kinds.update(dict.fromkeys(item.probiotic_kinds, 1))
    kind_order = {kind: index for index, kind in enumerate(ProbioticKind)}
    return MedicalSummary(
        start=start,
        end=end,
        days=report_days,
        answered=statuses[DayMark.ANSWERED],
        skipped=statuses[DayMark.SKIPPED],
        paused=statuses[DayMark.PAUSED],
        missed=statuses[DayMark.MISSED],
        probiotic_days=sum(1 for day in report_days if day.probiotics),
        kinds=tuple(sorted(kinds.items(), key=lambda item: (-item[1], kind_order[item[0]]))),
        not_tolerated=tuple(
            d.local_date for d in report_days if d.probiotics and d.probiotic_tolerated is False
        ),
        vitamin_c_days=sum(1 for day in report_days if day.vitamin_c),
        vitamin_d_days=sum(1 for day in report_days if day.vitamin_d),
        exposures=tuple(
            (d.local_date, d.allergens_exposed) for d in report_days if d.allergens_exposed
        ),
        exposures_then_symptoms=_exposures_then_symptoms(report_days),
        symptoms_strong=tuple(d.local_date for d in report_days if d.symptoms is Symptoms.STRONG),
        symptoms_mild=tuple(d.local_date for d in report_days if d.symptoms is Symptoms.MILD),
        symptoms_none=sum(1 for day in report_days if day.symptoms is Symptoms.NONE),
        notes=tuple(
            (d.local_date, d.note) for d in report_days if d.note is not None and d.note.strip()
        ),
        sleep=_sleep(report_days),
    )


def _exposures_then_symptoms(days: tuple[ReportDay, ...]) -> tuple[date, ...]:
    symptom_dates = {d.local_date for d in days if d.symptoms in (Symptoms.MILD, Symptoms.STRONG)}
    return tuple(
        d.local_date
        for d in days
        if d.allergens_exposed
        and (d.local_date in symptom_dates or d.local_date + timedelta(days=1) in symptom_dates)
    )


def _dates(start: date, end: date) -> list[date]:
    return [start + timedelta(days=offset) for offset in range((end - start).days + 1)]


def _report_day(current: date, day: ExportDay | None) -> ReportDay:
    if day is None:
        return ReportDay(current, DayMark.MISSED)
    status = day.shown_mark
    answers = day.usable_answers
    if answers is None:
        return ReportDay(current, status)
    exposed = tuple(dict.fromkeys(answers.allergens_exposed))
    return ReportDay(
        local_date=current,
        status=status,
        sleep_hours=valid_sleep_hours(answers.sleep_hours),
        probiotics=answers.probiotics,
        probiotic_kinds=tuple(dict.fromkeys(answers.probiotic_kinds)),
        probiotic_tolerated=answers.probiotic_tolerated,
        vitamin_c=answers.vitamin_c,
        vitamin_d=answers.vitamin_d,
        allergens_answered=answers.allergens_answered or bool(exposed),
        allergens_exposed=exposed,
        symptoms=answers.symptoms,
        note=answers.note,
    )


def _average(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _sleep(days: tuple[ReportDay, ...]) -> SleepSummary:
    hours = [d.sleep_hours for d in days if d.sleep_hours is not None]
    half = len(days) // 2
    first = [d.sleep_hours for d in days[:half] if d.sleep_hours is not None]
    second = [d.sleep_hours for d in days[half:] if d.sleep_hours is not None]
    first_avg, second_avg = _average(first), _average(second)
    trend: SleepTrend | None = None
    if (
        first_avg is not None
        and second_avg is not None
        and min(len(first), len(second)) >= MIN_TREND_NIGHTS
    ):
        # Rounded: no float noise at exactly the threshold.
        trend = sleep_trend(round(second_avg - first_avg, 6))
    return SleepSummary(
        nights=len(hours),
        average=_average(hours),
        at_target=sum(1 for h in hours if h >= SLEEP_TARGET_HOURS),
        target=SLEEP_TARGET_HOURS,
        first_half=first_avg,
        second_half=second_avg,
        trend=trend,
    )
