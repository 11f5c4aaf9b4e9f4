"""The medical report as PNG and PDF: valid files, A4, one page, small, deterministic, every word
from the labels, non-ASCII text; and random bundles never crash any writer."""

from __future__ import annotations

import ast
import csv
import io
import json
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta, timezone
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image
from pypdf import PdfReader

import bot.reports
from bot.charts.pillow_text import printable
from bot.domain.answers import Allergen, DayAnswers, ProbioticKind, Slot, Symptoms
from bot.domain.habits import DayMark
from bot.domain.statuses import Origin, Status
from bot.reports import (
    ExportBundle,
    ExportCheckin,
    ExportDay,
    ExportProfile,
    TipShown,
    medical_report,
    render_pixels,
    to_csv,
    to_json,
)
from bot.reports.medical import SMALL_SIZE
from bot.reports.text_layout import A4_POINTS, _units
from tests.unit.test_reports_fixtures import (
    END,
    bundle,
    empty_bundle,
    english_labels,
    full_days,
    partial_bundle,
)

LABELS = english_labels()
A4_RATIO = A4_POINTS[1] / A4_POINTS[0]  # √2
BUNDLES = {"empty": empty_bundle, "partial": partial_bundle, "full": bundle}


def open_png(data: bytes) -> Image.Image:
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    image = Image.open(io.BytesIO(data))
    image.load()  # decodes every row
    return image


def read_pdf(data: bytes) -> PdfReader:
    assert data.startswith(b"%PDF-")
    return PdfReader(io.BytesIO(data))


def pdf_text(data: bytes) -> str:
    """The text a reader can select, search and hear, with runs of spaces flattened."""
    return " ".join(read_pdf(data).pages[0].extract_text().split())


def embedded_fonts(reader: PdfReader) -> dict[str, bool]:
    """Font name -> whether its TrueType program is embedded (``/FontFile2``)."""
    fonts: dict[str, bool] = {}
    resources = reader.pages[0]["/Resources"]["/Font"]
    for ref in resources.values():
        font = ref.get_object()
        descendant = font["/DescendantFonts"][0].get_object()
        descriptor = descendant["/FontDescriptor"].get_object()
        fonts[str(font["/BaseFont"])] = "/FontFile2" in descriptor
    return fonts


# --------------------------------------------------------------------------- PNG


@pytest.mark.parametrize("name", BUNDLES)
def test_png_is_a4_greyscale_at_150_dpi(name: str) -> None:
    image = open_png(medical_report(BUNDLES[name](), LABELS, fmt="png"))
    assert (image.size, image.mode) == ((1240, 1754), "L")
    assert image.height / image.width == pytest.approx(A4_RATIO, rel=0.002)
    assert image.info["dpi"][0] == pytest.approx(150, abs=0.1)


def test_png_dpi_can_change() -> None:
    image = open_png(medical_report(bundle(), LABELS, fmt="png", dpi=100))
    assert image.size == (827, 1169)


@pytest.mark.parametrize("dpi", [71, 301])
def test_odd_dpi_is_refused(dpi: int) -> None:
    with pytest.raises(ValueError, match="dpi"):
        medical_report(bundle(), LABELS, fmt="png", dpi=dpi)


def test_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError, match="format"):
        medical_report(bundle(), LABELS, fmt="docx")  # type: ignore[arg-type]


def test_page_has_ink_and_a_white_margin() -> None:
    pixels = render_pixels(bundle(), LABELS)
    assert pixels.min() < 40  # dark text
    margin = round(30 / 72 * 150)  # everything is drawn at least 30 pt from the edges
    assert pixels[:, :margin].min() == pixels[:, -margin:].min() == 255
    assert pixels[:margin].min() == pixels[-margin:].min() == 255


# --------------------------------------------------------------------------- PDF


@pytest.mark.parametrize("name", BUNDLES)
def test_pdf_is_one_a4_page(name: str) -> None:
    reader = read_pdf(medical_report(BUNDLES[name](), LABELS))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (float(box.width), float(box.height)) == pytest.approx(A4_POINTS, abs=0.01)


