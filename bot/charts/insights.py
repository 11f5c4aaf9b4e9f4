"""The /insights picture: a 4-week calendar of habits and symptoms, then the comparison bars.

Drawn with the weekly chart's machinery (:mod:`bot.charts.drawing`): a palette canvas, cached
text and marker sprites, our own PNG writer. Every word is passed in (``InsightsChartData``);
the figures come from :mod:`bot.domain.insights`. 1080 px wide so it reads at phone width
(Telegram shows it about 390 px wide: 36 px text becomes 13 px).

Calendar cell (one local date): the day of the month (top left); "!" when a watched allergen
was eaten; a triangle for symptoms — outlined for mild, filled for strong, "?" when not
answered, nothing for none; and four lettered badges (sleep 8 h+, probiotics, vitamin C,
vitamin D): filled = yes, outlined = no, absent = not answered. A day with no answer at all is
grey; days before tracking began are left blank. Meaning never rests on colour alone.

Comparison rows (same day): the difference in mean symptom level with − without the habit,
a dot with its interval, on a shared axis around 0; grey when the interval includes 0 ("could
be chance"), blue when it goes with fewer symptoms, vermillion with more, and the verdict in
words beside the label.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from PIL import Image, ImageDraw

from bot.charts import pillow_text
from bot.charts.drawing import (
    _PLTE,
    _SPRITES,
    BACKGROUND,
    COLOURS,
    WHITE,
    Pixels,
    _cached_text,
    _draw_line,
    _freeze,
    _paste,
    _quantize,
    _Sprite,
    solid,
)
from bot.charts.png import encode_rows, filtered_canvas

WIDTH = 1080
WEEKS = 4
DAYS = WEEKS * 7
HABIT_BADGES = 4
MAX_COMPARISONS = 12


@dataclass(frozen=True)
class CalendarCell:
    """One date. ``tracked`` False: before tracking began or after today (left blank)."""

    day: int
    tracked: bool = True
    answered: bool = False
    habits: tuple[bool | None, ...] = (None,) * HABIT_BADGES  # sleep, probiotics, C, D
    allergen_eaten: bool = False
    symptoms: int | None = None  # 0 none, 1 mild, 2 strong


@dataclass(frozen=True)
class ComparisonBar:
    """One habit's same-day comparison; ``difference`` None: not compared yet (``note`` says
    why)."""

    label: str
    note: str
    difference: float | None = None
    low: float = 0.0
    high: float = 0.0
    could_be_chance: bool = True


@dataclass(frozen=True)
class InsightsLegend:
    habits: tuple[str, ...]  # "S Sleep 8 h+" … one per badge, letter first
    allergen: str
    mild: str
    strong: str
    no_answer: str


@dataclass(frozen=True)
class InsightsChartData:
    title: str
    weekday_labels: tuple[str, ...]  # 7, in display order
    letters: tuple[str, ...]  # one per habit badge
    cells: tuple[CalendarCell, ...]  # 28, oldest first, starting on the first weekday shown
    legend: InsightsLegend
    compare_title: str
    bars: tuple[ComparisonBar, ...]
    fewer_label: str
    more_label: str
    message: str = ""  # shown instead of the bars (e.g. "5 more days until I can compare")

    def validate(self) -> None:
        if len(self.weekday_labels) != 7 or len(self.cells) != DAYS:
            raise ValueError("an insights chart needs 7 weekday labels and 28 cells")
        if len(self.letters) != HABIT_BADGES or len(self.legend.habits) != HABIT_BADGES:
            raise ValueError("an insights chart needs 4 habit letters")
        if len(self.bars) > MAX_COMPARISONS:
            raise ValueError(f"at most {MAX_COMPARISONS} comparison rows")


# --------------------------------------------------------------------------- layout (px)

PAD = 40
TITLE_SIZE = 46
TITLE_BASELINE = 84
WEEKDAY_SIZE = 32
WEEKDAY_BASELINE = 150
CAL_TOP = 172
CELL_W = (WIDTH - 2 * PAD) / 7
CELL_H = 172
CELL_GAP = 6
DAY_SIZE = 30
BADGE = 56
BADGE_LETTER = 36
SYMPTOM = 40
LEGEND_SIZE = 30
LEGEND_LINE = 64
SECTION_SIZE = 36
ROW_H = 70
LABEL_W = 400
PLOT_LEFT = PAD + LABEL_W + 20
PLOT_RIGHT = WIDTH - PAD - 20
AXIS_SIZE = 28
DOT = 26


def _height(data: InsightsChartData) -> int:
    rows = len(data.bars) if not data.message else 1
    return _compare_top() + 70 + rows * ROW_H + 60 + PAD


def _legend_top() -> int:
    return CAL_TOP + WEEKS * CELL_H + 24


def _compare_top() -> int:
    return _legend_top() + 3 * LEGEND_LINE + 20


# --------------------------------------------------------------------------- sprites


def _shape_sprite(key: tuple[object, ...], size: int, draw_it: _Drawer) -> _Sprite:
    def build() -> _Sprite:
        big = size * 4
        image = Image.new("RGB", (big, big), WHITE)
        draw_it(ImageDraw.Draw(image), big)
        pixels = _quantize(image.resize((size, size), Image.Resampling.BOX))
        mask = pixels != BACKGROUND
        _freeze(pixels)
        _freeze(mask)
        return _Sprite(pixels, mask, -(size // 2), -(size // 2))

    sprite = _SPRITES.get(("insights", *key, size), build)
    assert isinstance(sprite, _Sprite)
    return sprite


_Shape = Literal["badge_yes", "badge_no", "mild", "strong", "dot"]


class _Drawer:
    """A callable drawing a shape on a ``big`` × ``big`` supersampled image."""

    def __init__(self, kind: _Shape, letter: str = "") -> None:
        self.kind = kind
        self.letter = letter

    def __call__(self, draw: ImageDraw.ImageDraw, big: int) -> None:
        kind = self.kind
        if kind in ("badge_yes", "badge_no"):
            box = (2, 2, big - 3, big - 3)
            radius = big // 5
            font = pillow_text.font(round(big * BADGE_LETTER / BADGE * 0.92), True)
            if kind == "badge_yes":
                draw.rounded_rectangle(box, radius, fill=COLOURS["blue"])
                colour = WHITE
            else:
                draw.rounded_rectangle(box, radius, outline=COLOURS["muted"], width=big // 16)
                colour = COLOURS["muted"]
            draw.text((big / 2, big / 2), self.letter, fill=colour, font=font, anchor="mm")
        elif kind in ("mild", "strong"):
            inset = big * 0.08
            points = [(big / 2, inset), (big - inset, big - inset), (inset, big - inset)]
            if kind == "strong":
                draw.polygon(points, fill=COLOURS["vermillion"])
            else:
                draw.polygon(points, outline=COLOURS["vermillion"], width=big // 10)
        elif kind == "dot":
            draw.ellipse((0, 0, big - 1, big - 1), fill=COLOURS[self.letter])


def _badge(letter: str, yes: bool) -> _Sprite:
    kind: _Shape = "badge_yes" if yes else "badge_no"
    return _shape_sprite((kind, letter), BADGE, _Drawer(kind, letter))


def _symptom(level: int) -> _Sprite:
    kind: _Shape = "strong" if level >= 2 else "mild"
    return _shape_sprite((kind,), SYMPTOM, _Drawer(kind))


def _dot(colour: str) -> _Sprite:
    return _shape_sprite(("dot", colour), DOT, _Drawer("dot", colour))


# --------------------------------------------------------------------------- drawing


def render_insights_chart(data: InsightsChartData) -> bytes:
    """The picture as PNG bytes (8-bit palette). Deterministic and thread-safe."""
    data.validate()
    height = _height(data)
    rows = filtered_canvas(WIDTH, height)
    canvas = rows[:, 1:]
    canvas[:] = BACKGROUND
    _draw_line(canvas, data.title, PAD, TITLE_BASELINE, TITLE_SIZE, WIDTH - 2 * PAD)
    _calendar(canvas, data)
    _legend(canvas, data.legend, data.letters)
    _comparisons(canvas, data)
    return encode_rows(rows, _PLTE)


def _text(
    canvas: Pixels,
    text: str,
    x: float,
    y: float,
    size: int,
    *,
    bold: bool = False,
    colour: str = "ink",
    anchor: str = "ls",
    width: float | None = None,
) -> None:
    if width is not None:
        text = pillow_text.fit(text, pillow_text.font(size, bold), width)
    _paste(canvas, _cached_text(text, size, bold, colour, anchor), round(x), round(y))


def _calendar(canvas: Pixels, data: InsightsChartData) -> None:
    grey = solid("grid")
    line = solid("faint")
    for index, label in enumerate(data.weekday_labels):
        centre = PAD + (index + 0.5) * CELL_W
        _text(canvas, label, centre, WEEKDAY_BASELINE, WEEKDAY_SIZE, bold=True, anchor="ms")
    for index, cell in enumerate(data.cells):
        week, weekday = divmod(index, 7)
        left = round(PAD + weekday * CELL_W) + CELL_GAP // 2
        right = round(PAD + (weekday + 1) * CELL_W) - CELL_GAP // 2
        top = CAL_TOP + week * CELL_H + CELL_GAP // 2
        bottom = CAL_TOP + (week + 1) * CELL_H - CELL_GAP // 2
        if not cell.tracked:
            continue
        if not cell.answered:
            canvas[top:bottom, left:right] = grey
        else:
            canvas[top : top + 2, left:right] = line
            canvas[bottom - 2 : bottom, left:right] = line
            canvas[top:bottom, left : left + 2] = line
            canvas[top:bottom, right - 2 : right] = line
        _text(canvas, str(cell.day), left + 10, top + 36, DAY_SIZE, colour="muted")
        if not cell.answered:
            continue
        if cell.allergen_eaten:
            _text(canvas, "!", right - 76, top + 38, 36, bold=True, colour="vermillion")
        if cell.symptoms is None:
            _text(
                canvas, "?", right - 24, top + 36, DAY_SIZE, bold=True, colour="faint", anchor="ms"
            )
        elif cell.symptoms > 0:
            _paste(canvas, _symptom(cell.symptoms), right - 26, top + 26)
        centre_x = (left + right) // 2
        for badge_index, (letter, value) in enumerate(zip(data.letters, cell.habits, strict=True)):
            if value is None:
                continue
            row, column = divmod(badge_index, 2)
            x = centre_x + (column * 2 - 1) * (BADGE // 2 + 3)
            y = top + 52 + BADGE // 2 + row * (BADGE + 6)
            _paste(canvas, _badge(letter, value), x, y)


def _legend(canvas: Pixels, legend: InsightsLegend, letters: tuple[str, ...]) -> None:
    top = _legend_top()
    width = (WIDTH - 2 * PAD) / 2
    for index, (letter, text) in enumerate(zip(letters, legend.habits, strict=True)):
        row, column = divmod(index, 2)
        x = PAD + column * width
        y = top + row * LEGEND_LINE + 22
        _paste(canvas, _badge(letter, True), round(x + BADGE // 2), y)
        _text(canvas, text, x + BADGE + 12, y + 11, LEGEND_SIZE, width=width - BADGE - 24)
    y = top + 2 * LEGEND_LINE + 22
    x = float(PAD)
    items: list[tuple[_Sprite | None, str, str]] = [
        (None, "!", legend.allergen),
        (_symptom(1), "", legend.mild),
        (_symptom(2), "", legend.strong),
        (None, "", legend.no_answer),
    ]
    for sprite, glyph, text in items:
        if sprite is not None:
            _paste(canvas, sprite, round(x + SYMPTOM // 2), y)
            x += SYMPTOM + 10
        elif glyph == "!":
            _text(canvas, glyph, x + 14, y + 14, 38, bold=True, colour="vermillion", anchor="ms")
            x += 38
        else:  # a grey square, as a day without any answer
            canvas[y - 16 : y + 16, round(x) : round(x) + 32] = solid("grid")
            x += 44
        _text(canvas, text, x, y + 11, LEGEND_SIZE, colour="muted")
        x += pillow_text.font(LEGEND_SIZE, False).getlength(text) + 34


def _comparisons(canvas: Pixels, data: InsightsChartData) -> None:
    top = _compare_top()
    canvas[top - 16 : top - 14, PAD : WIDTH - PAD] = solid("grid")
    _text(canvas, data.compare_title, PAD, top + 30, SECTION_SIZE, bold=True, width=WIDTH - 2 * PAD)
    rows_top = top + 60
    if data.message:
        _text(
            canvas,
            data.message,
            PAD,
            rows_top + 44,
            LEGEND_SIZE + 2,
            bold=True,
            colour="blue",
            width=WIDTH - 2 * PAD,
        )
        return
    spread = max(
        [1.0] + [max(abs(b.low), abs(b.high)) for b in data.bars if b.difference is not None]
    )
    spread = min(2.0, math.ceil(spread * 2) / 2)
    zero = (PLOT_LEFT + PLOT_RIGHT) // 2
    half = (PLOT_RIGHT - PLOT_LEFT) / 2

    def x_of(value: float) -> int:
        return round(zero + max(-spread, min(spread, value)) / spread * half)

    bottom = rows_top + len(data.bars) * ROW_H
    canvas[rows_top:bottom, zero - 1 : zero + 2] = solid("muted")
    for index, bar in enumerate(data.bars):
        row_top = rows_top + index * ROW_H
        centre = row_top + ROW_H // 2
        canvas[row_top : row_top + 2, PAD : WIDTH - PAD] = solid("grid")
        _text(canvas, bar.label, PAD, centre - 4, AXIS_SIZE + 2, bold=True, width=LABEL_W)
        colour = (
            "muted"
            if bar.could_be_chance
            else ("blue" if bar.difference is not None and bar.difference < 0 else "vermillion")
        )
        _text(
            canvas,
            bar.note,
            PAD,
            centre + 28,
            AXIS_SIZE - 2,
            colour=colour if bar.difference is not None else "muted",
            width=LABEL_W,
        )
        if bar.difference is None:
            continue
        low, high = x_of(bar.low), x_of(bar.high)
        canvas[centre - 3 : centre + 3, min(low, high) : max(low, high) + 1] = solid(colour)
        canvas[centre - 12 : centre + 12, low - 1 : low + 2] = solid(colour)
        canvas[centre - 12 : centre + 12, high - 1 : high + 2] = solid(colour)
        _paste(canvas, _dot(colour), x_of(bar.difference), centre)
    canvas[bottom : bottom + 2, PAD : WIDTH - PAD] = solid("grid")
    axis = bottom + 36
    _text(canvas, data.fewer_label, PLOT_LEFT, axis, AXIS_SIZE, colour="blue")
    _text(canvas, "0", zero, axis, AXIS_SIZE, colour="muted", anchor="ms")
    _text(canvas, data.more_label, PLOT_RIGHT, axis, AXIS_SIZE, colour="vermillion", anchor="rs")
    for value in (-spread, spread):
        label = f"{value:+g}".replace("-", "−")
        _text(canvas, label, x_of(value), axis + 34, AXIS_SIZE - 4, colour="muted", anchor="ms")


def clear_insights_sprites() -> None:
    """Tests and benchmarks: the sprites live in the chart package's shared cache."""
    _SPRITES.clear()
