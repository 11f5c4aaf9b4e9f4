"""Folding place names to the keys they are indexed under (case, accents, punctuation)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

_SPECIAL_LETTERS = str.maketrans(
    {
        "ø": "o",
        "æ": "ae",
        "œ": "oe",
        "ł": "l",
        "đ": "d",
        "ð": "d",
        "þ": "th",
        "ı": "i",
        "ħ": "h",
        "ŧ": "t",
        "ŀ": "l",
        "ŋ": "ng",
        "ʻ": None,
        "ʼ": None,
        "'": None,
        "’": None,
        "‘": None,
        "`": None,
        "´": None,
    }
)
_SEPARATORS = re.compile(r"[\W_]+")
_ABBREVIATIONS = {"st": "saint", "ste": "sainte", "mt": "mount", "ft": "fort"}


def fold_text(text: str) -> str:
    """Case-, accent- and punctuation-free form: ``"São  Paulo!"`` → ``"sao paulo"``.

    Apostrophes vanish (``Xi'an`` → ``xian``), other punctuation separates words, invisible
    format characters (zero-width space, direction marks) are dropped.
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    kept = "".join(
        ch
        for ch in decomposed
        if not unicodedata.combining(ch) and unicodedata.category(ch) != "Cf"
    )
    return " ".join(_SEPARATORS.sub(" ", kept.translate(_SPECIAL_LETTERS)).split())


def expand(tokens: Iterable[str]) -> str:
    return " ".join(_ABBREVIATIONS.get(token, token) for token in tokens)


def normalize_name(text: str) -> str:
    """The key places are indexed under: :func:`fold_text` plus ``St.`` → ``saint`` etc."""
    return expand(fold_text(text).split())
