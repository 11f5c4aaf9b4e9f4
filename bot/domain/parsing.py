"""Typed answers from typed text: hours slept and clock times.

Plain domain code: no Telegram, no I/O, no wall clock, never raises for any string. Failures are
returned as :class:`ParseFailure` saying what went wrong, so the caller can word a friendly reply
(user-facing sentences live in ``bot.texts``).

Input is normalised first: Unicode compatibility forms (full-width digits), digits of any script
(``٧`` = 7), case, invisible format characters and surrounding spaces do not matter.

**Sleep hours** (:func:`parse_sleep_hours`) accepts a number of hours (``7``, ``7.5``, ``7,5``,
``7h``, ``7 hrs``, ``7.5h``), hours and minutes (``7h30``, ``7 h 30``, ``7:30``, ``7 hours 30
minutes``), minutes (``450 min``), fractions (``7½``, ``7 1/2``, ``seven and a half``), number words
up to twenty-four, ranges (``6-7``, ``6 to 7 hours`` → the middle) and hedges (``about 7``,
``~7``, ``7ish``, ``I slept 7 hours``). The result is rounded to the nearest 0.05 h (3 minutes,
halves rounded up), so ``7:20`` → 7.35 and every value is a short decimal that stores and prints
cleanly. Values below 0 or above 24 h are :attr:`ParseProblem.OUT_OF_RANGE`; minutes of 60 or
more in ``7:75`` / ``7h75`` are :attr:`ParseProblem.NOT_UNDERSTOOD`.

**Clock times** (:func:`parse_clock_time`) accepts 24-hour forms (``07:30``, ``7:30``, ``7.30``,
``21.30``, ``21h30``, ``21h``, ``2130``, ``0730``, ``9``, ``07:30:00``), 12-hour forms (``7am``,
``7 am``, ``7:30pm``, ``7.30 p.m.``, ``12am`` = 00:00, ``12pm`` = 12:00, ``7 in the evening``)
and ``noon``/``midday``/``midnight``. Hours past 23 (``24:00``, ``25:00``), minutes past 59
(``7:60``) and ``13am`` are :attr:`ParseProblem.OUT_OF_RANGE`; ``19:00 pm`` is read as 19:00.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from datetime import time
from enum import Enum

from bot.domain.answers import MAX_SLEEP_HOURS, valid_sleep_hours

__all__ = [
    "NUMBER_WORDS",
    "SLEEP_STEP_HOURS",
    "ParseFailure",
    "ParseProblem",
    "parse_clock_time",
    "parse_sleep_hours",
]

SLEEP_STEP_HOURS = 0.05
"""Sleep answers are rounded to this step (3 minutes)."""

_MAX_CHARS = 80
"""Longer text is not a number of hours or a time of day."""


class ParseProblem(Enum):
    EMPTY = "empty"
    NOT_UNDERSTOOD = "not_understood"
    OUT_OF_RANGE = "out_of_range"


@dataclass(frozen=True)
class ParseFailure:
    problem: ParseProblem


_EMPTY = ParseFailure(ParseProblem.EMPTY)
_NOT_UNDERSTOOD = ParseFailure(ParseProblem.NOT_UNDERSTOOD)
_OUT_OF_RANGE = ParseFailure(ParseProblem.OUT_OF_RANGE)

# --------------------------------------------------------------------------- normalisation

_VULGAR_FRACTIONS = str.maketrans(
    {
        "½": " 1/2",
        "⅓": " 1/3",
        "⅔": " 2/3",
        "¼": " 1/4",
        "¾": " 3/4",
        "⅕": " 1/5",
        "⅖": " 2/5",
        "⅗": " 3/5",
        "⅘": " 4/5",
        "⅙": " 1/6",
        "⅚": " 5/6",
        "⅛": " 1/8",
        "⅜": " 3/8",
        "⅝": " 5/8",
        "⅞": " 7/8",
    }
)
_DASHES = str.maketrans({"−": "-", "–": "-", "—": "-", "‐": "-", "‑": "-", "⁄": "/", "∕": "/"})
_APOSTROPHES = str.maketrans({"'": None, "’": None, "‘": None, "`": None, "´": None})


def _cleaned_answer(text: str) -> str | ParseFailure:
    """The typed answer :func:`_clean`-ed, or why there is nothing to read in it (callers may
    pass anything, so a non-string is "not understood" rather than an error)."""
    if not isinstance(text, str):
        return _NOT_UNDERSTOOD
    if not text.strip():
        return _EMPTY
    cleaned = _clean(text)
    return _NOT_UNDERSTOOD if cleaned is None else cleaned


def _clean(text: str) -> str | None:
    """Lower-case, compatibility-normalised, ASCII-digit text; ``None`` if too long to matter."""
    text = text.strip()
    if len(text) > _MAX_CHARS:
        return None
    text = unicodedata.normalize("NFKC", text.translate(_VULGAR_FRACTIONS))
    chars = []
    for ch in text:
        if unicodedata.category(ch) == "Cf":
            continue
        if ch.isdecimal() and not ch.isascii():
            chars.append(str(unicodedata.decimal(ch, 0)))
        else:
            chars.append(ch)
    cleaned = "".join(chars).casefold().translate(_DASHES).translate(_APOSTROPHES)
    return " ".join(cleaned.split())


# --------------------------------------------------------------------------- sleep hours

NUMBER_WORDS: dict[str, int] = {
    "zero": 0,
    "none": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
}
_WORD_RE = re.compile(r"\b(twenty[\s-]+(?:one|two|three|four)|" + "|".join(NUMBER_WORDS) + r")\b")
_AN_HOUR_RE = re.compile(r"(?<!half\s)\b(?:an|one)\s+(hour|hr)\b")
_HEDGE_PREFIX = re.compile(
    r"^(?:(?:i\s+)?(?:slept|got|had)(?:\s+for)?|about|around|approx\.?|approximately|roughly|"
    r"circa|ca\.?|maybe|almost|nearly|probably|like|~|≈|±|\+/-)\s*"
)
_HEDGE_SUFFIX = re.compile(
    r"\s*(?:-?ish|or\s+so|of\s+sleep|sleep|last\s+night|tonight|total|in\s+total|\?|!|\.)$"
)

_NUM = r"\d{1,12}(?:[.,]\d{1,12})?|[.,]\d{1,12}"
_HOURS_UNIT = r"(?:h|hs|hr|hrs|hour|hours|std|stunden|heures|horas|ore)\.?"
_MINUTES_UNIT = r"(?:m|mn|min|mins|minute|minutes)\.?"

_HOURS_RE = re.compile(rf"(?P<neg>-)?\s*(?P<n>{_NUM})\s*(?:{_HOURS_UNIT})?", re.ASCII)
_COLON_RE = re.compile(
    rf"(?P<neg>-)?\s*(?P<h>\d{{1,2}}):(?P<m>\d{{2}})\s*(?:{_HOURS_UNIT})?", re.ASCII
)
_HOURS_MINUTES_RE = re.compile(
    rf"(?P<neg>-)?\s*(?P<h>\d{{1,2}})\s*{_HOURS_UNIT}\s*,?\s*(?:and\s+)?(?P<m>\d{{1,2}})"
    rf"\s*(?:{_MINUTES_UNIT})?",
    re.ASCII,
)
_MINUTES_RE = re.compile(rf"(?P<neg>-)?\s*(?P<n>{_NUM})\s*{_MINUTES_UNIT}", re.ASCII)
_FRACTION_RE = re.compile(
    rf"(?:(?P<w>\d{{1,2}})\s*(?:and\s+)?)?(?P<a>\d{{1,2}})\s*/\s*(?P<b>\d{{1,2}})"
    rf"\s*(?:of\s+an?\s+)?(?:{_HOURS_UNIT})?",
    re.ASCII,
)
_HALF_RE = re.compile(
    rf"(?:(?P<w>\d{{1,2}})\s*(?:{_HOURS_UNIT}\s*)?(?:and|&)\s+a\s+half|half\s+an?)"
    rf"\s*(?:{_HOURS_UNIT})?",
    re.ASCII,
)
_RANGE_RE = re.compile(
    rf"(?P<a>{_NUM})\s*(?:{_HOURS_UNIT})?\s*(?:-|to|or)\s*(?P<b>{_NUM})\s*(?:{_HOURS_UNIT})?",
    re.ASCII,
)


def _number(text: str) -> float:
    return float(text.replace(",", "."))


def _round_sleep(hours: float) -> float:
    steps = round(1 / SLEEP_STEP_HOURS)  # 20 steps per hour; the epsilon absorbs float noise
    return round(math.floor(hours * steps + 0.5 + 1e-9) / steps, 2)


def _sleep_value(text: str) -> float | ParseFailure:
    """Hours in ``text`` (already cleaned, hedges removed), unrounded and unchecked."""
    if text in {"no sleep", "nothing", "none", "no"}:
        return 0.0
    if match := _HOURS_RE.fullmatch(text):
        value = _number(match["n"])
        return -value if match["neg"] else value
    for pattern in (_COLON_RE, _HOURS_MINUTES_RE):
        if match := pattern.fullmatch(text):
            minutes = int(match["m"])
            if minutes >= 60:
                return _NOT_UNDERSTOOD
            value = int(match["h"]) + minutes / 60
            return -value if match["neg"] else value
    if match := _MINUTES_RE.fullmatch(text):
        value = _number(match["n"]) / 60
        return -value if match["neg"] else value
    if match := _FRACTION_RE.fullmatch(text):
        numerator, denominator = int(match["a"]), int(match["b"])
        if denominator == 0 or numerator >= denominator:
            return _NOT_UNDERSTOOD
        return int(match["w"] or 0) + numerator / denominator
    if match := _HALF_RE.fullmatch(text):
        return int(match["w"] or 0) + 0.5
    if match := _RANGE_RE.fullmatch(text):
        low, high = _number(match["a"]), _number(match["b"])
        if low > high:
            return _NOT_UNDERSTOOD
        if high > MAX_SLEEP_HOURS:
            return _OUT_OF_RANGE
        return (low + high) / 2
    return _NOT_UNDERSTOOD


def _words_to_digits(text: str) -> str:
    def replace(match: re.Match[str]) -> str:
        word = match.group(1)
        if word.startswith("twenty") and word != "twenty":
            return str(20 + NUMBER_WORDS[word.split()[-1].split("-")[-1]])
        return str(NUMBER_WORDS[word])

    return _WORD_RE.sub(replace, _AN_HOUR_RE.sub(r"1 \1", text))


def parse_sleep_hours(text: str) -> float | ParseFailure:
    """Hours slept, rounded to the nearest 0.05 h, or why the text is not such a number."""
    cleaned = _cleaned_answer(text)
    if isinstance(cleaned, ParseFailure):
        return cleaned
    for _ in range(4):  # "I slept about 7 hours or so"
        stripped = _HEDGE_SUFFIX.sub("", _HEDGE_PREFIX.sub("", cleaned, count=1), count=1)
        if stripped == cleaned:
            break
        cleaned = stripped
    if not cleaned:
        return _NOT_UNDERSTOOD
    if cleaned not in {"none", "no"}:
        cleaned = _words_to_digits(cleaned)
    value = _sleep_value(cleaned)
    if isinstance(value, ParseFailure):
        return value
    if not math.isfinite(value):  # pragma: no cover - the patterns only match short numbers
        return _NOT_UNDERSTOOD
    hours = valid_sleep_hours(value)
    if hours is None:
        return _OUT_OF_RANGE
    return _round_sleep(hours)


# --------------------------------------------------------------------------- clock times

_NAMED_TIMES = {
    "noon": time(12, 0),
    "12 noon": time(12, 0),
    "midday": time(12, 0),
    "mid day": time(12, 0),
    "midnight": time(0, 0),
    "12 midnight": time(0, 0),
}
_CLOCK_PREFIX = re.compile(r"^(?:at|around|about|approx\.?|~)\s*")
_MERIDIEM = re.compile(
    r"(?P<body>.*?)\s*(?:(?P<ap>[ap])\.?\s*(?:m\.?)?|(?:in\s+the\s+|at\s+)?(?P<part>"
    r"morning|afternoon|evening|night|tonight))",
    re.ASCII,
)
_CLOCK_HM = re.compile(
    r"(?P<h>\d{1,2})\s*[:.h]\s*(?P<m>\d{2})(?:\s*[:.]\s*(?P<s>\d{2}))?\s*(?:h|hrs|uhr)?",
    re.ASCII,
)
_CLOCK_H = re.compile(r"(?P<h>\d{1,2})\s*(?:h|hrs|uhr|oclock|o\s*clock)?", re.ASCII)
_CLOCK_COMPACT = re.compile(r"(?P<h>\d{1,2})(?P<m>\d{2})\s*(?:h|hrs|uhr)?", re.ASCII)


def parse_clock_time(text: str) -> time | ParseFailure:
    """A time of day, or why the text is not one."""
    cleaned = _cleaned_answer(text)
    if isinstance(cleaned, ParseFailure):
        return cleaned
    cleaned = _CLOCK_PREFIX.sub("", cleaned, count=1).rstrip(".!")
    if cleaned in _NAMED_TIMES:
        return _NAMED_TIMES[cleaned]

    pm: bool | None = None
    night = False
    if match := _MERIDIEM.fullmatch(cleaned):
        if match["ap"]:
            pm = match["ap"] == "p"
        else:
            pm = match["part"] != "morning"
            night = match["part"] in {"night", "tonight"}
        cleaned = match["body"]
        if not cleaned:
            return _NOT_UNDERSTOOD

    hour_minute: tuple[int, int] | None = None
    for pattern in (_CLOCK_HM, _CLOCK_COMPACT, _CLOCK_H):
        if match := pattern.fullmatch(cleaned):
            groups = match.groupdict()
            if groups.get("s") is not None and int(groups["s"]) >= 60:
                return _OUT_OF_RANGE
            hour_minute = (int(match["h"]), int(groups.get("m") or 0))
            break
    if hour_minute is None:
        return _NOT_UNDERSTOOD
    hour, minute = hour_minute
    if minute >= 60:
        return _OUT_OF_RANGE
    if pm is None:
        return time(hour, minute) if hour <= 23 else _OUT_OF_RANGE
    if hour > 23 or (hour > 12 and not pm) or (hour == 0 and pm):
        return _OUT_OF_RANGE
    if hour > 12:  # "19:00 pm": already 24-hour
        return time(hour, minute)
    if hour == 12 and night:  # "12 at night"
        return time(0, minute)
    return time(hour % 12 + (12 if pm else 0), minute)
