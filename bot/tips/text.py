"""Comparing quotes with an article: whitespace and typographic quotes do not count.

A tip's ``quote`` must be an exact sentence or clause of its article. Articles are pasted from
the web, so they hold non-breaking spaces, line breaks and curly quotes that a YAML author types
as plain spaces and straight quotes. Both sides are normalised the same way before comparing:

* every run of whitespace (including NBSP and newlines) becomes one space, ends are trimmed;
* curly double quotes become ``"`` and curly single quotes/apostrophes become ``'``.

Nothing else is forgiven: a changed word, letter case or punctuation mark is a misquote.
"""

from __future__ import annotations

import functools
import re

_QUOTES = str.maketrans(
    {
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u02bc": "'",
    }
)


def normalise(text: str) -> str:
    """The comparable form of ``text`` (see the module docstring)."""
    return " ".join(text.translate(_QUOTES).split())


@functools.lru_cache(maxsize=16)
def _normalise_with_positions(text: str) -> tuple[str, tuple[int, ...]]:
    """Like :func:`normalise`, plus the index in ``text`` of every character of the result."""
    chars: list[str] = []
    positions: list[int] = []
    pending_space = False
    for index, char in enumerate(text):
        if char.isspace():
            pending_space = bool(chars)
            continue
        if pending_space:
            chars.append(" ")
            positions.append(index - 1)
            pending_space = False
        chars.append(char.translate(_QUOTES))
        positions.append(index)
    return "".join(chars), tuple(positions)


def find_in_article(article: str, quote: str) -> str | None:
    """The article's own wording of ``quote`` (whitespace collapsed), or ``None`` if absent.

    The result keeps the article's typography (curly quotes), so what a user sees is what the
    article says.
    """
    wanted = normalise(quote)
    if not wanted:
        return None
    flat, positions = _normalise_with_positions(article)
    start = flat.find(wanted)
    if start < 0:
        return None
    original = article[positions[start] : positions[start + len(wanted) - 1] + 1]
    return " ".join(original.split())


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def article_sentences(article: str) -> list[str]:
    """The body sentences of an article, normalised; headings (lines with no full stop) skipped."""
    sentences: list[str] = []
    for paragraph in re.split(r"\n\s*\n", article):
        flat = normalise(paragraph)
        if not flat or flat[-1] not in ".!?":
            continue
        sentences.extend(part for part in _SENTENCE_END.split(flat) if part)
    return sentences
