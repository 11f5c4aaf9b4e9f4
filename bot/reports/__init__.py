"""The user's data, out: a CSV spreadsheet, a complete JSON export and a one-page report for
their medical team (PDF or PNG). Pure code: an :class:`ExportBundle` and :class:`ReportLabels`
in, bytes out; no database, no Telegram, no clock.

    labels = ReportLabels.from_catalogue(lambda key: raw_label(key, language))
    csv_bytes = to_csv(bundle, labels)             # csv_file_name(bundle, labels)
    json_bytes = to_json(bundle)                   # json_file_name(bundle, labels)
    pdf_bytes = await asyncio.to_thread(medical_report, bundle, labels)   # report_file_name(...)

Every user-facing word (CSV headers and values, file name prefixes, the whole report) comes
from :class:`ReportLabels`; the JSON export uses stable machine keys.
"""

from bot.reports.csv_export import to_csv
from bot.reports.insights import patterns_csv, patterns_file_name, report_insights
from bot.reports.json_export import SCHEMA_VERSION, to_json
from bot.reports.labels import PLACEHOLDERS, Plural, ReportLabels, catalogue_keys
from bot.reports.medical import ReportFormat, medical_report, render_pixels, report_file_name
from bot.reports.report_data import (
    ExportBundle,
    ExportCheckin,
    ExportDay,
    ExportProfile,
    TipShown,
    habits_from_days,
)
from bot.reports.summary import MedicalSummary, summarize
from bot.reports.value_text import file_name


def csv_file_name(bundle: ExportBundle, labels: ReportLabels) -> str:
    """``<data_file_prefix>-<local date>.csv``."""
    return file_name(labels.data_file_prefix, bundle.today, "csv")


def json_file_name(bundle: ExportBundle, labels: ReportLabels) -> str:
    """``<data_file_prefix>-<local date>.json``."""
    return file_name(labels.data_file_prefix, bundle.today, "json")


__all__ = [
    "PLACEHOLDERS",
    "SCHEMA_VERSION",
    "ExportBundle",
    "ExportCheckin",
    "ExportDay",
    "ExportProfile",
    "MedicalSummary",
    "Plural",
    "ReportFormat",
    "ReportLabels",
    "TipShown",
    "catalogue_keys",
    "csv_file_name",
    "habits_from_days",
    "json_file_name",
    "medical_report",
    "patterns_csv",
    "patterns_file_name",
    "render_pixels",
    "report_file_name",
    "report_insights",
    "summarize",
    "to_csv",
    "to_json",
]
