"""Find a user's IANA time zone from what they type or share.

Plain, typed domain code: no Telegram, no logging, no wall clock. The only I/O is reading the
packaged ``bot/data/places.tsv.gz`` (built by ``scripts/build_places.py`` from GeoNames) on
first use, and the zone files of ``tzdata`` through :mod:`zoneinfo`.

What :func:`resolve_zone_text` understands, tried in this order:

1. A flag emoji (🇩🇪) — the country.
2. ``UTC``/``GMT``/``Z``, fixed offsets (``UTC+2``, ``GMT-05:00``, ``+0530``): whole hours map to
   ``Etc/GMT∓N`` (tz's inverted sign; labelled ``UTC+02:00``), the usual half/quarter hours to a
   zone that uses them (``+05:30`` → ``Asia/Kolkata``); other offsets are not found. Common
   abbreviations (``EST``, ``CET``, ``IST``…) map to the zone people mean by them (``EST`` →
   ``America/New_York``, not the fixed ``EST`` zone; ``IST`` and ``MST`` ask).
3. IANA names in any case, with spaces for underscores, including old aliases, which are returned
   under their current name (``asia/calcutta`` → ``Asia/Kolkata``, ``US/Eastern`` →
   ``America/New_York``). Country-specific links such as ``Europe/Amsterdam`` are kept.
4. Place names — cities of 15 000+ people, countries, US states, Canadian provinces, Australian
   states, curated aliases (NYC, LA, UK, USA, Holland…) — compared after folding case, accents
   and punctuation (``São Paulo`` = ``sao paulo``, ``St. Petersburg`` = ``Saint Petersburg``).
   Cities of 50 000+ people are also found by their Latin-script alternate names (``München``,
   ``Cologne``, ``Bombay``). Then ISO country codes and state/province codes (``DE``, ``TX``).
5. ``City, Qualifier[, Qualifier]`` and ``City Qualifier`` where a qualifier is a country, state
   or province, by name or code: ``Portland, Oregon``, ``Paris TX``, ``London, UK``. When no
   city of that name lies there (a small town), the comma form falls back to the qualifier
   (``Smalltown, Germany`` → Germany). Unknown qualifiers (``Berlin, Mitte``) are ignored.
6. A close-match search for typos (``Berln``, ``Lndon``): optimal-string-alignment distance ≤ 1
   for 4–7 characters, ≤ 2 for 8+, keeping the matches at the smallest distance. It resolves only
   when one place is clearly meant (the dominance rule below, against places in other zones) and
   that place has :data:`CLOSE_MATCH_MIN_WEIGHT` (100 000) people or is a region; otherwise the
   candidates become "did you mean" suggestions.
7. Filler words around a name (``I live in Berlin``, ``Berlin time``).

Anything else — garbage, emoji, non-Latin script, over 120 characters — is :class:`ZoneNotFound`
with up to five suggestions (looser close matches and names starting with the text).

**Ambiguity rule.** Every match is a candidate with a weight: a city's population (divided by
:data:`ALTERNATE_NAME_PENALTY`, 10, when matched by an alternate name, so ``Paris`` is not
``Parys``), or a country's or state's population in that zone. Candidates are grouped by place
(a zone within one country and, for the US, Canada and Australia, one state or province), each
place keeping its heaviest candidate: Springfield, Illinois and Springfield, Missouri are two
places in one zone, the city and the state of New York one place. One place →
:class:`ZoneFound`. A country or state that spans several zones always gives
:class:`ZoneAmbiguous` (``USA``, ``Australia``, ``Texas``, ``Spain``).
Otherwise, if the heaviest zone weighs at least :data:`DOMINANCE_RATIO` (20) times the next one,
it is returned directly (``Paris`` → France 86× Texas; ``London`` → England 21× Ontario;
``Amsterdam`` → 41× New York state); the bot names the place it understood (``Atlantis, South
Africa``) with a way to correct it. 20× means at most about one in twenty people using that name
gets a wrong first answer. Else :class:`ZoneAmbiguous` lists the best-known places, heaviest
first: up to 5 same-named places (``Springfield`` → Missouri, Massachusetts, Illinois, Oregon,
Ohio; ``Portland`` → Oregon / Maine / Texas; ``Dublin`` → Ireland 17× California), or up to 8
zones of a country or state, dropping any under 1/1000 of the heaviest. For
countries and states, zones that keep identical UTC offsets through 2026–2027 were merged at build
time and zones with under 1% of the population dropped (all of Argentina is one zone;
``Australia`` offers Sydney/Melbourne, Brisbane, Perth, Adelaide, Darwin).

**Cost.** Measured on the development machine (CPython 3.11.7, x86-64): the first call reads the
690 kB data file in about 0.12 s and raises the process RSS by about 13 MB; the close-match index
is built bucket by bucket as typos need it (about 0.1 s for the first typo, about 2 MB more in
all). After that an exact lookup takes well under a millisecond and a close-match search a few
to ~40 ms. :func:`zone_for_location` loads ``timezonefinder`` on first use (about 0.2 s and
~23 MB RSS more, mostly numpy and its index; polygons stay on disk, ``in_memory=False``).
:func:`preload` does the loading up front, e.g. at start-up.
"""

