"""The weekly chart: valid PNGs of the expected size, edge inputs, determinism, thread safety,
the bundled font, and chart data built from days. No timing here (see bench/chart_bench.py)."""

from __future__ import annotations

import io
import math
import zlib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import date, timedelta

import numpy as np
import pytest
from PIL import Image, ImageFont

from bot.charts import (
    ChartLegend,
    HabitRow,
    WeekChartData,
    clear_caches,
    pillow_text,
    render_week_chart,
    week_chart_data,
)
from bot.charts import drawing as chart_drawing
from bot.charts.png import PNG_SIGNATURE, encode_palette_png, palette_chunk
from bot.domain.answers import Allergen
from bot.domain.habits import Day, DayMark, DayResult, Habit
from tests.unit.days import answered, watchers_week

K, M, P, U = DayResult.KEPT, DayResult.MISSED, DayResult.PROTECTED, DayResult.UNKNOWN
LEGEND = ChartLegend("done", "not done", "skipped / paused", "no answer")
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
LABELS = ("Probiotics", "Vitamin C", "Vitamin D", "Allergen-free", "Checked in")


def chart(**changes: object) -> WeekChartData:
    data = WeekChartData(
        title="Your week · 17–23 March 2025",
        weekday_labels=WEEKDAYS,
        sleep_hours=(7.5, 8.25, None, 6.0, 9.0, 0.0, 8.0),
        rows=tuple(HabitRow(label, (K, M, P, U, None, K, K)) for label in LABELS),
        sleep_label="Sleep (hours)",
        legend=LEGEND,
    )
    return replace(data, **changes)  # type: ignore[arg-type]


def decode(png: bytes) -> Image.Image:
    assert png.startswith(PNG_SIGNATURE)
    image = Image.open(io.BytesIO(png))
    image.load()  # decodes every row and checks the zlib stream
    return image


def rgb(png: bytes) -> np.ndarray:
    return np.asarray(decode(png).convert("RGB"))


# --------------------------------------------------------------------------- PNG validity


def test_renders_a_valid_palette_png_of_the_expected_size() -> None:
    png = render_week_chart(chart())
    image = decode(png)
    assert image.format == "PNG"
    assert image.mode == "P"
    assert image.size == (1080, 1080)
    assert len(png) < 200_000


@pytest.mark.parametrize("size", [(1080, 1080), (1200, 900), (480, 480), (900, 1200)])
def test_other_sizes(size: tuple[int, int]) -> None:
    width, height = size
    assert decode(render_week_chart(chart(width=width, height=height))).size == size


def test_png_encoder_round_trips() -> None:
    palette = [(255, 255, 255), (0, 0, 0), (0, 114, 178)]
    pixels = np.random.default_rng(1).integers(0, 3, size=(37, 53), dtype=np.uint8)
    for up in (False, True):
        png = encode_palette_png(pixels, palette_chunk(palette), up_filter=up)
        image = decode(png)
        assert np.array_equal(np.asarray(image), pixels)
        assert (image.getpalette() or [])[:9] == [255, 255, 255, 0, 0, 0, 0, 114, 178]
    with pytest.raises(ValueError, match="palette"):
        palette_chunk([])
    with pytest.raises(ValueError, match="2-D"):
        encode_palette_png(np.zeros(5, dtype=np.uint8), palette_chunk(palette))


def test_png_chunks_have_valid_crcs() -> None:
    png = render_week_chart(chart())
    position = len(PNG_SIGNATURE)
    kinds = []
    while position < len(png):
        length = int.from_bytes(png[position : position + 4], "big")
        kind = png[position + 4 : position + 8]
        payload = png[position + 8 : position + 8 + length]
        crc = int.from_bytes(png[position + 8 + length : position + 12 + length], "big")
        assert zlib.crc32(payload, zlib.crc32(kind)) == crc
        kinds.append(kind)
        position += 12 + length
    assert kinds == [b"IHDR", b"PLTE", b"IDAT", b"IEND"]


