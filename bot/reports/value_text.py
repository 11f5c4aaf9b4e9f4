"""Small formatting helpers shared by the writers: dates, hours, file names."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from bot.domain.answers import hours_text as shared_hours_text
from bot.reports.labels import ReportLabels


def short_date(day: date, labels: ReportLabels) -> str:
    return labels.date_short.format(day=day.day, month=_month(day, labels), year=day.year)


def long_date(day: date, labels: ReportLabels) -> str:
    return labels.date_long.format(day=day.day, month=_month(day, labels), year=day.year)


def _month(day: date, labels: ReportLabels) -> str:
    months = labels.months
    return months[day.month - 1] if len(months) >= day.month else str(day.month)


def hours_text(hours: float, separator: str = ".") -> str:
    """Hours by the rule every message and chart uses (:func:`bot.domain.answers.hours_text`)."""
    return shared_hours_text(hours, separator)


def number_text(value: float) -> str:
    """A machine-readable number for the CSV: "7.5", "8", "6.25" (up to two decimals)."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


_UNSAFE = re.compile(r"[^\w.-]+")


def file_name(prefix: str, day: date, extension: str) -> str:
    """``<prefix>-<yyyy-mm-dd>.<extension>``, with the prefix made safe for any file system
    (letters, digits, ".", "_" and "-"; other runs become "-"); just the date if nothing is
    left."""
    safe = _UNSAFE.sub("-", unicodedata.normalize("NFC", prefix)).strip(".-_")[:80]
    stem = f"{safe}-{day.isoformat()}" if safe else day.isoformat()
    return f"{stem}.{extension}"
