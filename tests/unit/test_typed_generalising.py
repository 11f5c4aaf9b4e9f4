"""Typed answers generalise by kind, not by string (issue 10 §2, the lead's held-out check):
"without" words in seven languages, ranges of hours, a food rich in a vitamin is not taking it,
how food sat and number words in seven languages, and one food vocabulary for the reader and
the tips."""

from __future__ import annotations

import pytest

from bot.domain.answers import Allergen, ProbioticKind
from bot.domain.foods import FOODS, allowed, food_names
from bot.domain.typed_reading import (
    Understood,
    read_allergens,
    read_kinds,
    read_note,
    read_sleep,
    read_symptoms,
    read_tolerance,
    read_yes_no,
)
from tests.unit.typed_corpus import ASK, stored, stored_field

ALL = tuple(Allergen)


@pytest.mark.parametrize(
    ("text", "exposed"),
    [
        # A suffix, a prefix or a preposition that means "without" takes the allergen away.
        ("eggless mayo", ()),
        ("egg-less", ()),
        ("eifrei", ()),
        ("dairyless cheese", ()),
        ("egg-free pasta", (Allergen.WHEAT,)),
        ("sans œufs", ()),
        ("sin huevo", ()),
        ("ohne Ei", ()),
        ("senza uova", ()),
        ("sem ovos", ()),
        ("без яиц", ()),
        ("ohne Milch und ohne Ei", ()),
        ("no egg no dairy", ()),
        ("no eggs, just toast", (Allergen.WHEAT,)),
        ("milk? no. eggs? yes", (Allergen.EGGS,)),
        ("eggs no, milk yes", (Allergen.DAIRY,)),
        ("fromage et pain", (Allergen.DAIRY, Allergen.WHEAT)),  # French bread, not a pain
        # "vegan" / "plant-based" takes the animal allergens away, before or after the food.
        ("vegan mayo", ()),
        ("mayonesa vegana", ()),
        ("oat milk latte", ()),  # a food known to have none of the watched allergens: none
        ("soy milk latte", (Allergen.SOY,)),
        # Doubt is asked about: gluten is not wheat, lactose-free milk is still milk.
        ("gluten-free bread", ASK),
        ("glutenfreies Brot", ASK),
        ("sin gluten", ASK),
        ("lactose-free milk", ASK),
        ("leche sin lactosa", ASK),
        ("kimchi", ASK),  # usually made with fish sauce or shrimp, not always
    ],
)
def test_without_words_in_seven_languages(text: str, exposed: object) -> None:
    assert stored_field(read_allergens(text, ALL), "allergens") == exposed, text


def test_a_sugar_free_yogurt_is_still_a_yogurt() -> None:
    reading = read_kinds("sugar-free yogurt", after_yes=False)
    assert reading is not None
    assert reading.kinds == (ProbioticKind.YOGURT,)


@pytest.mark.parametrize(
    ("text", "hours"),
    [
        ("11pm to 7am", 8),
        ("23:00-07:00", 8),
        ("from 23h to 6h30", 7.5),
        ("von 23 bis 7 Uhr", 8),
        ("de 23h a 7h", 8),
        ("went to bed at 1, up at 8", 7),
        ("sieben Stunden", 7),
        ("siete horas", 7),
        ("sept heures et demie", 7.5),
        ("otto ore e mezza", 8.5),
        ("cinco horas e meia", 5.5),
        ("шесть с половиной", 6.5),
        ("sechseinhalb", 6.5),
    ],
)
def test_hours_as_times_and_number_words(text: str, hours: float) -> None:
    reading = stored(read_sleep(text))
    assert isinstance(reading, Understood), text
    assert reading.hours == hours


@pytest.mark.parametrize(
    ("text", "middle"),
    [
        ("6-7", 6.5),
        ("7 or 8", 7.5),
        ("7/8", 7.5),
        ("between 6 and 7", 6.5),
        ("seven or eight", 7.5),
        ("entre 6 y 7", 6.5),
    ],
)
def test_a_range_of_hours_offers_its_middle_to_confirm(text: str, middle: float) -> None:
    reading = read_sleep(text)
    assert isinstance(reading, Understood)
    assert not reading.sure
    assert reading.hours == middle


@pytest.mark.parametrize(
    ("text", "question", "flag"),
    [
        ("orange juice", "vitamin_c", ASK),
        ("had an orange", "vitamin_c", ASK),
        ("multivitamin", "vitamin_c", ASK),
        ("took my vit c", "vitamin_c", True),
        ("no, just coffee", "vitamin_c", False),
        ("salmon for dinner", "vitamin_d", ASK),
        ("was in the sun", "vitamin_d", ASK),
        ("d3 drops", "vitamin_d", True),
        ("забыла", "vitamin_d", False),
        ("no forgot", "vitamin_d", False),
        ("didn't forget", "vitamin_d", True),
    ],
)
def test_a_food_rich_in_a_vitamin_is_confirmed(text: str, question: str, flag: object) -> None:
    assert stored_field(read_yes_no(text, question), "flag") is flag


@pytest.mark.parametrize(
    ("text", "sat_well"),
    [
        ("me sentó bien", True),
        ("me sentó mal", False),
        ("hat gut vertragen", True),
        ("keine Beschwerden", True),
        ("ça m'a ballonné", False),
        ("pas terrible", ASK),
        ("tutto bene", True),
        ("mi ha fatto male", False),
        ("não caiu bem", False),
        ("пучило", False),
        ("без проблем", True),
        ("yes, bloated", ASK),
        ("stomach ache", False),
        ("no tummy ache", True),
    ],
)
def test_how_food_sat_in_seven_languages(text: str, sat_well: object) -> None:
    assert stored_field(read_tolerance(text), "flag") is sat_well


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("leichte Blähungen", "mild"),
        ("un peu ballonné", "mild"),
        ("немного пучило", "mild"),
        ("starke Bauchschmerzen", "strong"),
        ("dolor fuerte", "strong"),
        ("сильно болел живот", "strong"),
        ("keine Symptome", "none"),
    ],
)
def test_symptom_levels_in_seven_languages(text: str, level: str) -> None:
    reading = stored(read_symptoms(text))
    assert isinstance(reading, Understood), text
    assert reading.symptoms is not None
    assert reading.symptoms.value == level


@pytest.mark.parametrize(
    "text", ["nichts", "rien", "niente", "ничего", "Nein danke", "nothing thx", "nein, nichts"]
)
def test_nothing_to_note_in_seven_languages(text: str) -> None:
    assert read_note(text) is None


def test_one_food_vocabulary_for_the_reader_and_the_tips() -> None:
    # Every food with an allergen that typed answers know is one the tips filter knows.
    names = food_names()
    assert {food.key for foods in names.values() for food in foods if food.allergens} == set(FOODS)
    # What the reader records as an exposure is what keeps a tip away.
    for text, key in [("an omelette", "egg_dishes"), ("kimchi", "kimchi"), ("tofu", "tofu")]:
        assert key in FOODS
        reading = read_allergens(text, ALL)
        assert reading is not None
        assert reading.allergens is not None
        assert set(reading.allergens) == set(FOODS[key].allergens)
        assert not allowed((key,), reading.allergens)