# --------------------------------------------------------------------------- content


def layout_of(data: WeekChartData) -> chart_drawing._Layout:
    return chart_drawing._layout(data.width, data.height, len(data.rows), data.legend is not None)


def pixel(image: np.ndarray, x: int, y: int) -> tuple[int, int, int]:
    r, g, b = image[y, x]
    return int(r), int(g), int(b)


BLUE = chart_drawing.COLOURS["blue"]
SKY = chart_drawing.COLOURS["sky"]
WHITE = (255, 255, 255)


def test_bars_follow_the_hours_and_the_target() -> None:
    data = chart(sleep_hours=(9.0, 6.0, None, 0.0, 24.0, 8.0, 12.0))
    image = rgb(render_week_chart(data))
    layout = layout_of(data)
    just_above_base = layout.plot_base - 3
    columns = [layout.column_centre(i) for i in range(7)]
    assert pixel(image, columns[0], just_above_base) == BLUE  # ≥ 8 h
    assert pixel(image, columns[1], just_above_base) == SKY  # < 8 h
    assert pixel(image, columns[2], just_above_base) == WHITE  # no answer: no bar
    assert pixel(image, columns[3], just_above_base) == WHITE  # 0 h: no bar
    # 24 h fills the whole axis (scale 0–24), 12 h half of it.
    assert pixel(image, columns[4], layout.plot_top + 1) == BLUE
    middle = (layout.plot_top + layout.plot_base) // 2
    assert pixel(image, columns[6], middle + 2) == BLUE
    assert pixel(image, columns[6], middle - 12) != BLUE


