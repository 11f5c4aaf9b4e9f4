"""The one food vocabulary: which foods contain which of the eight common allergens, and which
fermented-food button each counts as. Data in ``foods.yaml``; this module is its only reader.

Two features use it, so a food's allergens are written down once:

* **Never suggest a food the user watches.** The article lists probiotic sources (oral
  supplementation, yogurt and milk, kimchi or sauerkraut); someone who watches dairy must never
  be offered yogurt or milk, in a tip, a button or an example. Tips declare the foods they name
  (``foods:`` in ``tips.yaml``, checked against :func:`foods_named_in`), check-in buttons name
  foods through :data:`KIND_FOODS`, and :func:`allowed` says whether a set of foods is safe to
  show someone. A food that only *often* contains an allergen (kimchi, a cake) counts as
  containing it here: when in doubt, it is not suggested.
* **Typed answers** ("an omelette", "almond milk", "Joghurt"): :func:`food_names` gives every
  name, English and the six other languages, with what the food contains, whether that is only
  likely (``unsure``: the answer is confirmed) and its fermented-food kind.

:data:`FOODS` lists the foods that contain an allergen (keys tips may declare). Allergen
*groups* (``eggs``, ``dairy``, ``soy`` …) are words too, but they only count as a food outside
the allergens topic: "dairy such as yogurt" suggests dairy, while the article's list "eggs,
fish, shellfish …" in an allergens tip names what to watch, not what to eat.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Any

import yaml

from bot.domain.answers import Allergen, ProbioticKind

__all__ = [
    "FOODS",
    "KIND_FOODS",
    "Food",
    "allergens_of",
    "allowed",
    "food_names",
    "foods_named_in",
    "kind_allowed",
    "suggested_kinds",
]


@dataclass(frozen=True)
class Food:
    key: str
    words: tuple[str, ...]
    """English names (what tips and buttons are checked against)."""
    allergens: frozenset[Allergen]
    group: bool = False
    """An allergen's own name (``dairy``, ``eggs``): a food only outside the allergens topic."""
    unsure: bool = False
    """Often, not always, contains its allergens (a cake, kimchi)."""
    kind: ProbioticKind | None = None
    """The fermented-food button it counts as."""
    other_words: tuple[str, ...] = ()
    """Its names in German, Spanish, French, Italian, Portuguese and Russian."""


def _strings(raw: Any) -> tuple[str, ...]:
    return tuple(str(item) for item in raw or ())


def _parse(entry: Mapping[str, Any]) -> Food:
    kind = entry.get("kind")
    return Food(
        key=str(entry["key"]),
        words=_strings(entry["names"]),
        allergens=frozenset(Allergen(a) for a in entry.get("allergens") or ()),
        group=bool(entry.get("group", False)),
        unsure=bool(entry.get("unsure", False)),
        kind=ProbioticKind(kind) if kind else None,
        other_words=_strings(entry.get("other")),
    )


@cache
def _all_foods() -> tuple[Food, ...]:
    raw = yaml.safe_load(resources.files("bot.domain").joinpath("foods.yaml").read_text("utf-8"))
    foods = tuple(_parse(entry) for entry in raw)
    keys = [food.key for food in foods]
    if len(keys) != len(set(keys)):
        raise ValueError("foods.yaml: a key is used twice")
    return foods


FOODS: Mapping[str, Food] = MappingProxyType(
    {food.key: food for food in _all_foods() if food.allergens}
)
"""Food key -> a food that contains at least one of the eight allergens."""

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


def food_names() -> Mapping[str, tuple[Food, ...]]:
    """Every name of every food (English and the six other languages, as written in the data)
    -> the foods it names (one name may be in two entries: "pasta")."""
    return _food_names()


@cache
def _food_names() -> Mapping[str, tuple[Food, ...]]:
    names: dict[str, list[Food]] = {}
    for food in _all_foods():
        for name in (*food.words, *food.other_words):
            entries = names.setdefault(name, [])
            if food not in entries:
                entries.append(food)
    return MappingProxyType({name: tuple(foods) for name, foods in names.items()})


# Longest words first, so "soy sauce" is found as soy sauce rather than soy.
_WORDS: tuple[tuple[str, Food], ...] = tuple(
    sorted(
        ((word, food) for food in FOODS.values() for word in food.words),
        key=lambda item: -len(item[0]),
    )
)
_PATTERN = re.compile(
    r"\b("
    + "|".join(re.escape(word).replace(r"\ ", r"[\s-]+") for word, _ in _WORDS)
    + r")(?:e?s)?\b",
    re.IGNORECASE,
)
_BY_WORD: Mapping[str, Food] = {word.casefold(): food for word, food in _WORDS}


def allergens_of(foods: Iterable[str]) -> frozenset[Allergen]:
    """Every allergen the named foods contain, or may contain (unknown keys contain none)."""
    return frozenset(a for key in foods if key in FOODS for a in FOODS[key].allergens)


def allowed(foods: Iterable[str], watched: Iterable[Allergen]) -> bool:
    """True when none of ``foods`` contains an allergen in ``watched``."""
    return not allergens_of(foods) & frozenset(watched)


def foods_named_in(text: str, *, groups: bool = True) -> frozenset[str]:
    """The keys of every allergen-containing food ``text`` names (English). ``groups=False``
    ignores the allergens' own names (an allergens tip lists them as what to watch)."""
    found: set[str] = set()
    for match in _PATTERN.finditer(text):
        word = re.sub(r"[\s-]+", " ", match.group(1)).casefold()
        food = _BY_WORD.get(word)
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
