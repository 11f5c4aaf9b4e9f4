"""Insights: which habits go with feeling better, which foods sit well, how sleep is going.

Pure and deterministic: a user's days in (``bot.domain.history.build_days``), plain data out.
No Telegram, no clock, no database. Every figure is a *pattern in the user's own answers*,
never a cause: the words that present them (``bot.texts``) say "goes with" and "timing only".

Symptom level
    none = 0, mild = 1, strong = 2, from the evening check-in of a local date. A *day of data*
    is a date whose symptom question was answered (a day marked ``MISSED`` is not used; answers
    on a skipped or paused day are still facts, as in the weekly summary and the report).

Habits compared (:class:`Factor`)
    8 h or more of sleep (the night before the date's morning check-in), probiotics or
    fermented food, vitamin C, vitamin D, and one factor per allergen the user watches or has
    been asked about ("ate it" on a day the allergen question covered it).

Comparisons (:class:`Comparison`)
    For each habit and each *lag* — the same day (lag 0) and the next day (lag 1) — the dates
    where the habit is known and the symptom level ``lag`` days later is known are split into
    days *with* and days *without* the habit. A comparison is made only when the user has at
    least :data:`MIN_DAYS` days of data in all, and it has at least :data:`MIN_PER_SIDE` days on
    each side; otherwise it is listed in ``Insights.waiting`` with its counts.

    ``difference`` = mean level with − mean level without (negative: fewer symptoms on days
    with the habit). Its uncertainty is a *Bayesian bootstrap* interval computed with numpy:
    each side's levels get Dirichlet weights over their counts of none/mild/strong, plus
    :data:`PRIOR_DAYS` pseudo-days shaped like both sides pooled (so three identical days never
    look certain), :data:`DRAWS` draws. The interval's level is 95 % *adjusted for the number
    of comparisons made* (Bonferroni: ``1 − 0.05 / m``), so with no real pattern at all about
    19 users in 20 see "could be chance" on every line, however many habits they track.
    ``could_be_chance`` = the interval includes 0.

    The random draws are seeded from the comparison's own data (habit, lag and counts), so the
    same answers always give the same interval, on any machine and in any order.

Foods (:class:`FoodTolerance`)
    Per fermented food or probiotic: how many times it sat well out of the times its "did it
    sit well?" answer covered it (``DayAnswers.tolerance_by_kind``). Most eaten first.

Sleep (:class:`SleepInsight`)
    Average hours for each of the last 4 weeks (7-day windows ending today, oldest first); the
    trend over those 28 days from a least-squares line through the nightly hours (at least
    :data:`MIN_TREND_NIGHTS` nights spanning two weeks): the line's change from the first to
    the last night reported above +0.5 h is improving, below −0.5 h declining, else steady;
    and the average hours of nights followed by a symptom-free day against nights followed by
    a day with symptoms (at least :data:`MIN_PER_SIDE` nights each).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

import numpy as np
import numpy.typing as npt

from bot.domain.answers import Allergen, DayAnswers, ProbioticKind, Symptoms, valid_sleep_hours
from bot.domain.habits import Day, DayMark

MIN_DAYS = 14
"""Days of data (symptoms answered) before anything is compared."""
MIN_PER_SIDE = 3
"""Days with and days without a habit needed for its comparison."""
CONFIDENCE = 0.95
"""The family-wide level: the interval of each of ``m`` comparisons is ``1 − 0.05 / m``."""
DRAWS = 4000
"""Bootstrap draws per side of a comparison."""
PRIOR_DAYS = 2.0
"""Pseudo-days of the pooled distribution added to each side (see the module doc)."""
TREND_WEEKS = 4
MIN_TREND_NIGHTS = 6
MIN_TREND_SPAN = 13
"""Days between the first and last night reported before a trend is told (two weeks)."""
TREND_THRESHOLD_HOURS = 0.5
LAGS = (0, 1)

LEVELS: Mapping[Symptoms, int] = {Symptoms.NONE: 0, Symptoms.MILD: 1, Symptoms.STRONG: 2}
_LEVEL_VALUES = np.array([0.0, 1.0, 2.0])


class FactorKind(StrEnum):
    SLEEP_8H = "sleep_8h"
    PROBIOTICS = "probiotics"
    VITAMIN_C = "vitamin_c"
    VITAMIN_D = "vitamin_d"
    ALLERGEN = "allergen"


@dataclass(frozen=True)
class Factor:
    """A habit compared against symptoms; ``allergen`` only for ``ALLERGEN``."""

    kind: FactorKind
    allergen: Allergen | None = None

    @property
    def key(self) -> str:
        """A stable machine key: ``sleep_8h`` … ``allergen_eggs``."""
        if self.allergen is None:
            return self.kind.value
        return f"{self.kind.value}_{self.allergen.value}"

    @property
    def order(self) -> tuple[int, int]:
        """Display order: sleep, probiotics, vitamin C, vitamin D, then allergens."""
        kinds = list(FactorKind)
        allergens = list(Allergen)
        return kinds.index(self.kind), -1 if self.allergen is None else allergens.index(
            self.allergen
        )

    def value(self, answers: DayAnswers) -> bool | None:
        """Whether the habit happened that day (``None``: not answered)."""
        if self.kind is FactorKind.SLEEP_8H:
            return answers.slept_enough
        if self.kind is FactorKind.PROBIOTICS:
            return answers.probiotics
        if self.kind is FactorKind.VITAMIN_C:
            return answers.vitamin_c
        if self.kind is FactorKind.VITAMIN_D:
            return answers.vitamin_d
        allergen = self.allergen
        exposed = allergen in answers.allergens_exposed
        if exposed:
            return True
        if answers.allergens_answered and allergen in answers.allergens_asked:
            return False
        return None


BASE_FACTORS = (
    Factor(FactorKind.SLEEP_8H),
    Factor(FactorKind.PROBIOTICS),
    Factor(FactorKind.VITAMIN_C),
    Factor(FactorKind.VITAMIN_D),
)


@dataclass(frozen=True)
class Comparison:
    """Symptom level ``lag`` days after days with vs without ``factor`` (see the module doc)."""

    factor: Factor
    lag: int
    days_with: int
    days_without: int
    mean_with: float
    mean_without: float
    difference: float  # mean_with − mean_without; negative = fewer symptoms with the habit
    low: float
    high: float
    level: float  # the interval's level after the adjustment for several comparisons

    @property
    def could_be_chance(self) -> bool:
        return self.low <= 0.0 <= self.high

    @property
    def fewer_symptoms(self) -> bool:
        """A pattern (not chance) of fewer symptoms with the habit."""
        return not self.could_be_chance and self.difference < 0


@dataclass(frozen=True)
class Waiting:
    """A comparison not made yet: too few days on a side (counts so far)."""

    factor: Factor
    lag: int
    days_with: int
    days_without: int


@dataclass(frozen=True)
class FoodTolerance:
    kind: ProbioticKind
    sat_well: int
    times: int


@dataclass(frozen=True)
class SleepWeek:
    start: date
    end: date
    nights: int
    average: float | None


class SleepTrend(StrEnum):
    IMPROVING = "improving"
    DECLINING = "declining"
    STEADY = "steady"


@dataclass(frozen=True)
class SleepInsight:
    weeks: tuple[SleepWeek, ...]  # the last 4 weeks, oldest first
    nights: int  # nights reported in those 4 weeks
    change: float | None  # hours, over the 4 weeks, from the fitted line
    trend: SleepTrend | None
    before_symptom_free: float | None  # average hours of nights followed by no symptoms
    nights_before_symptom_free: int
    before_symptoms: float | None  # … followed by mild or strong symptoms
    nights_before_symptoms: int


@dataclass(frozen=True)
class Insights:
    today: date
    days_of_data: int
    comparisons: tuple[Comparison, ...]  # factor order, same day before next day
    waiting: tuple[Waiting, ...]
    foods: tuple[FoodTolerance, ...]
    sleep: SleepInsight

    @property
    def days_needed(self) -> int:
        """More days of data before anything can be compared (0: enough)."""
        return max(0, MIN_DAYS - self.days_of_data)

    @property
    def patterns(self) -> tuple[Comparison, ...]:
        """Comparisons that are not likely chance, the largest difference first."""
        found = [c for c in self.comparisons if not c.could_be_chance]
        return tuple(sorted(found, key=lambda c: (-abs(c.difference), c.factor.order, c.lag)))

    def food(self, kind: ProbioticKind) -> FoodTolerance | None:
        return next((f for f in self.foods if f.kind is kind), None)


# --------------------------------------------------------------------------- entry point


def compute_insights(
    days: Sequence[Day],
    today: date,
    watched: Iterable[Allergen] = (),
) -> Insights:
    """Everything ``/insights`` shows, from the user's days up to ``today``."""
    answers = _usable_answers(days, today)
    levels = {d: LEVELS[a.symptoms] for d, a in answers.items() if a.symptoms is not None}
    factors = factors_for(answers.values(), watched)
    comparisons: list[Comparison] = []
    waiting: list[Waiting] = []
    enough = len(levels) >= MIN_DAYS
    groups: list[tuple[Factor, int, npt.NDArray[np.int64], npt.NDArray[np.int64]]] = []
    table = _Table(answers, levels)
    for factor in factors:
        values = table.values(factor)
        for lag in LAGS:
            with_counts, without_counts = table.split(values, lag)
            n_with, n_without = int(with_counts.sum()), int(without_counts.sum())
            if n_with + n_without == 0:
                continue
            if enough and n_with >= MIN_PER_SIDE and n_without >= MIN_PER_SIDE:
                groups.append((factor, lag, with_counts, without_counts))
            else:
                waiting.append(Waiting(factor, lag, n_with, n_without))
    level = 1.0 - (1.0 - CONFIDENCE) / max(1, len(groups))
    for factor, lag, with_counts, without_counts in groups:
        comparisons.append(_compare(factor, lag, with_counts, without_counts, level))
    return Insights(
        today=today,
        days_of_data=len(levels),
        comparisons=tuple(comparisons),
        waiting=tuple(waiting),
        foods=food_tolerance(answers.values()),
        sleep=sleep_insight(answers, levels, today),
    )


