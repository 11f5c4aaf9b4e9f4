"""The place table behind name lookups: cities, countries and states with their zones and
weights, indexed by normalised name and code. Built from the lines of the packaged
``places.tsv.gz`` (``scripts/build_places.py``), which the caller reads (see
:mod:`bot.services.zone_lookup`): nothing here touches files.
"""

from __future__ import annotations

import threading
from array import array
from collections.abc import Iterable
from dataclasses import dataclass

from bot.domain.timezones.fuzzy import FuzzyIndex
from bot.domain.timezones.names import normalize_name
from bot.domain.timezones.results import MAX_LABEL_CHARS, fit_label

ALTERNATE_NAME_PENALTY = 10
"""A city matched by an alternate name (``Parys`` is also "Paris") weighs this much less."""


def _add(index: dict[str, int | tuple[int, ...]], key: str, entity: int) -> None:
    found = index.get(key)
    if found is None:
        index[key] = entity
    elif isinstance(found, tuple):
        if entity not in found:
            index[key] = (*found, entity)
    elif found != entity:
        index[key] = (found, entity)


@dataclass(frozen=True, slots=True)
class Region:
    cc: str
    admin: str  # "" for a country
    label: str
    groups: tuple[tuple[str, float, str], ...]  # (zone, weight, option label), heaviest first


class PlaceTable:
    """The place table: the lines of ``bot/data/places.tsv.gz`` (read by the caller), indexed."""

    def __init__(self, lines: Iterable[str]) -> None:
        zones: list[str] = []
        self.links: dict[str, str] = {}
        self.country_short: dict[str, str] = {}
        self.admin_short: dict[tuple[str, str], str] = {}
        self.regions: list[Region] = []
        self.names: dict[str, int | tuple[int, ...]] = {}
        self.codes: dict[str, tuple[int, ...]] = {}
        self.place_name: list[str] = []
        self.place_cc: list[str] = []
        self.place_admin: list[str] = []
        self.place_zone = array("H")
        self.place_pop = array("I")
        region_rows: list[list[str]] = []
        interned: dict[str, str] = {}
        names = self.names
        for line in lines:
            row = line.rstrip("\n").split("\t")
            kind = row[0]
            if kind == "P":
                _, name, cc, admin, zone_index, population, keys = row
                place = len(self.place_name)
                self.place_name.append(name)
                self.place_cc.append(interned.setdefault(cc, cc))
                self.place_admin.append(interned.setdefault(admin, admin))
                self.place_zone.append(int(zone_index))
                self.place_pop.append(int(population))
                for key in keys.split("|"):
                    _add(names, key, place)
            elif kind in {"C", "S"}:
                region_rows.append(row)
            elif kind == "Z":
                zones.append(row[1])
            elif kind == "L":
                self.links[row[1]] = row[2]
        self.zones = zones
        self.place_count = len(self.place_name)
        for row in region_rows:
            # C/S, cc, admin, label, short, name keys, code keys, groups
            _, cc, admin, label, short, name_keys, code_keys, groups = row
            region = self.place_count + len(self.regions)
            if admin:
                self.admin_short[(cc, admin)] = short
            else:
                self.country_short[cc] = short
            parsed = []
            for group in groups.split(";"):
                zone_index, weight, option_label = group.split("~")
                parsed.append((zones[int(zone_index)], float(weight), option_label))
            self.regions.append(Region(cc, admin, label, tuple(parsed)))
            for key in filter(None, name_keys.split("|")):
                _add(names, key, region)
            for key in filter(None, code_keys.split("|")):
                self.codes[key] = (*self.codes.get(key, ()), region)
        self._fuzzy: FuzzyIndex | None = None
        self._fuzzy_lock = threading.Lock()

    # -- entities ---------------------------------------------------------------------------

    def lookup(self, key: str) -> tuple[int, ...]:
        found = self.names.get(key)
        if found is None:
            return ()
        return found if isinstance(found, tuple) else (found,)

    def entity_area(self, entity: int) -> tuple[str, str]:
        if entity < self.place_count:
            return self.place_cc[entity], self.place_admin[entity]
        region = self.regions[entity - self.place_count]
        return region.cc, region.admin

    def is_region(self, entity: int) -> bool:
        return entity >= self.place_count

    def region(self, entity: int) -> Region:
        return self.regions[entity - self.place_count]

    def place_label(self, place: int) -> str:
        name = self.place_name[place]
        cc = self.place_cc[place]
        country = self.country_short.get(cc, cc)
        admin = self.admin_short.get((cc, self.place_admin[place]))
        candidates = [f"{name}, {admin}, {country}"] if admin else []
        candidates += [f"{name}, {country}", f"{name}, {cc}"]
        for label in candidates:
            if len(label) <= MAX_LABEL_CHARS:
                return label
        return fit_label(f"{name}, {cc}")

    def candidates(self, entity: int, key: str = "") -> list[Candidate]:
        """The zone(s) an entity stands for; ``key``: the name it matched under, if any."""
        if entity < self.place_count:
            zone = self.zones[self.place_zone[entity]]
            weight = float(max(self.place_pop[entity], 1))
            if key and key != normalize_name(self.place_name[entity]):
                weight /= ALTERNATE_NAME_PENALTY
            return [Candidate(zone, weight, entity, 0, None)]
        region = self.regions[entity - self.place_count]
        if len(region.groups) == 1:
            zone, weight, _ = region.groups[0]
            return [Candidate(zone, weight, entity, 0, region.label)]
        return [
            Candidate(zone, weight, entity, index, option_label)
            for index, (zone, weight, option_label) in enumerate(region.groups)
        ]

    def size(self, entity: int) -> float:
        """Population of a place, or of a region's biggest zone group."""
        if entity < self.place_count:
            return float(self.place_pop[entity])
        return max(weight for _, weight, _ in self.regions[entity - self.place_count].groups)

    def best_candidate(self, entity: int, key: str = "") -> Candidate:
        return max(self.candidates(entity, key), key=lambda cand: cand.weight)

    def label(self, cand: Candidate) -> str:
        if cand.label is not None:
            return cand.label
        return self.place_label(cand.entity)

    def fuzzy(self) -> FuzzyIndex:
        if self._fuzzy is None:
            with self._fuzzy_lock:
                if self._fuzzy is None:
                    self._fuzzy = FuzzyIndex(self.names)
        return self._fuzzy


@dataclass(frozen=True, slots=True)
class Candidate:
    zone: str
    weight: float
    entity: int
    group: int
    label: str | None  # None: the place label, computed only if shown
