"""Render the weekly chart to PNG, fast.

How it stays fast (a few milliseconds per chart):

* The picture is an array of *palette indices* (numpy ``uint8``), never RGB. The palette is
  fixed: white, eight Okabe-Ito-based colours, and 15 blend steps from white to each colour,
  so anti-aliased text and shapes on white keep smooth edges.
* Everything that only depends on the size and the labels (section label, hour ticks and grid,
  weekday labels, habit labels, legend) is drawn once into read-only horizontal *bands*, cached
  separately so languages, row sets and hour scales combine without multiplying. A chart
  stacks the bands into a fresh array, draws the bars (array slices) and the dashed target
  line, and pastes cached *sprites*: cell markers, hour values, and the title glyph by glyph.
* The PNG is written directly (:mod:`bot.charts.png`): the array already carries each row's
  filter byte, so encoding is one zlib pass (about 3 ms for 1080×1080, most of a chart's time).

Thread safety: Pillow/FreeType is only used while building cached bands and sprites, under one
lock; cached arrays are read-only; each call draws into its own array. Same input, same bytes
(on the same Pillow/FreeType build).

Characters the bundled DejaVu subset lacks (emoji, CJK) are not drawn.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import numpy.typing as npt
from PIL import Image, ImageDraw

from bot.charts import pillow_text
from bot.charts.chart_data import WeekChartData
from bot.charts.png import encode_rows, filtered_canvas, palette_chunk
from bot.domain.answers import hours_text, valid_sleep_hours
from bot.domain.habits import WEEK_DAYS, DayResult

Pixels = npt.NDArray[np.uint8]
Mask = npt.NDArray[np.bool_]


# --------------------------------------------------------------------------- palette

WHITE = (255, 255, 255)
# Okabe-Ito blue / sky blue / vermillion (colour-blind safe) plus neutral greys.
COLOURS: dict[str, tuple[int, int, int]] = {
    "ink": (0x1A, 0x1A, 0x1A),
    "muted": (0x55, 0x55, 0x55),
    "grid": (0xDD, 0xDD, 0xDD),
    "blue": (0x00, 0x72, 0xB2),
    "sky": (0x56, 0xB4, 0xE9),
    "vermillion": (0xD5, 0x5E, 0x00),
    "protect": (0x8C, 0x8C, 0x8C),
    "faint": (0xC8, 0xC8, 0xC8),
}
_STEPS = 15  # blend steps white → colour (the last one is the colour itself)
_NAMES = tuple(COLOURS)


def _build_palette() -> list[tuple[int, int, int]]:
    palette = [WHITE]
    for name in _NAMES:
        colour = COLOURS[name]
        for step in range(1, _STEPS + 1):
            t = step / _STEPS
            palette.append(
                (
                    round(255 + (colour[0] - 255) * t),
                    round(255 + (colour[1] - 255) * t),
                    round(255 + (colour[2] - 255) * t),
                )
            )
    return palette


PALETTE = _build_palette()
_PLTE = palette_chunk(PALETTE)
BACKGROUND = 0


def solid(name: str) -> int:
    """Palette index of a full colour."""
    return 1 + _NAMES.index(name) * _STEPS + _STEPS - 1


def _ramp(name: str) -> Pixels:
    """Coverage 0..255 → palette index blending white into ``name``."""
    base = 1 + _NAMES.index(name) * _STEPS
    coverage = np.arange(256)
    steps = (coverage * _STEPS + 127) // 255
    return np.where(steps == 0, BACKGROUND, base + steps - 1).astype(np.uint8)


_RAMPS = {name: _ramp(name) for name in _NAMES}


@lru_cache(maxsize=1)
def _rgb_lookup() -> Pixels:
    """Nearest palette index for every RGB colour at 5 bits per channel (32³ table)."""
    # Cell i stands for the value i·255/31, so pure white maps to white and black to black.
    centres = np.round(np.arange(32) * 255 / 31).astype(np.int32)
    grid = np.stack(np.meshgrid(centres, centres, centres, indexing="ij"), axis=-1).reshape(-1, 3)
    colours = np.array(PALETTE, dtype=np.int32)
    best = np.zeros(len(grid), dtype=np.uint8)
    best_distance = np.full(len(grid), np.iinfo(np.int32).max, dtype=np.int64)
    for index, colour in enumerate(colours):
        distance = ((grid - colour) ** 2).sum(axis=1)
        closer = distance < best_distance
        best[closer] = index
        best_distance[closer] = distance[closer]
    return best.reshape(32, 32, 32)


def _quantize(image: Image.Image) -> Pixels:
    rgb = np.asarray(image.convert("RGB"), dtype=np.uint8) >> 3
    lookup = _rgb_lookup()
    return np.ascontiguousarray(lookup[rgb[..., 0], rgb[..., 1], rgb[..., 2]])


# --------------------------------------------------------------------------- caches

_LOCK = threading.RLock()  # Pillow/FreeType work and cache bookkeeping


class _Cache:
    """A cache of read-only arrays and sprites, bounded by bytes (oldest entries go first).

    Reads take no lock (a dict lookup is atomic under the GIL); misses build under the module
    lock, because builders use Pillow/FreeType.
    """

    def __init__(self, budget_bytes: int) -> None:
        self._budget = budget_bytes
        self._used = 0
        self._items: dict[Hashable, tuple[object, int]] = {}

    def get(self, key: Hashable, build: Callable[[], object]) -> object:
        item = self._items.get(key)
        if item is not None:
            return item[0]
        with _LOCK:
            item = self._items.get(key)
            if item is not None:
                return item[0]
            value = build()
            size = _weight(value)
            while self._items and self._used + size > self._budget:
                self._used -= self._items.pop(next(iter(self._items)))[1]
            self._items[key] = (value, size)
            self._used += size
            return value

    def clear(self) -> None:
        with _LOCK:
            self._items = {}
            self._used = 0


def _weight(value: object) -> int:
    if isinstance(value, np.ndarray):
        return int(value.nbytes)
    if isinstance(value, _Sprite):
        return int(value.pixels.nbytes + value.mask.nbytes)
    if isinstance(value, _Glyph):
        return int(value.pixels.nbytes)
    return 1024


_MB = 1024 * 1024
_BANDS = _Cache(48 * _MB)  # static bands: a 1080×1080 chart is ~1.2 MB in four bands
_SPRITES = _Cache(8 * _MB)  # markers, values, glyphs


def clear_caches() -> None:
    """Drop cached bands and sprites (tests and benchmarks)."""
    for cache in (_BANDS, _SPRITES):
        cache.clear()


# --------------------------------------------------------------------------- sprites


@dataclass(frozen=True)
class _Sprite:
    """Palette pixels with a mask, placed with its anchor at (x, y)."""

    pixels: Pixels
    mask: Mask
    dx: int  # left edge relative to the anchor
    dy: int  # top edge relative to the anchor


def _freeze(array: npt.NDArray[np.generic]) -> None:
    array.flags.writeable = False


def _paste(canvas: Pixels, sprite: _Sprite, x: int, y: int) -> None:
    height, width = sprite.pixels.shape
    left, top = x + sprite.dx, y + sprite.dy
    x0, y0 = max(left, 0), max(top, 0)
    x1 = min(left + width, canvas.shape[1])
    y1 = min(top + height, canvas.shape[0])
    if x0 >= x1 or y0 >= y1:
        return
    sx, sy = x0 - left, y0 - top
    np.copyto(
        canvas[y0:y1, x0:x1],
        sprite.pixels[sy : sy + y1 - y0, sx : sx + x1 - x0],
        where=sprite.mask[sy : sy + y1 - y0, sx : sx + x1 - x0],
    )


def _text_sprite(
    text: str, size: int, bold: bool, colour: str, anchor: str, halo: int = 0
) -> _Sprite:
    """Text as a sprite; with ``halo`` > 0 it is opaque on a white box that much larger."""
    font = pillow_text.font(size, bold)
    box = font.getbbox(text, anchor=anchor)
    left, top = math.floor(box[0]) - halo, math.floor(box[1]) - halo
    right, bottom = math.ceil(box[2]) + halo, math.ceil(box[3]) + halo
    width, height = max(1, right - left), max(1, bottom - top)
    image = Image.new("L", (width, height), 0)
    ImageDraw.Draw(image).text((-left, -top), text, fill=255, font=font, anchor=anchor)
    coverage = np.asarray(image, dtype=np.uint8)
    pixels = _RAMPS[colour][coverage]
    mask = np.ones_like(coverage, dtype=np.bool_) if halo else coverage > 0
    _freeze(pixels)
    _freeze(mask)
    return _Sprite(pixels, mask, left, top)


def _cached_text(
    text: str,
    size: int,
    bold: bool,
    colour: str,
    anchor: str,
    *,
    halo: int = 0,
) -> _Sprite:
    key = (text, size, bold, colour, anchor, halo)
    sprite = _SPRITES.get(key, lambda: _text_sprite(text, size, bold, colour, anchor, halo))
    assert isinstance(sprite, _Sprite)
    return sprite


_SUPERSAMPLE = 4


@dataclass(frozen=True)
class _Glyph:
    pixels: Pixels  # ink-ramp indices, white (0) around the glyph
    dx: int  # left edge relative to the pen position
    dy: int  # top edge relative to the baseline
    advance: float


def _glyph(char: str, size: int, bold: bool, colour: str) -> _Glyph:
    def build() -> _Glyph:
        sprite = _text_sprite(char, size, bold, colour, "ls")
        advance = pillow_text.font(size, bold).getlength(char)
        return _Glyph(sprite.pixels, sprite.dx, sprite.dy, advance)

    glyph = _SPRITES.get(("glyph", char, size, bold, colour), build)
    assert isinstance(glyph, _Glyph)
    return glyph


def _draw_line(canvas: Pixels, text: str, x: int, baseline: int, size: int, width: int) -> None:
    """Bold ink text from cached glyphs (for per-chart text such as the title: no FreeType
    call once its characters are known), cut with "…" to ``width``. The basic layout engine
    does not kern either, so this matches a whole-line render up to sub-pixel rounding.
    Glyphs combine with ``max`` on the ink ramp (the area under them is white)."""
    chars = " ".join(text.split())
    glyphs = [_glyph(char, size, True, "ink") for char in chars]
    if sum(g.advance for g in glyphs) > width:
        ellipsis = _glyph("…", size, True, "ink")
        room = width - ellipsis.advance
        kept: list[_Glyph] = []
        used = 0.0
        for glyph in glyphs:
            if used + glyph.advance > room:
                break
            kept.append(glyph)
            used += glyph.advance
        while kept and chars[len(kept) - 1] == " ":
            used -= kept.pop().advance
        glyphs = [*kept, ellipsis]
    position = float(x)
    canvas_height, canvas_width = canvas.shape
    for glyph in glyphs:
        left, top = round(position) + glyph.dx, baseline + glyph.dy
        height, width = glyph.pixels.shape
        if (
            left >= 0
            and top >= 0
            and left + width <= canvas_width
            and top + height <= canvas_height
        ):
            region = canvas[top : top + height, left : left + width]
            np.maximum(region, glyph.pixels, out=region)
        position += glyph.advance


def _marker_sprite(kind: DayResult | None, diameter: int) -> _Sprite:
    """A cell marker: kept = filled blue disc with a tick; missed = empty ring; protected
    (skipped/paused) = grey disc with pause bars; unknown = "?"; no data = a small dot."""
    d = max(8, diameter)
    big = d * _SUPERSAMPLE
    image = Image.new("RGB", (big, big), WHITE)
    draw = ImageDraw.Draw(image)
    box = (0, 0, big - 1, big - 1)
    if kind is DayResult.KEPT:
        draw.ellipse(box, fill=COLOURS["blue"])
        stroke = max(2, round(big * 0.11))
        points = [(big * 0.27, big * 0.52), (big * 0.44, big * 0.69), (big * 0.74, big * 0.34)]
        draw.line(points, fill=WHITE, width=stroke, joint="curve")
        for px, py in (points[0], points[2]):
            r = stroke / 2
            draw.ellipse((px - r, py - r, px + r, py + r), fill=WHITE)
    elif kind is DayResult.MISSED:
        stroke = max(2, round(big * 0.09))
        draw.ellipse(box, outline=COLOURS["muted"], width=stroke)
    elif kind is DayResult.PROTECTED:
        draw.ellipse(box, fill=COLOURS["protect"])
        bar_w, bar_h = big * 0.13, big * 0.42
        for cx in (big * 0.39, big * 0.61):
            draw.rectangle(
                (cx - bar_w / 2, big / 2 - bar_h / 2, cx + bar_w / 2, big / 2 + bar_h / 2),
                fill=WHITE,
            )
    elif kind is DayResult.UNKNOWN:
        stroke = max(2, round(big * 0.05))
        draw.ellipse(box, outline=COLOURS["faint"], width=stroke)
        font = pillow_text.font(round(big * 0.62), True)
        draw.text((big / 2, big / 2), "?", fill=COLOURS["muted"], font=font, anchor="mm")
    else:
        r = big * 0.11
        draw.ellipse((big / 2 - r, big / 2 - r, big / 2 + r, big / 2 + r), fill=COLOURS["faint"])
    small = image.resize((d, d), Image.Resampling.BOX)
    pixels = _quantize(small)
    mask = pixels != BACKGROUND
    _freeze(pixels)
    _freeze(mask)
    return _Sprite(pixels, mask, -(d // 2), -(d // 2))


def _cached_marker(kind: DayResult | None, diameter: int) -> _Sprite:
    sprite = _SPRITES.get(("marker", kind, diameter), lambda: _marker_sprite(kind, diameter))
    assert isinstance(sprite, _Sprite)
    return sprite


# --------------------------------------------------------------------------- layout


@dataclass(frozen=True)
class _Layout:
    width: int
    height: int
    scale: float
    pad: int
    title_size: int
    title_baseline: int
    section_size: int
    section_baseline: int
    plot_left: int
    plot_right: int
    plot_top: int  # the highest bar reaches this line
    plot_base: int
    column_width: float
    bar_width: int
    value_size: int
    missing_size: int
    tick_size: int
    weekday_size: int
    weekday_baseline: int
    weekday_top: int  # band boundaries: sleep | weekdays | rows | legend
    base_thickness: int
    rows_top: int
    row_height: int
    row_label_size: int
    marker: int
    legend_size: int
    legend_marker: int
    legend_centre: int  # of the legend's second (last) line
    legend_line: int  # distance between the legend's two lines
    legend_top: int  # the chart's height when there is no legend
    column_centres: tuple[int, ...]
    marker_lefts: tuple[int, ...]

    def column_centre(self, index: int) -> int:
        return self.column_centres[index]


@lru_cache(maxsize=64)
def _layout(width: int, height: int, rows: int, legend: bool) -> _Layout:
    sx, sy = width / 1080, height / 1080
    s = min(sx, sy)
    pad = round(44 * s)
    plot_left = round(300 * sx)
    plot_right = width - pad
    column_width = (plot_right - plot_left) / WEEK_DAYS
    # Two lines of two, as big as the habit labels: on a phone the chart is shown about
    # 340 px wide, where one line of four at 27 px became unreadable (about 8 px).
    legend_size = round(34 * s)
    legend_line = round(52 * s)
    legend_centre = height - pad - round(8 * s)
    legend_top = legend_centre - legend_line - round(30 * s) if legend else height
    rows_top = round(604 * sy)
    rows_bottom = legend_top - round(8 * s) if legend else height - pad
    plot_base = round(524 * sy)
    centres = tuple(round(plot_left + (i + 0.5) * column_width) for i in range(WEEK_DAYS))
    base_thickness = max(2, round(3 * s))
    row_height = min(round(100 * s), (rows_bottom - rows_top) // rows)
    marker = max(8, min(round(column_width * 0.62), round(row_height * 0.74)))
    return _Layout(
        width=width,
        height=height,
        scale=s,
        pad=pad,
        title_size=round(46 * s),
        title_baseline=round(88 * sy),
        section_size=round(34 * s),
        section_baseline=round(152 * sy),
        plot_left=plot_left,
        plot_right=plot_right,
        plot_top=round(222 * sy),
        plot_base=plot_base,
        column_width=column_width,
        bar_width=round(column_width * 0.62),
        value_size=round(30 * s),
        missing_size=round(40 * s),
        tick_size=round(28 * s),
        weekday_size=round(32 * s),
        weekday_baseline=round(574 * sy),
        weekday_top=plot_base + round(16 * s),  # below the "0 h" tick, above the weekdays
        base_thickness=base_thickness,
        rows_top=rows_top,
        row_height=row_height,
        row_label_size=min(round(34 * s), round(row_height * 0.5)),
        marker=marker,
        legend_size=legend_size,
        legend_marker=round(34 * s),
        legend_centre=legend_centre,
        legend_line=legend_line,
        legend_top=legend_top,
        column_centres=centres,
        marker_lefts=tuple(x - marker // 2 for x in centres),
    )


def _scale_max(hours: tuple[float | None, ...], target: float) -> int:
    """The top of the hour axis: 12, 16, 20 or 24."""
    highest = max([h for h in hours if h is not None] + [target])
    for top in (12, 16, 20, 24):
        if highest <= top:
            return top
    return 24


def _hour_y(layout: _Layout, hours: float, top: int) -> int:
    span = layout.plot_base - layout.plot_top
    return layout.plot_base - round(hours / top * span)


def _format_hours(hours: float, separator: str) -> str:
    """Hours by the rule every message and report uses (:func:`bot.domain.answers.hours_text`)."""
    return hours_text(hours, separator)


# --------------------------------------------------------------------------- static bands
#
# The parts of a chart that only depend on its size and labels, as four horizontal bands that
# are cached separately (so languages, row sets and hour scales combine without multiplying):
# sleep (title area, section label, grid, hour ticks), weekdays, habit rows, legend.


class _Band:
    """Draws into rows ``top..bottom`` of a chart, with chart coordinates."""

    def __init__(self, width: int, top: int, bottom: int) -> None:
        self.top = top
        self.pixels = np.zeros((bottom - top, width), dtype=np.uint8)

    def fill(self, x0: int, y0: int, x1: int, y1: int, colour: int) -> None:
        self.pixels[max(0, y0 - self.top) : max(0, y1 - self.top), x0:x1] = colour

    def text(
        self, text: str, x: float, y: float, size: int, bold: bool, colour: str, anchor: str
    ) -> None:
        sprite = _text_sprite(text, size, bold, colour, anchor)
        _paste(self.pixels, sprite, round(x), round(y) - self.top)

    def sprite(self, sprite: _Sprite, x: int, y: int) -> None:
        _paste(self.pixels, sprite, x, y - self.top)

    def done(self) -> Pixels:
        _freeze(self.pixels)
        return self.pixels


def _sleep_band(
    layout: _Layout, sleep_label: str, top: int, target: float, unit: str, separator: str
) -> Pixels:
    band = _Band(layout.width, 0, layout.weekday_top)
    s = layout.scale
    line = max(1, round(2 * s))
    left, right = layout.plot_left, layout.plot_right
    label = pillow_text.fit(
        sleep_label, pillow_text.font(layout.section_size, True), layout.width - 2 * layout.pad
    )
    band.text(label, layout.pad, layout.section_baseline, layout.section_size, True, "ink", "ls")
    tick_x = left - round(16 * s)
    for hours in range(0, top + 1, 4):
        y = _hour_y(layout, hours, top)
        band.fill(left, y - line // 2, right, y - line // 2 + line, solid("grid"))
        if abs(hours - target) >= 1.5:
            tick = f"{hours} {unit}".strip()
            band.text(tick, tick_x, y, layout.tick_size, False, "muted", "rm")
    target_label = f"{_format_hours(target, separator)} {unit}".strip()
    target_y = _hour_y(layout, target, top)
    band.text(target_label, tick_x, target_y, layout.tick_size, True, "vermillion", "rm")
    base = layout.plot_base
    band.fill(left, base, right, base + layout.base_thickness, solid("ink"))
    return band.done()


def _weekday_band(layout: _Layout, labels: tuple[str, ...]) -> Pixels:
    band = _Band(layout.width, layout.weekday_top, layout.rows_top)
    font = pillow_text.font(layout.weekday_size, True)
    for index, label in enumerate(labels):
        text = pillow_text.fit(label, font, layout.column_width - 6 * layout.scale)
        x = layout.column_centre(index)
        band.text(text, x, layout.weekday_baseline, layout.weekday_size, True, "ink", "ms")
    return band.done()


def _rows_band(layout: _Layout, labels: tuple[str, ...]) -> Pixels:
    band = _Band(layout.width, layout.rows_top, layout.legend_top)
    s = layout.scale
    line = max(1, round(2 * s))
    grid = solid("grid")
    font = pillow_text.font(layout.row_label_size, False)
    label_width = layout.plot_left - layout.pad - round(12 * s)
    for index, label in enumerate(labels):
        top = layout.rows_top + index * layout.row_height
        band.fill(layout.pad, top, layout.plot_right, top + line, grid)
        centre = top + layout.row_height // 2
        text = pillow_text.fit(label, font, label_width)
        band.text(text, layout.pad, centre, layout.row_label_size, False, "ink", "lm")
    bottom = layout.rows_top + len(labels) * layout.row_height
    band.fill(layout.pad, bottom, layout.plot_right, bottom + line, grid)
    return band.done()


_LEGEND_KINDS = (DayResult.KEPT, DayResult.MISSED, DayResult.PROTECTED, DayResult.UNKNOWN)


def _legend_band(layout: _Layout, labels: tuple[str, ...]) -> Pixels:
    """Marker + text for each kind, two per line in two columns (done, not done / skipped, no
    answer); the font shrinks (down to 75 %) before labels are cut."""
    band = _Band(layout.width, layout.legend_top, layout.height)
    s = layout.scale
    available = layout.width - 2 * layout.pad
    gap = round(10 * s)
    column_gap = round(24 * s)
    column = (available - column_gap) / 2
    marker = layout.legend_marker
    size = layout.legend_size
    texts = list(labels)
    room = column - marker - gap
    while True:
        font = pillow_text.font(size, False)
        if all(font.getlength(text) <= room for text in texts):
            break
        if size <= round(layout.legend_size * 0.75):
            texts = [pillow_text.fit(text, font, room) for text in texts]
            break
        size -= 1
    centres = (layout.legend_centre - layout.legend_line, layout.legend_centre)
    for index, (kind, text) in enumerate(zip(_LEGEND_KINDS, texts, strict=True)):
        left = layout.pad + round((index % 2) * (column + column_gap))
        centre = centres[index // 2]
        band.sprite(_marker_sprite(kind, marker), left + marker // 2, centre)
        band.text(text, left + marker + gap, centre, size, False, "muted", "lm")
    return band.done()


def _band(key: tuple[object, ...], build: Callable[[], Pixels]) -> Pixels:
    band = _BANDS.get(key, build)
    assert isinstance(band, np.ndarray)
    return band


def _background(data: WeekChartData, layout: _Layout, top: int) -> Pixels:
    """The chart's static bands stacked into fresh PNG rows (filter byte + pixels)."""
    size = (data.width, data.height)
    rows = filtered_canvas(data.width, data.height)
    canvas = rows[:, 1:]
    canvas[: layout.weekday_top] = _band(
        (
            "sleep",
            size,
            data.sleep_label,
            top,
            data.target_hours,
            data.hour_unit,
            data.decimal_separator,
        ),
        lambda: _sleep_band(
            layout,
            data.sleep_label,
            top,
            data.target_hours,
            data.hour_unit,
            data.decimal_separator,
        ),
    )
    canvas[layout.weekday_top : layout.rows_top] = _band(
        ("weekdays", size, data.weekday_labels),
        lambda: _weekday_band(layout, data.weekday_labels),
    )
    labels = tuple(row.label for row in data.rows)
    canvas[layout.rows_top : layout.legend_top] = _band(
        ("rows", size, labels, data.legend is not None),
        lambda: _rows_band(layout, labels),
    )
    legend = data.legend
    if legend is not None:
        texts = (legend.kept, legend.missed, legend.protected, legend.unknown)
        canvas[layout.legend_top :] = _band(
            ("legend", size, texts), lambda: _legend_band(layout, texts)
        )
    return rows


