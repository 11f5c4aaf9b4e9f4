"""Matching what a user typed against zone names and the place table, and the ambiguity rule
(see :mod:`bot.domain.timezones`)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from bot.domain.timezones.names import expand, fold_text, normalize_name
from bot.domain.timezones.place_table import Candidate, PlaceTable
from bot.domain.timezones.results import (
    ZoneAmbiguous,
    ZoneFound,
    ZoneNotFound,
    ZoneOption,
    ZoneResult,
    fit_label,
)
from bot.domain.timezones.zone_names import (
    ABBREVIATION_ZONES,
    UTC_ALIASES,
    UTC_WORDS,
    etc_label,
    from_fixed_offset,
    from_flag,
    is_valid_zone,
    zone_lookup_table,
)

DOMINANCE_RATIO = 20
"""A zone wins outright when it weighs at least this many times the next zone."""

CLOSE_MATCH_MIN_WEIGHT = 100_000
"""A typo is only resolved to a place this big (a city's population); smaller → suggestions."""

MAX_OPTIONS = 8
MAX_PLACE_OPTIONS = 5
"""Same-named places offered at most (the best-known by population); a region's zones: 8."""
MAX_SUGGESTIONS = 5
MAX_INPUT_CHARS = 120
"""Longer input is not a place name (the longest real ones are ~60 characters)."""

_OPTION_FLOOR = 1000
"""Options lighter than 1/1000 of the heaviest one are not offered."""


def _fuzzy_limit(key: str) -> int:
    if len(key) < 4:
        return 0
    return 1 if len(key) < 8 else 2


def _rank(data: PlaceTable, cands: Iterable[Candidate]) -> list[Candidate]:
    """One candidate per place (the heaviest), heaviest first.

    A place is a zone within one country and, where the data has them, one state or province:
    Springfield, Illinois and Springfield, Missouri share a zone but are two places to choose
    from; the city and the state of New York, or the city and the country of Singapore, are one.
    """
    best: dict[tuple[str, str, str], Candidate] = {}
    for cand in cands:
        key = (cand.zone, *data.entity_area(cand.entity))
        current = best.get(key)
        if current is None or cand.weight > current.weight:
            best[key] = cand
    return sorted(best.values(), key=lambda c: (-c.weight, c.zone, c.entity))


def _dominant(ranked: Sequence[Candidate]) -> bool:
    """Whether the top zone wins outright: heavy enough, and not one part of a split region."""
    if len(ranked) == 1:
        return True
    top = ranked[0]
    if any(cand.entity == top.entity for cand in ranked[1:]):
        return False  # a country or state spanning several zones: let the user choose
    return top.weight >= DOMINANCE_RATIO * ranked[1].weight


def _label(data: PlaceTable, cand: Candidate) -> str:
    if cand.label is not None:
        return fit_label(cand.label)
    return fit_label(data.label(cand))


def _decide(
    data: PlaceTable, cands: Iterable[Candidate], *, flat: bool = False
) -> ZoneFound | ZoneAmbiguous | None:
    """Apply the ambiguity rule (see the module docstring); ``flat``: no dominance shortcut."""
    ranked = _rank(data, cands)
    if not ranked:
        return None
    top = ranked[0]
    if len(ranked) == 1 or (not flat and _dominant(ranked)):
        return ZoneFound(top.zone, _label(data, top))
    floor = 0.0 if flat else top.weight / _OPTION_FLOOR
    split_region = any(cand.entity == top.entity for cand in ranked[1:])
    # A region's zones are all offered; among same-named places, the best-known few.
    limit = MAX_OPTIONS if split_region else MAX_PLACE_OPTIONS
    options: list[ZoneOption] = []
    for cand in ranked:
        option = ZoneOption(cand.zone, _label(data, cand))
        if cand.weight >= floor and option not in options:
            options.append(option)
        if len(options) == limit:
            break
    options_found = tuple(options)
    if len(options_found) == 1:  # pragma: no cover - the build keeps region zones within 1:100
        return ZoneFound(options_found[0].zone, options_found[0].label)
    return ZoneAmbiguous(options_found)


Match = tuple[int, str]  # (entity, the key it matched under; "" for none)


def _cands(data: PlaceTable, matches: Iterable[Match]) -> list[Candidate]:
    return [cand for entity, key in matches for cand in data.candidates(entity, key)]


Area = tuple[str, str]  # (country code, admin1 code or "")


def _qualifier_areas(data: PlaceTable, text: str) -> set[Area]:
    """Countries/states a qualifier like ``Texas``, ``TX``, ``UK`` or ``Georgia`` can mean."""
    areas: set[Area] = set()
    folded = fold_text(text)
    for entity in data.lookup(expand(folded.split())):
        if data.is_region(entity):
            region = data.region(entity)
            areas.add((region.cc, region.admin))
    for entity in data.codes.get(folded, ()):
        region = data.region(entity)
        areas.add((region.cc, region.admin))
    return areas


def _in_areas(data: PlaceTable, entity: int, areas: Sequence[set[Area]]) -> bool:
    cc, admin = data.entity_area(entity)
    return all((cc, "") in allowed or (cc, admin) in allowed for allowed in areas)


def _find(
    data: PlaceTable, key: str, areas: Sequence[set[Area]] = ()
) -> ZoneFound | ZoneAmbiguous | None:
    """Places named ``key`` (within ``areas``), else a confident close match, else ``None``.

    A close match is only returned when it is dominant (see :data:`DOMINANCE_RATIO`) and weighs
    at least :data:`CLOSE_MATCH_MIN_WEIGHT`; weaker ones are left to the suggestions.
    """
    exact = [(e, key) for e in data.lookup(key) if _in_areas(data, e, areas)]
    if exact:
        return _decide(data, _cands(data, exact))
    limit = _fuzzy_limit(key)
    if limit == 0 or not key.isascii() or len(key) > 40:
        return None
    best_distance = limit + 1
    close: list[Match] = []
    for distance, near_key in data.fuzzy().near(key, limit):
        if distance > best_distance:
            break
        hits = [(e, near_key) for e in data.lookup(near_key) if _in_areas(data, e, areas)]
        if hits:
            best_distance = distance
            close.extend(hits)
    # Which *place* was meant must be clear; that place may still span several zones.
    by_entity: dict[int, list[Candidate]] = {}
    for entity, near_key in close:
        cands = data.candidates(entity, near_key)
        known = by_entity.get(entity)
        if known is None or known[0].weight < cands[0].weight:
            by_entity[entity] = cands
    ranked = sorted(by_entity.items(), key=lambda item: (-max(c.weight for c in item[1]), item[0]))
    if not ranked or data.size(ranked[0][0]) < CLOSE_MATCH_MIN_WEIGHT:
        return None
    top_weight = max(c.weight for c in ranked[0][1])
    top_zones = {c.zone for c in ranked[0][1]}
    for _, cands in ranked[1:]:  # the heaviest rival in another zone
        if any(c.zone not in top_zones for c in cands):
            if top_weight < DOMINANCE_RATIO * max(c.weight for c in cands):
                return None
            break
    return _decide(data, ranked[0][1])


def _region_entities(data: PlaceTable, areas: Sequence[set[Area]]) -> list[Match]:
    """The regions named by the qualifiers that satisfy all of them."""
    wanted = set().union(*areas)
    return [
        (data.place_count + index, "")
        for index, region in enumerate(data.regions)
        if (region.cc, region.admin) in wanted and _in_areas(data, data.place_count + index, areas)
    ]


def _resolve_place(data: PlaceTable, text: str) -> ZoneFound | ZoneAmbiguous | None:
    key = normalize_name(text)
    if not key:
        return None
    exact = data.lookup(key)
    if exact:
        return _decide(data, _cands(data, [(entity, key) for entity in exact]))
    codes = data.codes.get(fold_text(text))  # "US", "DE", "TX", "NSW"
    if codes:
        return _decide(data, _cands(data, [(entity, "") for entity in codes]))

    parts = [part for part in (p.strip() for p in text.split(",")) if part]
    if len(parts) >= 2:
        # "City, Qualifier[, Qualifier]": unknown qualifiers (a district, a typo) are ignored.
        areas = [a for a in (_qualifier_areas(data, part) for part in parts[1:]) if a]
        city = normalize_name(parts[0])
        if city:
            found = _find(data, city, areas)
            if found is not None:
                return found
        if areas:  # a town we do not know, in a place we do: use the place
            return _decide(data, _cands(data, _region_entities(data, areas)))

    # "City Qualifier": try the longest trailing qualifier first ("Sydney New South Wales").
    folded_tokens = fold_text(text).split()
    for size in range(min(3, len(folded_tokens) - 1), 0, -1):
        areas = [_qualifier_areas(data, " ".join(folded_tokens[-size:]))]
        if areas[0]:
            found = _find(data, expand(folded_tokens[:-size]), areas)
            if found is not None:
                return found

    return _find(data, key)


_FILLER_PREFIXES = re.compile(
    r"^(?:(?:i\s*m|i\s+am|we\s*re|we\s+are|i\s+live|we\s+live|living|based|located|currently|"
    r"now|my\s+city\s+is|my\s+time\s*zone\s+is|time\s*zone|time)\s+)*(?:in|at|near|from)?\s*"
)
_FILLER_SUFFIXES = re.compile(r"(?:\s+(?:time|time\s*zone|tz|area|region|please|thanks))+$")


def _strip_filler(key: str) -> str:
    return _FILLER_SUFFIXES.sub("", _FILLER_PREFIXES.sub("", key, count=1)).strip()


def _suggestions(data: PlaceTable, key: str) -> tuple[ZoneOption, ...]:
    """Up to five "did you mean" options: looser close matches and names starting with ``key``.

    Ranked by weight ÷ 10^distance, a name that merely starts with ``key`` counting as
    distance 1.
    """
    if len(key) < 3 or not key.isascii() or len(key) > 40:
        return ()
    index = data.fuzzy()
    found: list[tuple[int, str]] = []
    if len(key) >= 4:
        found += index.near(key, min(_fuzzy_limit(key) + 1, 2))
    found += [(1, near_key) for near_key in index.starting_with(key)]
    scored: dict[int, float] = {}
    for distance, near_key in found:
        for entity in data.lookup(near_key):
            weight = data.best_candidate(entity, near_key).weight / 10**distance
            scored[entity] = max(scored.get(entity, 0.0), weight)
    options: list[ZoneOption] = []
    seen: set[str] = set()
    for entity, _ in sorted(scored.items(), key=lambda item: (-item[1], item[0])):
        cand = data.best_candidate(entity)
        label = fit_label(data.region(entity).label if data.is_region(entity) else data.label(cand))
        if label not in seen:
            seen.add(label)
            options.append(ZoneOption(cand.zone, label))
        if len(options) == MAX_SUGGESTIONS:
            break
    return tuple(options)


def _from_zone_words(data: PlaceTable, text: str) -> ZoneResult | None:
    """UTC words, fixed offsets, abbreviations and IANA names; ``None`` if none of those."""
    folded = fold_text(text)
    if folded in UTC_WORDS:
        return ZoneFound("UTC", "UTC")
    if any(ch in text for ch in "+-−–") and len(text) <= 16:
        fixed = from_fixed_offset(text.strip())
        if fixed is not None:
            return fixed
    zones = ABBREVIATION_ZONES.get(folded)
    if zones is not None:
        ordered = [
            Candidate(zone, float(len(zones) - index), -1, 0, label)
            for index, (zone, label) in enumerate(zones)
        ]
        return _decide(data, ordered, flat=True)  # listed most-used first
    iana_key = re.sub(r"\s+", "_", re.sub(r"\s*/\s*", "/", text.strip())).casefold()
    name = zone_lookup_table().get(iana_key)
    if name is None:
        return None
    if name in UTC_ALIASES:
        return ZoneFound("UTC", "UTC")
    canonical = data.links.get(name, name)
    if not is_valid_zone(canonical):  # pragma: no cover - the data file is checked against tzdata
        canonical = name
    return ZoneFound(canonical, fit_label(etc_label(canonical)))


def resolve_zone_text(places: PlaceTable, text: str) -> ZoneFound | ZoneAmbiguous | ZoneNotFound:
    """Turn what a user typed into a zone, a short list to choose from, or suggestions.

    Never raises for any string; see the module docstring for the rules.
    """
    if not isinstance(text, str):
        return ZoneNotFound()
    stripped = text.strip()
    if not stripped or len(stripped) > MAX_INPUT_CHARS:
        return ZoneNotFound()
    data = places
    flag = from_flag(stripped)
    if flag is not None:
        country = [(entity, "") for entity in data.codes.get(flag.lower(), ())]
        return _decide(data, _cands(data, country)) or ZoneNotFound()
    special = _from_zone_words(data, stripped)
    if special is not None:
        return special
    found = _resolve_place(data, stripped)
    if found is not None:
        return found
    key = normalize_name(stripped)
    trimmed = _strip_filler(key)
    if trimmed and trimmed != key:
        retry = _from_zone_words(data, trimmed) or _resolve_place(data, trimmed)
        if retry is not None:
            return retry
        key = trimmed
    return ZoneNotFound(_suggestions(data, key))
