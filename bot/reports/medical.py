"""A one-page A4 report "for my medical team": the last 30 local days at a glance.

    pdf = await asyncio.to_thread(medical_report, bundle, labels)            # or fmt="png"

Page, top to bottom: title; name, generation date, period, time zone and watched allergens;
the "self-reported, not a diagnosis" note in a box; a summary table (check-ins, sleep average,
nights at 8 h and trend, probiotics or fermented food with kinds and the days it did not sit
well, vitamins C and D, allergen exposures with dates and allergens, symptom days with dates);
a day-by-day chart (nightly sleep bars against a dashed 8-hour line, then one row of markers per
question, skipped or paused days hatched); "patterns, not causes" (the /insights comparisons
over every day recorded, and how each food sat: :mod:`bot.reports.insights`); the notes, newest
kept when they do not all fit. Numbers come from :func:`bot.reports.summary.summarize` (rules
there) and :func:`bot.domain.insights.compute_insights`.

Rendering
    **PDF** (what /export sends): a real text PDF written with fpdf2
    (:mod:`bot.reports.pdf_page`): every word can be selected, searched and read by a screen
    reader; DejaVu Sans (regular and bold, from ``bot/charts/fonts``) is embedded as a subset
    with a ToUnicode map; the document carries its title and language. The chart alone is drawn
    with Pillow at 200 dpi (greyscale) and embedded losslessly as an image in its place. One
    A4 page: the layout is computed in points, and parts that could overflow (lists of dates,
    the patterns table, notes) are shortened with "+N more" instead.

    **PNG**: the same layout, all drawn with Pillow in 8-bit greyscale (150 dpi by default:
    1240 × 1754 pixels; written by :func:`bot.charts.png.encode_grey_png`). Both surfaces
    measure text with the same font (:mod:`bot.reports.text_layout`, with
    :mod:`bot.charts.pillow_text`), so lines break in the same places.

    Text is 9 pt or larger, dark grey to black on white; no meaning is carried by colour alone
    (markers differ in shape and fill, the target line is dashed and labelled, skipped days are
    hatched and named in the legend).

    Every word comes from :class:`~bot.reports.labels.ReportLabels`. Characters the bundled
    DejaVu Sans subset cannot draw (emoji, CJK…) are left out; a note left empty by that says
    so. Long texts are wrapped and cut with "…"; lists of dates end with "+N more" when they do
    not fit their lines (the chart shows every day anyway).

    Deterministic (same input, same bytes on the same Pillow/FreeType/fpdf2 build; the PDF's
    only date is ``generated_at``) and thread-safe (one lock around the drawing). Run it in a
    worker thread.
"""

from __future__ import annotations

import calendar
import math
import threading
from collections.abc import Callable, Sequence
from datetime import date
from typing import Literal

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from bot.charts import pillow_text
from bot.charts.png import encode_grey_png
from bot.domain.answers import Symptoms
from bot.domain.insights import Factor, Insights, SleepTrend
from bot.reports.insights import comparison_cell, factor_label, food_items, report_insights
from bot.reports.labels import ReportLabels
from bot.reports.pdf_page import PdfPage
from bot.reports.report_data import ExportBundle, local_datetime
from bot.reports.summary import MedicalSummary, ReportDay, summarize
from bot.reports.text_layout import A4_POINTS, INK, Box, TextLayout
from bot.reports.value_text import file_name, hours_text, long_date, short_date

ReportFormat = Literal["pdf", "png"]
PNG_DPI = 150
PDF_DPI = 200
MIN_DPI, MAX_DPI = 72, 300

# Greys (0 = black, 255 = white). Text is INK (text_layout's) or MUTED (7.5:1 on white).
MUTED = 80
BAR = 105
RULE = 150
GRID = 215
HATCH = 175
WHITE = 255

# Sizes in points.
MARGIN_X = 40.0
MARGIN_TOP = 36.0
MARGIN_BOTTOM = 32.0
TITLE_SIZE = 16.0
HEADING_SIZE = 12.0
BODY_SIZE = 10.0
SMALL_SIZE = 9.0  # the smallest text on the page
LINE = 1.3  # line height / font size

SEP = " · "
LIST = ", "
ITEMS = "; "
DASH = "–"

NOTES_KEPT_LINES = 4  # the patterns table stops short of this many lines of notes

_LOCK = threading.Lock()


# --------------------------------------------------------------------------- entry points


