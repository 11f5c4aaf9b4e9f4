"""Close matches for typed place names: optimal-string-alignment distance over keys bucketed by
length, with bitmask pre-filters."""

from __future__ import annotations

import operator
from array import array
from bisect import bisect_left
from collections.abc import Iterable
from itertools import repeat

_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789 "
_LETTER_BITS = {ch: 1 << index for index, ch in enumerate(_ALPHABET)}
_PAIR_BITS = {
    a + b: 1 << ((((i * 37 + j) * 2654435761) >> 7) & 63)
    for i, a in enumerate(_ALPHABET)
    for j, b in enumerate(_ALPHABET)
}
_OTHER_LETTER = 1 << len(_ALPHABET)
_OTHER_PAIR = 1 << 63


def _letter_mask(key: str) -> int:
    """One bit per distinct character (bits are distinct powers of two, so sum = or)."""
    return sum(set(map(_LETTER_BITS.get, key, repeat(_OTHER_LETTER))))


def _bigram_mask(key: str) -> int:
    """One bit per distinct hashed pair of adjacent characters."""
    return sum(set(map(_PAIR_BITS.get, map(operator.add, key, key[1:]), repeat(_OTHER_PAIR))))


def _osa_distance(a: str, b: str, limit: int) -> int:
    """Optimal-string-alignment distance, or ``limit + 1`` as soon as it must exceed ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    before: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        ca = a[i - 1]
        row_min = i
        for j in range(1, len(b) + 1):
            cb = b[j - 1]
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                value = min(value, before[j - 2] + 1)
            current[j] = value
            row_min = min(row_min, value)
        if row_min > limit:
            return limit + 1
        before, previous = previous, current
    return previous[len(b)]


class FuzzyIndex:
    """Keys bucketed by length with letter-set and bigram bitmasks as cheap pre-filters.

    Within distance ``d`` the letter sets differ in at most ``2d`` letters and each side keeps
    all but ``3d`` of its bigrams, so the masks never reject a true match. A bucket's masks are
    computed the first time a query needs that length.
    """

    def __init__(self, names: Iterable[str]) -> None:
        keys: dict[int, list[str]] = {}
        for key in names:
            if key.isascii():
                keys.setdefault(len(key), []).append(key)
        self.keys = keys
        self.masks: dict[int, tuple[array[int], array[int]]] = {}
        self.sorted_keys = sorted(key for bucket in keys.values() for key in bucket)

    def masks_for(self, length: int) -> tuple[array[int], array[int]]:
        masks = self.masks.get(length)
        if masks is None:
            bucket = self.keys.get(length, [])
            masks = (array("Q", map(_letter_mask, bucket)), array("Q", map(_bigram_mask, bucket)))
            self.masks[length] = masks
        return masks

    def near(self, query: str, limit: int) -> list[tuple[int, str]]:
        """Keys within ``limit`` edits of ``query``, as (distance, key), closest first."""
        letters = _letter_mask(query)
        bigrams = _bigram_mask(query)
        found: list[tuple[int, str]] = []
        for length in range(max(len(query) - limit, 1), len(query) + limit + 1):
            keys = self.keys.get(length)
            if keys is None:
                continue
            letter_masks, bigram_masks = self.masks_for(length)
            hits = [
                index
                for index, (lm, bm) in enumerate(zip(letter_masks, bigram_masks, strict=True))
                if (lm ^ letters).bit_count() <= 2 * limit
                and (bigrams & ~bm).bit_count() <= 3 * limit
                and (bm & ~bigrams).bit_count() <= 3 * limit
            ]
            for index in hits:
                distance = _osa_distance(query, keys[index], limit)
                if distance <= limit:
                    found.append((distance, keys[index]))
        found.sort()
        return found

    def starting_with(self, prefix: str, cap: int = 3000) -> list[str]:
        start = bisect_left(self.sorted_keys, prefix)
        result: list[str] = []
        for key in self.sorted_keys[start : start + cap]:
            if not key.startswith(prefix):
                break
            result.append(key)
        return result