# --------------------------------------------------------------------------- the chart


def render_week_chart(data: WeekChartData) -> bytes:
    """The weekly chart as PNG bytes (8-bit palette). Thread-safe and deterministic."""
    data.validate()
    hours = tuple(valid_sleep_hours(h) for h in data.sleep_hours)
    top = _scale_max(hours, data.target_hours)
    layout = _layout(data.width, data.height, len(data.rows), data.legend is not None)
    rows = _background(data, layout, top)
    canvas = rows[:, 1:]
    s = layout.scale

    _draw_line(
        canvas,
        data.title,
        layout.pad,
        layout.title_baseline,
        layout.title_size,
        data.width - 2 * layout.pad,
    )

    # Sleep bars, the dashed target line over them, then the values on white boxes so the
    # line never runs through a number; "–" for a night without an answer.
    target = data.target_hours
    half = layout.bar_width // 2
    label_gap = round(8 * s)
    halo = max(1, round(3 * s))
    tops: list[int | None] = []
    for index, value in enumerate(hours):
        if value is None:
            tops.append(None)
            continue
        x = layout.column_centre(index)
        y = _hour_y(layout, value, top)
        tops.append(y)
        if y < layout.plot_base:
            colour = solid("blue") if value >= target else solid("sky")
            canvas[y : layout.plot_base, x - half : x - half + layout.bar_width] = colour
    target_y = _hour_y(layout, target, top)
    thickness = max(2, round(4 * s))
    y0 = target_y - thickness // 2
    dashes = _dash_mask(layout.plot_right - layout.plot_left, round(20 * s), round(12 * s))
    canvas[y0 : y0 + thickness, layout.plot_left : layout.plot_right][:, dashes] = solid(
        "vermillion"
    )
    for index, (value, bar_top) in enumerate(zip(hours, tops, strict=True)):
        x = layout.column_centre(index)
        if value is None or bar_top is None:
            dash = _cached_text("–", layout.missing_size, True, "muted", "ms")
            _paste(canvas, dash, x, layout.plot_base - label_gap * 2)
            continue
        text = _format_hours(value, data.decimal_separator)
        sprite = _cached_text(text, layout.value_size, True, "ink", "ms", halo=halo)
        _paste(canvas, sprite, x, bar_top - label_gap - halo)

    # Habit cells: markers are opaque squares on the white cells (no mask needed).
    diameter = layout.marker
    for row_index, row in enumerate(data.rows):
        upper = layout.rows_top + row_index * layout.row_height + layout.row_height // 2
        upper -= diameter // 2
        for left, cell in zip(layout.marker_lefts, row.cells, strict=True):
            marker = _cached_marker(cell, diameter).pixels
            canvas[upper : upper + diameter, left : left + diameter] = marker

    return encode_rows(rows, _PLTE)


@lru_cache(maxsize=32)
def _dash_mask(length: int, dash: int, gap: int) -> Mask:
    mask = (np.arange(length) % (dash + gap)) < dash
    _freeze(mask)
    return mask
