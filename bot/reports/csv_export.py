"""The user's days as a CSV spreadsheet: one row per stored local date.

Format choices
    * UTF-8 *with* a byte-order mark, so Excel (which otherwise assumes the system code page)
      shows accents and Cyrillic correctly; LibreOffice, Numbers, pandas (``utf-8-sig``) and
      Python's ``csv`` (``encoding="utf-8-sig"``) all accept it. Comma separator, CRLF line
      ends, every cell in double quotes (RFC 4180; inner quotes doubled), header row first.
    * Dates are ISO (``2025-03-30``); times are the user's wall clock, ``2025-03-30 07:02``
      (UTC when no valid time zone is set). Sleep is a plain number with a dot ("7.5"), never
      a localised string, so spreadsheets read it as a number.
    * Booleans are the catalogue's ``yes`` / ``no`` words; an empty cell means "not answered".
      Lists are joined with "; ". "Exposed to" says ``none`` when the question was answered
      with nothing, and is empty when it was not answered.
    * Values are the user-facing names (from the labels); the JSON export has the stable keys.
    * Control characters other than tab and line breaks are removed from text.

CSV injection (OWASP "CSV Injection")
    Every cell whose first non-blank character is ``=``, ``+``, ``-``, ``@``, a tab, a carriage
    return or a line feed (or the full-width ``＝ ＋ － ＠``) gets a leading apostrophe, and every
    cell is quoted. Spreadsheets then show the text (with the apostrophe visible) instead of
    evaluating it; the JSON export keeps the note exactly as written.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Iterable
from datetime import datetime

from bot.domain.answers import Allergen, DayAnswers, Slot
from bot.domain.habits import DayMark
from bot.reports.labels import ReportLabels
from bot.reports.report_data import ExportBundle, ExportDay, local_datetime
from bot.reports.value_text import number_text

BOM = "\ufeff"
LIST_SEPARATOR = "; "
_FORMULA_STARTS = frozenset("=+-@\t\r\n＝＋－＠")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def safe_cell(value: str) -> str:
    """``value`` without control characters, with a leading apostrophe when a spreadsheet
    could read it as a formula (see the module doc)."""
    text = _CONTROL.sub("", value)
    stripped = text.lstrip(" \u00a0")
    if stripped and stripped[0] in _FORMULA_STARTS:
        return "'" + text
    if text and text[0] in _FORMULA_STARTS:
        return "'" + text
    return text


def header(labels: ReportLabels) -> list[str]:
    return [
        labels.col_date,
        labels.col_day,
        labels.col_sleep_hours,
        labels.col_probiotics,
        labels.col_probiotic_kinds,
        labels.col_probiotic_tolerated,
        labels.col_vitamin_c,
        labels.col_vitamin_d,
        labels.col_allergens_asked,
        labels.col_allergens_exposed,
        labels.col_symptoms,
        labels.col_note,
        labels.col_morning_checkin,
        labels.col_morning_sent,
        labels.col_morning_answered,
        labels.col_evening_checkin,
        labels.col_evening_sent,
        labels.col_evening_answered,
    ]


def to_csv(bundle: ExportBundle, labels: ReportLabels) -> bytes:
    """The CSV described in the module doc, as UTF-8 bytes with a BOM."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow([safe_cell(cell) for cell in header(labels)])
    for day in bundle.sorted_days():
        writer.writerow([safe_cell(cell) for cell in _row(day, bundle, labels)])
    return (BOM + buffer.getvalue()).encode("utf-8", errors="replace")


def day_status(day: ExportDay, labels: ReportLabels) -> str:
    return {
        DayMark.ANSWERED: labels.mark_answered,
        DayMark.SKIPPED: labels.mark_skipped,
        DayMark.PAUSED: labels.mark_paused,
        DayMark.MISSED: labels.mark_missed,
    }[day.shown_mark]


def _row(day: ExportDay, bundle: ExportBundle, labels: ReportLabels) -> list[str]:
    answers = day.answers or DayAnswers(day.local_date)
    return [
        day.local_date.isoformat(),
        day_status(day, labels),
        _hours(answers.sleep_hours),
        _flag(answers.probiotics, labels),
        LIST_SEPARATOR.join(labels.kind_names.get(k, k.value) for k in answers.probiotic_kinds),
        _flag(answers.probiotic_tolerated, labels),
        _flag(answers.vitamin_c, labels),
        _flag(answers.vitamin_d, labels),
        _allergens(answers.allergens_asked, labels),
        _exposed(answers, labels),
        labels.symptom_names.get(answers.symptoms, "") if answers.symptoms is not None else "",
        answers.note or "",
        *_checkin_cells(day, Slot.MORNING, bundle, labels),
        *_checkin_cells(day, Slot.EVENING, bundle, labels),
    ]


def _hours(hours: float | None) -> str:
    if hours is None or not math.isfinite(hours):
        return ""
    return number_text(hours)


def _flag(value: bool | None, labels: ReportLabels) -> str:
    if value is None:
        return ""
    return labels.yes if value else labels.no


def _allergens(allergens: Iterable[Allergen], labels: ReportLabels) -> str:
    return LIST_SEPARATOR.join(labels.allergen_names.get(a, a.value) for a in allergens)


def _exposed(answers: DayAnswers, labels: ReportLabels) -> str:
    if answers.allergens_exposed:
        return _allergens(answers.allergens_exposed, labels)
    return labels.none if answers.allergens_answered else ""


def _checkin_cells(
    day: ExportDay, slot: Slot, bundle: ExportBundle, labels: ReportLabels
) -> list[str]:
    checkin = day.checkin(slot)
    if checkin is None:
        return [labels.checkin_not_sent, "", ""]
    if checkin.answered:
        state = labels.checkin_answered
    elif checkin.sent:
        state = labels.checkin_unanswered
    else:
        state = labels.checkin_not_sent
    return [state, _time(checkin.sent_at, bundle), _time(checkin.completed_at, bundle)]


def _time(instant: datetime | None, bundle: ExportBundle) -> str:
    if instant is None:
        return ""
    return local_datetime(instant, bundle.zone).strftime("%Y-%m-%d %H:%M")
