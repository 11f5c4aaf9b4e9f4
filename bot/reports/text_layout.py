"""Fitting and wrapping text in points, shared by the report's two surfaces (the Pillow page
and the PDF page): both measure text with the same DejaVu Sans, so lines break the same way."""

from __future__ import annotations

import re

from bot.charts.pillow_text import ELLIPSIS, cut_to_width

A4_POINTS = (595.276, 841.89)  # 210 × 297 mm
INK = 17
"""Grey level of body text (near black, softer than pure black on paper and screen)."""

Box = tuple[float, float, float, float]
"""(x0, y0, x1, y1) in points, origin top left."""


class TextLayout:
    """Fitting and wrapping text in points, for any surface that can measure it."""

    def length(self, text: str, size: float, bold: bool = False) -> float:
        raise NotImplementedError

    def word_length(self, word: str, size: float, bold: bool = False) -> float:
        raise NotImplementedError

    # --- text

    def text(
        self,
        x: float,
        baseline: float,
        text: str,
        size: float,
        *,
        bold: bool = False,
        fill: int = INK,
        anchor: str = "ls",
    ) -> None:
        """``text`` at ``x`` on ``baseline`` (points); ``anchor`` as Pillow's: "l", "m" or "r"
        then "s" (the baseline). Empty text draws nothing."""
        if text:
            self._text(x, baseline, text, size, bold, fill, anchor)

    def _text(
        self, x: float, baseline: float, text: str, size: float, bold: bool, fill: int, anchor: str
    ) -> None:
        raise NotImplementedError

    # --- boxes

    def rect(
        self,
        x0: float,
        y0: float,
        x1: float,
        y1: float,
        *,
        fill: int | None = None,
        outline: int | None = None,
        width: float = 0.75,
    ) -> None:
        """A box from (x0, y0) to (x1, y1) in points, filled and/or outlined (``width``: the
        outline's thickness in points)."""
        self._box((x0, y0, x1, y1), fill, outline, width)

    def _box(self, box: Box, fill: int | None, outline: int | None, width: float) -> None:
        raise NotImplementedError

    # --- text layout

    def fit(self, text: str, width: float, size: float, bold: bool = False) -> str:
        """``text`` cut with an ellipsis to ``width`` points."""
        return cut_to_width(text, width, lambda part: self.length(part, size, bold))

    def wrap(
        self, text: str, width: float, size: float, bold: bool = False, max_lines: int = 99
    ) -> list[str]:
        """``text`` broken into lines of at most ``width`` points; the last kept line ends with
        an ellipsis when lines were dropped. Over-long words are split."""
        lines: list[str] = []
        current = ""
        current_width = 0.0
        space = self.length(" ", size, bold)
        for word in _units(text):
            word_width = self.word_length(word, size, bold)
            candidate_width = current_width + space + word_width if current else word_width
            if candidate_width <= width:
                current = f"{current} {word}" if current else word
                current_width = candidate_width
                continue
            if current:
                lines.append(current)
            current = word
            current_width = word_width
            while current and self.length(current, size, bold) > width:
                cut = self._longest_prefix(current, width, size, bold)
                lines.append(current[:cut])
                current = current[cut:]
                current_width = self.length(current, size, bold)
            if len(lines) > max_lines:
                break
        if current:
            lines.append(current)
        if len(lines) > max_lines:
            lines = lines[:max_lines]
            lines[-1] = self.fit(lines[-1] + ELLIPSIS, width, size, bold)
            if not lines[-1].endswith(ELLIPSIS):
                lines[-1] = self.fit(lines[-1] + " " + ELLIPSIS * 2, width, size, bold)
        return lines

    def _longest_prefix(self, word: str, width: float, size: float, bold: bool) -> int:
        low, high = 1, len(word)
        while low < high:
            middle = (low + high + 1) // 2
            if self.length(word[:middle], size, bold) <= width:
                low = middle
            else:
                high = middle - 1
        return low


_NUMBER = re.compile(r"[\d.,:×+%-]+")
_SHORT_WORD = 4


def _units(text: str) -> list[str]:
    """Words to wrap, a number kept with a short word after it ("7.5 h", "12 Mar,")."""
    words = text.split(" ")
    units: list[str] = []
    index = 0
    while index < len(words):
        word = words[index]
        if (
            index + 1 < len(words)
            and _NUMBER.fullmatch(word)
            and 0 < len(words[index + 1]) <= _SHORT_WORD
        ):
            word = f"{word} {words[index + 1]}"
            index += 1
        units.append(word)
        index += 1
    return units
