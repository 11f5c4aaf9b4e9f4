""" "Patterns, not causes" in the exports: the /insights figures for the report, JSON and CSV.

The figures are :func:`bot.domain.insights.compute_insights` over every stored day up to the
user's local date (the whole record, not only the report's 30 days: comparisons need weeks of
data). The report draws them as a table, the JSON export carries them under ``"insights"``
(machine keys), and a CSV of its own lists one row per comparison and per food (labels from
:class:`~bot.reports.labels.ReportLabels`, numbers with a dot).
"""

from __future__ import annotations

import csv
import io
from typing import Any

from bot.domain.habits import Day
from bot.domain.insights import (
    Comparison,
    Factor,
    Insights,
    compute_insights,
    level_text,
    signed,
)
from bot.reports.csv_export import BOM, safe_cell
from bot.reports.labels import ReportLabels
from bot.reports.report_data import ExportBundle
from bot.reports.value_text import file_name, number_text

Json = Any


def report_insights(bundle: ExportBundle) -> Insights:
    """The insights over every stored day up to the bundle's local date (last entry wins)."""
    today = bundle.today
    by_date = {
        day.local_date: Day(day.local_date, day.mark, day.answers)
        for day in bundle.days
        if day.local_date <= today
    }
    return compute_insights(list(by_date.values()), today, bundle.profile.watched_allergens)


def factor_label(factor: Factor, labels: ReportLabels) -> str:
    if factor.allergen is not None:
        name = labels.allergen_names.get(factor.allergen, factor.allergen.value).lower()
        return labels.patterns_allergen.format(allergen=name)
    return {
        "sleep_8h": labels.patterns_sleep,
        "probiotics": labels.row_probiotics,
        "vitamin_c": labels.row_vitamin_c,
        "vitamin_d": labels.row_vitamin_d,
    }[factor.kind.value]


def comparison_cell(comparison: Comparison, labels: ReportLabels) -> str:
    """One cell of the report's table: means, days, difference and interval, and the verdict."""
    text = labels.patterns_cell.format(
        with_mean=level_text(comparison.mean_with),
        without_mean=level_text(comparison.mean_without),
        with_days=comparison.days_with,
        without_days=comparison.days_without,
        difference=signed(comparison.difference),
        low=signed(comparison.low),
        high=signed(comparison.high),
    )
    if comparison.could_be_chance:
        text = f"{text} · {labels.patterns_chance}"
    return text


def food_items(insights: Insights, labels: ReportLabels) -> str:
    return "; ".join(
        labels.patterns_food_item.format(
            food=labels.kind_names.get(food.kind, food.kind.value).lower(),
            sat=food.sat_well,
            times=food.times,
        )
        for food in insights.foods
    )


# --------------------------------------------------------------------------- JSON


def insights_document(insights: Insights) -> dict[str, Json]:
    """The ``"insights"`` part of the JSON export (stable machine keys)."""
    sleep = insights.sleep
    return {
        "method": {
            "min_days": 14,
            "min_days_each_side": 3,
            "interval": "bayesian_bootstrap",
            "family_confidence": 0.95,
            "comparisons": len(insights.comparisons),
        },
        "days_of_data": insights.days_of_data,
        "days_needed": insights.days_needed,
        "comparisons": [
            {
                "habit": item.factor.key,
                "lag_days": item.lag,
                "days_with": item.days_with,
                "days_without": item.days_without,
                "mean_level_with": round(item.mean_with, 4),
                "mean_level_without": round(item.mean_without, 4),
                "difference": round(item.difference, 4),
                "interval_low": round(item.low, 4),
                "interval_high": round(item.high, 4),
                "interval_level": round(item.level, 6),
                "could_be_chance": item.could_be_chance,
            }
            for item in insights.comparisons
        ],
        "waiting": [
            {
                "habit": item.factor.key,
                "lag_days": item.lag,
                "days_with": item.days_with,
                "days_without": item.days_without,
            }
            for item in insights.waiting
        ],
        "foods": [
            {"kind": food.kind.value, "sat_well": food.sat_well, "times": food.times}
            for food in insights.foods
        ],
        "sleep": {
            "weeks": [
                {
                    "start": week.start.isoformat(),
                    "end": week.end.isoformat(),
                    "nights": week.nights,
                    "average_hours": None if week.average is None else round(week.average, 4),
                }
                for week in sleep.weeks
            ],
            "trend": None if sleep.trend is None else sleep.trend.value,
            "change_hours": None if sleep.change is None else round(sleep.change, 4),
            "hours_before_symptom_free_days": _rounded(sleep.before_symptom_free),
            "hours_before_symptom_days": _rounded(sleep.before_symptoms),
        },
    }


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


# --------------------------------------------------------------------------- CSV


def patterns_csv(bundle: ExportBundle, labels: ReportLabels) -> bytes:
    """One row per comparison, then one per food: "sat well" in the days-with column and the
    other times in the days-without column (UTF-8 with a BOM, every cell quoted)."""
    insights = report_insights(bundle)
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow(
        [
            labels.patterns_col_habit,
            labels.patterns_col_when,
            labels.patterns_col_days_with,
            labels.patterns_col_days_without,
            labels.patterns_col_mean_with,
            labels.patterns_col_mean_without,
            labels.patterns_col_difference,
            labels.patterns_col_low,
            labels.patterns_col_high,
            labels.patterns_col_verdict,
        ]
    )
    # Text cells are guarded against formula injection; numbers are ours and stay numbers.
    for item in insights.comparisons:
        when = labels.patterns_col_same_day if item.lag == 0 else labels.patterns_col_next_day
        verdict = labels.patterns_chance if item.could_be_chance else labels.patterns_pattern
        writer.writerow(
            [
                safe_cell(factor_label(item.factor, labels)),
                safe_cell(when),
                str(item.days_with),
                str(item.days_without),
                number_text(item.mean_with),
                number_text(item.mean_without),
                number_text(item.difference),
                number_text(item.low),
                number_text(item.high),
                safe_cell(verdict),
            ]
        )
    for food in insights.foods:
        name = labels.kind_names.get(food.kind, food.kind.value)
        other = food.times - food.sat_well
        row = [safe_cell(name), safe_cell(labels.patterns_sat_well), str(food.sat_well), str(other)]
        writer.writerow(row + [""] * 6)
    return (BOM + buffer.getvalue()).encode("utf-8", errors="replace")


def patterns_file_name(bundle: ExportBundle, labels: ReportLabels) -> str:
    """``<patterns_file_prefix>-<local date>.csv``."""
    return file_name(labels.patterns_file_prefix, bundle.today, "csv")
