"""Concepts that together make an emergency, wherever they stand in a sentence.

The phrase rules (``rules.py``) know how an emergency is usually *said*; people also say it in
ways nobody listed ("the swelling is getting worse, lips and eyes", "kann nich atmen",
"сильно болит грудь"). Each language therefore also lists *concepts* — small lexicons of words
and word beginnings: airway body parts, swelling states, breathing words, inability markers,
becoming blue or grey, chest, pain, blood, stool or vomit, calling, the emergency numbers... —
and *combinations*: a category counts when the concepts of one combination occur in the same
sentence within a few words of each other, in either order (commas do not end a sentence here:
the symptom is often named before the body part, after a comma).

A concept entry is one or more words; a word ending in ``*`` matches every word it begins
("swell*" matches "swelling", "swollen" does not, so it is listed too). Entries are folded like
the message (lower case, no accents), and typos reach them through the language's keywords.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

SENTENCE_BREAKS = frozenset(".!?;")
LIST_WORDS = frozenset(
    {",", "&", "and", "or", "und", "oder", "y", "o", "e", "et", "ou", "i", "и", "или"}
)


@dataclass(frozen=True, slots=True)
class Combination:
    """Concepts that together mean ``category``, at most ``window`` words apart."""

    category: str
    concepts: tuple[str, ...]
    window: int
    negatable_inside: bool
    unless: frozenset[str]
    """Words anywhere in the sentence that give the words another sense ("slushie", "gym")."""
    blocked_by: str | None = None
    """A concept (other body parts) that takes the match for itself when it stands inside or
    right next to it — "sore throat and swollen *glands*" — unless it is only listed together
    with the combination's first concept ("lips and eyes swelling")."""


Entry = tuple[str, ...]


class Concepts:
    """One language's concept lexicons and combinations."""

    def __init__(
        self, lexicons: Mapping[str, Sequence[Entry]], combinations: Sequence[Combination]
    ) -> None:
        self.combinations = tuple(combinations)
        self._by_first: dict[str, list[tuple[str, Entry]]] = {}
        self._by_prefix: list[tuple[str, str, Entry]] = []
        for name, entries in lexicons.items():
            for entry in entries:
                first = entry[0]
                if first.endswith("*"):
                    self._by_prefix.append((first[:-1], name, entry))
                else:
                    self._by_first.setdefault(first, []).append((name, entry))
        self._starting = functools.lru_cache(maxsize=8192)(self._entries_starting)

    def _entries_starting(self, token: str) -> tuple[tuple[str, Entry], ...]:
        found = list(self._by_first.get(token, ()))
        found.extend(
            (name, entry) for prefix, name, entry in self._by_prefix if token.startswith(prefix)
        )
        return tuple(found)

    def spans(self, tokens: Sequence[str]) -> dict[str, list[tuple[int, int]]]:
        """Where each concept occurs: (first token, token after) per occurrence."""
        found: dict[str, list[tuple[int, int]]] = {}
        for index, token in enumerate(tokens):
            for name, entry in self._starting(token):
                end = index + len(entry)
                if end <= len(tokens) and all(
                    _word_matches(word, tokens[index + offset])
                    for offset, word in enumerate(entry[1:], start=1)
                ):
                    found.setdefault(name, []).append((index, end))
        return found

    def candidates(
        self,
        tokens: Sequence[str],
        combination: Combination,
        spans: Mapping[str, list[tuple[int, int]]],
    ) -> list[tuple[int, int]]:
        """Each place where ``combination`` occurs: the span covering its concepts."""
        if any(name not in spans for name in combination.concepts):
            return []
        places = [(first, after) for first, after in spans[combination.concepts[0]]]
        for name in combination.concepts[1:]:
            joined: list[tuple[int, int]] = []
            for first, after in places:
                for other_first, other_after in spans[name]:
                    if other_first >= after:
                        gap = other_first - after
                    elif first >= other_after:
                        gap = first - other_after
                    else:
                        continue  # the same words cannot play two concepts
                    start, end = min(first, other_first), max(after, other_after)
                    if gap <= combination.window and not SENTENCE_BREAKS.intersection(
                        tokens[start:end]
                    ):
                        joined.append((start, end))
            places = joined
        return places


def _word_matches(word: str, token: str) -> bool:
    return token.startswith(word[:-1]) if word.endswith("*") else token == word


def sentence_of(tokens: Sequence[str], first: int, after: int) -> tuple[int, int]:
    """The bounds of the sentence holding tokens[first:after]."""
    start = first
    while start > 0 and tokens[start - 1] not in SENTENCE_BREAKS:
        start -= 1
    end = after
    while end < len(tokens) and tokens[end] not in SENTENCE_BREAKS:
        end += 1
    return start, end


def blocked(
    tokens: Sequence[str],
    combination: Combination,
    spans: Mapping[str, list[tuple[int, int]]],
    first: int,
    after: int,
) -> bool:
    """Whether a blocking concept inside or next to tokens[first:after] takes the match."""
    if combination.blocked_by is None:
        return False
    parts = [start for start, _ in spans.get(combination.concepts[0], ()) if first <= start < after]
    for start, end in spans.get(combination.blocked_by, ()):
        if start > after or end < first:
            continue
        listed = any(
            all(token in LIST_WORDS for token in tokens[min(part + 1, end) : max(part, start)])
            for part in parts
        )
        if not listed:
            return True
    return False