def test_pdf_is_real_text_with_the_users_figures() -> None:
    text = pdf_text(medical_report(bundle(), LABELS))
    assert LABELS.title in text
    assert "Zoë Müller" in text  # non-ASCII names survive as characters
    assert "answered on 25 of 30 days" in text
    assert "average 7.66 h over 24 nights" in text  # hours read as in every message
    assert "did not sit well on 2 days: 5 Mar, 17 Mar" in text
    assert "Patterns, not causes" in text
    assert "sauerkraut sat well 8 of 8" in text
    assert "Good day." in text  # the newest note


def test_pdf_embeds_its_fonts() -> None:
    fonts = embedded_fonts(read_pdf(medical_report(bundle(), LABELS)))
    assert fonts
    assert all(fonts.values()), fonts
    assert all("DejaVuSans" in name for name in fonts)


def test_pdf_keeps_the_chart_as_an_image() -> None:
    reader = read_pdf(medical_report(bundle(), LABELS))
    images = reader.pages[0].images
    assert len(images) == 1
    chart = images[0].image
    assert chart is not None
    assert chart.width > 1200  # 200 dpi across the text width
    assert chart.mode == "L"


def test_pdf_title_language_and_date_come_from_the_input() -> None:
    reader = read_pdf(medical_report(bundle(), LABELS))
    assert reader.metadata is not None
    assert reader.metadata.title == LABELS.title
    assert reader.metadata.creation_date == datetime(2025, 3, 30, 18, 0, tzinfo=UTC)
    assert str(reader.trailer["/Root"]["/Lang"]).startswith("en")


# --------------------------------------------------------------------------- size, speed-free


def test_full_month_fits_telegram_comfortably() -> None:
    source = bundle()
    assert len(medical_report(source, LABELS)) < 500_000
    assert len(medical_report(source, LABELS, fmt="png")) < 500_000


def test_smallest_text_is_at_least_9_pt() -> None:
    assert SMALL_SIZE >= 9
    assert round(SMALL_SIZE * 150 / 72) >= 18.75 - 0.5


# --------------------------------------------------------------------------- determinism


@pytest.mark.parametrize("fmt", ["pdf", "png"])
def test_same_input_same_bytes(fmt: str) -> None:
    assert medical_report(bundle(), LABELS, fmt=fmt) == medical_report(  # type: ignore[arg-type]
        bundle(),
        LABELS,
        fmt=fmt,  # type: ignore[arg-type]
    )


def test_same_bytes_from_many_threads() -> None:
    source = bundle()
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda _: medical_report(source, LABELS, fmt="png"), range(6)))
    assert len(set(results)) == 1


# --------------------------------------------------------------------------- words


def test_labels_drive_the_page() -> None:
    before = render_pixels(bundle(), LABELS)
    after = render_pixels(bundle(), replace(LABELS, title="Отчёт для врача"))
    assert not np.array_equal(before, after)


def test_the_renderer_has_no_words_of_its_own() -> None:
    """String literals in the writers are codes, formats and messages for developers only."""
    allowed = {
        "L",
        "NFC",
        "ls",
        "ms",
        "rs",
        "pdf",
        "png",
        "probiotics",
        "vitamin_c",
        "vitamin_d",
        "dpi must be ",
        "days must be 1..",
        "unknown format ",
        "%Y-%m-%d %H:%M",
        "replace",
        "utf-8",
        ".1f",
        ".2f",
    }
    package = Path(bot.reports.__file__).parent
    found: set[str] = set()
    for name in ("medical.py", "csv_export.py", "value_text.py", "summary.py"):
        tree = ast.parse((package / name).read_text())
        docstrings = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, ast.Module | ast.FunctionDef | ast.ClassDef)
            and node.body
            and isinstance(node.body[0], ast.Expr)
        }
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and id(node) not in docstrings
                and re.search("[A-Za-z]{1,}", node.value)
                and not node.value.startswith(("[", "^"))  # regular expressions
            ):
                found.add(node.value)
    enum_values = {"improving", "declining", "steady", "answered", "skipped", "paused", "missed"}
    assert found - allowed - enum_values == set()


