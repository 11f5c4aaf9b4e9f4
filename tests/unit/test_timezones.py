"""Finding a user's zone from typed text or a shared location."""

from __future__ import annotations

import gzip
import importlib.resources
import math
import re
import zoneinfo
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.timezones.names import fold_text, normalize_name
from bot.domain.timezones.results import (
    MAX_LABEL_CHARS,
    ZoneAmbiguous,
    ZoneFound,
    ZoneNotFound,
    ZoneOption,
)
from bot.domain.timezones.zone_names import is_valid_zone, utc_offset_label
from bot.services.zone_lookup import PACKAGED_ZONES
from bot.views.phrases import zone_name

WINTER = datetime(2026, 1, 15, 12, tzinfo=UTC)
SUMMER = datetime(2026, 7, 15, 12, tzinfo=UTC)


def _check_shape(result: ZoneFound | ZoneAmbiguous | ZoneNotFound) -> None:
    """The contract every result keeps, whatever the input."""
    if isinstance(result, ZoneFound):
        assert is_valid_zone(result.zone), result
        assert 0 < len(result.label) <= MAX_LABEL_CHARS, result
    elif isinstance(result, ZoneAmbiguous):
        assert 2 <= len(result.options) <= 8, result
        # One option per place: two places may share a zone (Springfield IL and MO).
        assert len(set(result.options)) == len(result.options), result
        for option in result.options:
            assert is_valid_zone(option.zone), result
            assert 0 < len(option.label) <= MAX_LABEL_CHARS, result
    else:
        assert isinstance(result, ZoneNotFound)
        assert len(result.suggestions) <= 5
        for option in result.suggestions:
            assert is_valid_zone(option.zone), result
            assert 0 < len(option.label) <= MAX_LABEL_CHARS, result


def _resolve(text: str) -> ZoneFound | ZoneAmbiguous | ZoneNotFound:
    result = PACKAGED_ZONES.resolve_zone_text(text)
    _check_shape(result)
    return result


# --------------------------------------------------------------------------- found


