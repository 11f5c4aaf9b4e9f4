"""Who lives in the sandbox: the simulated users, and the places they can share."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SimulatedUser:
    user_id: int
    first_name: str
    last_name: str
    username: str
    language_code: str = "en"


@dataclass(frozen=True)
class Place:
    """A place the location picker offers instead of the browser's real position."""

    name: str
    country: str
    flag: str
    latitude: float
    longitude: float


SIMULATED_USERS: tuple[SimulatedUser, ...] = (
    SimulatedUser(1001, "Ada", "Lovelace", "ada"),
    SimulatedUser(1002, "Ben", "Okafor", "ben"),
    SimulatedUser(1003, "Chloe", "Martin", "chloe"),
)

# Spread over the world's zones, including a half-hour offset (Kolkata) and the southern
# hemisphere (Sydney, São Paulo), where daylight saving time runs the other way.
PLACES: tuple[Place, ...] = (
    Place("Berlin", "Germany", "🇩🇪", 52.5200, 13.4050),
    Place("New York", "United States", "🇺🇸", 40.7128, -74.0060),
    Place("Sydney", "Australia", "🇦🇺", -33.8688, 151.2093),
    Place("Kolkata", "India", "🇮🇳", 22.5726, 88.3639),
    Place("São Paulo", "Brazil", "🇧🇷", -23.5505, -46.6333),
    Place("Tokyo", "Japan", "🇯🇵", 35.6762, 139.6503),
    Place("London", "United Kingdom", "🇬🇧", 51.5072, -0.1276),
    Place("Nairobi", "Kenya", "🇰🇪", -1.2921, 36.8219),
    Place("Los Angeles", "United States", "🇺🇸", 34.0522, -118.2437),
    Place("Auckland", "New Zealand", "🇳🇿", -36.8485, 174.7633),
)
