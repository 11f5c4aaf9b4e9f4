"""Shared data for the report tests (no tests here): the English report labels, keyed as the
catalogue will hold them, and sample bundles (empty, partial, a full 30 days).

``EN_REPORT_LABELS`` is the English text to add to ``bot.texts`` (label catalogue); the allergen,
probiotic kind and symptom names are the catalogue's existing ``allergen_*``, ``kind_*`` and
``symptoms_*`` labels.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from bot.domain.answers import Allergen, DayAnswers, ProbioticKind, Slot, Symptoms
from bot.domain.habits import DayMark, Habit
from bot.domain.statuses import Origin, Status
from bot.reports import (
    ExportBundle,
    ExportCheckin,
    ExportDay,
    ExportProfile,
    ReportLabels,
    TipShown,
    habits_from_days,
)
from bot.texts import LABELS_EN, REPORT_LABELS_EN

EN_REPORT_LABELS = REPORT_LABELS_EN


def english_text(key: str) -> str:
    """The raw English text of a catalogue key: the report's own, else the catalogue's."""
    return EN_REPORT_LABELS[key] if key in EN_REPORT_LABELS else LABELS_EN[key]


def english_labels() -> ReportLabels:
    return ReportLabels.from_catalogue(english_text)


# --------------------------------------------------------------------------- sample data

END = date(2025, 3, 30)  # the user's local date when the report is made
GENERATED = datetime(2025, 3, 30, 18, 0, tzinfo=UTC)  # 20:00 in Berlin (CEST)
WATCHED = (Allergen.PEANUTS, Allergen.DAIRY, Allergen.WHEAT)


def profile(**changes: object) -> ExportProfile:
    values: dict[str, object] = {
        "user_id": 4242,
        "first_name": "Zoë Müller",
        "timezone": "Europe/Berlin",
        "morning_time": time(7, 30),
        "evening_time": time(21, 0),
        "day_start_hour": 4,
        "watched_allergens": WATCHED,
        "created_at": datetime(2025, 1, 10, 9, 0, tzinfo=UTC),
        "language": "de",
    }
    values.update(changes)
    return ExportProfile(**values)  # type: ignore[arg-type]


def checkins(day: date, *, morning: bool = True, evening: bool = True) -> tuple[ExportCheckin, ...]:
    morning_sent = datetime.combine(day, time(6, 30), UTC)
    evening_sent = datetime.combine(day, time(19, 0), UTC)
    return (
        ExportCheckin(
            Slot.MORNING,
            Status.ANSWERED if morning else Status.SENT,
            morning_sent,
            morning_sent + timedelta(minutes=4) if morning else None,
            Origin.SCHEDULED,
        ),
        ExportCheckin(
            Slot.EVENING,
            Status.ANSWERED if evening else Status.EXPIRED,
            evening_sent,
            evening_sent + timedelta(minutes=11) if evening else None,
            Origin.SCHEDULED,
        ),
    )


NOTES = {
    1: "Bloated after lunch at the café — might have been the crème brûlée.",
    3: '=HYPERLINK("http://evil.example","click") tested the spreadsheet',
    5: "Slept badly, neighbours were loud. Кефир вечером, всё хорошо.",
    8: "+1 glass of kefir",
    11: "Very long note. " + "Felt tired all afternoon and had a headache after dinner. " * 6,
    14: "@home all day 😀 — rested",
    17: "-5 minutes late for the walk; skin itchy in the evening",
    20: "Tried sauerkraut for the first time; fine.",
    23: "Peanut butter by mistake at a friend's place, hives within an hour.",
    26: "Back to normal, energy good.",
    28: "中文笔记",
    29: "Good day.",
}


def full_days(end: date = END, count: int = 30) -> tuple[ExportDay, ...]:
    """``count`` varied days ending on ``end``: every kind of answer, skips, a pause, misses."""
    days: list[ExportDay] = []
    for index in range(count):
        day = end - timedelta(days=count - 1 - index)
        if index in (6, 7):
            days.append(ExportDay(day, DayMark.PAUSED))
            continue
        if index == 12:
            days.append(ExportDay(day, DayMark.SKIPPED, checkins=checkins(day, evening=False)))
            continue
        if index in (9, 18):
            days.append(
                ExportDay(day, DayMark.MISSED, checkins=checkins(day, morning=False, evening=False))
            )
            continue
        sleep = round(5.5 + (index % 7) * 0.5 + index * 0.05, 2)
        probiotics = index % 3 != 0
        kinds = (
            (ProbioticKind.YOGURT, ProbioticKind.KIMCHI)
            if index % 4 == 0
            else (ProbioticKind.MILK_KEFIR,)
            if index % 4 == 1
            else (ProbioticKind.SAUERKRAUT,)
        )
        exposed: tuple[Allergen, ...] = ()
        if index in (3, 17):
            exposed = (Allergen.DAIRY,)
        if index == 23:
            exposed = (Allergen.PEANUTS, Allergen.WHEAT)
        symptoms = (
            Symptoms.STRONG
            if index in (17, 23)
            else Symptoms.MILD
            if index in (1, 3, 11, 24)
            else Symptoms.NONE
        )
        evening = index != 27
        answers = DayAnswers(
            local_date=day,
            sleep_hours=None if index == 15 else sleep,
            probiotics=probiotics if evening else None,
            probiotic_kinds=kinds if probiotics and evening else (),
            probiotic_tolerated=(index not in (4, 16)) if probiotics and evening else None,
            vitamin_c=(index % 2 == 0) if evening else None,
            vitamin_d=(index % 5 != 0) if evening else None,
            allergens_asked=WATCHED,
            allergens_exposed=exposed,
            allergens_answered=evening,
            symptoms=symptoms if evening else None,
            note=NOTES.get(index) if evening else None,
        )
        days.append(ExportDay(day, DayMark.ANSWERED, answers, checkins(day, evening=evening)))
    return tuple(days)


def bundle(days: tuple[ExportDay, ...] | None = None, **changes: object) -> ExportBundle:
    """A full 30-day bundle (or the given days), habits computed, a few tips."""
    chosen = full_days() if days is None else days
    return ExportBundle(
        profile=changes.pop("profile", None) or profile(),  # type: ignore[arg-type]
        days=chosen,
        generated_at=changes.pop("generated_at", GENERATED),  # type: ignore[arg-type]
        tips_shown=(
            TipShown(END - timedelta(days=2), "sleep-8h-01", "morning", GENERATED),
            TipShown(END - timedelta(days=1), "probiotics-kefir", "evening"),
        ),
        habits=habits_from_days(chosen, END),
        settings_extra=changes.pop("settings_extra", {"week_start": 0, "reminders": True}),  # type: ignore[arg-type]
    )


def empty_bundle() -> ExportBundle:
    """A user who just started: nothing answered, no allergens, no name, no time zone."""
    return ExportBundle(
        profile=profile(
            first_name=None,
            timezone=None,
            watched_allergens=(),
            created_at=GENERATED - timedelta(hours=1),
        ),
        days=(),
        generated_at=GENERATED,
    )


def partial_bundle() -> ExportBundle:
    """Five days in, no allergens watched, no notes, one morning only."""
    start = END - timedelta(days=4)
    days = []
    for index in range(5):
        day = start + timedelta(days=index)
        answers = DayAnswers(day, sleep_hours=6.5 + index * 0.25)
        if index < 4:
            answers = DayAnswers(
                day,
                sleep_hours=6.5 + index * 0.25,
                probiotics=index % 2 == 0,
                probiotic_kinds=(ProbioticKind.YOGURT,) if index % 2 == 0 else (),
                probiotic_tolerated=True if index % 2 == 0 else None,
                vitamin_c=True,
                vitamin_d=False,
                symptoms=Symptoms.NONE,
            )
        days.append(ExportDay(day, DayMark.ANSWERED, answers, checkins(day, evening=index < 4)))
    return ExportBundle(
        profile=profile(
            watched_allergens=(),
            created_at=datetime.combine(start, time(8, 0), UTC),
            first_name="Алёна",
            timezone="Europe/Kyiv",
        ),
        days=tuple(days),
        generated_at=GENERATED,
        habits={Habit.SLEEP_8H: habits_from_days(days, END)[Habit.SLEEP_8H]},
    )
