"""Which foods contain which of the eight common allergens: the data behind "never suggest a
food the user watches".

The article lists probiotic sources (oral supplementation, yogurt and milk, kimchi or
sauerkraut); someone who watches dairy must never be offered yogurt or milk, in a tip, a button
or an example. Tips declare the foods they name (``foods:`` in ``tips.yaml``, checked against
:func:`foods_named_in`), check-in buttons name foods through :data:`KIND_FOODS`, and
:func:`allowed` says whether a set of foods is safe to show someone.

:data:`FOODS` lists foods that contain an allergen, each with the words that name it. Foods
without any of the eight allergens (sauerkraut, a supplement) need no entry. Words are matched
as whole words, case-insensitively, plurals included (``yogurt`` matches "Yogurts").

Allergen *groups* (``eggs``, ``dairy``, ``soy`` …) are words too, but they only count as a food
outside the allergens topic: "dairy such as yogurt" suggests dairy, while the article's list
"eggs, fish, shellfish …" in an allergens tip names what to watch, not what to eat.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from bot.domain.answers import Allergen, ProbioticKind


@dataclass(frozen=True)
class Food:
    key: str
    words: tuple[str, ...]
    allergens: frozenset[Allergen]
    group: bool = False
    """An allergen's own name (``dairy``, ``eggs``): a food only outside the allergens topic."""


def _food(key: str, words: str, *allergens: Allergen, group: bool = False) -> Food:
    return Food(key, tuple(words.split("|")), frozenset(allergens), group)


_ALL_FOODS: tuple[Food, ...] = (
    # The eight allergen names themselves ("dairy such as yogurt", "eggs").
    _food("eggs", "egg|eggs", Allergen.EGGS, group=True),
    _food("fish", "fish", Allergen.FISH, group=True),
    _food("shellfish", "shellfish", Allergen.SHELLFISH, group=True),
    _food("tree_nuts", "tree nut|tree nuts", Allergen.TREE_NUTS, group=True),
    _food("peanuts", "peanut|peanuts", Allergen.PEANUTS, group=True),
    _food("dairy", "dairy", Allergen.DAIRY, group=True),
    _food("soy", "soy|soya", Allergen.SOY, group=True),
    _food("wheat", "wheat", Allergen.WHEAT, group=True),
    # Probiotic sources the article names, and fermented foods people type.
    _food("yogurt", "yogurt|yoghurt|yogourt|skyr|lassi|ayran", Allergen.DAIRY),
    _food("milk", "milk|buttermilk", Allergen.DAIRY),
    _food("kefir", "kefir", Allergen.DAIRY),
    _food("cheese", "cheese", Allergen.DAIRY),
    _food("butter", "butter", Allergen.DAIRY),
    _food("cream", "cream", Allergen.DAIRY),
    # Kimchi is traditionally made with fish sauce or salted shrimp (jeotgal): it is not
    # suggested to someone who watches fish or shellfish.
    _food("kimchi", "kimchi|kimchee", Allergen.FISH, Allergen.SHELLFISH),
    _food("miso", "miso", Allergen.SOY),
    _food("tempeh", "tempeh", Allergen.SOY),
    _food("natto", "natto", Allergen.SOY),
    _food("tofu", "tofu", Allergen.SOY),
    _food("soy_sauce", "soy sauce|tamari", Allergen.SOY, Allergen.WHEAT),
    _food("bread", "bread|sourdough|pasta", Allergen.WHEAT),
    _food("fish_sauce", "fish sauce|anchovy|anchovies|salmon|tuna|sardine", Allergen.FISH),
    _food("prawns", "prawn|shrimp|crab|lobster|oyster|mussel", Allergen.SHELLFISH),
    _food("nuts", "almond|walnut|cashew|hazelnut|pistachio|pecan", Allergen.TREE_NUTS),
    _food("peanut_butter", "peanut butter", Allergen.PEANUTS),
)

FOODS: Mapping[str, Food] = MappingProxyType({food.key: food for food in _ALL_FOODS})
"""Food key -> the food (words that name it, allergens it contains)."""

KIND_FOODS: Mapping[ProbioticKind, tuple[str, ...]] = MappingProxyType(
    {
        ProbioticKind.YOGURT: ("yogurt",),
        ProbioticKind.MILK_KEFIR: ("milk", "kefir"),
        ProbioticKind.KIMCHI: ("kimchi",),
        ProbioticKind.SAUERKRAUT: (),
        ProbioticKind.SUPPLEMENT: (),
        ProbioticKind.OTHER: (),
    }
)
"""The foods each probiotic-kind button names."""

# Longest words first, so "soy sauce" is found as soy sauce rather than soy.
_WORDS: tuple[tuple[str, Food], ...] = tuple(
    sorted(
        ((word, food) for food in _ALL_FOODS for word in food.words),
        key=lambda item: -len(item[0]),
    )
)
_PATTERN = re.compile(
    r"\b(" + "|".join(re.escape(word) for word, _ in _WORDS) + r")(?:e?s)?\b", re.IGNORECASE
)
_BY_WORD: Mapping[str, Food] = {word.casefold(): food for word, food in _WORDS}


def allergens_of(foods: Iterable[str]) -> frozenset[Allergen]:
    """Every allergen the named foods contain (unknown keys contain none)."""
    return frozenset(a for key in foods if key in FOODS for a in FOODS[key].allergens)


def allowed(foods: Iterable[str], watched: Iterable[Allergen]) -> bool:
    """True when none of ``foods`` contains an allergen in ``watched``."""
    return not allergens_of(foods) & frozenset(watched)


def foods_named_in(text: str, *, groups: bool = True) -> frozenset[str]:
    """The keys of every food ``text`` names. ``groups=False`` ignores the allergens' own names
    (an allergens tip lists them as what to watch, not as food to eat)."""
    found: set[str] = set()
    for match in _PATTERN.finditer(text):
        food = _BY_WORD.get(match.group(1).casefold())
        if food is not None and (groups or not food.group):
            found.add(food.key)
    return frozenset(found)


def kind_allowed(kind: ProbioticKind, watched: Iterable[Allergen]) -> bool:
    """Whether a probiotic-kind button may be offered to someone watching ``watched``."""
    return allowed(KIND_FOODS[kind], watched)


def suggested_kinds(watched: Iterable[Allergen]) -> tuple[ProbioticKind, ...]:
    """The probiotic kinds that name no watched allergen, in button order."""
    watch = frozenset(watched)
    return tuple(kind for kind in ProbioticKind if kind_allowed(kind, watch))
