"""A user's days as the habit rules see them: answered, skipped, paused or missed."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from bot.domain.answers import DayAnswers
from bot.domain.habits import Day, DayMark


@dataclass(frozen=True)
class PausePeriod:
    first: date
    last: date | None  # None: still paused

    def covers(self, day: date) -> bool:
        return self.first <= day and (self.last is None or day <= self.last)


def has_answers(answers: DayAnswers) -> bool:
    return answers.has_any


def build_days(
    first: date,
    last: date,
    answers: Mapping[date, DayAnswers],
    pauses: Sequence[PausePeriod],
    watching_allergens_now: bool,
) -> list[Day]:
    """One ``Day`` per local date from ``first`` to ``last``.

    Skipping wins over answers given that day, a pause over everything else; a day with any
    answer is answered; anything else is missed. Whether allergens were watched comes from the
    day's allergen question when it was asked, else from the user's current watch list.
    """
    days: list[Day] = []
    current = first
    while current <= last:
        day_answers = answers.get(current)
        if day_answers is not None and day_answers.skipped:
            mark = DayMark.SKIPPED
        elif any(pause.covers(current) for pause in pauses):
            mark = DayMark.PAUSED
        elif day_answers is not None and has_answers(day_answers):
            mark = DayMark.ANSWERED
        else:
            mark = DayMark.MISSED
        watching = (
            bool(day_answers.allergens_asked)
            if day_answers is not None and day_answers.allergens_answered
            else watching_allergens_now
        )
        days.append(Day(current, mark, day_answers, watching_allergens=watching))
        current += timedelta(days=1)
    return days