@pytest.mark.parametrize(
    ("text", "zone"),
    [
        # IANA names, any case, spaces for underscores, old aliases
        ("Europe/Berlin", "Europe/Berlin"),
        ("europe/berlin", "Europe/Berlin"),
        ("EUROPE/BERLIN", "Europe/Berlin"),
        ("America/New York", "America/New_York"),
        ("america/new_york", "America/New_York"),
        ("America / Los Angeles", "America/Los_Angeles"),
        ("Asia/Calcutta", "Asia/Kolkata"),
        ("Europe/Kiev", "Europe/Kyiv"),
        ("US/Eastern", "America/New_York"),
        ("America/Argentina/Buenos_Aires", "America/Argentina/Buenos_Aires"),
        ("Etc/GMT+5", "Etc/GMT+5"),
        # UTC and fixed offsets (Etc/GMT signs are inverted)
        ("UTC", "UTC"),
        ("utc", "UTC"),
        ("GMT", "UTC"),
        ("Z", "UTC"),
        ("Etc/UTC", "UTC"),
        ("UTC+0", "UTC"),
        ("UTC+2", "Etc/GMT-2"),
        ("utc +2", "Etc/GMT-2"),
        ("UTC+02:00", "Etc/GMT-2"),
        ("GMT-05:00", "Etc/GMT+5"),
        ("GMT-5", "Etc/GMT+5"),
        ("UTC−3", "Etc/GMT+3"),
        ("-3", "Etc/GMT+3"),
        ("+1", "Etc/GMT-1"),
        ("UTC+14", "Etc/GMT-14"),
        ("UTC-12", "Etc/GMT+12"),
        ("+0530", "Asia/Kolkata"),
        ("UTC+5:30", "Asia/Kolkata"),
        ("GMT+05:45", "Asia/Kathmandu"),
        ("UTC-03:30", "America/St_Johns"),
        ("+0930", "Australia/Darwin"),
        # abbreviations mean the zone people use them for
        ("EST", "America/New_York"),
        ("PST", "America/Los_Angeles"),
        ("CET", "Europe/Berlin"),
        ("JST", "Asia/Tokyo"),
        ("AEST", "Australia/Sydney"),
        # flags
        ("🇩🇪", "Europe/Berlin"),
        ("🇯🇵", "Asia/Tokyo"),
        ("🇬🇧", "Europe/London"),
        # cities, with or without accents and punctuation
        ("Berlin", "Europe/Berlin"),
        ("  BERLIN  ", "Europe/Berlin"),
        ("berlin!", "Europe/Berlin"),
        ("Ber\u200blin", "Europe/Berlin"),
        ("new york", "America/New_York"),
        ("New York City", "America/New_York"),
        ("NYC", "America/New_York"),
        ("São Paulo", "America/Sao_Paulo"),
        ("sao paulo", "America/Sao_Paulo"),
        ("SAO-PAULO", "America/Sao_Paulo"),
        ("Zurich", "Europe/Zurich"),
        ("Zürich", "Europe/Zurich"),
        ("München", "Europe/Berlin"),
        ("Munich", "Europe/Berlin"),
        ("Muenchen", "Europe/Berlin"),
        ("St. Petersburg", "Europe/Moscow"),
        ("Saint Petersburg", "Europe/Moscow"),
        ("St Petersburg", "Europe/Moscow"),
        ("Köln", "Europe/Berlin"),
        ("Cologne", "Europe/Berlin"),
        ("Wien", "Europe/Vienna"),
        ("Vienna", "Europe/Vienna"),
        ("Praha", "Europe/Prague"),
        ("Lisboa", "Europe/Lisbon"),
        ("Kyiv", "Europe/Kyiv"),
        ("Kiev", "Europe/Kyiv"),
        ("Tokyo", "Asia/Tokyo"),
        ("Bombay", "Asia/Kolkata"),
        ("Peking", "Asia/Shanghai"),
        ("Xi'an", "Asia/Shanghai"),
        ("Saigon", "Asia/Ho_Chi_Minh"),
        ("Reykjavík", "Atlantic/Reykjavik"),
        ("Mexico City", "America/Mexico_City"),
        ("Toronto", "America/Toronto"),
        ("Montréal", "America/Toronto"),
        ("Sydney", "Australia/Sydney"),
        ("Melbourne", "Australia/Melbourne"),
        ("Paris", "Europe/Paris"),
        ("London", "Europe/London"),
        ("Amsterdam", "Europe/Amsterdam"),
        ("LA", "America/Los_Angeles"),
        ("SF", "America/Los_Angeles"),
        ("DC", "America/New_York"),
        ("Washington DC", "America/New_York"),
        ("Washington, D.C.", "America/New_York"),
        ("Singapore", "Asia/Singapore"),
        # "City, Country" / "City, State" / "City State"
        ("Portland, Oregon", "America/Los_Angeles"),
        ("Portland Oregon", "America/Los_Angeles"),
        ("Portland, OR", "America/Los_Angeles"),
        ("Portland, Maine", "America/New_York"),
        ("Paris TX", "America/Chicago"),
        ("Paris, Texas", "America/Chicago"),
        ("Paris, Texas, USA", "America/Chicago"),
        ("Paris, France", "Europe/Paris"),
        ("London, Ontario", "America/Toronto"),
        ("London, Canada", "America/Toronto"),
        ("London, UK", "Europe/London"),
        ("London England", "Europe/London"),
        ("St. Petersburg, Florida", "America/New_York"),
        ("St Petersburg FL", "America/New_York"),
        ("Sydney, NSW", "Australia/Sydney"),
        ("Sydney New South Wales", "Australia/Sydney"),
        ("Perth, WA", "Australia/Perth"),
        ("Berlin, Germany", "Europe/Berlin"),
        ("Berlin, Mitte", "Europe/Berlin"),  # unknown qualifier ignored
        ("Smalltown, Germany", "Europe/Berlin"),  # unknown town, known country
        ("Nowhereville, Oregon", "America/Los_Angeles"),
        # countries, states, short forms
        ("Germany", "Europe/Berlin"),
        ("Deutschland", "Europe/Berlin"),
        ("DE", "Europe/Berlin"),  # Germany outweighs Delaware 80×
        ("DEU", "Europe/Berlin"),
        ("UK", "Europe/London"),
        ("U.K.", "Europe/London"),
        ("United Kingdom", "Europe/London"),
        ("England", "Europe/London"),
        ("Scotland", "Europe/London"),
        ("India", "Asia/Kolkata"),
        ("Japan", "Asia/Tokyo"),
        ("France", "Europe/Paris"),
        ("Holland", "Europe/Amsterdam"),
        ("the Netherlands", "Europe/Amsterdam"),
        ("Argentina", "America/Argentina/Buenos_Aires"),
        ("California", "America/Los_Angeles"),
        ("Hawaii", "Pacific/Honolulu"),
        ("Ontario", "America/Toronto"),
        ("New South Wales", "Australia/Sydney"),
        ("Queensland", "Australia/Brisbane"),
        # small typos
        ("Berln", "Europe/Berlin"),
        ("Lndon", "Europe/London"),
        ("Amsterdan", "Europe/Amsterdam"),
        ("Amsterdm", "Europe/Amsterdam"),
        ("Frankfrut", "Europe/Berlin"),
        ("Germny", "Europe/Berlin"),
        ("newyork", "America/New_York"),
        ("Sao Pualo", "America/Sao_Paulo"),
        ("Zurch", "Europe/Zurich"),
        ("Portlnd, Oregon", "America/Los_Angeles"),
        # filler words
        ("I live in Berlin", "Europe/Berlin"),
        ("I'm in Tokyo", "Asia/Tokyo"),
        ("Berlin time", "Europe/Berlin"),
        ("in London", "Europe/London"),
    ],
)
def test_found(text: str, zone: str) -> None:
    result = _resolve(text)
    assert isinstance(result, ZoneFound), result
    assert result.zone == zone


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Berlin", "Berlin, Germany"),
        ("Paris TX", "Paris, Texas, US"),
        ("Paris", "Paris, France"),
        ("Portland, Oregon", "Portland, Oregon, US"),
        ("London, Ontario", "London, Ontario, Canada"),
        ("Europe/Berlin", "Europe/Berlin"),
        ("Germany", "Germany"),
        ("UTC", "UTC"),
        ("UTC+2", "UTC+02:00"),
        ("GMT-05:00", "UTC−05:00"),
        ("Etc/GMT+5", "UTC−05:00"),
        ("Zürich", "Zürich, Switzerland"),
        ("DC", "Washington, DC, US"),
    ],
)
def test_found_labels(text: str, label: str) -> None:
    result = _resolve(text)
    assert isinstance(result, ZoneFound), result
    assert result.label == label