from __future__ import annotations

import gzip
import importlib.resources
import math
import operator
import re
import threading
import unicodedata
import zoneinfo
from array import array
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import repeat
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from timezonefinder import TimezoneFinder

__all__ = [
    "DOMINANCE_RATIO",
    "ZoneAmbiguous",
    "ZoneFound",
    "ZoneNotFound",
    "ZoneOption",
    "fold_text",
    "is_valid_zone",
    "normalize_name",
    "preload",
    "resolve_zone_text",
    "utc_offset_label",
    "zone_for_location",
]

DOMINANCE_RATIO = 20
"""A zone wins outright when it weighs at least this many times the next zone."""

CLOSE_MATCH_MIN_WEIGHT = 100_000
"""A typo is only resolved to a place this big (a city's population); smaller → suggestions."""

ALTERNATE_NAME_PENALTY = 10
"""A city matched by an alternate name (``Parys`` is also "Paris") weighs this much less."""

MAX_OPTIONS = 8
MAX_PLACE_OPTIONS = 5
"""Same-named places offered at most (the best-known by population); a region's zones: 8."""
MAX_SUGGESTIONS = 5
MAX_LABEL_CHARS = 40
MAX_INPUT_CHARS = 120
"""Longer input is not a place name (the longest real ones are ~60 characters)."""

_OPTION_FLOOR = 1000
"""Options lighter than 1/1000 of the heaviest one are not offered."""

_DATA_PACKAGE = "bot.data"
_DATA_FILE = "places.tsv.gz"


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class ZoneOption:
    zone: str
    """IANA name, e.g. ``America/Chicago``."""
    label: str
    """Short plain-text label for a button (≤ 40 characters), e.g. ``Paris, Texas, US``."""


@dataclass(frozen=True)
class ZoneFound:
    zone: str
    label: str
    """E.g. ``Berlin, Germany`` or ``Europe/Berlin``."""


@dataclass(frozen=True)
class ZoneAmbiguous:
    options: tuple[ZoneOption, ...]
    """2..8 options, best first, each a different place (two places may share a zone)."""


@dataclass(frozen=True)
class ZoneNotFound:
    suggestions: tuple[ZoneOption, ...] = ()
    """0..5 close matches ("did you mean")."""


ZoneResult = ZoneFound | ZoneAmbiguous | ZoneNotFound


# --------------------------------------------------------------------------- normalisation

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


def _expand(tokens: Iterable[str]) -> str:
    return " ".join(_ABBREVIATIONS.get(token, token) for token in tokens)


def normalize_name(text: str) -> str:
    """The key places are indexed under: :func:`fold_text` plus ``St.`` → ``saint`` etc."""
    return _expand(fold_text(text).split())