def factors_for(answers: Iterable[DayAnswers], watched: Iterable[Allergen] = ()) -> list[Factor]:
    """The four habits, then one factor per allergen watched now or ever asked about."""
    allergens = set(watched)
    for day in answers:
        allergens.update(day.allergens_asked)
        allergens.update(day.allergens_exposed)
    return [
        *BASE_FACTORS,
        *(Factor(FactorKind.ALLERGEN, a) for a in Allergen if a in allergens),
    ]


def _usable_answers(days: Sequence[Day], today: date) -> dict[date, DayAnswers]:
    return {
        day.local_date: day.answers
        for day in days
        if day.answers is not None and day.mark is not DayMark.MISSED and day.local_date <= today
    }


class _Table:
    """The answers as arrays over consecutive dates, so a split is two ``bincount`` calls."""

    def __init__(self, answers: Mapping[date, DayAnswers], levels: Mapping[date, int]) -> None:
        self.answers = answers
        self.first = min(answers) if answers else date.min
        span = (max(answers) - self.first).days + 2 if answers else 1  # + 1 for the next day
        self.levels = np.full(span, -1, dtype=np.int64)
        for current, level in levels.items():
            index = (current - self.first).days
            if 0 <= index < span:
                self.levels[index] = level
        self.indices = np.array(
            [(current - self.first).days for current in answers], dtype=np.int64
        )

    def values(self, factor: Factor) -> npt.NDArray[np.int64]:
        """1 with the habit, 0 without, -1 not answered; one per answered date."""
        return np.array([_code(factor.value(day)) for day in self.answers.values()], np.int64)

    def split(
        self, values: npt.NDArray[np.int64], lag: int
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
        later = self.levels[np.minimum(self.indices + lag, len(self.levels) - 1)]
        if lag:  # the day after the last date has no answer
            later = np.where(self.indices + lag < len(self.levels), later, -1)
        known = later >= 0
        with_counts = np.bincount(later[known & (values == 1)], minlength=3)[:3]
        without_counts = np.bincount(later[known & (values == 0)], minlength=3)[:3]
        return with_counts.astype(np.int64), without_counts.astype(np.int64)


def _code(value: bool | None) -> int:
    return -1 if value is None else int(value)


# --------------------------------------------------------------------------- statistics


def comparison_seed(factor: Factor, lag: int, *counts: npt.NDArray[np.int64]) -> int:
    """A seed from the comparison's own data: same answers, same interval."""
    text = "|".join([factor.key, str(lag), *(",".join(map(str, c.tolist())) for c in counts)])
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big")


def _compare(
    factor: Factor,
    lag: int,
    with_counts: npt.NDArray[np.int64],
    without_counts: npt.NDArray[np.int64],
    level: float,
) -> Comparison:
    mean_with = float(with_counts @ _LEVEL_VALUES / with_counts.sum())
    mean_without = float(without_counts @ _LEVEL_VALUES / without_counts.sum())
    low, high = bootstrap_interval(
        with_counts,
        without_counts,
        level,
        comparison_seed(factor, lag, with_counts, without_counts),
    )
    return Comparison(
        factor=factor,
        lag=lag,
        days_with=int(with_counts.sum()),
        days_without=int(without_counts.sum()),
        mean_with=mean_with,
        mean_without=mean_without,
        difference=mean_with - mean_without,
        low=low,
        high=high,
        level=level,
    )


def bootstrap_interval(
    with_counts: npt.NDArray[np.int64],
    without_counts: npt.NDArray[np.int64],
    level: float,
    seed: int,
    draws: int = DRAWS,
) -> tuple[float, float]:
    """A ``level`` interval for mean level with − without (Bayesian bootstrap, module doc)."""
    pooled = with_counts + without_counts
    shares = (pooled + 0.5) / (pooled.sum() + 1.5)
    prior = PRIOR_DAYS * shares
    rng = np.random.default_rng(seed)
    # Dirichlet draws for both sides at once: normalised gamma variates (what numpy's own
    # dirichlet does, without its per-call overhead).
    alpha = np.stack((with_counts + prior, without_counts + prior))[:, :, np.newaxis]
    gammas = rng.standard_gamma(alpha, size=(2, 3, draws))
    none, mild, strong = gammas[:, 0], gammas[:, 1], gammas[:, 2]
    means_with, means_without = (mild + 2 * strong) / (none + mild + strong)
    tail = (1.0 - level) / 2
    low, high = np.quantile(means_with - means_without, [tail, 1.0 - tail])
    return float(low), float(high)


# --------------------------------------------------------------------------- foods and sleep


def food_tolerance(answers: Iterable[DayAnswers]) -> tuple[FoodTolerance, ...]:
    """Per food: sat well / times (most eaten first, then the article's order)."""
    sat: dict[ProbioticKind, int] = {}
    times: dict[ProbioticKind, int] = {}
    for day in answers:
        for kind, well in day.tolerance_by_kind().items():
            times[kind] = times.get(kind, 0) + 1
            sat[kind] = sat.get(kind, 0) + int(well)
    order = {kind: index for index, kind in enumerate(ProbioticKind)}
    kinds = sorted(times, key=lambda kind: (-times[kind], order[kind]))
    return tuple(FoodTolerance(kind, sat[kind], times[kind]) for kind in kinds)


def sleep_trend(change: float) -> SleepTrend:
    """A change in hours of sleep as a trend: more than :data:`TREND_THRESHOLD_HOURS` up is
    improving, more than that down declining, anything in between steady."""
    if change > TREND_THRESHOLD_HOURS:
        return SleepTrend.IMPROVING
    if change < -TREND_THRESHOLD_HOURS:
        return SleepTrend.DECLINING
    return SleepTrend.STEADY


def sleep_insight(
    answers: Mapping[date, DayAnswers], levels: Mapping[date, int], today: date
) -> SleepInsight:
    first = today - timedelta(days=TREND_WEEKS * 7 - 1)
    weeks: list[SleepWeek] = []
    for index in range(TREND_WEEKS):
        start = first + timedelta(days=7 * index)
        end = start + timedelta(days=6)
        hours = _hours(answers, start, end)
        weeks.append(SleepWeek(start, end, len(hours), sum(hours) / len(hours) if hours else None))
    offsets: list[float] = []
    values: list[float] = []
    for current in (first + timedelta(days=i) for i in range(TREND_WEEKS * 7)):
        hours_then = _valid_hours(answers.get(current))
        if hours_then is not None:
            offsets.append(float((current - first).days))
            values.append(hours_then)
    change: float | None = None
    trend: SleepTrend | None = None
    if len(values) >= MIN_TREND_NIGHTS and max(offsets) - min(offsets) >= MIN_TREND_SPAN:
        slope = float(np.polyfit(np.array(offsets), np.array(values), 1)[0])
        change = slope * (max(offsets) - min(offsets))
        trend = sleep_trend(change)
    free: list[float] = []
    unwell: list[float] = []
    for current, day in answers.items():
        hours_then = _valid_hours(day)
        level = levels.get(current)
        if hours_then is None or level is None:
            continue
        (free if level == 0 else unwell).append(hours_then)
    enough = len(free) >= MIN_PER_SIDE and len(unwell) >= MIN_PER_SIDE
    return SleepInsight(
        weeks=tuple(weeks),
        nights=len(values),
        change=change,
        trend=trend,
        before_symptom_free=sum(free) / len(free) if enough else None,
        nights_before_symptom_free=len(free),
        before_symptoms=sum(unwell) / len(unwell) if enough else None,
        nights_before_symptoms=len(unwell),
    )


def _valid_hours(day: DayAnswers | None) -> float | None:
    return None if day is None else valid_sleep_hours(day.sleep_hours)


def _hours(answers: Mapping[date, DayAnswers], start: date, end: date) -> list[float]:
    found = (
        _valid_hours(answers.get(start + timedelta(days=i))) for i in range((end - start).days + 1)
    )
    return [h for h in found if h is not None]


def level_text(value: float) -> str:
    """A mean on the 0–3 scale as the message and the report write it: one decimal."""
    return f"{value:.1f}"


def signed(value: float) -> str:
    """A difference as the message and the report write it: "+0.3", "−0.4" (a real minus
    sign), "0.0"."""
    text = f"{abs(value):.1f}"
    if text == "0.0":
        return text
    return ("+" if value > 0 else "−") + text