# --------------------------------------------------------------------------- ambiguous


@pytest.mark.parametrize(
    ("text", "first", "included"),
    [
        (
            "USA",
            "America/New_York",
            {
                "America/New_York",
                "America/Chicago",
                "America/Denver",
                "America/Los_Angeles",
                "America/Anchorage",
                "Pacific/Honolulu",
                "America/Phoenix",
            },
        ),
        ("United States", "America/New_York", {"America/Chicago", "America/Los_Angeles"}),
        ("US", "America/New_York", {"America/Chicago", "America/Los_Angeles"}),
        ("america", "America/New_York", {"America/Chicago", "America/Los_Angeles"}),
        ("🇺🇸", "America/New_York", {"America/Chicago", "America/Los_Angeles"}),
        (
            "Australia",
            "Australia/Sydney",
            {
                "Australia/Sydney",
                "Australia/Brisbane",
                "Australia/Perth",
                "Australia/Adelaide",
                "Australia/Darwin",
            },
        ),
        (
            "Canada",
            "America/Toronto",
            {"America/Vancouver", "America/Edmonton", "America/Winnipeg", "America/Halifax"},
        ),
        ("Russia", "Europe/Moscow", {"Asia/Yekaterinburg", "Asia/Krasnoyarsk"}),
        ("Brazil", "America/Sao_Paulo", {"America/Manaus"}),
        ("Mexico", "America/Mexico_City", {"America/Tijuana", "America/Cancun"}),
        ("Spain", "Europe/Madrid", {"Atlantic/Canary"}),
        ("China", "Asia/Shanghai", {"Asia/Urumqi"}),
        ("Florida", "America/New_York", {"America/Chicago"}),
        ("CA", "America/Los_Angeles", {"America/Toronto"}),  # California or Canada
        ("Portland", "America/Los_Angeles", {"America/New_York"}),
        ("Texas", "America/Chicago", {"America/Denver"}),
        ("TX", "America/Chicago", {"America/Denver"}),
        ("Indiana", "America/Indiana/Indianapolis", {"America/Chicago"}),
        ("Georgia", "America/New_York", {"Asia/Tbilisi"}),
        ("Washington", "America/Los_Angeles", {"America/New_York"}),
        ("Birmingham", "Europe/London", {"America/Chicago"}),
        ("Dublin", "Europe/Dublin", {"America/Los_Angeles"}),
        ("Vancouver", "America/Vancouver", {"America/Los_Angeles"}),
        ("Springfield", "America/Chicago", {"America/New_York"}),
        ("IST", "Asia/Kolkata", {"Asia/Jerusalem", "Europe/Dublin"}),
        ("MST", "America/Denver", {"America/Phoenix"}),
    ],
)
def test_ambiguous(text: str, first: str, included: set[str]) -> None:
    result = _resolve(text)
    assert isinstance(result, ZoneAmbiguous), result
    zones = [option.zone for option in result.options]
    assert zones[0] == first
    assert included <= set(zones)