def test_printable_keeps_latin_and_cyrillic() -> None:
    text = "Zoë Müller · Алёна · café crème · Ελένη"
    assert printable(text) == text


def test_printable_drops_what_the_font_cannot_draw() -> None:
    assert printable("good day 😀 中文 ok") == "good day ok"


def test_printable_flattens_whitespace() -> None:
    assert printable("a\n\nb\t c  ") == "a b c"


def test_non_ascii_notes_change_the_page() -> None:
    def with_note(note: str) -> np.ndarray:
        answers = DayAnswers(END, note=note)
        return render_pixels(bundle((ExportDay(END, DayMark.ANSWERED, answers),)), LABELS)

    assert not np.array_equal(with_note("Кефир вечером"), with_note("Kefir tonight"))
    assert not np.array_equal(with_note("Crème brûlée, ü"), with_note("Creme brulee, u"))


def test_numbers_stay_with_their_unit_when_wrapping() -> None:
    assert _units("average 7.5 h over 12 nights on 3 Mar, 4 Mar") == [
        "average",
        "7.5 h",
        "over",
        "12",
        "nights",
        "on",
        "3 Mar,",
        "4 Mar",
    ]


# --------------------------------------------------------------------------- hard inputs


def test_many_long_notes_and_lists_still_fit_one_page() -> None:
    days = []
    for offset in range(30):
        local = END - timedelta(days=offset)
        answers = DayAnswers(
            local,
            sleep_hours=float(offset % 25),
            probiotics=True,
            probiotic_kinds=tuple(ProbioticKind),
            probiotic_tolerated=False,
            allergens_asked=tuple(Allergen),
            allergens_exposed=tuple(Allergen),
            allergens_answered=True,
            symptoms=Symptoms.STRONG if offset % 2 else Symptoms.MILD,
            note="Word " * 300 + "X" * 500,
        )
        days.append(ExportDay(local, DayMark.ANSWERED, answers))
    data = medical_report(bundle(tuple(days)), LABELS)
    assert len(read_pdf(data).pages) == 1


def test_a_very_long_name_and_zone() -> None:
    source = bundle()
    long_profile = replace(source.profile, first_name="N" * 500, timezone="Zone/" + "x" * 200)
    open_png(medical_report(replace(source, profile=long_profile), LABELS, fmt="png"))


def test_an_only_emoji_note_says_it_cannot_be_shown() -> None:
    answers = DayAnswers(END, note="😀😀")
    page = render_pixels(bundle((ExportDay(END, DayMark.ANSWERED, answers),)), LABELS)
    empty = render_pixels(bundle((ExportDay(END, DayMark.ANSWERED, DayAnswers(END)),)), LABELS)
    assert not np.array_equal(page, empty)


def test_seven_day_report() -> None:
    open_png(medical_report(bundle(), LABELS, fmt="png", days=7))


def test_a_year_long_report_still_renders() -> None:
    days = tuple(full_days(count=30))
    open_png(medical_report(bundle(days), LABELS, fmt="png", days=366, dpi=72))


# --------------------------------------------------------------------------- random bundles

