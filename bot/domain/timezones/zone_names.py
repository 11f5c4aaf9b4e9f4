"""IANA zone names, UTC words, fixed offsets, abbreviations and flags (no place table needed).

Reads only the installed tz database (through :mod:`zoneinfo`), once, under a lock.
"""

from __future__ import annotations

import re
import threading
import zoneinfo
from datetime import UTC, datetime, timedelta

from bot.domain.timezones.results import ZoneFound, ZoneNotFound, ZoneResult, fit_label

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


def format_offset(offset: timedelta) -> str:
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
    return format_offset(offset if offset is not None else timedelta(0))


UTC_ALIASES = frozenset(
    {"UTC", "Etc/UTC", "Etc/GMT", "GMT", "Etc/Universal", "Etc/Zulu", "Etc/UCT", "Etc/GMT+0"}
    | {"Etc/GMT-0", "Etc/GMT0", "Etc/Greenwich", "GMT+0", "GMT-0", "GMT0", "Greenwich", "UCT"}
    | {"Universal", "Zulu"}
)


def etc_label(zone: str) -> str:
    """``Etc/GMT-2`` → ``UTC+02:00`` (the tz sign is inverted); other zones unchanged."""
    match = re.fullmatch(r"Etc/GMT([+-]\d{1,2})", zone)
    if match:
        return format_offset(timedelta(hours=-int(match.group(1))))
    if zone in UTC_ALIASES:
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
UTC_WORDS = frozenset(
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
ABBREVIATION_ZONES: dict[str, tuple[tuple[str, str], ...]] = {
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


def zone_lookup_table() -> dict[str, str]:
    global _zone_by_folded
    if _zone_by_folded is None:
        with _zone_lock:
            if _zone_by_folded is None:
                _zone_by_folded = {name.casefold(): name for name in _available_zones()}
    return _zone_by_folded


def from_fixed_offset(text: str) -> ZoneResult | None:
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
    label = format_offset(timedelta(minutes=total))
    if minutes == 0:
        if -12 <= total // 60 <= 14:
            return ZoneFound(f"Etc/GMT{-total // 60:+d}", label)
        return ZoneNotFound()
    known = _FRACTIONAL_OFFSETS.get(total)
    if known is None:
        return ZoneNotFound()
    return ZoneFound(known[0], fit_label(f"{label} ({known[1]})"))


def from_flag(text: str) -> str | None:
    """Two regional-indicator symbols (a flag emoji) → an ISO country code."""
    letters = [ord(ch) - 0x1F1E6 for ch in text if 0x1F1E6 <= ord(ch) <= 0x1F1FF]
    if len(letters) != 2 or len(text.replace("\ufe0f", "")) != 2:
        return None
    return "".join(chr(ord("A") + n) for n in letters)
