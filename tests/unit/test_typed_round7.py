"""Typed answers as phones are typed on (issue 10 §2): corrections in the same message, foods
known to hold none of the watched allergens, comments after the hours slept, a leading yes that
answers "did you have any?" rather than "did it sit well?", and a bare no as a note."""

from __future__ import annotations

import pytest

from bot.domain.answers import Allergen, ProbioticKind
from bot.domain.parsing import ParseFailure, ParseProblem
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
    ("text", "expected"),
    [
        ("no wait, yes", True),
        ("yes, no actually", False),
        ("ja... warte, nein", False),
        ("sí, bueno, en realidad no", False),
        ("yes no wait", ASK),  # a correction that does not say to what: asked
    ],
)
def test_a_correction_replaces_what_came_before(text: str, expected: object) -> None:
    assert stored_field(read_yes_no(text, "vitamin_c"), "flag") == expected


def test_corrections_in_every_question() -> None:
    assert stored(read_sleep("6 no wait 7")) == Understood(hours=7.0)
    assert stored(read_sleep("5, actually 6")) == Understood(hours=6.0)
    allergens = stored(read_allergens("eggs. no wait, no eggs", ALL))
    assert isinstance(allergens, Understood)
    assert allergens.allergens == ()
    symptoms = stored(read_symptoms("mild, no wait, strong cramps"))
    assert isinstance(symptoms, Understood)
    assert symptoms.symptoms is not None
    assert symptoms.symptoms.value == "strong"


@pytest.mark.parametrize(
    ("text", "watched", "expected"),
    [
        # Known by name and free of the watched allergens: clearly no exposure, in any language.
        ("oat milk", ALL, ()),
        ("coconut", ALL, ()),
        ("chicken and rice", ALL, ()),
        ("Hafermilch", ALL, ()),
        ("гречка", ALL, ()),
        ("almond milk", (Allergen.DAIRY,), ()),
        ("leche de almendra", (Allergen.DAIRY,), ()),
        ("eggs", (Allergen.PEANUTS, Allergen.TREE_NUTS), ()),
        # Still confirmed: a word not understood, a typo, a yes beside it, a maybe-allergen dish.
        ("chicken katsu", ALL, ASK),
        ("yes, rice", (Allergen.DAIRY,), ASK),
        ("vegan cheese", ALL, ASK),  # often cashews or soy
        ("vegan cheese", (Allergen.DAIRY,), ()),
        ("trail mix", (Allergen.PEANUTS,), ASK),
        ("stir fry", (Allergen.SOY,), ASK),
        ("latte di mandorla", ALL, (Allergen.TREE_NUTS,)),
    ],
)
def test_foods_without_the_watched_allergens(
    text: str, watched: tuple[Allergen, ...], expected: object
) -> None:
    assert stored_field(read_allergens(text, watched), "allergens") == expected, text


@pytest.mark.parametrize(
    ("text", "hours"),
    [
        ("7 hours, woke up twice", 7.0),
        ("slept 8h straight", 8.0),
        ("8 hours and felt great", 8.0),
        ("5 (kid woke me)", 5.0),
        ("7 but restless", 7.0),
        ("ungefähr acht", 8.0),
        ("unas 6 horas", 6.0),
        ("environ 6h", 6.0),
        ("около 6 часов", 6.0),
        ("dormí como 5 horas", 5.0),
        ("all night awake", 0.0),
        ("couldn't sleep at all", 0.0),
        ("nada", 0.0),
        # A limit, a guess, a typo, another number or a bare no: offered with one tap.
        ("5 max", ASK),
        ("7 or less", ASK),
        ("2 hours maybe", ASK),
        ("sevn", ASK),
        ("2 naps", ASK),
        ("7 am", ASK),
        ("no idea", ASK),
        ("no", ASK),
    ],
)
def test_hours_slept_with_words_around_them(text: str, hours: object) -> None:
    assert stored_field(read_sleep(text), "hours") == hours, text


def test_a_leading_yes_is_not_how_the_food_sat() -> None:
    reading = read_kinds("yes yogurt but it bloated me", after_yes=False)
    assert reading is not None
    assert reading.sure
    assert reading.tolerance == ((ProbioticKind.YOGURT, False),)


@pytest.mark.parametrize(("text", "sat_well"), [("well, no", False), ("bueno, me cayó mal", False)])
def test_a_sentence_opener_is_not_an_answer(text: str, sat_well: bool) -> None:
    reading = stored(read_tolerance(text))
    assert isinstance(reading, Understood)
    assert reading.flag is sat_well


@pytest.mark.parametrize("text", ["nö", "nee", "неа", "não", "👍"])
def test_a_bare_no_is_no_note(text: str) -> None:
    assert read_note(text) is None


@pytest.mark.parametrize(
    ("text", "sat_well"),
    [
        ("no it was fine", True),  # a bare no, then a new clause: the answer, not a negation
        ("no bloating", True),
        ("no the kimchi was fine", ASK),  # the answer and the words disagree
        ("yes kimchi bloated me", ASK),
    ],
)
def test_a_bare_no_before_a_clause(text: str, sat_well: object) -> None:
    assert stored_field(read_tolerance(text), "flag") == sat_well, text


def test_a_bare_no_beside_a_watched_food_is_asked() -> None:
    assert stored(read_allergens("no I had eggs", ALL)) == ASK
    reading = stored(read_allergens("no to eggs", ALL))
    assert isinstance(reading, Understood)
    assert reading.allergens == ()


def test_an_impossible_number_of_hours_still_says_why() -> None:
    reading = read_sleep("25 hours")
    assert isinstance(reading, ParseFailure)
    assert reading.problem is ParseProblem.OUT_OF_RANGE