def test_ambiguous_labels() -> None:
    usa = _resolve("USA")
    assert isinstance(usa, ZoneAmbiguous)
    assert usa.options[0] == ZoneOption("America/New_York", "US Eastern (New York)")
    assert ZoneOption("America/Chicago", "US Central (Chicago)") in usa.options
    assert ZoneOption("Pacific/Honolulu", "US Hawaii (Honolulu)") in usa.options

    portland = _resolve("Portland")
    assert isinstance(portland, ZoneAmbiguous)
    assert portland.options[:2] == (
        ZoneOption("America/Los_Angeles", "Portland, Oregon, US"),
        ZoneOption("America/New_York", "Portland, Maine, US"),
    )


def test_same_named_places_are_offered_one_per_place_by_population() -> None:
    # Springfield, Illinois (the state capital) shares Missouri's zone: it is still offered.
    springfield = _resolve("springfield")
    assert isinstance(springfield, ZoneAmbiguous)
    assert [option.label for option in springfield.options] == [
        "Springfield, Missouri, US",
        "Springfield, Massachusetts, US",
        "Springfield, Illinois, US",
        "Springfield, Oregon, US",
        "Springfield, Ohio, US",
    ]
    kansas_city = _resolve("Kansas City")
    assert isinstance(kansas_city, ZoneAmbiguous)
    assert [option.label for option in kansas_city.options] == [
        "Kansas City, Missouri, US",
        "Kansas City, Kansas, US",
    ]
    # One place under several names or as city and state is still one place.
    assert _resolve("New York") == ZoneFound("America/New_York", "New York, US")


def test_a_lone_small_match_says_which_place_it_is() -> None:
    # "Atlantis" is a town in South Africa: the label says so (shown on confirmation).
    assert _resolve("atlantis") == ZoneFound("Africa/Johannesburg", "Atlantis, South Africa")