# --------------------------------------------------------------------------- zones


_UNUSABLE_ZONES = frozenset({"Factory", "localtime", "posixrules"})
_zone_lock = threading.RLock()
_zone_names: frozenset[str] | None = None
_zone_by_folded: dict[str, str] | None = None


def _available_zones() -> frozenset[str]:
    global _zone_names
    if _zone_names is None:
        with _zone_lock:
            if _zone_names is None:
                _zone_names = frozenset(zoneinfo.available_timezones() - _UNUSABLE_ZONES)
    return _zone_names


def is_valid_zone(zone: str) -> bool:
    """Whether ``zone`` is an IANA zone name the installed tz database knows (case-sensitive)."""
    return isinstance(zone, str) and zone in _available_zones()


def _format_offset(offset: timedelta) -> str:
    minutes = round(offset.total_seconds() / 60)
    sign = "+" if minutes >= 0 else "−"
    hours, mins = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{mins:02d}"


def utc_offset_label(zone: str, now: datetime) -> str:
    """The zone's offset at ``now``: ``"UTC+01:00"``, ``"UTC+05:30"``, ``"UTC−03:00"``.

    A naive ``now`` is taken as UTC. Raises :class:`ValueError` for an unknown zone.
    """
    if not is_valid_zone(zone):
        raise ValueError("unknown time zone")
    if now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    offset = now.astimezone(zoneinfo.ZoneInfo(zone)).utcoffset()
    return _format_offset(offset if offset is not None else timedelta(0))


_UTC_ALIASES = frozenset(
    {"UTC", "Etc/UTC", "Etc/GMT", "GMT", "Etc/Universal", "Etc/Zulu", "Etc/UCT", "Etc/GMT+0"}
    | {"Etc/GMT-0", "Etc/GMT0", "Etc/Greenwich", "GMT+0", "GMT-0", "GMT0", "Greenwich", "UCT"}
    | {"Universal", "Zulu"}
)


def _etc_label(zone: str) -> str:
    """``Etc/GMT-2`` → ``UTC+02:00`` (the tz sign is inverted); other zones unchanged."""
    match = re.fullmatch(r"Etc/GMT([+-]\d{1,2})", zone)
    if match:
        return _format_offset(timedelta(hours=-int(match.group(1))))
    if zone in _UTC_ALIASES:
        return "UTC"
    return zone


# Fixed offsets that are not whole hours: a zone whose standard time uses them.
_FRACTIONAL_OFFSETS: dict[int, tuple[str, str]] = {
    -570: ("Pacific/Marquesas", "Marquesas"),
    -210: ("America/St_Johns", "Newfoundland"),
    -150: ("America/St_Johns", "Newfoundland, summer"),
    210: ("Asia/Tehran", "Iran"),
    270: ("Asia/Kabul", "Afghanistan"),
    330: ("Asia/Kolkata", "India"),
    345: ("Asia/Kathmandu", "Nepal"),
    390: ("Asia/Yangon", "Myanmar"),
    525: ("Australia/Eucla", "Eucla"),
    570: ("Australia/Darwin", "Darwin, Adelaide"),
    630: ("Australia/Adelaide", "Adelaide, summer"),
    765: ("Pacific/Chatham", "Chatham Islands"),
    825: ("Pacific/Chatham", "Chatham Islands, summer"),
}

_OFFSET_RE = re.compile(
    r"(?:utc|gmt|z)?\s*([+\-−–])\s*(\d{1,2})(?:\s*[:.h]?\s*(\d{2}))?", re.IGNORECASE | re.ASCII
)
_UTC_WORDS = frozenset(
    {"utc", "gmt", "z", "zulu", "utc0", "gmt0", "utc 0", "gmt 0", "universal", "greenwich"}
    | {"universal time", "coordinated universal time", "greenwich mean time", "etc utc"}
)

