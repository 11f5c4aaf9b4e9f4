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
from bot.reports import (
    ExportBundle,
    ExportCheckin,
    ExportDay,
    ExportProfile,
    ReportLabels,
    TipShown,
    habits_from_days,
)
from bot.texts import LABELS_EN

EN_REPORT_LABELS: dict[str, str] = {
    "report_data_file_prefix": "gutcheck",
    "report_document_file_prefix": "gutcheck-report",
    "report_yes": "yes",
    "report_no": "no",
    "report_none": "none",
    "report_decimal_separator": ".",
    "report_months": "Jan,Feb,Mar,Apr,May,Jun,Jul,Aug,Sep,Oct,Nov,Dec",
    "report_date_short": "{day} {month}",
    "report_date_long": "{day} {month} {year}",
    "report_mark_answered": "answered",
    "report_mark_skipped": "skipped",
    "report_mark_paused": "paused",
    "report_mark_missed": "no answer",
    "report_col_date": "Date",
    "report_col_day": "Day",
    "report_col_sleep_hours": "Sleep (hours)",
    "report_col_probiotics": "Probiotics or fermented food",
    "report_col_probiotic_kinds": "Which ones",
    "report_col_probiotic_tolerated": "Sat well",
    "report_col_vitamin_c": "Vitamin C",
    "report_col_vitamin_d": "Vitamin D",
    "report_col_allergens_asked": "Allergens asked about",
    "report_col_allergens_exposed": "Allergens eaten",
    "report_col_symptoms": "Symptoms",
    "report_col_note": "Note",
    "report_col_morning_checkin": "Morning check-in",
    "report_col_morning_sent": "Morning check-in sent",
    "report_col_morning_answered": "Morning check-in answered",
    "report_col_evening_checkin": "Evening check-in",
    "report_col_evening_sent": "Evening check-in sent",
    "report_col_evening_answered": "Evening check-in answered",
    "report_checkin_answered": "answered",
    "report_checkin_unanswered": "sent, not answered",
    "report_checkin_not_sent": "not sent",
    "report_title": "Gut Check — summary for my medical team",
    "report_disclaimer": "Self-reported data from the Gut Check app; not a diagnosis.",
    "report_name": "Name",
    "report_generated": "Generated",
    "report_period": "Period",
    "report_period_value_one": "{start} – {end} ({count} day)",
    "report_period_value_other": "{start} – {end} ({count} days)",
    "report_time_zone": "Time zone",
    "report_allergens_watched": "Allergens watched",
    "report_not_set": "not set",
    "report_none_watched": "none",
    "report_section_summary": "Summary",
    "report_row_checkins": "Check-ins",
    "report_row_sleep": "Sleep",
    "report_row_probiotics": "Probiotics / fermented food",
    "report_row_vitamin_c": "Vitamin C",
    "report_row_vitamin_d": "Vitamin D",
    "report_row_allergens": "Allergen exposures",
    "report_row_symptoms": "Symptoms",
    "report_checkins_value_one": (
        "answered on {answered} of {total} day · skipped {skipped} · paused {paused} · "
        "no answer {missed}"
    ),
    "report_checkins_value_other": (
        "answered on {answered} of {total} days · skipped {skipped} · paused {paused} · "
        "no answer {missed}"
    ),
    "report_days_of_total_one": "{count} of {total} day",
    "report_days_of_total_other": "{count} of {total} days",
    "report_sleep_average_one": "average {hours} h over {count} night",
    "report_sleep_average_other": "average {hours} h over {count} nights",
    "report_sleep_target_one": "{target} h or more on {count} night",
    "report_sleep_target_other": "{target} h or more on {count} nights",
    "report_sleep_trend": "{trend}: {first} h in the first half, {second} h in the second",
    "report_sleep_trend_unknown": "too few nights to tell a trend",
    "report_trend_improving": "improving",
    "report_trend_declining": "declining",
    "report_trend_steady": "steady",
    "report_sleep_none": "no sleep reported",
    "report_probiotic_kinds": "kinds: {kinds}",
    "report_kind_count": "{name} ×{count}",
    "report_not_tolerated_one": "did not sit well on {count} day: {dates}",
    "report_not_tolerated_other": "did not sit well on {count} days: {dates}",
    "report_exposures_one": "{count} day with an exposure: {items}",
    "report_exposures_other": "{count} days with an exposure: {items}",
    "report_no_exposures": "none reported",
    "report_allergens_not_watched": "no allergens watched",
    "report_dated_item": "{date}: {items}",
    "report_symptoms_strong_one": "strong on {count} day: {dates}",
    "report_symptoms_strong_other": "strong on {count} days: {dates}",
    "report_symptoms_mild_one": "mild on {count} day: {dates}",
    "report_symptoms_mild_other": "mild on {count} days: {dates}",
    "report_symptoms_clear_one": "none on {count} day",
    "report_symptoms_clear_other": "none on {count} days",
    "report_symptoms_not_reported": "not reported",
    "report_more_items": "+{count} more",
    "report_section_chart": "Day by day",
    "report_chart_sleep": "Sleep (hours)",
    "report_chart_allergens": "Allergen eaten",
    "report_chart_symptoms": "Symptoms",
    "report_chart_probiotics": "Probiotics",
    "report_chart_vitamin_c": "Vitamin C",
    "report_chart_vitamin_d": "Vitamin D",
    "report_legend_yes": "yes / allergen eaten",
    "report_legend_no": "no / nothing eaten / no symptoms",
    "report_legend_mild": "mild symptoms",
    "report_legend_strong": "strong symptoms",
    "report_legend_protected": "skipped or paused",
    "report_legend_target": "{target} h sleep target",
    "report_legend_blank": "blank: no answer",
    "report_section_notes": "Notes",
    "report_notes_none": "No notes in this period.",
    "report_notes_more_one": (
        "{count} earlier note not shown — every note is in the CSV and JSON exports."
    ),
    "report_notes_more_other": (
        "{count} earlier notes not shown — every note is in the CSV and JSON exports."
    ),
    "report_note_not_printable": (
        "(this note cannot be shown here; it is in the CSV and JSON exports)"
    ),
}


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
            "answered" if morning else "sent",
            morning_sent,
            morning_sent + timedelta(minutes=4) if morning else None,
            "schedule",
        ),
        ExportCheckin(
            Slot.EVENING,
            "answered" if evening else "expired",
            evening_sent,
            evening_sent + timedelta(minutes=11) if evening else None,
            "schedule",
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
