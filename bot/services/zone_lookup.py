"""The time-zone lookup's data, loaded at the edge: the packaged place table
(``bot/data/places.tsv.gz``) and ``timezonefinder``'s polygons, each read once per process on
first use (or up front with :meth:`ZoneLookup.preload`) and handed to the pure matching code in
:mod:`bot.domain.timezones`.

Services take a :class:`ZoneLookup` (the container gives them :data:`PACKAGED_ZONES`, shared by
every service in the process so the ~13 MB table is loaded once).
"""

from __future__ import annotations

import gzip
import importlib.resources
import threading
from typing import TYPE_CHECKING

from bot.domain.timezones.location import zone_for_location
from bot.domain.timezones.matching import resolve_zone_text
from bot.domain.timezones.place_table import PlaceTable
from bot.domain.timezones.results import ZoneAmbiguous, ZoneFound, ZoneNotFound
from bot.domain.timezones.zone_names import zone_lookup_table

if TYPE_CHECKING:  # pragma: no cover
    from timezonefinder import TimezoneFinder

_DATA_PACKAGE = "bot.data"
_DATA_FILE = "places.tsv.gz"


class ZoneLookup:
    """Finds zones from typed text and shared locations, loading its data lazily (thread-safe)."""

    def __init__(self) -> None:
        self._places: PlaceTable | None = None
        self._places_lock = threading.Lock()
        self._finder: TimezoneFinder | None = None
        self._finder_lock = threading.Lock()

    def places(self) -> PlaceTable:
        """The place table, read from the packaged data file on first use."""
        if self._places is None:
            with self._places_lock:
                if self._places is None:
                    resource = importlib.resources.files(_DATA_PACKAGE).joinpath(_DATA_FILE)
                    with (
                        resource.open("rb") as raw,
                        gzip.open(raw, "rt", encoding="utf-8") as text,
                    ):
                        self._places = PlaceTable(text)
        return self._places

    def _timezone_finder(self) -> TimezoneFinder:
        if self._finder is None:
            with self._finder_lock:
                if self._finder is None:
                    from timezonefinder import TimezoneFinder

                    self._finder = TimezoneFinder()
        return self._finder

    def _zone_at(self, latitude: float, longitude: float) -> str | None:
        return self._timezone_finder().timezone_at(lng=longitude, lat=latitude)

    def resolve_zone_text(self, text: str) -> ZoneFound | ZoneAmbiguous | ZoneNotFound:
        """See :func:`bot.domain.timezones.matching.resolve_zone_text`. Never raises."""
        return resolve_zone_text(self.places(), text)

    def zone_for_location(self, latitude: float, longitude: float) -> ZoneFound | ZoneNotFound:
        """See :func:`bot.domain.timezones.location.zone_for_location` (offline)."""
        return zone_for_location(latitude, longitude, self._zone_at, self.places().links)

    def preload(self, *, close_matches: bool = False, location: bool = False) -> None:
        """Load the place table now (and the typo index / location finder) instead of on first
        use."""
        places = self.places()
        zone_lookup_table()
        if close_matches:
            index = places.fuzzy()
            for length in index.keys:
                index.masks_for(length)
        if location:
            self._timezone_finder()


PACKAGED_ZONES = ZoneLookup()
"""The process's lookup over the packaged data."""
