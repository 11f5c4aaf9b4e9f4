"""The emergency number for the user's country, inferred from the time zone, and the reply."""

from __future__ import annotations

import pytest

from bot.domain.emergency.numbers import country_for_zone, emergency_number, numbers_by_country
from bot.services.emergency import emergency_reply_text


@pytest.mark.parametrize(
    ("zone", "number"),
    [
        ("Australia/Melbourne", "000"),
        ("Australia/Sydney", "000"),
        ("Pacific/Auckland", "111"),
        ("Europe/Berlin", "112"),
        ("Europe/Madrid", "112"),
        ("America/New_York", "911"),
        ("America/Toronto", "911"),
        ("Europe/London", "999"),
        ("Asia/Tokyo", "119"),
        ("Asia/Kolkata", "112"),
        ("Asia/Calcutta", "112"),  # an old name
        ("US/Pacific", "911"),  # an old name
        ("America/Sao_Paulo", "192"),
        ("Europe/Moscow", "103"),
        ("Europe/Zurich", "144"),
    ],
)
def test_the_number_for_the_zones_country(zone: str, number: str) -> None:
    assert emergency_number(zone) == number


@pytest.mark.parametrize("zone", [None, "", "UTC", "Etc/GMT+3", "Not/AZone", "Antarctica/Troll"])
def test_unknown_country_gives_none(zone: str | None) -> None:
    assert emergency_number(zone) is None


def test_the_table_covers_the_most_populous_countries() -> None:
    table = numbers_by_country()
    assert len(table) >= 60
    for country in ("CN", "IN", "US", "ID", "PK", "NG", "BR", "BD", "RU", "MX", "JP", "PH"):
        assert country in table
    assert all(number.isdigit() for number in table.values())
    assert country_for_zone("Australia/Melbourne") == "AU"


def test_melbourne_is_not_told_about_europe_and_north_america() -> None:
    text = emergency_reply_text("en", emergency_number("Australia/Melbourne"))
    assert "000" in text
    assert "911" not in text
    assert "112" not in text


def test_unknown_country_gets_the_generic_line() -> None:
    text = emergency_reply_text("en", emergency_number(None))
    assert "112 in Europe" in text
    assert "911 in North America" in text


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("en", "emergency number"),
        ("de", "Notruf"),
        ("es", "número de emergencias"),
        ("fr", "numéro d'urgence"),
        ("it", "numero di emergenza"),
        ("pt", "número de emergência"),
        ("ru", "экстренную службу"),
    ],
)
def test_the_reply_is_translated(language: str, words: str) -> None:
    assert words in emergency_reply_text(language, None)
    assert "112" in emergency_reply_text(language, "112")
