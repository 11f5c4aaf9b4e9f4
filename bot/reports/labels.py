"""Every user-facing word of the exports: CSV headers and values, file names, the report.

The words live in the project's catalogue (``bot.texts``); this package only receives them.
Build labels with :meth:`ReportLabels.from_catalogue` from a function returning the *raw*
catalogue text of a key (templates unformatted), e.g. ``ReportLabels.from_catalogue(
lambda key: LABELS_EN[key])``. Keys (see :func:`catalogue_keys`):

* ``report_<field>`` for a plain field;
* ``report_<field>_one`` and ``report_<field>_other`` for a :class:`Plural` field (``one`` is
  used when the number the template counts is 1, ``other`` otherwise);
* ``report_months``: twelve short month names separated by commas;
* the existing ``allergen_<key>``, ``kind_<key>`` and ``symptoms_<key>`` names.

Templates use ``str.format`` placeholders; :data:`PLACEHOLDERS` lists the ones each field may
use and :meth:`ReportLabels.validate` checks them. Punctuation that joins items (", ", "; ",
" · ", "…") is not a label.
"""

from __future__ import annotations

import string
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from enum import StrEnum
from types import MappingProxyType
from typing import Final

from bot.domain.answers import Allergen, ProbioticKind, Symptoms


@dataclass(frozen=True)
class Plural:
    """A template in two forms: ``one`` (the counted number is 1) and ``other``."""

    one: str
    other: str

    def format(self, number: int, /, **params: object) -> str:
        return (self.one if number == 1 else self.other).format(**params)


@dataclass(frozen=True)
class ReportLabels:
    """All words of the CSV, the JSON file name and the medical report (see module doc)."""

    # --- file names (a date and an extension are appended: "<prefix>-2025-03-30.csv")
    data_file_prefix: str  # the CSV and JSON exports
    document_file_prefix: str  # the medical report (PDF or PNG)

    # --- shared values
    language: str  # the language these words are in (BCP 47, e.g. "en"), for the PDF
    yes: str
    no: str
    none: str  # answered, nothing to list (no exposure, no kind chosen)
    decimal_separator: str
    months: tuple[str, ...]  # 12 short month names, January first
    date_short: str  # {day} {month}
    date_long: str  # {day} {month} {year}
    mark_answered: str
    mark_skipped: str
    mark_paused: str
    mark_missed: str
    allergen_names: Mapping[Allergen, str]
    kind_names: Mapping[ProbioticKind, str]
    symptom_names: Mapping[Symptoms, str]

    # --- CSV columns and check-in states
    col_date: str
    col_day: str
    col_sleep_hours: str
    col_probiotics: str
    col_probiotic_kinds: str
    col_probiotic_tolerated: str
    col_vitamin_c: str
    col_vitamin_d: str
    col_allergens_asked: str
    col_allergens_exposed: str
    col_symptoms: str
    col_note: str
    col_morning_checkin: str
    col_morning_sent: str
    col_morning_answered: str
    col_evening_checkin: str
    col_evening_sent: str
    col_evening_answered: str
    checkin_answered: str
    checkin_unanswered: str
    checkin_not_sent: str

    # --- report: header
    title: str
    disclaimer: str
    name: str
    generated: str
    period: str
    period_value: Plural  # {start} {end} {count}
    time_zone: str
    allergens_watched: str
    not_set: str
    none_watched: str

    # --- report: summary table
    section_summary: str
    row_checkins: str
    row_sleep: str
    row_probiotics: str
    row_vitamin_c: str
    row_vitamin_d: str
    row_allergens: str
    row_symptoms: str
    checkins_value: Plural  # {answered} {total} {skipped} {paused} {missed}; by total
    days_of_total: Plural  # {count} {total}; by total
    sleep_average: Plural  # {hours} {count}
    sleep_target: Plural  # {target} {count}
    sleep_trend: str  # {trend} {first} {second}
    sleep_trend_unknown: str
    trend_improving: str
    trend_declining: str
    trend_steady: str
    sleep_none: str
    probiotic_kinds: str  # {kinds}
    kind_count: str  # {name} {count}
    not_tolerated: Plural  # {count} {dates}
    exposures: Plural  # {count} {items}
    exposures_then_symptoms: Plural  # {count} {total}; by count
    no_exposures: str
    allergens_not_watched: str
    dated_item: str  # {date} {items}
    symptoms_strong: Plural  # {count} {dates}
    symptoms_mild: Plural  # {count} {dates}
    symptoms_clear: Plural  # {count}
    symptoms_not_reported: str
    more_items: str  # {count}

    # --- report: day-by-day chart
    section_chart: str
    chart_sleep: str
    chart_allergens: str
    chart_symptoms: str
    chart_probiotics: str
    chart_vitamin_c: str
    chart_vitamin_d: str
    legend_yes: str
    legend_no: str
    legend_mild: str
    legend_strong: str
    legend_protected: str
    legend_target: str  # {target}
    legend_blank: str

    # --- report and exports: patterns, not causes (bot.reports.insights)
    section_patterns: str
    patterns_intro: str  # {count}
    patterns_waiting: Plural  # {count}: more days of data needed
    patterns_none: str
    patterns_col_habit: str
    patterns_col_same_day: str
    patterns_col_next_day: str
    patterns_cell: (
        str  # {with_mean} {without_mean} {with_days} {without_days} {difference} {low} {high}
    )
    patterns_chance: str
    patterns_pattern: str
    patterns_too_few: str
    patterns_more: str  # {count}
    patterns_sleep: str
    patterns_allergen: str  # {allergen}
    patterns_foods: str
    patterns_food_item: str  # {food} {sat} {times}
    patterns_foods_none: str
    patterns_file_prefix: str
    patterns_col_when: str
    patterns_col_days_with: str
    patterns_col_days_without: str
    patterns_col_mean_with: str
    patterns_col_mean_without: str
    patterns_col_difference: str
    patterns_col_low: str
    patterns_col_high: str
    patterns_col_verdict: str
    patterns_sat_well: str

    # --- report: notes
    section_notes: str
    notes_none: str
    notes_more: Plural  # {count}
    note_not_printable: str

    @classmethod
    def from_catalogue(cls, get: Callable[[str], str]) -> ReportLabels:
        """Labels from a catalogue lookup that returns a key's raw text (see module doc)."""
        values: dict[str, object] = {}
        for item in fields(cls):
            name = item.name
            texts = [get(key) for key in _field_keys(name)]
            if name == "months":
                values[name] = tuple(part.strip() for part in texts[0].split(","))
            elif name in _NAMED_MEMBERS:
                values[name] = MappingProxyType(
                    dict(zip(_NAMED_MEMBERS[name][0], texts, strict=True))
                )
            elif name in _PLURALS:
                values[name] = Plural(*texts)
            else:
                (values[name],) = texts
        return cls(**values)  # type: ignore[arg-type]

    def validate(self) -> None:
        """Raise ``ValueError`` when a template uses an unknown placeholder, a name is missing
        for an allergen, kind or symptom level, or there are not twelve month names."""
        problems: list[str] = []
        if len(self.months) != 12:
            problems.append(f"months: {len(self.months)} names, expected 12")
        for mapping, members in (
            (self.allergen_names, tuple(Allergen)),
            (self.kind_names, tuple(ProbioticKind)),
            (self.symptom_names, tuple(Symptoms)),
        ):
            problems.extend(f"no name for {m!r}" for m in members if m not in mapping)
        for item in fields(self):
            value = getattr(self, item.name)
            allowed = PLACEHOLDERS.get(item.name, frozenset())
            templates = [value.one, value.other] if isinstance(value, Plural) else [value]
            for template in templates:
                if not isinstance(template, str):
                    continue
                try:
                    used = {f for _, f, _, _ in string.Formatter().parse(template) if f is not None}
                except ValueError as error:
                    problems.append(f"{item.name}: {error}")
                    continue
                unknown = used - allowed
                if unknown:
                    problems.append(f"{item.name}: unknown placeholder(s) {sorted(unknown)}")
        if problems:
            raise ValueError("; ".join(problems))