_US_EASTERN = ("America/New_York", "US Eastern (New York)")
_US_CENTRAL = ("America/Chicago", "US Central (Chicago)")
_US_MOUNTAIN = ("America/Denver", "US Mountain (Denver)")
_US_ARIZONA = ("America/Phoenix", "US Arizona (Phoenix)")
_US_PACIFIC = ("America/Los_Angeles", "US Pacific (Los Angeles)")
_CET = ("Europe/Berlin", "Central European Time")

# Abbreviations and zone nicknames (whole input only) → the zone(s) people mean by them.
_ABBREVIATION_ZONES: dict[str, tuple[tuple[str, str], ...]] = {
    **dict.fromkeys(
        ["est", "edt", "et", "eastern", "eastern time", "us eastern", "us eastern time"],
        (_US_EASTERN,),
    ),
    **dict.fromkeys(
        ["cst", "cdt", "central time", "us central", "us central time"], (_US_CENTRAL,)
    ),
    "mst": (_US_MOUNTAIN, _US_ARIZONA),
    **dict.fromkeys(["mdt", "mountain time", "us mountain", "us mountain time"], (_US_MOUNTAIN,)),
    **dict.fromkeys(
        ["pst", "pdt", "pt", "pacific time", "us pacific", "us pacific time"], (_US_PACIFIC,)
    ),
    **dict.fromkeys(
        ["akst", "akdt", "alaska time"], (("America/Anchorage", "US Alaska (Anchorage)"),)
    ),
    **dict.fromkeys(["hst", "hawaii time"], (("Pacific/Honolulu", "US Hawaii (Honolulu)"),)),
    **dict.fromkeys(["ast", "adt", "atlantic time"], (("America/Halifax", "Atlantic (Halifax)"),)),
    **dict.fromkeys(["nst", "ndt"], (("America/St_Johns", "Newfoundland (St. John's)"),)),
    "bst": (("Europe/London", "UK (London)"),),
    **dict.fromkeys(["cet", "cest", "mez", "mesz", "central european time"], (_CET,)),
    **dict.fromkeys(
        ["eet", "eest", "eastern european time"], (("Europe/Athens", "Eastern European Time"),)
    ),
    **dict.fromkeys(
        ["wet", "western european time"], (("Europe/Lisbon", "Western European Time"),)
    ),
    "ist": (
        ("Asia/Kolkata", "India (IST)"),
        ("Europe/Dublin", "Ireland (IST)"),
        ("Asia/Jerusalem", "Israel (IST)"),
    ),
    "msk": (("Europe/Moscow", "Moscow"),),
    "jst": (("Asia/Tokyo", "Japan (Tokyo)"),),
    "kst": (("Asia/Seoul", "Korea (Seoul)"),),
    "hkt": (("Asia/Hong_Kong", "Hong Kong"),),
    "sgt": (("Asia/Singapore", "Singapore"),),
    "wib": (("Asia/Jakarta", "Western Indonesia (Jakarta)"),),
    "pkt": (("Asia/Karachi", "Pakistan (Karachi)"),),
    "npt": (("Asia/Kathmandu", "Nepal (Kathmandu)"),),
    "ict": (("Asia/Bangkok", "Indochina (Bangkok)"),),
    "trt": (("Europe/Istanbul", "Turkey (Istanbul)"),),
    "irst": (("Asia/Tehran", "Iran (Tehran)"),),
    "gst": (("Asia/Dubai", "Gulf (Dubai)"),),
    **dict.fromkeys(["aest", "aedt"], (("Australia/Sydney", "Australia Eastern (Sydney)"),)),
    **dict.fromkeys(["acst", "acdt"], (("Australia/Adelaide", "Australia Central (Adelaide)"),)),
    "awst": (("Australia/Perth", "Australia Western (Perth)"),),
    **dict.fromkeys(["nzst", "nzdt"], (("Pacific/Auckland", "New Zealand (Auckland)"),)),
    "sast": (("Africa/Johannesburg", "South Africa (Johannesburg)"),),
    "eat": (("Africa/Nairobi", "East Africa (Nairobi)"),),
    "wat": (("Africa/Lagos", "West Africa (Lagos)"),),
    "cat": (("Africa/Maputo", "Central Africa (Maputo)"),),
    "brt": (("America/Sao_Paulo", "Brasília (São Paulo)"),),
    "art": (("America/Argentina/Buenos_Aires", "Argentina (Buenos Aires)"),),
}