def medical_report(
    bundle: ExportBundle,
    labels: ReportLabels,
    *,
    days: int = 30,
    fmt: ReportFormat = "pdf",
    dpi: int | None = None,
) -> bytes:
    """The report as PDF or PNG bytes (see the module doc). ``dpi`` is the resolution of the
    whole page (PNG, 150 by default) or of the chart embedded in the PDF (200 by default)."""
    if fmt not in ("pdf", "png"):
        raise ValueError(f"unknown format {fmt!r}")
    if dpi is None:
        dpi = PDF_DPI if fmt == "pdf" else PNG_DPI
    if fmt == "png":
        pixels = render_pixels(bundle, labels, days=days, dpi=dpi)
        return encode_grey_png(pixels, dpi)
    return _pdf_report(bundle, labels, days=days, dpi=dpi)


def _pdf_report(bundle: ExportBundle, labels: ReportLabels, *, days: int, dpi: int) -> bytes:
    """Text, rules and tables as PDF text; the chart drawn by Pillow and embedded as an image."""
    if not MIN_DPI <= dpi <= MAX_DPI:
        raise ValueError(f"dpi must be {MIN_DPI}..{MAX_DPI}")
    summary = summarize(bundle, days)
    found = report_insights(bundle)
    with _LOCK:
        page = PdfPage(title=labels.title, language=labels.language, created=bundle.generated_at)
        chart_page = _Page(dpi)
        report = _Report(page, bundle, labels, summary, found, chart_page=chart_page)
        report.draw()
        x0, y0, x1, y1 = report.chart_box
        box = (chart_page.px(x0), chart_page.px(y0), chart_page.px(x1), chart_page.px(y1))
        page.image(chart_page.image.crop(box), x0, y0, x1, y1)
        return page.output()


def report_file_name(bundle: ExportBundle, labels: ReportLabels, fmt: ReportFormat = "pdf") -> str:
    """``<document_file_prefix>-<local date>.<pdf|png>``."""
    return file_name(labels.document_file_prefix, bundle.today, fmt)


def render_pixels(
    bundle: ExportBundle, labels: ReportLabels, *, days: int = 30, dpi: int = PNG_DPI
) -> np.ndarray:
    """The page as a ``(height, width)`` greyscale array."""
    if not MIN_DPI <= dpi <= MAX_DPI:
        raise ValueError(f"dpi must be {MIN_DPI}..{MAX_DPI}")
    summary = summarize(bundle, days)
    found = report_insights(bundle)
    with _LOCK:
        page = _Page(dpi)
        _Report(page, bundle, labels, summary, found).draw()
        return np.asarray(page.image, dtype=np.uint8).copy()


# --------------------------------------------------------------------------- drawing surface