# --------------------------------------------------------------------------- not found


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "\n\t",
        "\u200b\u200b",
        "\u200f",
        "🙂",
        "🙂🙂🙂",
        "👍🏽",
        "שלום עולם",
        "مرحبا بالعالم",
        "\u202eilreB",
        "xqzkw",
        "qwertyuiopasdfghjklzxcvbnm",
        "12345",
        "!!!???",
        "UTC+15",
        "UTC-13",
        "UTC+05:17",
        "+99",
        "Mars/Olympus_Mons",
        "Factory",
        "x" * 10_000,
        "Berlin " * 2_000,
        "🇩🇪" * 500,
        "a",
        "zz",
    ],
)
def test_not_found(text: str) -> None:
    assert isinstance(_resolve(text), ZoneNotFound)


def test_not_found_for_empty_has_no_suggestions() -> None:
    assert PACKAGED_ZONES.resolve_zone_text("") == ZoneNotFound(())
    assert PACKAGED_ZONES.resolve_zone_text("   ") == ZoneNotFound(())


@pytest.mark.parametrize(
    ("text", "suggested"),
    [
        ("Ber", "Europe/Berlin"),
        ("Amst", "Europe/Amsterdam"),
        ("Portlnd", "America/Los_Angeles"),
    ],
)
def test_suggestions(text: str, suggested: str) -> None:
    result = _resolve(text)
    assert isinstance(result, ZoneNotFound), result
    assert suggested in [option.zone for option in result.suggestions]
    assert len(result.suggestions) <= 5


# --------------------------------------------------------------------------- properties


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_resolve_never_raises_and_keeps_the_contract(text: str) -> None:
    _resolve(text)


_NAMES = ["Berlin", "New York", "São Paulo", "Portland, Oregon", "USA", "UTC+2", "Zürich"]


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(_NAMES),
    st.integers(min_value=0, max_value=20),
    st.text(max_size=3),
)
def test_resolve_never_raises_on_mangled_names(name: str, position: int, noise: str) -> None:
    at = min(position, len(name))
    _resolve(name[:at] + noise + name[at:])


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz ,.'-", min_size=3, max_size=30))
def test_resolve_never_raises_on_latin_words(text: str) -> None:
    _resolve(text)


_ZONES = sorted(zoneinfo.available_timezones() - {"Factory", "localtime", "posixrules"})


@settings(max_examples=200, deadline=None)
@given(st.sampled_from([zone for zone in _ZONES if "/" in zone]))
def test_every_iana_name_resolves(zone: str) -> None:
    result = _resolve(zone)
    assert isinstance(result, ZoneFound), result
    assert _resolve(zone.lower().replace("_", " ")) == result
    at = datetime(2026, 3, 1, tzinfo=UTC)
    # The returned name is the same zone (or an alias with the same rules) today.
    assert (
        at.astimezone(zoneinfo.ZoneInfo(result.zone)).utcoffset()
        == at.astimezone(zoneinfo.ZoneInfo(zone)).utcoffset()
    )


@given(st.integers(min_value=-12, max_value=14), st.sampled_from(["UTC", "GMT", "utc ", ""]))
def test_whole_hour_offsets(hours: int, prefix: str) -> None:
    result = _resolve(f"{prefix}{hours:+d}")
    assert isinstance(result, ZoneFound), result
    offset = WINTER.astimezone(zoneinfo.ZoneInfo(result.zone)).utcoffset()
    assert offset == timedelta(hours=hours)


def test_data_file_zones_exist_and_file_is_compact() -> None:
    resource = importlib.resources.files("bot.data").joinpath("places.tsv.gz")
    assert len(resource.read_bytes()) <= 2 * 1024 * 1024
    available = zoneinfo.available_timezones()
    lines = _data_lines()
    zones = [line.split("\t")[1] for line in lines if line.startswith("Z\t")]
    assert len(zones) > 300
    assert not [zone for zone in zones if zone not in available]
    links = [line.split("\t") for line in lines if line.startswith("L\t")]
    assert not [target for _, _, target in links if target not in available]
    assert not [line for line in lines if line[:2] not in {"Z\t", "L\t", "C\t", "S\t", "P\t"}]