def _zone_lookup_table() -> dict[str, str]:
    global _zone_by_folded
    if _zone_by_folded is None:
        with _zone_lock:
            if _zone_by_folded is None:
                _zone_by_folded = {name.casefold(): name for name in _available_zones()}
    return _zone_by_folded


def _from_fixed_offset(text: str) -> ZoneResult | None:
    match = _OFFSET_RE.fullmatch(text)
    if match is None:
        return None
    sign = -1 if match.group(1) != "+" else 1
    hours = int(match.group(2))
    minutes = int(match.group(3) or 0)
    if minutes >= 60:
        return ZoneNotFound()
    total = sign * (hours * 60 + minutes)
    if total == 0:
        return ZoneFound("UTC", "UTC")
    label = _format_offset(timedelta(minutes=total))
    if minutes == 0:
        if -12 <= total // 60 <= 14:
            return ZoneFound(f"Etc/GMT{-total // 60:+d}", label)
        return ZoneNotFound()
    known = _FRACTIONAL_OFFSETS.get(total)
    if known is None:
        return ZoneNotFound()
    return ZoneFound(known[0], _fit_label(f"{label} ({known[1]})"))


def _from_flag(text: str) -> str | None:
    """Two regional-indicator symbols (a flag emoji) → an ISO country code."""
    letters = [ord(ch) - 0x1F1E6 for ch in text if 0x1F1E6 <= ord(ch) <= 0x1F1FF]
    if len(letters) != 2 or len(text.replace("\ufe0f", "")) != 2:
        return None
    return "".join(chr(ord("A") + n) for n in letters)


def _from_zone_words(text: str) -> ZoneResult | None:
    """UTC words, fixed offsets, abbreviations and IANA names; ``None`` if none of those."""
    folded = fold_text(text)
    if folded in _UTC_WORDS:
        return ZoneFound("UTC", "UTC")
    if any(ch in text for ch in "+-−–") and len(text) <= 16:
        fixed = _from_fixed_offset(text.strip())
        if fixed is not None:
            return fixed
    zones = _ABBREVIATION_ZONES.get(folded)
    if zones is not None:
        ordered = [
            _Cand(zone, float(len(zones) - index), -1, 0, label)
            for index, (zone, label) in enumerate(zones)
        ]
        return _decide(ordered, flat=True)  # listed most-used first
    iana_key = re.sub(r"\s+", "_", re.sub(r"\s*/\s*", "/", text.strip())).casefold()
    name = _zone_lookup_table().get(iana_key)
    if name is None:
        return None
    if name in _UTC_ALIASES:
        return ZoneFound("UTC", "UTC")
    canonical = _load().links.get(name, name)
    if not is_valid_zone(canonical):  # pragma: no cover - the data file is checked against tzdata
        canonical = name
    return ZoneFound(canonical, _fit_label(_etc_label(canonical)))


# --------------------------------------------------------------------------- data


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
class _Region:
    cc: str
    admin: str  # "" for a country
    label: str
    groups: tuple[tuple[str, float, str], ...]  # (zone, weight, option label), heaviest first


