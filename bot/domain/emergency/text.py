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
    split_fillers: frozenset[str] = frozenset()
    """Words a run-together token may also hold around its keywords ("properly", "richtig",
    "bien", "ist"): never a split on their own, only next to a keyword or join word."""
    split_anchors: frozenset[str] = frozenset()
    """The pieces of which a run-together token must hold at least one (keywords and join
    words): fillers and negators alone never make a split ("semaine" is no "se m ai ne")."""
    digraphs: tuple[tuple[str, str], ...] = ()
    """Spellings typed without the letter's accent ("ue" for "ü", folded to "u"): an unknown
    word is read with them replaced ("geschwollen" stays, "waehlen" reads as "wahlen")."""
    phrases: tuple[tuple[re.Pattern[str], str], ...] = ()
    """Fixed expressions read as one meaning before the words are split, where a word of them
    would otherwise mislead: French "de plus en plus" (increasingly) holds no negation."""
    transliterate: bool = False
    """Whether a text without a letter of this language's own script may be typed in Latin
    letters (Russian as "ne mogu dyshat"): it is then read transliterated back."""


class Reader:
    """Tokens of a folded text in one language, each read as the word it stands for."""

    def __init__(self, spelling: Spelling) -> None:
        self._spelling = spelling
        self.canonical = functools.lru_cache(maxsize=8192)(self._canonical)

    def tokens(self, folded: str) -> list[str]:
        return self.read(folded)[0]

    def written(self, folded: str) -> list[str]:
        """The tokens as written (before reading typos, rewrites and run-together words)."""
        if self._spelling.transliterate:
            folded = from_latin_russian(folded)
        for pattern, meaning in self._spelling.phrases:
            folded = pattern.sub(meaning, folded)
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
        # Read back from Latin letters, a one- or two-letter word ("i", "v", "s") is as likely
        # English or noise as Russian: only longer words say the text may be Russian.
        shortest = 3 if spelling.transliterate and from_latin_russian(folded) != folded else 1
        for raw in self.written(folded):
            if (raw in spelling.known or raw in spelling.rewrites) and len(raw) >= shortest:
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
        if pieces is None:
            return (token,)
        # A piece may be a listed spelling too ("kan" for "kann").
        return tuple(word for piece in pieces for word in spelling.rewrites.get(piece, (piece,)))

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
        """``token`` as two or more known words run together, else None: a word segmentation
        over the language's lexicon (fewest pieces, then fewest filler words). A piece may also
        start on the last letter of the piece before it — a letter the writer typed once for
        both words, or that folding shortened ("kannnichtatmen" → "kannichtatmen" → "kann
        nicht atmen"). At least one piece must be a keyword or join word."""
        pieces = self._spelling.split_pieces
        fillers = self._spelling.split_fillers
        if len(token) < 6 or len(token) > _MAX_SPLIT_CHARS:
            return None
        # best[end]: the best reading of token[:end] and its cost (pieces, shared, fillers)
        best: list[tuple[tuple[int, int, int], tuple[str, ...]] | None] = [None] * (len(token) + 1)
        best[0] = ((0, 0, 0), ())
        for end in range(1, len(token) + 1):
            for start in range(max(0, end - 16), end):
                before = best[start]
                if before is None:
                    continue
                (count, shared_letters, filler_count), words = before
                for shared in (0, 1):
                    if shared and not words:
                        continue
                    piece = token[start - shared : end]
                    filler = piece not in pieces
                    if filler and piece not in fillers:
                        continue
                    cost = (count + 1, shared_letters + shared, filler_count + filler)
                    current = best[end]
                    if current is None or cost < current[0]:
                        best[end] = (cost, (*words, piece))
        found = best[len(token)]
        if found is None or len(found[1]) < 2:
            return None
        if self._spelling.split_anchors and not self._spelling.split_anchors.intersection(found[1]):
            return None
        return found[1]


_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[a-z]")
# Longest first: "shch" before "sh", "tsya" (the reflexive ending) before "ts".
_LATIN_TO_CYRILLIC = (
    ("shch", "щ"),
    ("tsya", "тся"),
    ("sch", "щ"),
    ("zh", "ж"),
    ("kh", "х"),
    ("ch", "ч"),
    ("sh", "ш"),
    ("ts", "ц"),
    ("yu", "ю"),
    ("ya", "я"),
    ("yo", "е"),
    ("ju", "ю"),
    ("ja", "я"),
    ("a", "а"),
    ("b", "б"),
    ("v", "в"),
    ("w", "в"),
    ("g", "г"),
    ("d", "д"),
    ("e", "е"),
    ("z", "з"),
    ("i", "и"),
    ("j", "и"),
    ("k", "к"),
    ("l", "л"),
    ("m", "м"),
    ("n", "н"),
    ("o", "о"),
    ("p", "п"),
    ("r", "р"),
    ("s", "с"),
    ("t", "т"),
    ("u", "у"),
    ("f", "ф"),
    ("h", "х"),
    ("c", "ц"),
    ("y", "ы"),
    ("x", "кс"),
    ("q", "к"),
)
_LATIN_PIECE = re.compile("|".join(latin for latin, _ in _LATIN_TO_CYRILLIC))
_CYRILLIC_OF = dict(_LATIN_TO_CYRILLIC)
# An infinitive typed without its soft sign ("dyshat" for "дышать"): the sign back. Only after
# -ат/-ят, where the other reading (they breathe) means the same for an emergency; -ит and -ет
# are as often the third person ("dyshit": he breathes). An apostrophe typed for it counts too.
_INFINITIVE = re.compile(r"(?<=[ая]т)(?![\w'])|(?<=\wт)'(?!\w)")


@functools.lru_cache(maxsize=2048)
def from_latin_russian(folded: str) -> str:
    """A folded text typed in Latin letters, read as the Russian it may stand for ("ne mogu
    dyshat" → "не могу дышать"); a text holding any Cyrillic letter is returned unchanged.
    The common informal scheme (zh, kh, ch, sh, shch, ya, yu; y for ы), not a formal standard:
    people type Russian on a Latin keyboard that way."""
    if _CYRILLIC.search(folded) or not _LATIN.search(folded):
        return folded
    cyrillic = _LATIN_PIECE.sub(lambda match: _CYRILLIC_OF[match.group(0)], folded)
    return _INFINITIVE.sub("ь", cyrillic)


def word_starts(tokens: Sequence[str]) -> list[int]:
    """Where each token starts in ``" ".join(tokens)``."""
    starts: list[int] = []
    offset = 0
    for token in tokens:
        starts.append(offset)
        offset += len(token) + 1
    return starts
