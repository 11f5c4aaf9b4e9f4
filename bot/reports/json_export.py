"""Everything stored about the user as one JSON document (machine-readable keys, not labels).

Shape (``schema_version`` 1; keys appear in this order, so the same input gives the same bytes)::

    {
      "schema": "gutcheck-export", "schema_version": 1,
      "generated_at": "2025-03-30T18:00:00+00:00", "local_date": "2025-03-30",
      "profile": {"user_id", "first_name", "language", "timezone", "morning_time",
                  "evening_time", "day_start_hour", "watched_allergens", "created_at"},
      "settings": {...extra settings, keys sorted...},
      "days": [{"date", "mark", "answers": {...} | null, "checkins": [...]}, ...],   # by date
      "tips_shown": [{"date", "tip_id", "context", "sent_at"}, ...],               # by date
      "habits": {"sleep_8h": {"applicable", "today", "streak": {"current", "best"}, "score",
                 "score_percent", "goal", "weekly_streak": {...}, "weeks": [...]}, ...},
      "insights": {"method", "days_of_data", "days_needed", "comparisons": [{"habit",
                   "lag_days", "days_with", "days_without", "mean_level_with",
                   "mean_level_without", "difference", "interval_low", "interval_high",
                   "interval_level", "could_be_chance"}, ...], "waiting", "foods": [{"kind",
                   "sat_well", "times"}, ...], "sleep": {...}}     # bot.reports.insights
    }

Dates are ISO ``YYYY-MM-DD``; datetimes ISO 8601 as stored (UTC, with offset); times
``HH:MM:SS``. Enum values are the stable keys of :mod:`bot.domain.answers` /
:mod:`bot.domain.habits`. Non-finite numbers become ``null``. UTF-8, not ASCII-escaped,
two-space indent, LF line ends, final newline.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import fields, is_dataclass
from datetime import date, datetime, time
from enum import Enum
from typing import Any

from bot.domain.answers import DayAnswers
from bot.domain.habits import HABITS, HabitReport, Streak, WeekResult
from bot.reports.insights import insights_document, report_insights
from bot.reports.report_data import ExportBundle, ExportCheckin, ExportDay, ExportProfile, TipShown

SCHEMA = "gutcheck-export"
SCHEMA_VERSION = 1

Json = Any  # what json.dumps accepts: dict/list/str/int/float/bool/None


def to_json(bundle: ExportBundle) -> bytes:
    """The document described in the module doc, as UTF-8 bytes."""
    text = json.dumps(export_document(bundle), ensure_ascii=False, indent=2, allow_nan=False)
    return (text + "\n").encode("utf-8", errors="replace")


def export_document(bundle: ExportBundle) -> dict[str, Json]:
    """The JSON document as Python data (dicts in key order)."""
    return {
        "schema": SCHEMA,
        "schema_version": SCHEMA_VERSION,
        "generated_at": _datetime(bundle.generated_at),
        "local_date": bundle.today.isoformat(),
        "profile": _profile(bundle.profile),
        "settings": {str(k): _value(v) for k, v in sorted(bundle.settings_extra.items(), key=_key)},
        "days": [_day(day) for day in bundle.sorted_days()],
        "tips_shown": [
            _tip(tip) for tip in sorted(bundle.tips_shown, key=lambda tip: tip.local_date)
        ],
        "habits": {
            habit.value: _habit(bundle.habits[habit]) for habit in HABITS if habit in bundle.habits
        },
        "insights": insights_document(report_insights(bundle)),
    }


def _key(item: tuple[str, object]) -> str:
    return str(item[0])


def _profile(profile: ExportProfile) -> dict[str, Json]:
    return {
        "user_id": profile.user_id,
        "first_name": profile.first_name,
        "language": profile.language,
        "timezone": profile.timezone,
        "morning_time": _time(profile.morning_time),
        "evening_time": _time(profile.evening_time),
        "day_start_hour": profile.day_start_hour,
        "watched_allergens": [a.value for a in profile.watched_allergens],
        "created_at": _datetime(profile.created_at),
    }


def _day(day: ExportDay) -> dict[str, Json]:
    return {
        "date": day.local_date.isoformat(),
        "mark": day.mark.value,
        "answers": None if day.answers is None else _answers(day.answers),
        "checkins": [_checkin(c) for c in day.checkins],
    }


def _answers(answers: DayAnswers) -> dict[str, Json]:
    return {
        "sleep_hours": _number(answers.sleep_hours),
        "probiotics": answers.probiotics,
        "probiotic_kinds": [k.value for k in answers.probiotic_kinds],
        "probiotic_tolerated": answers.probiotic_tolerated,
        # How each food sat, as answered per food or else from the day's one answer.
        "probiotic_tolerance": {k.value: sat for k, sat in answers.tolerance_by_kind().items()},
        "vitamin_c": answers.vitamin_c,
        "vitamin_d": answers.vitamin_d,
        "allergens_asked": [a.value for a in answers.allergens_asked],
        "allergens_exposed": [a.value for a in answers.allergens_exposed],
        "allergens_answered": answers.allergens_answered,
        "symptoms": None if answers.symptoms is None else answers.symptoms.value,
        "note": answers.note,
        "skipped": answers.skipped,
    }


def _checkin(checkin: ExportCheckin) -> dict[str, Json]:
    return {
        "slot": checkin.slot.value,
        "status": checkin.status.value,
        "origin": None if checkin.origin is None else checkin.origin.value,
        "sent_at": _datetime(checkin.sent_at),
        "completed_at": _datetime(checkin.completed_at),
    }


def _tip(tip: TipShown) -> dict[str, Json]:
    return {
        "date": tip.local_date.isoformat(),
        "tip_id": tip.tip_id,
        "context": tip.context,
        "sent_at": _datetime(tip.sent_at),
    }


def _habit(report: HabitReport) -> dict[str, Json]:
    return {
        "applicable": report.applicable,
        "today": report.today.value,
        "streak": _streak(report.streak),
        "score": _number(report.score),
        "score_percent": report.score_percent,
        "goal": report.goal,
        "weekly_streak": _streak(report.weekly_streak),
        "weeks": [_week(week) for week in report.weeks],
    }


def _streak(streak: Streak) -> dict[str, Json]:
    return {"current": streak.current, "best": streak.best}


def _week(week: WeekResult) -> dict[str, Json]:
    return {
        "start": week.start.isoformat(),
        "end": week.end.isoformat(),
        "goal": week.goal,
        "target": week.target,
        "kept": week.kept,
        "counted": week.counted,
        "excused": week.excused,
        "status": week.status.value,
    }


def _number(value: float | None) -> float | None:
    if value is None or not math.isfinite(value):
        return None
    return float(value)


def _time(value: time) -> str:
    return value.isoformat()


def _datetime(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def _value(value: object) -> Json:
    """Any settings value as JSON data (unknown objects as their ``str``)."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return _number(value)
    if isinstance(value, Enum):
        return _value(value.value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): _value(v) for k, v in sorted(value.items(), key=_key)}
    if isinstance(value, list | tuple | set | frozenset):
        items = [_value(v) for v in value]
        if isinstance(value, set | frozenset):
            items.sort(key=lambda item: json.dumps(item, sort_keys=True))
        return items
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _value(getattr(value, f.name)) for f in fields(value)}
    return str(value)