class _Data:
    """The place table, loaded once from ``places.tsv.gz``."""

    def __init__(self, lines: Iterable[str]) -> None:
        zones: list[str] = []
        self.links: dict[str, str] = {}
        self.country_short: dict[str, str] = {}
        self.admin_short: dict[tuple[str, str], str] = {}
        self.regions: list[_Region] = []
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
            self.regions.append(_Region(cc, admin, label, tuple(parsed)))
            for key in filter(None, name_keys.split("|")):
                _add(names, key, region)
            for key in filter(None, code_keys.split("|")):
                self.codes[key] = (*self.codes.get(key, ()), region)
        self._fuzzy: _FuzzyIndex | None = None
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

    def region(self, entity: int) -> _Region:
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
        return _fit_label(f"{name}, {cc}")

    def candidates(self, entity: int, key: str = "") -> list[_Cand]:
        """The zone(s) an entity stands for; ``key``: the name it matched under, if any."""
        if entity < self.place_count:
            zone = self.zones[self.place_zone[entity]]
            weight = float(max(self.place_pop[entity], 1))
            if key and key != normalize_name(self.place_name[entity]):
                weight /= ALTERNATE_NAME_PENALTY
            return [_Cand(zone, weight, entity, 0, None)]
        region = self.regions[entity - self.place_count]
        if len(region.groups) == 1:
            zone, weight, _ = region.groups[0]
            return [_Cand(zone, weight, entity, 0, region.label)]
        return [
            _Cand(zone, weight, entity, index, option_label)
            for index, (zone, weight, option_label) in enumerate(region.groups)
        ]

    def size(self, entity: int) -> float:
        """Population of a place, or of a region's biggest zone group."""
        if entity < self.place_count:
            return float(self.place_pop[entity])
        return max(weight for _, weight, _ in self.regions[entity - self.place_count].groups)

    def best_candidate(self, entity: int, key: str = "") -> _Cand:
        return max(self.candidates(entity, key), key=lambda cand: cand.weight)

    def label(self, cand: _Cand) -> str:
        if cand.label is not None:
            return cand.label
        return self.place_label(cand.entity)

    def fuzzy(self) -> _FuzzyIndex:
        if self._fuzzy is None:
            with self._fuzzy_lock:
                if self._fuzzy is None:
                    self._fuzzy = _FuzzyIndex(self.names)
        return self._fuzzy


@dataclass(frozen=True, slots=True)
class _Cand:
    zone: str
    weight: float
    entity: int
    group: int
    label: str | None  # None: the place label, computed only if shown


_data: _Data | None = None
_data_lock = threading.Lock()


def _load() -> _Data:
    global _data
    if _data is None:
        with _data_lock:
            if _data is None:
                resource = importlib.resources.files(_DATA_PACKAGE).joinpath(_DATA_FILE)
                with resource.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as text:
                    _data = _Data(text)
    return _data


def _fit_label(label: str) -> str:
    return label if len(label) <= MAX_LABEL_CHARS else label[: MAX_LABEL_CHARS - 1] + "…"


# --------------------------------------------------------------------------- close matches


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


class _FuzzyIndex:
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


def _fuzzy_limit(key: str) -> int:
    if len(key) < 4:
        return 0
    return 1 if len(key) < 8 else 2


# --------------------------------------------------------------------------- decisions


def _rank(cands: Iterable[_Cand]) -> list[_Cand]:
    """One candidate per place (the heaviest), heaviest first.

    A place is a zone within one country and, where the data has them, one state or province:
    Springfield, Illinois and Springfield, Missouri share a zone but are two places to choose
    from; the city and the state of New York, or the city and the country of Singapore, are one.
    """
    data = _load()
    best: dict[tuple[str, str, str], _Cand] = {}
    for cand in cands:
        key = (cand.zone, *data.entity_area(cand.entity))
        current = best.get(key)
        if current is None or cand.weight > current.weight:
            best[key] = cand
    return sorted(best.values(), key=lambda c: (-c.weight, c.zone, c.entity))


def _dominant(ranked: Sequence[_Cand]) -> bool:
    """Whether the top zone wins outright: heavy enough, and not one part of a split region."""
    if len(ranked) == 1:
        return True
    top = ranked[0]
    if any(cand.entity == top.entity for cand in ranked[1:]):
        return False  # a country or state spanning several zones: let the user choose
    return top.weight >= DOMINANCE_RATIO * ranked[1].weight


def _label(cand: _Cand) -> str:
    if cand.label is not None:
        return _fit_label(cand.label)
    return _fit_label(_load().label(cand))


