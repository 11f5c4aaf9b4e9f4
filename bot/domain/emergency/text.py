"""Turning a message into the tokens the phrase rules read, one language at a time.

Every language sees the same steps: Unicode compatibility forms, invisible characters dropped,
case folded, accents stripped ("hinchazón" → "hinchazon", "отёк" → "отек"), letters repeated
for emphasis shortened ("faaaainted" → "faainted"), word-internal hyphens made spaces
("epi-pen" → "epi pen"). Apostrophes depend on the language: English "can't" is one word
("cant"), French "n'arrive" is two ("n arrive").

Each token is then read as the word it most likely stands for: an exact rewrite from the
language's list (chat-speak "r" → "are", "tounge" → "tongue"), a misspelling family ("anafilaxis"
→ "anaphylaxis"), a typo of a listed keyword within a small edit distance (rapidfuzz's optimal
string alignment, so a swap of neighbours such as "cnat" counts once), or a run-together phrase
split back into known words ("cantbreathe" → "cant breathe").
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import OSA

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u00b4": "'"})
_WORD_APOSTROPHE = re.compile(r"(?<=\w)'(?=\w)")
_WORD_HYPHEN = re.compile(r"(?<=\w)[-\u2010\u2011](?=\w)")
_REPEATS = re.compile(r"([^\W\d_])\1{2,}")
_TOKEN = re.compile(r"[^\W_]+|[^\w\s]")
_MAX_SPLIT_CHARS = 40


def strip_accents(text: str) -> str:
    """Letters without their combining marks (also applied to the phrase rules)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if unicodedata.category(char) != "Mn")


@functools.lru_cache(maxsize=2048)
def fold(text: str) -> str:
    """The message in one canonical form, before any language-specific step."""
    text = unicodedata.normalize("NFKC", text)
    text = "".join(char for char in text if unicodedata.category(char) != "Cf")
    text = strip_accents(text.casefold()).translate(_APOSTROPHES)
    text = _WORD_HYPHEN.sub(" ", text)
    return _REPEATS.sub(r"\1\1", text)


@dataclass(frozen=True, slots=True)
class Spelling:
    """How one language reads tokens (built from its phrase file, see ``rules.py``)."""

    split_apostrophes: bool
    rewrites: Mapping[str, tuple[str, ...]]
    families: Sequence[tuple[re.Pattern[str], str]]
    keywords_by_initial: Mapping[str, tuple[str, ...]]
    known: frozenset[str]
    split_pieces: frozenset[str]
    digraphs: tuple[tuple[str, str], ...] = ()
    """Spellings typed without the letter's accent ("ue" for "ü", folded to "u"): an unknown
    word is read with them replaced ("geschwollen" stays, "waehlen" reads as "wahlen")."""


class Reader:
    """Tokens of a folded text in one language, each read as the word it stands for."""

    def __init__(self, spelling: Spelling) -> None:
        self._spelling = spelling
        self.canonical = functools.lru_cache(maxsize=8192)(self._canonical)

    def tokens(self, folded: str) -> list[str]:
        return self.read(folded)[0]

    def written(self, folded: str) -> list[str]:
        """The tokens as written (before reading typos, rewrites and run-together words)."""
        if self._spelling.split_apostrophes:
            folded = folded.replace("'", " ")
        else:
            folded = _WORD_APOSTROPHE.sub("", folded)
        return _TOKEN.findall(folded)

    def read(self, folded: str) -> tuple[list[str], int]:
        """The tokens, and how many words of the text this language knows as they are written
        (its function words, keywords and listed spellings): how plausible the language is."""
        spelling = self._spelling
        tokens: list[str] = []
        familiar = 0
        for raw in self.written(folded):
            if raw in spelling.known or raw in spelling.rewrites:
                familiar += raw.isalpha()
            tokens.extend(self.canonical(raw))
        return tokens, familiar

    def _canonical(self, token: str) -> tuple[str, ...]:
        spelling = self._spelling
        rewritten = spelling.rewrites.get(token)
        if rewritten is not None:
            return rewritten
        if token in spelling.known or len(token) < 4 or not token.isalpha():
            return (token,)
        for typed, folded in spelling.digraphs:
            if typed in token:
                return self._canonical(token.replace(typed, folded))
        for family, word in spelling.families:
            if family.fullmatch(token):
                return (word,)
        typo = self._typo_of(token)
        if typo is not None:
            return (typo,)
        pieces = self._split(token)
        return pieces if pieces is not None else (token,)

    def _typo_of(self, token: str) -> str | None:
        """The keyword ``token`` is a typo of: same first letter (typos rarely hit it), one edit
        up to 8 letters, two beyond; four-letter words only by swapping neighbours."""
        candidates = self._spelling.keywords_by_initial.get(token[0], ())
        if not candidates:
            return None
        limit = 1 if len(token) <= 8 else 2
        found = process.extractOne(token, candidates, scorer=OSA.distance, score_cutoff=limit)
        if found is None:
            return None
        word = found[0]
        if len(token) == 4 and sorted(word) != sorted(token):
            return None
        return word

    def _split(self, token: str) -> tuple[str, ...] | None:
        """``token`` as two or more known words run together (fewest pieces), else None."""
        pieces = self._spelling.split_pieces
        if len(token) < 6 or len(token) > _MAX_SPLIT_CHARS:
            return None
        best: list[tuple[str, ...] | None] = [None] * (len(token) + 1)
        best[0] = ()
        for end in range(1, len(token) + 1):
            for start in range(max(0, end - 16), end):
                before = best[start]
                piece = token[start:end]
                if before is None or piece not in pieces:
                    continue
                candidate = (*before, piece)
                current = best[end]
                if current is None or len(candidate) < len(current):
                    best[end] = candidate
        found = best[len(token)]
        return found if found is not None and len(found) >= 2 else None


def word_starts(tokens: Sequence[str]) -> list[int]:
    """Where each token starts in ``" ".join(tokens)``."""
    starts: list[int] = []
    offset = 0
    for token in tokens:
        starts.append(offset)
        offset += len(token) + 1
    return starts
