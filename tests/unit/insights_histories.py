"""Synthetic histories where the truth is known, for the insights tests and the benchmark."""

from __future__ import annotations

import random
from datetime import date, timedelta

from bot.domain.answers import Allergen, DayAnswers, ProbioticKind, Symptoms
from bot.domain.habits import Day, DayMark

LEVELS = (Symptoms.NONE, Symptoms.MILD, Symptoms.STRONG)
BASELINE = (0.55, 0.30, 0.15)
"""Symptom level shares on an ordinary day (mean 0.6)."""
BETTER = (0.85, 0.12, 0.03)
"""Shares on a day the planted habit was kept (mean 0.18)."""
START = date(2026, 1, 5)


def history(
    seed: int,
    days: int = 60,
    *,
    vitamin_c_helps: bool = False,
    allergen_hurts_next_day: bool = False,
) -> tuple[list[Day], date]:
    """``days`` answered days from ``START``; every habit is a coin flip, independent of
    symptoms unless an effect is planted. Returns the days and the last date."""
    rng = random.Random(seed)
    result: list[Day] = []
    exposed_yesterday = False
    for offset in range(days):
        current = START + timedelta(days=offset)
        vitamin_c = rng.random() < 0.5
        exposed = rng.random() < 0.25
        shares = BETTER if vitamin_c_helps and vitamin_c else BASELINE
        if allergen_hurts_next_day and exposed_yesterday:
            shares = (0.2, 0.4, 0.4)
        level = rng.choices(LEVELS, shares)[0]
        probiotics = rng.random() < 0.5
        answers = DayAnswers(
            current,
            sleep_hours=rng.choice((6.0, 6.5, 7.0, 7.5, 8.0, 8.5, 9.0)),
            probiotics=probiotics,
            probiotic_kinds=(ProbioticKind.KIMCHI,) if probiotics else (),
            probiotic_tolerated=True if probiotics else None,
            vitamin_c=vitamin_c,
            vitamin_d=rng.random() < 0.5,
            allergens_asked=(Allergen.EGGS,),
            allergens_exposed=(Allergen.EGGS,) if exposed else (),
            allergens_answered=True,
            symptoms=level,
        )
        result.append(Day(current, DayMark.ANSWERED, answers))
        exposed_yesterday = exposed
    return result, START + timedelta(days=days - 1)
