"""The report's PDF surface: real text with embedded DejaVu Sans (fpdf2), images placed as is.

Text drawn here can be selected, searched and read by a screen reader: fpdf2 embeds a subset of
the bundled DejaVu Sans (regular and bold) with a ToUnicode map, so non-ASCII names and notes
come out as the characters they are. The page is A4 portrait in points with the origin at the
top left, as the Pillow page (:class:`bot.reports.medical._Page`) that draws the chart.

Deterministic: the creation date is the report's own ``generated_at`` (no clock), and nothing
else in the file depends on the time or on randomness.
"""

from __future__ import annotations

from datetime import datetime

from fpdf import FPDF
from PIL import Image

from bot.charts.pillow_text import FONT_BOLD, FONT_REGULAR
from bot.reports.text_layout import A4_POINTS, Box, TextLayout

FAMILY = "DejaVu"
PRODUCER = "Gut Check"


class PdfPage(TextLayout):
    """One A4 page of text, rules and images (coordinates in points, origin top left)."""

    def __init__(self, *, title: str, language: str | None, created: datetime) -> None:
        pdf = FPDF(orientation="P", unit="pt", format="A4")
        pdf.set_auto_page_break(False)
        pdf.set_margins(0, 0, 0)
        pdf.add_font(FAMILY, "", str(FONT_REGULAR))
        pdf.add_font(FAMILY, "B", str(FONT_BOLD))
        pdf.set_title(title)
        pdf.set_creator(PRODUCER)
        pdf.set_producer(PRODUCER)
        pdf.set_lang(language or "en")
        pdf.set_creation_date(created)
        pdf.add_page()
        self._pdf = pdf
        self.width, self.height = A4_POINTS
        self._font_key: tuple[float, bool] | None = None
        self._widths: dict[tuple[str, float, bool], float] = {}

    def _use_font(self, size: float, bold: bool) -> None:
        if self._font_key != (size, bold):
            self._pdf.set_font(FAMILY, "B" if bold else "", size)
            self._font_key = (size, bold)

    def length(self, text: str, size: float, bold: bool = False) -> float:
        self._use_font(size, bold)
        return float(self._pdf.get_string_width(text))

    def word_length(self, word: str, size: float, bold: bool = False) -> float:
        key = (word, size, bold)
        width = self._widths.get(key)
        if width is None:
            width = self._widths[key] = self.length(word, size, bold)
        return width

    def _text(
        self, x: float, baseline: float, text: str, size: float, bold: bool, fill: int, anchor: str
    ) -> None:
        width = self.length(text, size, bold)
        if anchor.startswith("r"):
            x -= width
        elif anchor.startswith("m"):
            x -= width / 2
        self._pdf.set_text_color(fill)
        self._pdf.text(x, baseline, text)

    def _box(self, box: Box, fill: int | None, outline: int | None, width: float) -> None:
        x0, y0, x1, y1 = box
        if x1 <= x0 or y1 <= y0 or (fill is None and outline is None):
            return
        style = ("F" if fill is not None else "") + ("D" if outline is not None else "")
        if fill is not None:
            self._pdf.set_fill_color(fill)
        if outline is not None:
            self._pdf.set_draw_color(outline)
            self._pdf.set_line_width(width)
        self._pdf.rect(x0, y0, x1 - x0, y1 - y0, style="DF" if style == "FD" else style)

    def hline(self, x0: float, x1: float, y: float, fill: int, width: float = 0.75) -> None:
        self.rect(x0, y - width / 2, x1, y + width / 2, fill=fill)

    def image(self, picture: Image.Image, x0: float, y0: float, x1: float, y1: float) -> None:
        """``picture`` (embedded losslessly) stretched over the box."""
        self._pdf.image(picture, x0, y0, x1 - x0, y1 - y0)

    def output(self) -> bytes:
        return bytes(self._pdf.output())
