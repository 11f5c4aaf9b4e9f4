"""Arguments typed after a command: ``/pause 2 weeks``, ``/checkin yesterday`` (pure; never
raises for any string).

Pause length (:func:`parse_pause_length`)
    ``7``, ``7d``, ``7 days``, ``1 week``, ``2 weeks``, ``2w``, ``a week``, ``fortnight`` → days;
    ``forever``, ``indefinitely``, ``until I resume`` → :data:`UNTIL_RESUMED`; anything else
    (``0``, ``abc``, ``-3``) → ``None``. The caller checks the range.

Which day (:func:`parse_day_back`)
    Nothing or ``today`` → 0 days back; ``yesterday`` (``1``, ``-1``) → 1; ``3``, ``-3``,
    ``3 days ago`` → 3; a weekday (``monday``, ``mon``, ``last monday``) → that weekday, the most
    recent one on or before today (the caller, who knows today, resolves it); ``tomorrow`` or
    text that names no day → ``None``. The caller checks how far back is allowed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final, Literal

from bot.domain.parsing import NUMBER_WORDS

__all__ = ["UNTIL_RESUMED", "DayBack", "parse_day_back", "parse_pause_length"]

UNTIL_RESUMED: Final = "until_resumed"

_MAX_CHARS = 40
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# "a week", "a fortnight": one is often said as "a".
_NUMBER_WORDS = {**NUMBER_WORDS, "a": 1, "an": 1}
_LENGTH = re.compile(
    r"(?:for\s+)?(?P<n>\d{1,4}|" + "|".join(_NUMBER_WORDS) + r")\s*"
    r"(?P<unit>d|day|days|w|wk|wks|week|weeks)?"
)
_OPEN_ENDED = frozenset(
    {"forever", "indefinitely", "until i resume", "until resume", "until resumed", "open"}
)
_DAYS_AGO = re.compile(r"-?(?P<n>\d{1,3})(?:\s*(?:d|day|days)(?:\s+ago)?)?")


@dataclass(frozen=True)
class DayBack:
    """``days`` back from today, or the most recent ``weekday`` (0 = Monday) on or before it."""

    days: int | None = None
    weekday: int | None = None

    def days_back(self, today_weekday: int) -> int:
        if self.weekday is None:
            return self.days or 0
        return (today_weekday - self.weekday) % 7


def _clean(text: str) -> str | None:
    text = " ".join(text.casefold().replace("’", "'").split()).strip(" .!?")
    return None if len(text) > _MAX_CHARS else text


def parse_pause_length(text: str) -> int | Literal["until_resumed"] | None:
    cleaned = _clean(text)
    if not cleaned:
        return None
    if cleaned in _OPEN_ENDED:
        return UNTIL_RESUMED
    if cleaned in ("fortnight", "a fortnight"):
        return 14
    if cleaned in ("week", "a week"):
        return 7
    match = _LENGTH.fullmatch(cleaned)
    if match is None:
        return None
    number = match.group("n")
    count = int(number) if number.isdigit() else _NUMBER_WORDS[number]
    days = count * 7 if (match.group("unit") or "d").startswith("w") else count
    return days if days > 0 else None


def parse_day_back(text: str) -> DayBack | None:
    cleaned = _clean(text)
    if cleaned is None:
        return None
    if cleaned in ("", "today", "now"):
        return DayBack(days=0)
    if cleaned in ("yesterday", "last night"):
        return DayBack(days=1)
    if cleaned in ("day before yesterday", "the day before yesterday"):
        return DayBack(days=2)
    match = _DAYS_AGO.fullmatch(cleaned)
    if match is not None:
        return DayBack(days=int(match.group("n")))
    name = cleaned.removeprefix("last ").removeprefix("on ")
    for index, weekday in enumerate(_WEEKDAYS):
        if len(name) >= 3 and weekday.startswith(name):
            return DayBack(weekday=index)
    return None