class _Page(TextLayout):
    """An A4 greyscale page with point coordinates (origin top left), drawn with Pillow."""

    def __init__(self, dpi: int) -> None:
        self.scale = dpi / 72
        self.width = A4_POINTS[0]
        self.height = A4_POINTS[1]
        size = (round(self.width * self.scale), round(self.height * self.scale))
        self.image = Image.new("L", size, WHITE)
        self.draw = ImageDraw.Draw(self.image)

    def px(self, points: float) -> int:
        return round(points * self.scale)

    def font(self, size: float, bold: bool) -> ImageFont.FreeTypeFont:
        return pillow_text.font(max(1, self.px(size)), bold)

    def length(self, text: str, size: float, bold: bool = False) -> float:
        """Width of ``text`` in points."""
        return float(self.font(size, bold).getlength(text)) / self.scale

    def word_length(self, word: str, size: float, bold: bool = False) -> float:
        """Width of one word in points (cached: lines are measured word by word)."""
        return pillow_text.word_width(word, max(1, self.px(size)), bold) / self.scale

    def _text(
        self, x: float, baseline: float, text: str, size: float, bold: bool, fill: int, anchor: str
    ) -> None:
        font = self.font(size, bold)
        self.draw.text((self.px(x), self.px(baseline)), text, fill=fill, font=font, anchor=anchor)

    def _box(self, box: Box, fill: int | None, outline: int | None, width: float) -> None:
        x0, y0, x1, y1 = box
        pixels = (self.px(x0), self.px(y0), self.px(x1) - 1, self.px(y1) - 1)
        if pixels[2] < pixels[0] or pixels[3] < pixels[1]:
            return
        self.draw.rectangle(pixels, fill=fill, outline=outline, width=max(1, self.px(width)))

    def hline(self, x0: float, x1: float, y: float, fill: int, width: float = 0.75) -> None:
        thickness = max(1, self.px(width))
        top = self.px(y) - thickness // 2
        self.draw.rectangle((self.px(x0), top, self.px(x1) - 1, top + thickness - 1), fill=fill)

    def dashed(self, x0: float, x1: float, y: float, fill: int, width: float, dash: float) -> None:
        x = x0
        while x < x1:
            self.hline(x, min(x + dash, x1), y, fill, width)
            x += dash * 1.7

    def circle(self, cx: float, cy: float, diameter: float, fill: int) -> None:
        r = diameter / 2
        self.draw.ellipse(
            (self.px(cx - r), self.px(cy - r), self.px(cx + r), self.px(cy + r)), fill=fill
        )

    def triangle(self, cx: float, cy: float, size: float, *, filled: bool) -> None:
        h = size * 0.9
        points = [
            (self.px(cx), self.px(cy - h / 2)),
            (self.px(cx + size / 2), self.px(cy + h / 2)),
            (self.px(cx - size / 2), self.px(cy + h / 2)),
        ]
        if filled:
            self.draw.polygon(points, fill=INK)
        else:
            self.draw.polygon(points, outline=INK, width=max(2, self.px(1.1)))

    def hatch(self, x0: float, y0: float, x1: float, y1: float) -> None:
        """Diagonal hatching in a box (skipped or paused days)."""
        left, top, right, bottom = self.px(x0), self.px(y0), self.px(x1), self.px(y1)
        if right <= left or bottom <= top:
            return
        tile = Image.new("L", (right - left, bottom - top), WHITE)
        draw = ImageDraw.Draw(tile)
        step = max(4, self.px(4))
        width = max(1, self.px(0.8))
        for offset in range(-(bottom - top), right - left, step):
            draw.line((offset, bottom - top, offset + (bottom - top), 0), fill=HATCH, width=width)
        region = self.image.crop((left, top, right, bottom))
        self.image.paste(
            Image.fromarray(np.minimum(np.asarray(region), np.asarray(tile))), (left, top)
        )


# --------------------------------------------------------------------------- the report


