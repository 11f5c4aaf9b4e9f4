"""Days as the habit, chart and summary tests build them (no tests here)."""

from __future__ import annotations

from datetime import date, timedelta

from bot.domain.answers import Allergen, DayAnswers
from bot.domain.habits import Day, DayMark


def answered(when: date, **fields: object) -> Day:
    """A day answered with ``fields`` (DayAnswers' names); questions not given unanswered."""
    return Day(when, DayMark.ANSWERED, DayAnswers(when, **fields))  # type: ignore[arg-type]


def watchers_week(first: date, allergen: Allergen, exposed_on: int) -> list[Day]:
    """Seven days of someone watching ``allergen``, asked and answered each day, exposed on
    day ``exposed_on`` (0 = ``first``) only."""
    watched = (allergen,)
    return [
        answered(
            first + timedelta(days=i),
            allergens_asked=watched,
            allergens_answered=True,
            allergens_exposed=watched if i == exposed_on else (),
        )
        for i in range(7)
    ]