def test_biggest_cities_resolve_to_themselves() -> None:
    """The 300 most populous cities, typed by name, give their own zone (found or first)."""
    lines = _data_lines()
    rows = [line.split("\t") for line in lines if line.startswith("P\t")]
    zones = [line.split("\t")[1] for line in lines if line.startswith("Z\t")]
    biggest: dict[str, tuple[int, str, str]] = {}
    for _, name, _cc, _admin, zone_index, population, keys in rows:
        for key in keys.split("|"):
            known = biggest.get(key)
            if known is None or known[0] < int(population):
                biggest[key] = (int(population), name, zones[int(zone_index)])
    top = sorted(rows, key=lambda row: -int(row[5]))[:300]
    wrong = []
    for _, name, _cc, _admin, zone_index, population, _keys in top:
        if biggest[normalize_name(name)][0] != int(population):
            continue  # a bigger place shares the name (Hyderabad, Pakistan)
        result = PACKAGED_ZONES.resolve_zone_text(name)
        first = result.zone if isinstance(result, ZoneFound) else None
        if isinstance(result, ZoneAmbiguous):
            first = result.options[0].zone
        if first != zones[int(zone_index)]:
            wrong.append((name, result))
    assert not wrong


def test_preload() -> None:
    PACKAGED_ZONES.preload(close_matches=True, location=True)
    assert isinstance(PACKAGED_ZONES.resolve_zone_text("Berln"), ZoneFound)


def _data_lines() -> list[str]:
    resource = importlib.resources.files("bot.data").joinpath("places.tsv.gz")
    with resource.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as text:
        return text.read().splitlines()


# --------------------------------------------------------------------------- normalisation


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("São Paulo", "sao paulo"),
        ("  Zürich!! ", "zurich"),
        ("St. Petersburg", "saint petersburg"),
        ("Mt. Vernon", "mount vernon"),
        ("Xi'an", "xian"),
        ("Kraków", "krakow"),
        ("Łódź", "lodz"),
        ("Ærøskøbing", "aeroskobing"),
        ("Straße", "strasse"),
        ("Ber\u200blin", "berlin"),
        ("America/New_York", "america new york"),
    ],
)
def test_normalize_name(text: str, key: str) -> None:
    assert normalize_name(text) == key


def test_fold_text_keeps_abbreviations() -> None:
    assert fold_text("St. Louis") == "st louis"


# --------------------------------------------------------------------------- location


@pytest.mark.parametrize(
    ("latitude", "longitude", "zone"),
    [
        (52.52, 13.405, "Europe/Berlin"),
        (40.7128, -74.006, "America/New_York"),
        (-33.8688, 151.2093, "Australia/Sydney"),
        (19.076, 72.8777, "Asia/Kolkata"),
        (35.6762, 139.6503, "Asia/Tokyo"),
        (0.0, -30.0, "Etc/GMT+2"),  # open Atlantic
        (0.0, 0.0, "UTC"),  # Gulf of Guinea
        (-40.0, 100.0, "Etc/GMT-7"),  # Indian Ocean
    ],
)
def test_zone_for_location(latitude: float, longitude: float, zone: str) -> None:
    result = PACKAGED_ZONES.zone_for_location(latitude, longitude)
    assert isinstance(result, ZoneFound), result
    assert result.zone == zone
    assert is_valid_zone(result.zone)


def test_zone_for_location_labels_sea_zones_as_offsets() -> None:
    assert PACKAGED_ZONES.zone_for_location(0.0, -30.0) == ZoneFound("Etc/GMT+2", "UTC−02:00")


