"""The data exports: labels, the CSV (round trip, values, injection safety), the JSON (complete,
stable) and file names. The medical report is in test_medical_report.py, its numbers in
test_reports_summary.py; shared labels and bundles in test_reports_fixtures.py."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta

import pytest

from bot.domain.answers import Allergen, DayAnswers, ProbioticKind, Slot, Symptoms
from bot.domain.habits import HABITS, DayMark
from bot.domain.statuses import Status
from bot.reports import (
    SCHEMA_VERSION,
    ExportCheckin,
    ExportDay,
    Plural,
    ReportLabels,
    catalogue_keys,
    csv_file_name,
    json_file_name,
    report_file_name,
    to_csv,
    to_json,
)
from bot.reports.csv_export import header, safe_cell
from bot.reports.summary import summarize
from bot.reports.value_text import file_name, hours_text, number_text
from tests.unit.test_reports_fixtures import (
    EN_REPORT_LABELS,
    END,
    bundle,
    checkins,
    empty_bundle,
    english_labels,
    english_text,
    full_days,
    partial_bundle,
    profile,
)

LABELS = english_labels()


def read_csv(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def rows_by_date(data: bytes) -> dict[str, dict[str, str]]:
    head, *rows = read_csv(data)
    return {row[0]: dict(zip(head, row, strict=True)) for row in rows}


def one_day(answers: DayAnswers, mark: DayMark = DayMark.ANSWERED, **kw: object) -> bytes:
    day = ExportDay(answers.local_date, mark, answers, **kw)  # type: ignore[arg-type]
    return to_csv(bundle((day,)), LABELS)


NOTE = 'Line one\nline two, with “quotes” and "double" quotes; Ünïcödé Кефир'


def every_answer(**changes: object) -> DayAnswers:
    """A day on which every question was answered (the note tests quoting and Unicode)."""
    answers = DayAnswers(
        END,
        sleep_hours=6.5,
        probiotics=True,
        probiotic_kinds=(ProbioticKind.YOGURT, ProbioticKind.KIMCHI),
        probiotic_tolerated=False,
        vitamin_c=True,
        vitamin_d=False,
        allergens_asked=(Allergen.PEANUTS, Allergen.DAIRY),
        allergens_exposed=(Allergen.DAIRY,),
        allergens_answered=True,
        symptoms=Symptoms.MILD,
        note=NOTE,
    )
    return replace(answers, **changes)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- labels


def test_english_labels_are_valid() -> None:
    LABELS.validate()


def test_every_catalogue_key_has_english_text() -> None:
    missing = [key for key in catalogue_keys() if not english_text(key)]
    assert missing == []


def test_the_english_table_has_no_unused_key() -> None:
    assert set(EN_REPORT_LABELS) <= set(catalogue_keys())


def test_catalogue_keys_are_unique() -> None:
    keys = catalogue_keys()
    assert len(keys) == len(set(keys))


def test_from_catalogue_reads_plurals_months_and_existing_names() -> None:
    assert LABELS.days_of_total == Plural("{count} of {total} day", "{count} of {total} days")
    assert LABELS.months[2] == "Mar"
    assert LABELS.allergen_names[Allergen.TREE_NUTS] == "Tree nuts"
    assert LABELS.kind_names[ProbioticKind.MILK_KEFIR] == "Milk or kefir"
    assert LABELS.symptom_names[Symptoms.STRONG] == "Strong"


def test_plural_picks_one_for_exactly_one() -> None:
    assert LABELS.days_of_total.format(1, count=1, total=1) == "1 of 1 day"
    assert LABELS.days_of_total.format(30, count=0, total=30) == "0 of 30 days"


def test_validate_rejects_an_unknown_placeholder() -> None:
    with pytest.raises(ValueError, match="more_items"):
        replace(LABELS, more_items="+{n} more").validate()


def test_validate_rejects_a_missing_allergen_name() -> None:
    with pytest.raises(ValueError, match="PEANUTS"):
        replace(LABELS, allergen_names={Allergen.EGGS: "Eggs"}).validate()


def test_validate_rejects_eleven_months() -> None:
    with pytest.raises(ValueError, match="months"):
        replace(LABELS, months=LABELS.months[:11]).validate()


def test_validate_rejects_a_broken_template() -> None:
    with pytest.raises(ValueError, match="title"):
        replace(LABELS, title="Gut Check {").validate()


def test_a_translation_is_just_other_catalogue_text() -> None:
    german = dict(EN_REPORT_LABELS, report_yes="ja", report_no="nein")
    labels = ReportLabels.from_catalogue(lambda key: german.get(key) or english_text(key))
    day = ExportDay(END, DayMark.ANSWERED, DayAnswers(END, vitamin_c=True))
    data = to_csv(bundle((day,)), labels)
    assert rows_by_date(data)[END.isoformat()][labels.col_vitamin_c] == "ja"


# --------------------------------------------------------------------------- CSV


def test_csv_starts_with_a_bom_and_uses_crlf() -> None:
    data = to_csv(bundle(), LABELS)
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.endswith(b"\r\n")


def test_csv_header_is_the_labels() -> None:
    assert read_csv(to_csv(bundle(), LABELS))[0] == header(LABELS)


def test_csv_has_one_row_per_day() -> None:
    rows = read_csv(to_csv(bundle(), LABELS))
    assert len(rows) == 1 + 30


def test_csv_rows_are_sorted_by_date() -> None:
    days = tuple(reversed(full_days()))
    dates = [row[0] for row in read_csv(to_csv(bundle(days), LABELS))[1:]]
    assert dates == sorted(dates)


def test_csv_for_an_empty_bundle_is_only_the_header() -> None:
    assert read_csv(to_csv(empty_bundle(), LABELS)) == [header(LABELS)]


def test_csv_every_cell_is_quoted() -> None:
    text = to_csv(partial_bundle(), LABELS).decode("utf-8-sig")
    first_data_line = text.split("\r\n")[1]
    assert first_data_line.startswith('"2025-03-26","answered","6.5",')


def test_csv_sleep_is_a_plain_number() -> None:
    row = rows_by_date(one_day(DayAnswers(END, sleep_hours=7.25)))[END.isoformat()]
    assert float(row[LABELS.col_sleep_hours]) == pytest.approx(7.25)


def test_csv_whole_hours_have_no_decimals() -> None:
    row = rows_by_date(one_day(DayAnswers(END, sleep_hours=8.0)))[END.isoformat()]
    assert row[LABELS.col_sleep_hours] == "8"


def test_csv_answers_round_trip() -> None:
    answers = every_answer()
    row = rows_by_date(one_day(answers, checkins=checkins(END)))[END.isoformat()]
    assert row == {
        "Date": "2025-03-30",
        "Day": "answered",
        "Sleep (hours)": "6.5",
        "Probiotics or fermented food": "yes",
        "Which ones": "Yogurt; Kimchi",
        "Sat well": "no",
        "Vitamin C": "yes",
        "Vitamin D": "no",
        "Allergens asked about": "Peanuts; Dairy",
        "Exposed to": "Dairy",
        "Symptoms": "Mild",
        "Note": answers.note,
        "Morning check-in": "answered",
        "Morning check-in sent": "2025-03-30 08:30",  # 06:30 UTC in Berlin (CEST)
        "Morning check-in answered": "2025-03-30 08:34",
        "Evening check-in": "answered",
        "Evening check-in sent": "2025-03-30 21:00",
        "Evening check-in answered": "2025-03-30 21:11",
    }


def test_csv_unanswered_questions_are_empty_cells() -> None:
    row = rows_by_date(one_day(DayAnswers(END, sleep_hours=7.0)))[END.isoformat()]
    for column in (
        LABELS.col_probiotics,
        LABELS.col_probiotic_kinds,
        LABELS.col_vitamin_c,
        LABELS.col_allergens_exposed,
        LABELS.col_symptoms,
        LABELS.col_note,
    ):
        assert row[column] == "", column


def test_csv_allergens_answered_with_nothing_say_none() -> None:
    answers = DayAnswers(END, allergens_asked=(Allergen.SOY,), allergens_answered=True)
    row = rows_by_date(one_day(answers))[END.isoformat()]
    assert row[LABELS.col_allergens_exposed] == "none"


@pytest.mark.parametrize(
    ("mark", "skipped", "expected"),
    [
        (DayMark.ANSWERED, False, "answered"),
        (DayMark.ANSWERED, True, "skipped"),
        (DayMark.SKIPPED, False, "skipped"),
        (DayMark.PAUSED, False, "paused"),
        (DayMark.MISSED, False, "no answer"),
        # A skip carried by the answers makes the day skipped; a pause stays a pause.
        (DayMark.SKIPPED, True, "skipped"),
        (DayMark.PAUSED, True, "paused"),
        (DayMark.MISSED, True, "skipped"),
    ],
)
def test_csv_day_status(mark: DayMark, skipped: bool, expected: str) -> None:
    row = rows_by_date(one_day(DayAnswers(END, skipped=skipped), mark))[END.isoformat()]
    assert row[LABELS.col_day] == expected


@pytest.mark.parametrize("skipped", [False, True])
@pytest.mark.parametrize("mark", list(DayMark))
def test_the_csv_and_the_medical_report_agree_on_how_a_day_went(
    mark: DayMark, skipped: bool
) -> None:
    day = ExportDay(END, mark, DayAnswers(END, skipped=skipped))
    in_csv = rows_by_date(to_csv(bundle((day,)), LABELS))[END.isoformat()][LABELS.col_day]
    [in_report] = [d.status for d in summarize(bundle((day,)), days=1).days if d.local_date == END]
    shown = {
        DayMark.ANSWERED: LABELS.mark_answered,
        DayMark.SKIPPED: LABELS.mark_skipped,
        DayMark.PAUSED: LABELS.mark_paused,
        DayMark.MISSED: LABELS.mark_missed,
    }
    assert in_csv == shown[in_report]


def test_csv_check_in_states() -> None:
    sent = datetime(2025, 3, 30, 5, 0, tzinfo=UTC)
    day_checkins = (
        ExportCheckin(Slot.MORNING, Status.SENT, sent),
        ExportCheckin(Slot.EVENING, Status.QUEUED),
    )
    row = rows_by_date(one_day(DayAnswers(END), checkins=day_checkins))[END.isoformat()]
    assert (
        row[LABELS.col_morning_checkin],
        row[LABELS.col_morning_sent],
        row[LABELS.col_morning_answered],
        row[LABELS.col_evening_checkin],
        row[LABELS.col_evening_sent],
    ) == ("sent, not answered", "2025-03-30 07:00", "", "not sent", "")


def test_csv_a_day_without_check_ins_says_not_sent() -> None:
    row = rows_by_date(one_day(DayAnswers(END)))[END.isoformat()]
    assert row[LABELS.col_morning_checkin] == row[LABELS.col_evening_checkin] == "not sent"


def test_csv_times_are_utc_without_a_valid_zone() -> None:
    day = ExportDay(END, DayMark.ANSWERED, DayAnswers(END), checkins(END))
    data = to_csv(bundle((day,), profile=profile(timezone="Mars/Olympus")), LABELS)
    assert rows_by_date(data)[END.isoformat()][LABELS.col_morning_sent] == "2025-03-30 06:30"


@pytest.mark.parametrize(
    "note",
    [
        "=1+1",
        "+1 glass of kefir",
        "-5 minutes",
        "@SUM(A1:A2)",
        "\t=cmd",
        "\r=cmd",
        '  =HYPERLINK("http://x")',
        "＝1+1",
    ],
)
def test_csv_formula_like_notes_get_an_apostrophe(note: str) -> None:
    row = rows_by_date(one_day(DayAnswers(END, note=note)))[END.isoformat()]
    assert row[LABELS.col_note] == "'" + note


@pytest.mark.parametrize("note", ["Fine day", "1+1=2", "email me@example.com", "", "'quoted'"])
def test_csv_ordinary_notes_are_unchanged(note: str) -> None:
    row = rows_by_date(one_day(DayAnswers(END, note=note)))[END.isoformat()]
    assert row[LABELS.col_note] == note


def test_csv_control_characters_are_removed() -> None:
    assert safe_cell("a\x00b\x1bc\td\ne") == "abc\td\ne"


def test_json_keeps_formula_like_notes_verbatim() -> None:
    answers = DayAnswers(END, note="=1+1")
    day = ExportDay(END, DayMark.ANSWERED, answers)
    document = json.loads(to_json(bundle((day,))))
    assert document["days"][0]["answers"]["note"] == "=1+1"


def test_csv_is_deterministic() -> None:
    assert to_csv(bundle(), LABELS) == to_csv(bundle(), LABELS)


# --------------------------------------------------------------------------- JSON


def test_json_loads_with_schema_and_version() -> None:
    document = json.loads(to_json(bundle()))
    assert (document["schema"], document["schema_version"]) == ("gutcheck-export", SCHEMA_VERSION)


def test_json_top_level_key_order() -> None:
    document = json.loads(to_json(bundle()))
    assert list(document) == [
        "schema",
        "schema_version",
        "generated_at",
        "local_date",
        "profile",
        "settings",
        "days",
        "tips_shown",
        "habits",
        "insights",
    ]


def test_json_contains_every_day_answer_and_note() -> None:
    source = bundle()
    document = json.loads(to_json(source))
    assert len(document["days"]) == len(source.days)
    for stored, exported in zip(source.sorted_days(), document["days"], strict=True):
        assert exported["date"] == stored.local_date.isoformat()
        assert exported["mark"] == stored.mark.value
        if stored.answers is None:
            assert exported["answers"] is None
        else:
            assert exported["answers"]["note"] == stored.answers.note


def test_json_answers_field_by_field() -> None:
    answers = every_answer(
        probiotic_tolerated=True, probiotic_tolerance=((ProbioticKind.KIMCHI, False),)
    )
    day = ExportDay(answers.local_date, DayMark.ANSWERED, answers)
    document = json.loads(to_json(bundle(days=(day,))))
    assert document["days"][0]["answers"] == {
        "sleep_hours": 6.5,
        "probiotics": True,
        "probiotic_kinds": ["yogurt", "kimchi"],
        "probiotic_tolerated": True,
        "probiotic_tolerance": {"yogurt": True, "kimchi": False},
        "vitamin_c": True,
        "vitamin_d": False,
        "allergens_asked": ["peanuts", "dairy"],
        "allergens_exposed": ["dairy"],
        "allergens_answered": True,
        "symptoms": "mild",
        "note": NOTE,
        "skipped": False,
    }


def test_json_check_ins() -> None:
    document = json.loads(to_json(bundle()))
    assert document["days"][0]["checkins"][0] == {
        "slot": "morning",
        "status": "answered",
        "origin": "scheduled",
        "sent_at": "2025-03-01T06:30:00+00:00",
        "completed_at": "2025-03-01T06:34:00+00:00",
    }


def test_json_profile() -> None:
    document = json.loads(to_json(bundle()))
    assert document["profile"] == {
        "user_id": 4242,
        "first_name": "Zoë Müller",
        "language": "de",
        "timezone": "Europe/Berlin",
        "morning_time": "07:30:00",
        "evening_time": "21:00:00",
        "day_start_hour": 4,
        "watched_allergens": ["peanuts", "dairy", "wheat"],
        "created_at": "2025-01-10T09:00:00+00:00",
    }


def test_json_settings_are_sorted_and_converted() -> None:
    extra = {"z": date(2025, 1, 2), "a": {Allergen.SOY: time(4, 0)}, "m": {3, 1}, "f": 1.5}
    document = json.loads(to_json(bundle(settings_extra=extra)))
    assert list(document["settings"].items()) == [
        ("a", {"soy": "04:00:00"}),
        ("f", 1.5),
        ("m", [1, 3]),
        ("z", "2025-01-02"),
    ]


def test_json_tips_shown() -> None:
    document = json.loads(to_json(bundle()))
    assert document["tips_shown"] == [
        {
            "date": "2025-03-28",
            "tip_id": "sleep-8h-01",
            "context": "morning",
            "sent_at": "2025-03-30T18:00:00+00:00",
        },
        {"date": "2025-03-29", "tip_id": "probiotics-kefir", "context": "evening", "sent_at": None},
    ]


def test_json_habits_have_streaks_and_scores() -> None:
    source = bundle()
    document = json.loads(to_json(source))
    assert list(document["habits"]) == [habit.value for habit in HABITS]
    for habit in HABITS:
        exported, report = document["habits"][habit.value], source.habits[habit]
        assert exported["streak"] == {"current": report.streak.current, "best": report.streak.best}
        assert exported["score_percent"] == report.score_percent
        assert len(exported["weeks"]) == len(report.weeks)


def test_json_non_finite_sleep_is_null() -> None:
    day = ExportDay(END, DayMark.ANSWERED, DayAnswers(END, sleep_hours=float("nan")))
    document = json.loads(to_json(bundle((day,))))
    assert document["days"][0]["answers"]["sleep_hours"] is None


def test_json_is_utf8_not_escaped() -> None:
    assert "Zoë Müller".encode() in to_json(bundle())


def test_json_is_deterministic() -> None:
    assert to_json(bundle()) == to_json(bundle())


def test_json_of_an_empty_bundle() -> None:
    document = json.loads(to_json(empty_bundle()))
    assert (document["days"], document["tips_shown"], document["habits"]) == ([], [], {})


def test_json_local_date_is_the_users_logical_date() -> None:
    late = datetime(2025, 3, 30, 23, 30, tzinfo=UTC)  # 01:30 on the 31st in Berlin, before 04:00
    document = json.loads(to_json(bundle(generated_at=late)))
    assert document["local_date"] == "2025-03-30"


# --------------------------------------------------------------------------- file names


def test_file_names() -> None:
    source = bundle()
    assert (
        csv_file_name(source, LABELS),
        json_file_name(source, LABELS),
        report_file_name(source, LABELS),
        report_file_name(source, LABELS, "png"),
    ) == (
        "gutcheck-2025-03-30.csv",
        "gutcheck-2025-03-30.json",
        "gutcheck-report-2025-03-30.pdf",
        "gutcheck-report-2025-03-30.png",
    )


def test_file_names_use_the_local_date() -> None:
    source = bundle(generated_at=datetime(2025, 3, 31, 2, 30, tzinfo=UTC))  # 04:30 in Berlin
    assert csv_file_name(source, LABELS) == "gutcheck-2025-03-31.csv"


@pytest.mark.parametrize(
    ("prefix", "expected"),
    [
        ("gutcheck", "gutcheck-2025-03-30.csv"),
        ("Gut Check: my data/export", "Gut-Check-my-data-export-2025-03-30.csv"),
        ("отчёт", "отчёт-2025-03-30.csv"),
        ("../..", "2025-03-30.csv"),
        ("", "2025-03-30.csv"),
    ],
)
def test_file_name_prefixes_are_made_safe(prefix: str, expected: str) -> None:
    assert file_name(prefix, END, "csv") == expected


# --------------------------------------------------------------------------- numbers


@pytest.mark.parametrize(
    ("hours", "text"),
    [(7.0, "7"), (7.25, "7.25"), (7.1666, "7.17"), (8.004, "8"), (6.996, "7"), (0.0, "0")],
)
def test_hours_text(hours: float, text: str) -> None:
    assert hours_text(hours) == text


def test_hours_text_uses_the_decimal_separator() -> None:
    assert hours_text(7.5, ",") == "7,5"


@pytest.mark.parametrize(("value", "text"), [(7.5, "7.5"), (8.0, "8"), (6.25, "6.25"), (0, "0")])
def test_number_text(value: float, text: str) -> None:
    assert number_text(value) == text


def test_days_in_any_order_with_days_before_the_user_started() -> None:
    early = ExportDay(END - timedelta(days=400), DayMark.ANSWERED, DayAnswers(END, vitamin_c=True))
    rows = read_csv(to_csv(bundle((*full_days(), early)), LABELS))
    assert rows[1][0] == (END - timedelta(days=400)).isoformat()