zones = st.sampled_from(
    [None, "", "UTC", "Europe/Berlin", "Asia/Kathmandu", "Pacific/Kiritimati", "Not/AZone", "../x"]
)
texts = st.text(max_size=120)
instants = st.datetimes(
    min_value=datetime(2000, 1, 1),
    max_value=datetime(2090, 12, 31),
    timezones=st.sampled_from([UTC, timezone(timedelta(hours=-11)), timezone(timedelta(hours=14))]),
)
hours = st.one_of(
    st.none(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.floats(min_value=0, max_value=24),
)
flags = st.one_of(st.none(), st.booleans())
allergen_tuples = st.lists(st.sampled_from(list(Allergen)), max_size=4).map(tuple)


@st.composite
def random_days(draw: st.DrawFn, start: date) -> ExportDay:
    local = start + timedelta(days=draw(st.integers(0, 45)))
    answers = draw(
        st.one_of(
            st.none(),
            st.builds(
                DayAnswers,
                local_date=st.just(local),
                sleep_hours=hours,
                probiotics=flags,
                probiotic_kinds=st.lists(st.sampled_from(list(ProbioticKind)), max_size=3).map(
                    tuple
                ),
                probiotic_tolerated=flags,
                vitamin_c=flags,
                vitamin_d=flags,
                allergens_asked=allergen_tuples,
                allergens_exposed=allergen_tuples,
                allergens_answered=st.booleans(),
                symptoms=st.one_of(st.none(), st.sampled_from(list(Symptoms))),
                note=st.one_of(st.none(), texts),
                skipped=st.booleans(),
            ),
        )
    )
    checkins = draw(
        st.lists(
            st.builds(
                ExportCheckin,
                slot=st.sampled_from(list(Slot)),
                status=st.sampled_from(Status),
                sent_at=st.one_of(st.none(), instants),
                completed_at=st.one_of(st.none(), instants),
                origin=st.none() | st.sampled_from(Origin),
            ),
            max_size=3,
        ).map(tuple)
    )
    return ExportDay(local, draw(st.sampled_from(list(DayMark))), answers, checkins)


@st.composite
def random_bundles(draw: st.DrawFn) -> ExportBundle:
    generated = draw(instants)
    start = generated.date() - timedelta(days=draw(st.integers(0, 40)))
    profile = ExportProfile(
        user_id=draw(st.integers(-(2**63), 2**63 - 1)),
        first_name=draw(st.one_of(st.none(), texts)),
        timezone=draw(zones),
        morning_time=draw(st.times()),
        evening_time=draw(st.times()),
        day_start_hour=draw(st.integers(0, 23)),
        watched_allergens=draw(allergen_tuples),
        created_at=draw(st.one_of(instants, st.datetimes(min_value=datetime(2000, 1, 1)))),
        language=draw(st.one_of(st.none(), st.text(max_size=5))),
    )
    return ExportBundle(
        profile=profile,
        days=tuple(draw(st.lists(random_days(start), max_size=12))),
        generated_at=generated,
        tips_shown=tuple(
            draw(
                st.lists(
                    st.builds(
                        TipShown,
                        local_date=st.dates(),
                        tip_id=texts,
                        context=texts,
                        sent_at=st.one_of(st.none(), instants),
                    ),
                    max_size=3,
                )
            )
        ),
        settings_extra=draw(
            st.dictionaries(
                st.text(max_size=8),
                st.one_of(st.none(), st.integers(), st.floats(), texts, st.dates(), st.times()),
                max_size=3,
            )
        ),
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(random_bundles())
def test_random_bundles_never_crash_the_data_writers(source: ExportBundle) -> None:
    rows = list(csv.reader(io.StringIO(to_csv(source, LABELS).decode("utf-8-sig"), newline="")))
    assert len(rows) == 1 + len(source.days)
    assert len(json.loads(to_json(source))["days"]) == len(source.days)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(random_bundles(), st.sampled_from(["pdf", "png"]))
def test_random_bundles_never_crash_the_report(source: ExportBundle, fmt: str) -> None:
    data = medical_report(source, LABELS, fmt=fmt, dpi=72)  # type: ignore[arg-type]
    assert data.startswith(b"%PDF" if fmt == "pdf" else b"\x89PNG")


def test_naive_datetimes_are_read_as_utc() -> None:
    source = bundle()
    naive = replace(source, generated_at=datetime(2025, 3, 30, 18, 0))
    assert medical_report(naive, LABELS) == medical_report(source, LABELS)


def test_a_user_who_started_today_in_a_far_zone() -> None:
    source = empty_bundle()
    kiribati = replace(source.profile, timezone="Pacific/Kiritimati", morning_time=time(0, 0))
    open_png(medical_report(replace(source, profile=kiribati), LABELS, fmt="png"))
