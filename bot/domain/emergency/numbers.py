"""The emergency number for a user's country, the country inferred from their time zone.

The zone comes from what the user typed at the time-zone step or from a shared location
(``timezonefinder`` gives the zone of the place itself, such as ``Europe/Oslo``), so the
country of the zone is the country of the user. ``tzdata``'s ``zone.tab`` maps each zone to
one country; ``tzdata.zi`` lists old names ("backward links": ``Asia/Calcutta``,
``US/Eastern``) that we resolve to their zone first. No known country, or a country missing from
``numbers.yaml``, gives None: the caller then says "your local emergency number" with examples.
"""

from __future__ import annotations

import functools
import importlib.resources
import logging
from collections.abc import Mapping

import yaml

logger = logging.getLogger(__name__)

_NUMBERS_PACKAGE = "bot.domain.emergency.phrases"
_NUMBERS_FILE = "numbers.yaml"
_TZDATA_PACKAGE = "tzdata.zoneinfo"


@functools.cache
def numbers_by_country() -> Mapping[str, str]:
    resource = importlib.resources.files(_NUMBERS_PACKAGE).joinpath(_NUMBERS_FILE)
    with resource.open("r", encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    return {str(country).upper(): str(number) for country, number in data.items()}


def _tzdata_text(name: str) -> str:
    return importlib.resources.files(_TZDATA_PACKAGE).joinpath(name).read_text(encoding="utf-8")


@functools.cache
def country_by_zone() -> Mapping[str, str]:
    """Zone name (and every old name linking to it) → ISO country code; empty if ``tzdata``'s
    tables are missing (the generic line is then used)."""
    countries: dict[str, str] = {}
    try:
        for line in _tzdata_text("zone.tab").splitlines():
            if line.startswith("#") or not line.strip():
                continue
            fields = line.split("\t")
            if len(fields) >= 3:
                countries[fields[2]] = fields[0]
        for line in _tzdata_text("tzdata.zi").splitlines():
            fields = line.split()
            # "L <target> <old name>": an old name, now a link to another zone.
            if len(fields) == 3 and fields[0] == "L" and fields[2] not in countries:
                target = countries.get(fields[1])
                if target is not None:
                    countries[fields[2]] = target
    except (OSError, ModuleNotFoundError, UnicodeDecodeError):
        logger.warning("tzdata's zone tables are unavailable: emergency numbers are generic")
    return countries


def country_for_zone(zone: str | None) -> str | None:
    if not zone:
        return None
    return country_by_zone().get(zone)


def emergency_number(zone: str | None) -> str | None:
    """The number to call in the country of ``zone``, or None when not known."""
    country = country_for_zone(zone)
    if country is None:
        return None
    return numbers_by_country().get(country)