PLACEHOLDERS: Final[Mapping[str, frozenset[str]]] = MappingProxyType(
    {
        name: frozenset(params.split())
        for name, params in {
            "date_short": "day month",
            "date_long": "day month year",
            "period_value": "start end count",
            "checkins_value": "answered total skipped paused missed",
            "days_of_total": "count total",
            "sleep_average": "hours count",
            "sleep_target": "target count",
            "sleep_trend": "trend first second",
            "probiotic_kinds": "kinds",
            "kind_count": "name count",
            "not_tolerated": "count dates",
            "exposures": "count items",
            "exposures_then_symptoms": "count total",
            "dated_item": "date items",
            "symptoms_strong": "count dates",
            "symptoms_mild": "count dates",
            "symptoms_clear": "count",
            "more_items": "count",
            "legend_target": "target",
            "notes_more": "count",
            "patterns_intro": "count",
            "patterns_more": "count",
            "patterns_waiting": "count",
            "patterns_cell": "with_mean without_mean with_days without_days difference low high",
            "patterns_allergen": "allergen",
            "patterns_food_item": "food sat times",
        }.items()
    }
)
"""The placeholders each template field may use (fields not listed take none)."""

_PLURALS: Final = frozenset(
    item.name for item in fields(ReportLabels) if item.type in ("Plural", Plural)
)


_NAMED_MEMBERS: Final[Mapping[str, tuple[tuple[StrEnum, ...], str]]] = MappingProxyType(
    {
        "allergen_names": (tuple(Allergen), "allergen_"),
        "kind_names": (tuple(ProbioticKind), "kind_"),
        "symptom_names": (tuple(Symptoms), "symptoms_"),
    }
)
"""Fields naming each member of an enum: the members and the catalogue's key prefix."""


def _field_keys(name: str) -> tuple[str, ...]:
    """The catalogue keys a :class:`ReportLabels` field is read from, in order."""
    if name in _NAMED_MEMBERS:
        members, prefix = _NAMED_MEMBERS[name]
        return tuple(f"{prefix}{member.value}" for member in members)
    if name in _PLURALS:
        return (f"report_{name}_one", f"report_{name}_other")
    return (f"report_{name}",)  # also "report_months", one comma-separated text


def catalogue_keys() -> tuple[str, ...]:
    """Every catalogue key :meth:`ReportLabels.from_catalogue` reads, in field order."""
    return tuple(key for item in fields(ReportLabels) for key in _field_keys(item.name))