def test_cells_show_distinct_markers() -> None:
    data = chart()
    image = rgb(render_week_chart(data))
    layout = layout_of(data)
    centre_y = layout.rows_top + layout.row_height // 2
    colours = [pixel(image, layout.column_centre(i), centre_y) for i in range(7)]
    ring = pixel(image, layout.column_centre(1) + layout.marker // 2 - 2, centre_y)
    assert colours[1] == WHITE  # missed: an empty ring
    assert ring != WHITE
    assert colours[2] not in (WHITE, BLUE)  # protected: grey disc
    assert colours[4] != BLUE  # no data: a small dot
    edge = pixel(image, layout.column_centre(0) - layout.marker // 2 + 4, centre_y)
    assert edge == BLUE  # kept: a filled blue disc (its centre holds the white tick)


def test_every_row_count_from_one_to_eight() -> None:
    for count in range(1, 9):
        rows = tuple(HabitRow(f"Habit {i}", (K,) * 7) for i in range(count))
        assert decode(render_week_chart(chart(rows=rows))).size == (1080, 1080)


@pytest.mark.parametrize(
    "hours",
    [
        (None,) * 7,
        (0.0,) * 7,
        (24.0,) * 7,
        (math.nan, -3.0, 30.0, 8.0, 7.96, 8.04, 1e-9),
        (23.95, 0.05, 12.0, 16.0, 20.0, 4.0, 7.99),
    ],
)
def test_edge_hours(hours: tuple[float | None, ...]) -> None:
    assert decode(render_week_chart(chart(sleep_hours=hours))).size == (1080, 1080)


def test_all_empty_week() -> None:
    data = chart(
        title="",
        sleep_hours=(None,) * 7,
        rows=tuple(HabitRow(label, (None,) * 7) for label in LABELS[:3]),
        legend=None,
    )
    assert decode(render_week_chart(data)).size == (1080, 1080)


def test_long_and_non_ascii_labels() -> None:
    long = "Fermentierte Lebensmittel und Probiotika, jeden einzelnen Tag " * 3
    data = chart(
        title="Übersicht für die Woche · 17.–23. März 2025 · " * 4,
        weekday_labels=("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Sa", "Só"),
        rows=(
            HabitRow(long, (K,) * 7),
            HabitRow("Vitamine C — été", (M,) * 7),
            HabitRow("Витамин D", (P,) * 7),
            HabitRow("Ωμέγα ĞŞİ ñ ø å ß", (U,) * 7),
        ),
        sleep_label="Schlaf (Stunden) — ÄÖÜ äöü é è ê ç",
        legend=ChartLegend("erledigt " * 5, "nicht erledigt " * 5, "übersprungen", "—"),
        decimal_separator=",",
    )
    assert decode(render_week_chart(data)).size == (1080, 1080)


def test_labels_are_cut_with_an_ellipsis() -> None:
    font = pillow_text.font(34, False)
    assert pillow_text.fit("short", font, 500) == "short"
    cut = pillow_text.fit("a rather long habit label " * 4, font, 200)
    assert cut.endswith("…")
    assert font.getlength(cut) <= 200
    assert pillow_text.fit("anything", font, 1) == "…"


def test_hours_are_formatted_with_one_decimal() -> None:
    assert chart_drawing._format_hours(8.0, ".") == "8"
    assert chart_drawing._format_hours(8.25, ".") == "8.25"  # as the check-in shows it
    assert chart_drawing._format_hours(7.166, ".") == "7.17"
    assert chart_drawing._format_hours(7.5, ",") == "7,5"
    assert chart_drawing._format_hours(23.999, ".") == "24"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"weekday_labels": WEEKDAYS[:6]}, "7 weekday labels"),
        ({"sleep_hours": (8.0,) * 8}, "7 sleep values"),
        ({"rows": ()}, "habit rows"),
        ({"rows": tuple(HabitRow("x", (K,) * 7) for _ in range(9))}, "habit rows"),
        ({"rows": (HabitRow("x", (K,) * 6),)}, "7 cells"),
        ({"width": 100}, "width and height"),
        ({"height": 5000}, "width and height"),
        ({"target_hours": 0.0}, "target_hours"),
    ],
)
def test_rejects_malformed_data(changes: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        render_week_chart(chart(**changes))


# ----------------------------------------------------------------------- determinism and threads


def varied_charts() -> list[WeekChartData]:
    rng = np.random.default_rng(7)
    kinds = [K, M, P, U, None]
    charts = []
    for index in range(24):
        hours = tuple(
            None if rng.random() < 0.15 else float(round(rng.uniform(0, 24) * 4) / 4)
            for _ in range(7)
        )
        rows = tuple(
            HabitRow(
                LABELS[r % len(LABELS)], tuple(kinds[int(rng.integers(0, 5))] for _ in range(7))
            )
            for r in range(3 + index % 5)
        )
        size = (1200, 900) if index % 6 == 5 else (1080, 1080)
        charts.append(
            chart(
                title=f"Week {index} · {date(2025, 1, 6) + timedelta(weeks=index)}",
                sleep_hours=hours,
                rows=rows,
                width=size[0],
                height=size[1],
                legend=None if index % 7 == 3 else LEGEND,
            )
        )
    return charts


def test_same_input_same_bytes() -> None:
    data = chart()
    first = render_week_chart(data)
    assert render_week_chart(data) == first
    clear_caches()
    assert render_week_chart(data) == first  # caches do not change the output


def test_concurrent_rendering_gives_the_same_bytes() -> None:
    charts = varied_charts()
    clear_caches()
    with ThreadPoolExecutor(max_workers=8) as pool:
        concurrent = list(pool.map(render_week_chart, charts * 4))
    clear_caches()
    sequential = [render_week_chart(data) for data in charts]
    assert concurrent == sequential * 4


def test_cache_stays_within_its_budget() -> None:
    cache = chart_drawing._Cache(budget_bytes=3000)
    for index in range(10):
        value = cache.get(index, lambda: np.zeros(1000, dtype=np.uint8))
        assert isinstance(value, np.ndarray)
    assert cache._used <= 3000
    assert len(cache._items) == 3
    assert 9 in cache._items
    assert 0 not in cache._items


# --------------------------------------------------------------------------- font


def test_bundled_fonts_are_small_licensed_and_cover_latin_1() -> None:
    fonts = pillow_text.FONT_REGULAR.parent
    licence = (fonts / "LICENSE.txt").read_text()
    assert "Bitstream" in licence
    assert "DejaVu" in licence
    for path in (pillow_text.FONT_REGULAR, pillow_text.FONT_BOLD):
        assert path.stat().st_size < 150_000
        font = ImageFont.truetype(str(path), 24)
        missing = bytes(font.getmask("\ue000")).hex()  # a private-use code point: .notdef
        latin_1 = [chr(c) for c in range(0x21, 0x7F)] + [chr(c) for c in range(0xA1, 0x100)]
        extras = list("–—…€ŁłŒœŠšŽžČčĞğŞşİıАБВабвΩωß")
        for char in latin_1 + extras:
            if char == "\xad":  # soft hyphen: invisible by design
                continue
            assert bytes(font.getmask(char)).hex() != missing, f"no glyph for {char!r}"


# --------------------------------------------------------------------------- chart data from days


HABIT_LABELS = {
    Habit.PROBIOTICS: "Probiotics",
    Habit.VITAMIN_C: "Vitamin C",
    Habit.VITAMIN_D: "Vitamin D",
    Habit.CHECKED_IN: "Checked in",
}
MONDAY_FIRST = ("Mo", "Di", "Mi", "Do", "Fr", "Sa", "So")


def test_week_chart_data_from_days() -> None:
    monday = date(2025, 3, 17)
    days = [
        answered(monday, sleep_hours=7.5, probiotics=True, vitamin_c=True, vitamin_d=False),
        Day(monday + timedelta(days=1), DayMark.SKIPPED),
        answered(monday + timedelta(days=2), sleep_hours=9.0, vitamin_c=False),
        Day(monday + timedelta(days=3), DayMark.MISSED),
        answered(monday + timedelta(days=4), sleep_hours=8.0),  # today, evening still open
    ]
    data = week_chart_data(
        days,
        monday,
        monday + timedelta(days=4),
        title="t",
        weekday_names=MONDAY_FIRST,
        habit_labels=HABIT_LABELS,
        sleep_label="Schlaf",
        legend=LEGEND,
    )
    assert data.weekday_labels == MONDAY_FIRST
    assert data.sleep_hours == (7.5, None, 9.0, None, 8.0, None, None)
    assert [row.label for row in data.rows] == [
        "Probiotics",
        "Vitamin C",
        "Vitamin D",
        "Checked in",
    ]
    # Wednesday answered "no" is "not done"; Thursday, never answered, is "no answer" (not a
    # "no"); today, still pending, has no cell.
    assert data.rows[1].cells == (K, P, M, U, None, None, None)
    assert data.rows[3].cells == (K, P, K, U, K, None, None)
    assert decode(render_week_chart(data)).size == (1080, 1080)


def test_week_chart_has_no_allergen_row_even_for_a_watcher_and_takes_a_sunday_start() -> None:
    # Avoiding allergens is not a habit: exposures are logged for the medical team, not charted
    # as "done" / "not done".
    sunday = date(2025, 3, 16)
    days = watchers_week(sunday, Allergen.EGGS, exposed_on=2)
    data = week_chart_data(
        days,
        sunday,
        sunday + timedelta(days=6),
        title="t",
        weekday_names=MONDAY_FIRST,
        habit_labels=HABIT_LABELS,
        sleep_label="Schlaf",
    )
    assert data.weekday_labels == ("So", "Mo", "Di", "Mi", "Do", "Fr", "Sa")
    assert [row.label for row in data.rows] == list(HABIT_LABELS.values())
    with pytest.raises(ValueError, match="weekday_names"):
        week_chart_data(
            days,
            sunday,
            sunday,
            title="t",
            weekday_names=("Mo",),
            habit_labels=HABIT_LABELS,
            sleep_label="s",
        )
