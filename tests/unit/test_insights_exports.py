"""The insights figures in the exports: the report's table, the JSON and the patterns CSV
carry the same numbers as /insights."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from datetime import timedelta

from pypdf import PdfReader

from bot.domain.answers import DayAnswers
from bot.domain.habits import DayMark
from bot.domain.insights import Factor, FactorKind
from bot.reports import (
    ExportBundle,
    ExportDay,
    medical_report,
    patterns_csv,
    report_insights,
    to_json,
)
from tests.unit.insights_histories import history
from tests.unit.test_reports_fixtures import END, bundle, english_labels

LABELS = english_labels()


def planted_bundle() -> ExportBundle:
    """120 days ending on the report's date, with vitamin C going with fewer symptoms."""
    days, last = history(7, 120, vitamin_c_helps=True)
    shift = END - last
    export_days = tuple(
        ExportDay(day.local_date + shift, DayMark.ANSWERED, _moved(day.answers, shift))
        for day in days
    )
    return bundle(export_days)


def _moved(answers: DayAnswers | None, shift: timedelta) -> DayAnswers | None:
    return None if answers is None else replace(answers, local_date=answers.local_date + shift)


def test_json_and_csv_carry_the_same_comparisons() -> None:
    source = planted_bundle()
    found = report_insights(source)
    vitamin_c = next(
        c for c in found.comparisons if c.factor == Factor(FactorKind.VITAMIN_C) and c.lag == 0
    )
    assert vitamin_c.fewer_symptoms

    document = json.loads(to_json(source))["insights"]
    assert document["days_of_data"] == 120
    entry = next(
        c for c in document["comparisons"] if c["habit"] == "vitamin_c" and c["lag_days"] == 0
    )
    assert entry["days_with"] == vitamin_c.days_with
    assert entry["difference"] == round(vitamin_c.difference, 4)
    assert entry["could_be_chance"] is False
    assert document["foods"] == [
        {"kind": f.kind.value, "sat_well": f.sat_well, "times": f.times} for f in found.foods
    ]

    rows = list(csv.DictReader(io.StringIO(patterns_csv(source, LABELS).decode("utf-8-sig"))))
    row = next(r for r in rows if r["Habit"] == "Vitamin C" and r["When"] == "Same day")
    assert int(row["Days with"]) == vitamin_c.days_with
    assert float(row["Difference"]) == round(vitamin_c.difference, 2)
    assert row["Verdict"] == "pattern"
    food_rows = [r for r in rows if r["When"].startswith("sat well")]
    assert [(r["Habit"], int(r["Days with"])) for r in food_rows] == [
        ("Kimchi", found.foods[0].sat_well)
    ]
    assert len([r for r in rows if r["When"] in ("Same day", "Next day")]) == len(found.comparisons)


def test_the_report_shows_patterns_not_causes_as_text() -> None:
    source = planted_bundle()
    reader = PdfReader(io.BytesIO(medical_report(source, LABELS)))
    assert len(reader.pages) == 1
    text = " ".join(reader.pages[0].extract_text().split())
    assert "Patterns, not causes" in text
    assert "Timing only, not a cause" in text
    assert "Vitamin C" in text
    assert "could be chance" in text
