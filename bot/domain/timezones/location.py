"""The zone at a shared location: a polygon lookup (injected), with the nautical zone at sea."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping

from bot.domain.timezones.results import ZoneFound, ZoneNotFound, fit_label
from bot.domain.timezones.zone_names import UTC_ALIASES, etc_label, is_valid_zone

ZoneAt = Callable[[float, float], str | None]
"""(latitude, longitude) → the IANA name of the polygon there, or ``None`` (open sea).
May raise :class:`ValueError` for coordinates out of range."""


def zone_for_location(
    latitude: float, longitude: float, zone_at: ZoneAt, links: Mapping[str, str]
) -> ZoneFound | ZoneNotFound:
    """The zone at a shared location (offline). Open sea gives the nautical ``Etc/GMT±N`` zone.

    ``zone_at`` is the polygon lookup (``timezonefinder``, injected by the caller); ``links``
    maps old zone names to current ones (the place table's). Non-numeric, non-finite or
    out-of-range coordinates give :class:`ZoneNotFound`.
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
        zone = zone_at(lat, lng)
    except ValueError:  # pragma: no cover - the ranges were checked above
        zone = None
    if zone is not None:
        zone = links.get(zone, zone)
    if zone is None or not is_valid_zone(zone):
        # No polygon here (or a name this tzdata lacks): the nautical zone by longitude.
        hours = max(-12, min(12, round(lng / 15)))
        zone = f"Etc/GMT{-hours:+d}" if hours else "UTC"
    if zone in UTC_ALIASES:
        zone = "UTC"
    return ZoneFound(zone, fit_label(etc_label(zone)))