def _decide(cands: Iterable[_Cand], *, flat: bool = False) -> ZoneFound | ZoneAmbiguous | None:
    """Apply the ambiguity rule (see the module docstring); ``flat``: no dominance shortcut."""
    ranked = _rank(cands)
    if not ranked:
        return None
    top = ranked[0]
    if len(ranked) == 1 or (not flat and _dominant(ranked)):
        return ZoneFound(top.zone, _label(top))
    floor = 0.0 if flat else top.weight / _OPTION_FLOOR
    split_region = any(cand.entity == top.entity for cand in ranked[1:])
    # A region's zones are all offered; among same-named places, the best-known few.
    limit = MAX_OPTIONS if split_region else MAX_PLACE_OPTIONS
    options: list[ZoneOption] = []
    for cand in ranked:
        option = ZoneOption(cand.zone, _label(cand))
        if cand.weight >= floor and option not in options:
            options.append(option)
        if len(options) == limit:
            break
    options_found = tuple(options)
    if len(options_found) == 1:  # pragma: no cover - the build keeps region zones within 1:100
        return ZoneFound(options_found[0].zone, options_found[0].label)
    return ZoneAmbiguous(options_found)


Match = tuple[int, str]  # (entity, the key it matched under; "" for none)


def _cands(data: _Data, matches: Iterable[Match]) -> list[_Cand]:
    return [cand for entity, key in matches for cand in data.candidates(entity, key)]


Area = tuple[str, str]  # (country code, admin1 code or "")


def _qualifier_areas(data: _Data, text: str) -> set[Area]:
    """Countries/states a qualifier like ``Texas``, ``TX``, ``UK`` or ``Georgia`` can mean."""
    areas: set[Area] = set()
    folded = fold_text(text)
    for entity in data.lookup(_expand(folded.split())):
        if data.is_region(entity):
            region = data.region(entity)
            areas.add((region.cc, region.admin))
    for entity in data.codes.get(folded, ()):
        region = data.region(entity)
        areas.add((region.cc, region.admin))
    return areas


def _in_areas(data: _Data, entity: int, areas: Sequence[set[Area]]) -> bool:
    cc, admin = data.entity_area(entity)
    return all((cc, "") in allowed or (cc, admin) in allowed for allowed in areas)


def _find(
    data: _Data, key: str, areas: Sequence[set[Area]] = ()
) -> ZoneFound | ZoneAmbiguous | None:
    """Places named ``key`` (within ``areas``), else a confident close match, else ``None``.

    A close match is only returned when it is dominant (see :data:`DOMINANCE_RATIO`) and weighs
    at least :data:`CLOSE_MATCH_MIN_WEIGHT`; weaker ones are left to the suggestions.
    """
    exact = [(e, key) for e in data.lookup(key) if _in_areas(data, e, areas)]
    if exact:
        return _decide(_cands(data, exact))
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
    by_entity: dict[int, list[_Cand]] = {}
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
    return _decide(ranked[0][1])


def _region_entities(data: _Data, areas: Sequence[set[Area]]) -> list[Match]:
    """The regions named by the qualifiers that satisfy all of them."""
    wanted = set().union(*areas)
    return [
        (data.place_count + index, "")
        for index, region in enumerate(data.regions)
        if (region.cc, region.admin) in wanted and _in_areas(data, data.place_count + index, areas)
    ]


def _resolve_place(data: _Data, text: str) -> ZoneFound | ZoneAmbiguous | None:
    key = normalize_name(text)
    if not key:
        return None
    exact = data.lookup(key)
    if exact:
        return _decide(_cands(data, [(entity, key) for entity in exact]))
    codes = data.codes.get(fold_text(text))  # "US", "DE", "TX", "NSW"
    if codes:
        return _decide(_cands(data, [(entity, "") for entity in codes]))

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
            return _decide(_cands(data, _region_entities(data, areas)))

    # "City Qualifier": try the longest trailing qualifier first ("Sydney New South Wales").
    folded_tokens = fold_text(text).split()
    for size in range(min(3, len(folded_tokens) - 1), 0, -1):
        areas = [_qualifier_areas(data, " ".join(folded_tokens[-size:]))]
        if areas[0]:
            found = _find(data, _expand(folded_tokens[:-size]), areas)
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


