"""Small, language-aware formatting of times, dates and amounts for messages."""

from __future__ import annotations

import re
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from bot.domain.answers import Allergen
from bot.html import Html
from bot.texts import label, t
from bot.tips.vocabulary import format_hours

_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def clock(at: time) -> str:
    return f"{at.hour:02d}:{at.minute:02d}"


def day_label(day: date) -> str:
    """ "Tue 3 Mar" — short enough for a title line."""
    return f"{_WEEKDAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]}"


def hours(value: float, language: str | None = None) -> Html:
    return t("hours", language, hours=format_hours(value))


def _allergen_labels(allergens: tuple[Allergen, ...], language: str | None) -> list[str]:
    return [label(f"allergen_{a.value}", language).lower() for a in allergens]


def allergen_names(allergens: tuple[Allergen, ...], language: str | None = None) -> str:
    return ", ".join(_allergen_labels(allergens, language))


def zone_name(zone: str) -> str:
    """An IANA name as people read it: ``Etc/GMT-2`` means UTC+2 (POSIX flips the sign)."""
    if zone in ("Etc/UTC", "Etc/GMT", "UTC", "Etc/Universal", "Etc/Zulu"):
        return "UTC"
    match = re.fullmatch(r"Etc/GMT([+-])(\d{1,2})", zone)
    if match is None:
        return zone
    sign = "−" if match.group(1) == "+" else "+"
    return f"UTC{sign}{int(match.group(2))}"


def allergen_phrase(allergens: tuple[Allergen, ...], language: str | None = None) -> str:
    """The allergens as a sentence says them: "eggs, soy and wheat"."""
    names = _allergen_labels(allergens, language)
    if len(names) < 2:
        return "".join(names)
    return t("list_and", language, rest=", ".join(names[:-1]), last=names[-1])


def when_label(due: datetime, zone: ZoneInfo, now: datetime, language: str | None = None) -> Html:
    """ "today at 21:00", "tomorrow at 08:00" or "Tue 3 Mar at 08:00", in the user's zone."""
    local_due = due.astimezone(zone)
    today = now.astimezone(zone).date()
    at = clock(local_due.time())
    if local_due.date() == today:
        return t("today_at", language, time=at)
    if (local_due.date() - today).days == 1:
        return t("tomorrow_at", language, time=at)
    return t("on_day_at", language, day=day_label(local_due.date()), time=at)