@pytest.mark.parametrize(
    ("latitude", "longitude"),
    [
        (91.0, 0.0),
        (-90.5, 0.0),
        (0.0, 180.5),
        (0.0, -181.0),
        (math.nan, 0.0),
        (0.0, math.inf),
        (True, 0.0),
    ],
)
def test_zone_for_location_rejects_invalid(latitude: float, longitude: float) -> None:
    assert PACKAGED_ZONES.zone_for_location(latitude, longitude) == ZoneNotFound()


@settings(max_examples=100, deadline=None)
@given(
    st.floats(min_value=-90, max_value=90, allow_nan=False),
    st.floats(min_value=-180, max_value=180, allow_nan=False),
)
def test_zone_for_location_always_finds_a_valid_zone(latitude: float, longitude: float) -> None:
    result = PACKAGED_ZONES.zone_for_location(latitude, longitude)
    assert isinstance(result, ZoneFound)
    assert is_valid_zone(result.zone)
    assert len(result.label) <= MAX_LABEL_CHARS


# --------------------------------------------------------------------------- zones & labels


@pytest.mark.parametrize(
    ("zone", "valid"),
    [
        ("Europe/Berlin", True),
        ("UTC", True),
        ("Etc/GMT-14", True),
        ("America/Argentina/Buenos_Aires", True),
        ("europe/berlin", False),
        ("Europe/Atlantis", False),
        ("Factory", False),
        ("", False),
        ("../../etc/passwd", False),
        ("/etc/localtime", False),
        ("Europe/Berlin\x00", False),
    ],
)
def test_is_valid_zone(zone: str, valid: bool) -> None:
    assert is_valid_zone(zone) is valid


@pytest.mark.parametrize(
    ("zone", "now", "label"),
    [
        ("Europe/Berlin", WINTER, "UTC+01:00"),
        ("Europe/Berlin", SUMMER, "UTC+02:00"),
        ("Asia/Kolkata", WINTER, "UTC+05:30"),
        ("Asia/Kathmandu", WINTER, "UTC+05:45"),
        ("America/Sao_Paulo", WINTER, "UTC−03:00"),
        ("America/New_York", SUMMER, "UTC−04:00"),
        ("America/St_Johns", WINTER, "UTC−03:30"),
        ("UTC", SUMMER, "UTC+00:00"),
        ("Etc/GMT+5", SUMMER, "UTC−05:00"),
        ("Pacific/Kiritimati", WINTER, "UTC+14:00"),
        ("Europe/Berlin", datetime(2026, 7, 15, 12), "UTC+02:00"),  # naive = UTC
        ("Europe/Berlin", datetime(2026, 3, 29, 0, 59, tzinfo=UTC), "UTC+01:00"),
        ("Europe/Berlin", datetime(2026, 3, 29, 1, 0, tzinfo=UTC), "UTC+02:00"),
    ],
)
def test_utc_offset_label(zone: str, now: datetime, label: str) -> None:
    assert utc_offset_label(zone, now) == label


def test_utc_offset_label_rejects_unknown_zone() -> None:
    with pytest.raises(ValueError, match="unknown time zone"):
        utc_offset_label("Mars/Olympus_Mons", WINTER)


@given(
    st.sampled_from(_ZONES),
    st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2100, 1, 1)),
)
def test_utc_offset_label_format(zone: str, now: datetime) -> None:
    assert re.fullmatch(r"UTC[+−]\d{2}:[0-5]\d", utc_offset_label(zone, now.replace(tzinfo=UTC)))


@pytest.mark.parametrize(
    ("zone", "shown"),
    [
        ("Europe/Berlin", "Europe/Berlin"),
        ("Etc/GMT-2", "UTC+2"),  # POSIX names flip the sign; people should not have to
        ("Etc/GMT+5", "UTC−5"),
        ("Etc/GMT-14", "UTC+14"),
        ("Etc/UTC", "UTC"),
        ("UTC", "UTC"),
    ],
)
def test_zones_are_shown_as_people_read_them(zone: str, shown: str) -> None:
    assert zone_name(zone) == shown
