"""The one set of Pillow text helpers for every picture we draw: the weekly chart, the insights
picture and the medical report (its PNG page, and the chart it embeds in the PDF).

All of them use the bundled DejaVu Sans (``bot/charts/fonts``), loaded and measured here with
caches, so a word is measured once whichever picture asks.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from PIL import ImageFont

_FONTS = Path(__file__).parent / "fonts"
FONT_REGULAR = _FONTS / "DejaVuSans.ttf"
FONT_BOLD = _FONTS / "DejaVuSans-Bold.ttf"
ELLIPSIS = "…"


@lru_cache(maxsize=96)
def font(size: int, bold: bool) -> ImageFont.FreeTypeFont:
    """DejaVu Sans at ``size`` pixels (basic layout: no shaping library needed)."""
    path = FONT_BOLD if bold else FONT_REGULAR
    return ImageFont.truetype(str(path), size, layout_engine=ImageFont.Layout.BASIC)


@lru_cache(maxsize=8192)
def word_width(word: str, size: int, bold: bool) -> float:
    """Width of one word in pixels (cached: lines are measured word by word)."""
    return float(font(size, bold).getlength(word))


@lru_cache(maxsize=4096)
def drawable(char: str, bold: bool) -> bool:
    """Whether the bundled font has a glyph for ``char`` (whitespace always counts)."""
    if char.isspace():
        return True
    return font(40, bold).getmask(char).getbbox() is not None


def printable(text: str, bold: bool = False) -> str:
    """``text`` on one line (whitespace runs become one space) without characters the bundled
    font cannot draw."""
    text = unicodedata.normalize("NFC", text)
    text = "".join(char for char in text if drawable(char, bold))
    return " ".join(text.split())


def fit(text: str, face: ImageFont.FreeTypeFont, max_width: float) -> str:
    """``text`` on one line, cut to ``max_width`` pixels with an ellipsis."""
    return cut_to_width(" ".join(text.split()), max_width, face.getlength)


def cut_to_width(text: str, max_width: float, measure: Callable[[str], float]) -> str:
    """``text`` if it measures at most ``max_width``, else its longest prefix that fits with an
    ellipsis after it (just the ellipsis when nothing fits). ``measure`` is any width function
    (Pillow pixels, or the report's points)."""
    if measure(text) <= max_width:
        return text
    low, high = 0, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if measure(text[:middle].rstrip() + ELLIPSIS) <= max_width:
            low = middle
        else:
            high = middle - 1
    return text[:low].rstrip() + ELLIPSIS