class _Report:
    def __init__(
        self,
        page: _Page | PdfPage,
        bundle: ExportBundle,
        labels: ReportLabels,
        summary: MedicalSummary,
        insights: Insights,
        *,
        chart_page: _Page | None = None,
    ) -> None:
        self.page = page
        # The chart is always drawn by Pillow: on the page itself (PNG), or on a page of its
        # own whose ``chart_box`` is embedded in the PDF as an image.
        if chart_page is None:
            assert isinstance(page, _Page)
            chart_page = page
        self.chart_page: _Page = chart_page
        self.chart_box = (0.0, 0.0, 0.0, 0.0)
        self.insights = insights
        self.bundle = bundle
        self.labels = labels
        self.summary = summary
        self.left = MARGIN_X
        self.right = page.width - MARGIN_X
        self.bottom = page.height - MARGIN_BOTTOM
        self.y = MARGIN_TOP
        self.marker_scale = 1.0

    def draw(self) -> None:
        self._header()
        self._summary_table()
        self._chart()
        self._patterns()
        self._notes()

    # --- helpers

    def _t(self, text: str, bold: bool = False) -> str:
        return pillow_text.printable(text, bold)

    def _date(self, day: date) -> str:
        return short_date(day, self.labels)

    def _hours(self, hours: float) -> str:
        return hours_text(hours, self.labels.decimal_separator)

    def _heading(self, text: str) -> None:
        page = self.page
        self.y += HEADING_SIZE * 1.5
        page.text(
            self.left,
            self.y,
            page.fit(self._t(text, True), self.right - self.left, HEADING_SIZE, True),
            HEADING_SIZE,
            bold=True,
        )
        self.y += 4
        page.hline(self.left, self.right, self.y, RULE, 0.75)
        self.y += 3

    def _lines(
        self,
        x: float,
        lines: Sequence[str],
        size: float,
        *,
        bold: bool = False,
        fill: int = INK,
        page: _Page | PdfPage | None = None,
    ) -> None:
        """Draws ``lines`` from the current ``y`` (top), without moving it."""
        surface = self.page if page is None else page
        baseline = self.y + size
        for line in lines:
            surface.text(x, baseline, line, size, bold=bold, fill=fill)
            baseline += size * LINE

    # --- header

    def _header(self) -> None:
        page, labels, bundle = self.page, self.labels, self.bundle
        width = self.right - self.left
        self.y += TITLE_SIZE
        title = page.fit(self._t(labels.title, True), width, TITLE_SIZE, True)
        page.text(self.left, self.y, title, TITLE_SIZE, bold=True)
        self.y += 10

        profile = bundle.profile
        name = self._t(profile.first_name or "") or labels.not_set
        generated = local_datetime(bundle.generated_at, bundle.zone).date()
        zone = self._t(profile.timezone or "") or labels.not_set
        start, end = self.summary.start, self.summary.end
        start_text = self._date(start) if start.year == end.year else long_date(start, labels)
        period = labels.period_value.format(
            self.summary.total,
            start=start_text,
            end=long_date(end, labels),
            count=self.summary.total,
        )
        watched = LIST.join(
            labels.allergen_names.get(a, a.value) for a in profile.watched_allergens
        )
        columns = (0.0, 190.0, 345.0, width)
        first_row = (
            (labels.name, name, 0, 1),
            (labels.generated, long_date(generated, labels), 1, 2),
            (labels.time_zone, zone, 2, 3),
        )
        second_row = (
            (labels.period, period, 0, 1),
            (labels.allergens_watched, watched or labels.none_watched, 1, 3),
        )
        for row in (first_row, second_row):
            used = 1
            for caption, value, first, last in row:
                x = self.left + columns[first]
                cell = columns[last] - columns[first] - 10
                caption_text = page.fit(self._t(caption), cell, SMALL_SIZE)
                page.text(x, self.y + SMALL_SIZE, caption_text, SMALL_SIZE, fill=MUTED)
                lines = page.wrap(self._t(value, True), cell, BODY_SIZE, True, max_lines=2)
                baseline = self.y + SMALL_SIZE * LINE + BODY_SIZE
                for line in lines:
                    page.text(x, baseline, line, BODY_SIZE, bold=True)
                    baseline += BODY_SIZE * LINE
                used = max(used, len(lines))
            self.y += SMALL_SIZE * LINE + BODY_SIZE * LINE * used + 6

        # The disclaimer, boxed.
        pad = 5.0
        lines = page.wrap(self._t(labels.disclaimer, True), width - 2 * pad, BODY_SIZE, True, 3)
        height = len(lines) * BODY_SIZE * LINE + 2 * pad - (LINE - 1) * BODY_SIZE + 2
        page.rect(self.left, self.y, self.right, self.y + height, outline=INK, width=1.0)
        self.y += pad + 1
        self._lines(self.left + pad, lines, BODY_SIZE, bold=True)
        self.y += height - pad - 1

    # --- summary

    def _summary_table(self) -> None:
        labels, s = self.labels, self.summary
        self._heading(labels.section_summary)
        rows: list[tuple[str, Callable[[tuple[int, ...]], str], tuple[int, ...], int]] = [
            (labels.row_checkins, lambda _: self._checkins_text(), (), 2),
            (labels.row_sleep, lambda _: self._sleep_text(), (), 2),
            (
                labels.row_probiotics,
                self._probiotics_text,
                (len(s.not_tolerated),),
                3,
            ),
            (labels.row_vitamin_c, lambda _: self._of_total(s.vitamin_c_days), (), 1),
            (labels.row_vitamin_d, lambda _: self._of_total(s.vitamin_d_days), (), 1),
            (labels.row_allergens, self._allergens_text, (len(s.exposures),), 3),
            (
                labels.row_symptoms,
                self._symptoms_text,
                (len(s.symptoms_strong), len(s.symptoms_mild)),
                3,
            ),
        ]
        label_width = 150.0
        value_x = self.left + label_width
        value_width = self.right - value_x
        page = self.page
        for index, (caption, build, sizes, max_lines) in enumerate(rows):
            lines = self._fit_lists(build, sizes, value_width, max_lines)
            caption_lines = page.wrap(self._t(caption, True), label_width - 10, BODY_SIZE, True, 2)
            self.y += 3.5
            self._lines(self.left, caption_lines, BODY_SIZE, bold=True)
            self._lines(value_x, lines, BODY_SIZE)
            self.y += max(len(lines), len(caption_lines)) * BODY_SIZE * LINE
            if index < len(rows) - 1:
                page.hline(self.left, self.right, self.y + 0.5, GRID, 0.6)
            self.y += 1.0

    def _fit_lists(
        self,
        build: Callable[[tuple[int, ...]], str],
        sizes: tuple[int, ...],
        width: float,
        max_lines: int,
    ) -> list[str]:
        """The row's lines, showing as many list items as fit in ``max_lines`` (the longest
        list is shortened first)."""
        counts = list(sizes)
        while True:
            lines = self.page.wrap(self._t(build(tuple(counts))), width, BODY_SIZE, False, 999)
            if len(lines) <= max_lines or not any(counts):
                return self.page.wrap(
                    self._t(build(tuple(counts))), width, BODY_SIZE, False, max_lines
                )
            longest = counts.index(max(counts))
            counts[longest] -= 1

    def _items(self, items: Sequence[str], shown: int) -> str:
        text = LIST.join(items[:shown])
        hidden = len(items) - shown
        if hidden > 0:
            more = self.labels.more_items.format(count=hidden)
            text = f"{text}{LIST}{more}" if text else more
        return text

    def _of_total(self, count: int) -> str:
        total = self.summary.total
        return self.labels.days_of_total.format(total, count=count, total=total)

    def _checkins_text(self) -> str:
        s = self.summary
        return self.labels.checkins_value.format(
            s.total,
            answered=s.answered,
            total=s.total,
            skipped=s.skipped,
            paused=s.paused,
            missed=s.missed,
        )

    def _sleep_text(self) -> str:
        labels, sleep = self.labels, self.summary.sleep
        if sleep.average is None:
            return labels.sleep_none
        parts = [
            labels.sleep_average.format(
                sleep.nights, hours=self._hours(sleep.average), count=sleep.nights
            ),
            labels.sleep_target.format(
                sleep.at_target, target=self._hours(sleep.target), count=sleep.at_target
            ),
        ]
        if sleep.trend is None or sleep.first_half is None or sleep.second_half is None:
            parts.append(labels.sleep_trend_unknown)
        else:
            word = {
                SleepTrend.IMPROVING: labels.trend_improving,
                SleepTrend.DECLINING: labels.trend_declining,
                SleepTrend.STEADY: labels.trend_steady,
            }[sleep.trend]
            parts.append(
                labels.sleep_trend.format(
                    trend=word,
                    first=self._hours(sleep.first_half),
                    second=self._hours(sleep.second_half),
                )
            )
        return SEP.join(parts)

    def _probiotics_text(self, counts: tuple[int, ...]) -> str:
        labels, s = self.labels, self.summary
        parts = [self._of_total(s.probiotic_days)]
        if s.kinds:
            kinds = LIST.join(
                labels.kind_count.format(name=labels.kind_names.get(kind, kind.value), count=n)
                for kind, n in s.kinds
            )
            parts.append(labels.probiotic_kinds.format(kinds=kinds))
        if s.not_tolerated:
            dates = [self._date(d) for d in s.not_tolerated]
            parts.append(
                labels.not_tolerated.format(
                    len(dates), count=len(dates), dates=self._items(dates, counts[0])
                )
            )
        return SEP.join(parts)

    def _allergens_text(self, counts: tuple[int, ...]) -> str:
        labels, s = self.labels, self.summary
        if s.exposures:
            items = [
                labels.dated_item.format(
                    date=self._date(day),
                    items=LIST.join(labels.allergen_names.get(a, a.value) for a in allergens),
                )
                for day, allergens in s.exposures
            ]
            shown = ITEMS.join(items[: counts[0]])
            hidden = len(items) - counts[0]
            if hidden > 0:
                more = labels.more_items.format(count=hidden)
                shown = f"{shown}{ITEMS}{more}" if shown else more
            text = labels.exposures.format(len(items), count=len(items), items=shown)
            followed = len(s.exposures_then_symptoms)
            if followed:
                timing = labels.exposures_then_symptoms.format(
                    followed, count=followed, total=len(items)
                )
                text = f"{text}{SEP}{timing}"
            return text
        watched = self.bundle.profile.watched_allergens or any(
            day.allergens_answered for day in s.days
        )
        return labels.no_exposures if watched else labels.allergens_not_watched

    def _symptoms_text(self, counts: tuple[int, ...]) -> str:
        labels, s = self.labels, self.summary
        parts: list[str] = []
        for template, dates, shown in (
            (labels.symptoms_strong, s.symptoms_strong, counts[0]),
            (labels.symptoms_mild, s.symptoms_mild, counts[1]),
        ):
            if dates:
                texts = [self._date(d) for d in dates]
                parts.append(
                    template.format(len(texts), count=len(texts), dates=self._items(texts, shown))
                )
        if s.symptoms_none:
            parts.append(labels.symptoms_clear.format(s.symptoms_none, count=s.symptoms_none))
        return SEP.join(parts) if parts else labels.symptoms_not_reported

    # --- chart

    def _chart(self) -> None:
        labels, s = self.labels, self.summary
        self._heading(labels.section_chart)
        page = self.chart_page
        chart_top = self.y
        label_width = 92.0
        x0 = self.left + label_width
        x1 = self.right
        count = len(s.days)
        column = min((x1 - x0) / max(count, 1), 28.0)
        centres = [x0 + (i + 0.5) * column for i in range(count)]
        self.marker_scale = min(1.0, column / 12)  # markers shrink only for long periods

        # Sleep bars.
        hours = [d.sleep_hours for d in s.days]
        top_hours = 12
        for limit in (12, 16, 20, 24):
            top_hours = limit
            if max([h for h in hours if h is not None] + [s.sleep.target]) <= limit:
                break
        plot_top = self.y + 12
        plot_height = 88.0
        base = plot_top + plot_height

        def hour_y(value: float) -> float:
            return base - value / top_hours * plot_height

        rows_top = base + 2 * SMALL_SIZE * LINE + 4
        row_height = 14.0
        row_specs: list[tuple[str, Callable[[ReportDay, float, float], None]]] = [
            (labels.chart_allergens, self._allergen_marker),
            (labels.chart_symptoms, self._symptom_marker),
            (labels.chart_probiotics, self._flag_marker("probiotics")),
            (labels.chart_vitamin_c, self._flag_marker("vitamin_c")),
            (labels.chart_vitamin_d, self._flag_marker("vitamin_d")),
        ]
        rows_bottom = rows_top + row_height * len(row_specs)

        # Skipped / paused days: hatched columns behind everything.
        for day, centre in zip(s.days, centres, strict=True):
            if day.protected:
                left, right = centre - column / 2, centre + column / 2
                page.hatch(left, plot_top, right, base)
                page.hatch(left, rows_top, right, rows_bottom)

        for tick in range(0, top_hours + 1, 4):
            y = hour_y(tick)
            if tick:
                page.hline(x0, x0 + column * count, y, GRID, 0.6)
            target = abs(tick - s.sleep.target) < 1e-9
            if not target:
                page.text(
                    x0 - 4, y + SMALL_SIZE * 0.35, str(tick), SMALL_SIZE, fill=MUTED, anchor="rs"
                )
        for value, centre in zip(hours, centres, strict=True):
            if value is not None:  # 0 h still shows a stub: blank means "no answer"
                half = column * 0.32
                top = min(hour_y(value), base - 1.5)
                page.rect(centre - half, top, centre + half, base, fill=BAR)
        page.hline(x0, x0 + column * count, base, INK, 1.0)
        target_y = hour_y(s.sleep.target)
        page.dashed(x0, x0 + column * count, target_y, INK, 1.6, 4.5)
        page.text(
            x0 - 4,
            target_y + SMALL_SIZE * 0.35,
            self._hours(s.sleep.target),
            SMALL_SIZE,
            bold=True,
            anchor="rs",
        )
        sleep_label = page.wrap(self._t(labels.chart_sleep), label_width - 26, SMALL_SIZE, False, 2)
        self.y = plot_top + plot_height / 2 - len(sleep_label) * SMALL_SIZE * LINE / 2
        self._lines(self.left, sleep_label, SMALL_SIZE, page=page)

        # Dates under the bars: day numbers, and the month under the first day and each 1st.
        every = max(1, math.ceil(13 / column))  # label every n-th day when columns are narrow
        for index, (day, centre) in enumerate(zip(s.days, centres, strict=True)):
            local = day.local_date
            to_next_month = calendar.monthrange(local.year, local.month)[1] - local.day + 1
            if (local.day - 1) % every == 0 and to_next_month >= every:
                page.text(
                    centre,
                    base + SMALL_SIZE * LINE,
                    str(day.local_date.day),
                    SMALL_SIZE,
                    anchor="ms",
                )
            if index == 0 or day.local_date.day == 1:
                month = labels.months[day.local_date.month - 1] if len(labels.months) == 12 else ""
                page.text(
                    centre - column / 2,
                    base + 2 * SMALL_SIZE * LINE,
                    self._t(month),
                    SMALL_SIZE,
                    fill=MUTED,
                    anchor="ls",
                )

        # One row of markers per question.
        for index, (caption, marker) in enumerate(row_specs):
            top = rows_top + index * row_height
            centre_y = top + row_height / 2
            page.hline(self.left, x0 + column * count, top, GRID, 0.6)
            text = page.fit(self._t(caption), label_width - 6, SMALL_SIZE)
            page.text(self.left, centre_y + SMALL_SIZE * 0.35, text, SMALL_SIZE)
            for day, centre in zip(s.days, centres, strict=True):
                marker(day, centre, centre_y)
        page.hline(self.left, x0 + column * count, rows_bottom, GRID, 0.6)
        self.y = rows_bottom + 4
        self.marker_scale = 1.0
        self._legend()
        self.chart_box = (self.left - 2, chart_top, self.right + 2, self.y + 2)

    def _flag_marker(self, name: str) -> Callable[[ReportDay, float, float], None]:
        def draw(day: ReportDay, x: float, y: float) -> None:
            value = getattr(day, name)
            if value is True:
                self.chart_page.circle(x, y, 7.0 * self.marker_scale, INK)
            elif value is False:
                self._dash(x, y)

        return draw

    def _dash(self, x: float, y: float) -> None:
        half = 3.0 * self.marker_scale
        self.chart_page.hline(x - half, x + half, y, INK, 1.2)

    def _allergen_marker(self, day: ReportDay, x: float, y: float) -> None:
        if day.allergens_exposed:
            self.chart_page.circle(x, y, 7.0 * self.marker_scale, INK)
        elif day.allergens_answered:
            self._dash(x, y)

    def _symptom_marker(self, day: ReportDay, x: float, y: float) -> None:
        if day.symptoms is Symptoms.STRONG:
            self.chart_page.triangle(x, y, 8.5 * self.marker_scale, filled=True)
        elif day.symptoms is Symptoms.MILD:
            self.chart_page.triangle(x, y, 8.5 * self.marker_scale, filled=False)
        elif day.symptoms is Symptoms.NONE:
            self._dash(x, y)

    def _legend(self) -> None:
        page, labels = self.chart_page, self.labels
        size = SMALL_SIZE
        icon = 12.0
        gap = 14.0
        items: list[tuple[Callable[[float, float], None] | None, str]] = [
            (lambda x, y: page.circle(x + icon / 2, y, 7.0, INK), labels.legend_yes),
            (lambda x, y: self._dash(x + icon / 2, y), labels.legend_no),
            (lambda x, y: page.triangle(x + icon / 2, y, 8.5, filled=False), labels.legend_mild),
            (lambda x, y: page.triangle(x + icon / 2, y, 8.5, filled=True), labels.legend_strong),
            (lambda x, y: page.hatch(x, y - 5, x + icon, y + 5), labels.legend_protected),
            (
                lambda x, y: page.dashed(x, x + icon, y, INK, 1.6, 3.0),
                labels.legend_target.format(target=self._hours(self.summary.sleep.target)),
            ),
            (None, labels.legend_blank),
        ]
        x = self.left
        centre = self.y + size * 0.75
        for draw, text in items:
            text = page.fit(self._t(text), self.right - self.left - icon - 4, size)
            width = (icon + 4 if draw else 0) + page.length(text, size)
            if x > self.left and x + width > self.right:
                x = self.left
                centre += size * LINE + 2
            if draw is not None:
                draw(x, centre)
                x += icon + 4
            page.text(x, centre + size * 0.35, text, size, fill=MUTED)
            x += page.length(text, size) + gap
        self.y = centre + size

    # --- patterns, not causes

    def _patterns(self) -> None:
        """The /insights comparisons as a table (rows that do not fit leave room for notes and
        are counted; every figure is in the CSV and JSON exports)."""
        page, labels, found = self.page, self.labels, self.insights
        self._heading(labels.section_patterns)
        size = SMALL_SIZE
        line_height = size * LINE
        width = self.right - self.left
        intro = labels.patterns_intro.format(count=len(found.comparisons))
        lines = page.wrap(self._t(intro), width, size, False, 3)
        self.y += 2
        self._lines(self.left, lines, size, fill=MUTED)
        self.y += len(lines) * line_height + 2
        foods = food_items(found, labels) or labels.patterns_foods_none
        food_lines = page.wrap(self._t(foods), width - 110, size, False, 2)
        if found.days_needed:
            waiting = labels.patterns_waiting.format(found.days_needed, count=found.days_needed)
            self._lines(self.left, [self._t(waiting, True)], size, bold=True)
            self.y += line_height + 2
        else:
            self._pattern_rows(len(food_lines) * line_height + 3)
        self._lines(self.left, [self._t(labels.patterns_foods, True)], size, bold=True)
        self._lines(self.left + 110, food_lines, size)
        self.y += len(food_lines) * line_height + 2

    def _pattern_rows(self, reserve: float) -> None:
        page, labels, found = self.page, self.labels, self.insights
        size = SMALL_SIZE
        line_height = size * LINE
        habit_width = 110.0
        column = (self.right - self.left - habit_width) / 2
        cells: dict[Factor, dict[int, str]] = {}
        for comparison in found.comparisons:
            cells.setdefault(comparison.factor, {})[comparison.lag] = comparison_cell(
                comparison, labels
            )
        for item in found.waiting:
            cells.setdefault(item.factor, {})[item.lag] = labels.patterns_too_few
        if not cells:
            self._lines(self.left, [self._t(labels.patterns_none)], size, fill=MUTED)
            self.y += line_height + 2
            return
        for index, caption in enumerate(
            ("", labels.patterns_col_same_day, labels.patterns_col_next_day)
        ):
            x = self.left + (habit_width + (index - 1) * column if index else 0)
            if caption:
                self._lines(
                    x,
                    [page.fit(self._t(caption, True), column - 6, size, True)],
                    size,
                    bold=True,
                    fill=MUTED,
                )
        self.y += line_height
        # Room for the foods line and the notes heading with one note below the table.
        notes = HEADING_SIZE * 1.5 + 10 + NOTES_KEPT_LINES * line_height
        room = self.bottom - self.y - reserve - notes
        # Habits with a pattern (not chance) first: the rows that fit should say the most.
        found_pattern = {c.factor for c in found.comparisons if not c.could_be_chance}
        factors = sorted(cells, key=lambda factor: (factor not in found_pattern, factor.order))
        for shown, factor in enumerate(factors):
            row = [
                page.wrap(self._t(cells[factor].get(lag, "–")), column - 8, size, False, 2)
                for lag in (0, 1)
            ]
            name = page.wrap(
                self._t(factor_label(factor, labels), True), habit_width - 6, size, True, 2
            )
            height = max(len(name), *(len(lines) for lines in row)) * line_height + 3
            left_out = len(factors) - shown
            if height > room:
                more = labels.patterns_more.format(count=left_out)
                self._lines(self.left, [self._t(more)], size, fill=MUTED)
                self.y += line_height + 2
                return
            page.hline(self.left, self.right, self.y + 0.5, GRID, 0.6)
            self.y += 2
            self._lines(self.left, name, size, bold=True)
            for lag, lines in enumerate(row):
                self._lines(self.left + habit_width + lag * column, lines, size)
            self.y += height - 2
            room -= height
        page.hline(self.left, self.right, self.y + 0.5, GRID, 0.6)
        self.y += 3

    # --- notes

    def _notes(self) -> None:
        page, labels, s = self.page, self.labels, self.summary
        self._heading(labels.section_notes)
        size = SMALL_SIZE + 0.5
        line_height = size * LINE
        if not s.notes:
            self.y += 2
            self._lines(self.left, [self._t(labels.notes_none)], size, fill=MUTED)
            return
        date_width = 56.0
        text_width = self.right - self.left - date_width
        entries: list[tuple[date, list[str]]] = []
        for day, note in s.notes:
            text = self._t(note[:2000])
            if not text:
                text = self._t(labels.note_not_printable)
            entries.append((day, page.wrap(text, text_width, size, False, 3)))
        # Newest first until the page is full; drawn oldest first.
        available = self.bottom - self.y - 2
        chosen: list[tuple[date, list[str]]] = []
        used = 0.0
        for index, (day, lines) in enumerate(reversed(entries)):
            height = len(lines) * line_height + 2
            left_out = len(entries) - index - 1
            reserve = line_height + 2 if left_out else 0.0
            if used + height + reserve > available:
                # Keep a one-line version of this note if that still fits.
                short = page.wrap(" ".join(lines), text_width, size, False, 1)
                if used + line_height + 2 + reserve <= available:
                    chosen.append((day, short))
                break
            chosen.append((day, lines))
            used += height
        self.y += 2
        for day, lines in reversed(chosen):
            date_text = page.fit(self._t(self._date(day), True), date_width - 6, size, True)
            self._lines(self.left, [date_text], size, bold=True)
            self._lines(self.left + date_width, lines, size)
            self.y += len(lines) * line_height + 2
        hidden = len(entries) - len(chosen)
        if hidden:
            more = labels.notes_more.format(hidden, count=hidden)
            lines = page.wrap(self._t(more), self.right - self.left, size, False, 1)
            self._lines(self.left, lines, size, fill=MUTED)
