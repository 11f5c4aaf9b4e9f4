"""The vocabulary of a day's answers, shared by check-ins, tips, streaks and summaries.

Everything here is plain data: no database, no Telegram. Stored values use these keys, so they
are part of the schema contract; user-facing names live in ``bot.texts``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class Slot(StrEnum):
    MORNING = "morning"
    EVENING = "evening"


class Allergen(StrEnum):
    """The eight common allergens the article names, in the article's order."""

    EGGS = "eggs"
    FISH = "fish"
    SHELLFISH = "shellfish"
    TREE_NUTS = "tree_nuts"
    PEANUTS = "peanuts"
    DAIRY = "dairy"
    SOY = "soy"
    WHEAT = "wheat"


class ProbioticKind(StrEnum):
    """Sources of probiotics the article lists (plus 'other')."""

    YOGURT = "yogurt"
    MILK_KEFIR = "milk_kefir"
    KIMCHI = "kimchi"
    SAUERKRAUT = "sauerkraut"
    SUPPLEMENT = "supplement"
    OTHER = "other"


class Symptoms(StrEnum):
    NONE = "none"
    MILD = "mild"
    STRONG = "strong"


SLEEP_TARGET_HOURS = 8.0
"""The article: "aim for eight hours of sleep every night"."""

MAX_SLEEP_HOURS = 24.0


def valid_sleep_hours(hours: float | None) -> float | None:
    """The one validation of a sleep answer: a finite number of hours within 0..24, else
    ``None`` (not answered, or a stored value no reading should use)."""
    if hours is None or not math.isfinite(hours) or not 0.0 <= hours <= MAX_SLEEP_HOURS:
        return None
    return float(hours)


LONG_NIGHT_HOURS = 14.0
"""Longer nights are possible but rare: a typed one is confirmed before it is stored, and none
is praised as good rest."""


@dataclass(frozen=True)
class DayAnswers:
    """Everything answered for one user on one local date (``None`` = not answered)."""

    local_date: date
    sleep_hours: float | None = None
    probiotics: bool | None = None
    probiotic_kinds: tuple[ProbioticKind, ...] = ()
    probiotic_tolerated: bool | None = None
    # How each fermented food sat, when the answer named them ("kimchi sat well but the milk
    # didn't"): (kind, sat well) pairs in ProbioticKind order. Empty: one answer for the day.
    probiotic_tolerance: tuple[tuple[ProbioticKind, bool], ...] = ()
    vitamin_c: bool | None = None
    vitamin_d: bool | None = None
    # Allergens asked about that day (the user's watch list then) and those reported as exposed.
    allergens_asked: tuple[Allergen, ...] = ()
    allergens_exposed: tuple[Allergen, ...] = ()
    allergens_answered: bool = False
    symptoms: Symptoms | None = None
    note: str | None = None
    skipped: bool = False

    @property
    def has_any(self) -> bool:
        """Whether anything was answered (a skip is not an answer)."""
        values = (
            self.sleep_hours,
            self.probiotics,
            self.vitamin_c,
            self.vitamin_d,
            self.symptoms,
            self.note,
        )
        return self.allergens_answered or any(value is not None for value in values)

    @property
    def slept_enough(self) -> bool | None:
        return None if self.sleep_hours is None else self.sleep_hours >= SLEEP_TARGET_HOURS

    def tolerance_by_kind(self) -> dict[ProbioticKind, bool]:
        """How each fermented food or probiotic sat that day: kind -> sat well.

        A per-food answer ("kimchi sat well but the milk didn't") counts for that food; the day's
        one "did it sit well?" answer applies to every other kind eaten that day. Callers only
        ever use this accessor.
        """
        if not self.probiotics:
            return {}
        per_kind = dict(self.probiotic_tolerance)
        result: dict[ProbioticKind, bool] = {}
        for kind in self.probiotic_kinds:
            if kind in per_kind:
                result[kind] = per_kind[kind]
            elif self.probiotic_tolerated is not None:
                result[kind] = self.probiotic_tolerated
        return result


HOURS_DECIMALS = 2
"""Hours are shown with at most this many decimals, everywhere (see :func:`hours_text`)."""


def hours_text(hours: float, separator: str = ".") -> str:
    """Hours as every message, tip, chart and report shows them: one rule, so a number reads
    the same wherever it appears. At most two decimals, half rounded up, no trailing zeros:
    6.75 (a night typed as 6h45) stays "6.75", an average of 7.1666… is "7.17", 8.0 is "8"."""
    scale = 10**HOURS_DECIMALS
    rounded = math.floor(hours * scale + 0.5) / scale
    text = f"{rounded:.{HOURS_DECIMALS}f}".rstrip("0").rstrip(".")
    return ("0" if text in ("", "-0") else text).replace(".", separator)