def _suggestions(data: _Data, key: str) -> tuple[ZoneOption, ...]:
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
        label = _fit_label(
            data.region(entity).label if data.is_region(entity) else data.label(cand)
        )
        if label not in seen:
            seen.add(label)
            options.append(ZoneOption(cand.zone, label))
        if len(options) == MAX_SUGGESTIONS:
            break
    return tuple(options)


def resolve_zone_text(text: str) -> ZoneFound | ZoneAmbiguous | ZoneNotFound:
    """Turn what a user typed into a zone, a short list to choose from, or suggestions.

    Never raises for any string; see the module docstring for the rules.
    """
    if not isinstance(text, str):
        return ZoneNotFound()
    stripped = text.strip()
    if not stripped or len(stripped) > MAX_INPUT_CHARS:
        return ZoneNotFound()
    data = _load()
    flag = _from_flag(stripped)
    if flag is not None:
        country = [(entity, "") for entity in data.codes.get(flag.lower(), ())]
        return _decide(_cands(data, country)) or ZoneNotFound()
    special = _from_zone_words(stripped)
    if special is not None:
        return special
    found = _resolve_place(data, stripped)
    if found is not None:
        return found
    key = normalize_name(stripped)
    trimmed = _strip_filler(key)
    if trimmed and trimmed != key:
        retry = _from_zone_words(trimmed) or _resolve_place(data, trimmed)
        if retry is not None:
            return retry
        key = trimmed
    return ZoneNotFound(_suggestions(data, key))


def preload(*, close_matches: bool = False, location: bool = False) -> None:
    """Load the place table now (and the typo index / location finder) instead of on first use."""
    data = _load()
    _zone_lookup_table()
    if close_matches:
        index = data.fuzzy()
        for length in index.keys:
            index.masks_for(length)
    if location:
        _timezone_finder()


# --------------------------------------------------------------------------- location

_finder: TimezoneFinder | None = None
_finder_lock = threading.Lock()


def _timezone_finder() -> TimezoneFinder:
    global _finder
    if _finder is None:
        with _finder_lock:
            if _finder is None:
                from timezonefinder import TimezoneFinder

                _finder = TimezoneFinder()
    return _finder


def zone_for_location(latitude: float, longitude: float) -> ZoneFound | ZoneNotFound:
    """The zone at a shared location (offline). Open sea gives the nautical ``Etc/GMT±N`` zone.

    Non-numeric, non-finite or out-of-range coordinates give :class:`ZoneNotFound`.
    """
    if isinstance(latitude, bool) or isinstance(longitude, bool):
        return ZoneNotFound()
    if not isinstance(latitude, int | float) or not isinstance(longitude, int | float):
        return ZoneNotFound()
    lat, lng = float(latitude), float(longitude)
    if not (math.isfinite(lat) and math.isfinite(lng)):
        return ZoneNotFound()
    if not (-90.0 <= lat <= 90.0 and -180.0 <= lng <= 180.0):
        return ZoneNotFound()
    try:
        zone = _timezone_finder().timezone_at(lng=lng, lat=lat)
    except ValueError:  # pragma: no cover - the ranges were checked above
        zone = None
    if zone is not None:
        zone = _load().links.get(zone, zone)
    if zone is None or not is_valid_zone(zone):
        # No polygon here (or a name this tzdata lacks): the nautical zone by longitude.
        hours = max(-12, min(12, round(lng / 15)))
        zone = f"Etc/GMT{-hours:+d}" if hours else "UTC"
    if zone in _UTC_ALIASES:
        zone = "UTC"
    return ZoneFound(zone, _fit_label(_etc_label(zone)))
