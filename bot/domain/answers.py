"""The vocabulary of a day's answers, shared by check-ins, tips, streaks and summaries.

Everything here is plain data: no database, no Telegram. Stored values use these keys, so they
are part of the schema contract; user-facing names live in ``bot.texts``.
"""

from __future__ import annotations

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


@dataclass(frozen=True)
class DayAnswers:
    """Everything answered for one user on one local date (``None`` = not answered)."""

    local_date: date
    sleep_hours: float | None = None
    probiotics: bool | None = None
    probiotic_kinds: tuple[ProbioticKind, ...] = ()
    probiotic_tolerated: bool | None = None
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

        The day's one "did it sit well?" answer applies to every kind eaten that day.
        (Per-kind answers, when stored, refine this; callers only ever use this accessor.)
        """
        if self.probiotic_tolerated is None or not self.probiotics:
            return {}
        return dict.fromkeys(self.probiotic_kinds, self.probiotic_tolerated)
