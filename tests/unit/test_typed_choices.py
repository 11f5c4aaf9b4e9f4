"""Typed answers to the evening's button questions: what people type, and what it records."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.answers import Allergen, DayAnswers, ProbioticKind, Symptoms
from bot.domain.checkin_flow import (
    AnswerError,
    AnswerResult,
    DayRecord,
    Question,
    apply_typed,
)
from bot.domain.typed_choices import (
    ListAnswer,
    is_no_note,
    parse_allergens,
    parse_probiotic_kinds,
    parse_symptoms,
    parse_yes_no,
)

DAY = date(2025, 6, 2)
WATCHED = (Allergen.EGGS, Allergen.DAIRY)


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("yes", True),
        ("Yes!", True),
        ("y", True),
        ("yep", True),
        ("Yeah, twice", True),
        ("sure", True),
        ("ok", True),
        ("👍", True),
        ("👍️", True),  # with the emoji presentation selector
        ("✅", True),
        ("I did", True),
        ("of course", True),
        ("no", False),
        ("No.", False),
        ("nope", False),
        ("nah", False),
        ("not really", False),
        ("not today", False),
        ("I didn't", False),
        ("did not", False),
        ("👎", False),
        ("❌", False),
        ("maybe", None),
        ("not sure", None),
        ("don't know", None),
        ("hmm", None),
        ("kimchi", None),
        ("", None),
        ("   ", None),
    ],
)
def test_yes_and_no_in_everyday_words(text: str, flag: bool | None) -> None:
    assert parse_yes_no(text) is flag


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("kimchi", (ProbioticKind.KIMCHI,)),
        ("Yoghurt and kefir", (ProbioticKind.YOGURT, ProbioticKind.MILK_KEFIR)),
        ("sauerkraut, kimchi", (ProbioticKind.KIMCHI, ProbioticKind.SAUERKRAUT)),
        ("a probiotic capsule", (ProbioticKind.SUPPLEMENT,)),
        ("kombucha", (ProbioticKind.OTHER,)),
        ("miso soup and yogurt", (ProbioticKind.YOGURT, ProbioticKind.OTHER)),
        ("yogurt but no kimchi", (ProbioticKind.YOGURT,)),
        ("done", ListAnswer.DONE),
        ("That's all", ListAnswer.DONE),
        ("pizza", None),
        ("none", None),  # the question only comes after a yes
        ("", None),
    ],
)
def test_fermented_foods_by_name(text: str, kinds: object) -> None:
    assert parse_probiotic_kinds(text) == kinds


@pytest.mark.parametrize(
    ("text", "asked", "answer"),
    [
        ("eggs", WATCHED, (Allergen.EGGS,)),
        ("an egg", WATCHED, (Allergen.EGGS,)),
        ("milk and eggs", WATCHED, (Allergen.EGGS, Allergen.DAIRY)),
        ("no eggs but some dairy", WATCHED, (Allergen.DAIRY,)),
        ("none", WATCHED, ListAnswer.NONE),
        ("no", WATCHED, ListAnswer.NONE),
        ("nope", WATCHED, ListAnswer.NONE),
        ("None of these", WATCHED, ListAnswer.NONE),
        ("done", WATCHED, ListAnswer.DONE),
        ("yes", (Allergen.PEANUTS,), (Allergen.PEANUTS,)),  # only one asked: no doubt
        ("yes", WATCHED, None),  # which one?
        ("fish", WATCHED, None),  # not asked about: a tap on the real list is clearer
        ("bread", WATCHED, None),  # foods are not guessed into allergens
        ("tree nuts", (Allergen.TREE_NUTS,), (Allergen.TREE_NUTS,)),
        ("peanut butter", (Allergen.PEANUTS,), (Allergen.PEANUTS,)),
        ("soya", (Allergen.SOY,), (Allergen.SOY,)),
    ],
)
def test_allergen_exposure_by_name(text: str, asked: tuple[Allergen, ...], answer: object) -> None:
    assert parse_allergens(text, asked) == answer


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("none", Symptoms.NONE),
        ("No", Symptoms.NONE),
        ("fine", Symptoms.NONE),
        ("mild", Symptoms.MILD),
        ("a bit", Symptoms.MILD),
        ("just a little", Symptoms.MILD),
        ("so-so", Symptoms.MILD),
        ("Strong", Symptoms.STRONG),
        ("severe", Symptoms.STRONG),
        ("pretty bad", Symptoms.STRONG),
        ("yes", None),  # mild or strong?
        ("my stomach hurts", None),
    ],
)
def test_symptom_levels_in_everyday_words(text: str, level: Symptoms | None) -> None:
    assert parse_symptoms(text) is level


@pytest.mark.parametrize(
    ("text", "none"),
    [
        *[("none", True), ("No note", True), ("nothing", True), ("-", True), ("skip", True)],
        *[("none of my business", False), ("no coffee today", False), ("slept badly", False)],
    ],
)
def test_saying_there_is_nothing_to_note(text: str, none: bool) -> None:
    assert is_no_note(text) is none


@given(st.text(max_size=300))
def test_no_text_crashes_a_parser(text: str) -> None:
    parse_yes_no(text)
    parse_probiotic_kinds(text)
    parse_allergens(text, WATCHED)
    parse_symptoms(text)
    is_no_note(text)


def typed(record: DayRecord, question: Question, text: str) -> DayRecord:
    result = apply_typed(record, question, text, WATCHED)
    assert isinstance(result, AnswerResult), result
    return result.record


def test_a_whole_evening_typed_records_what_the_buttons_would() -> None:
    record = DayRecord(answers=DayAnswers(local_date=DAY))
    record = typed(record, Question.PROBIOTICS, "yes")
    record = typed(record, Question.PROBIOTIC_KINDS, "kimchi and yogurt")
    assert record.kinds_done  # a typed list answers the question in one go
    record = typed(record, Question.TOLERATED, "not really")
    record = typed(record, Question.VITAMIN_C, "yep")
    record = typed(record, Question.VITAMIN_D, "no")
    record = typed(record, Question.ALLERGENS, "some milk")
    record = typed(record, Question.SYMPTOMS, "a bit")
    record = typed(record, Question.NOTE, "none")
    day = record.answers
    assert day.probiotics is True
    assert day.probiotic_kinds == (ProbioticKind.YOGURT, ProbioticKind.KIMCHI)
    assert day.probiotic_tolerated is False
    assert (day.vitamin_c, day.vitamin_d) == (True, False)
    assert day.allergens_asked == WATCHED
    assert day.allergens_exposed == (Allergen.DAIRY,)
    assert day.allergens_answered
    assert day.symptoms is Symptoms.MILD
    assert day.note is None
    assert record.note_done


def test_typed_kinds_add_to_those_already_tapped() -> None:
    record = DayRecord(
        answers=DayAnswers(local_date=DAY, probiotics=True, probiotic_kinds=(ProbioticKind.OTHER,))
    )
    record = typed(record, Question.PROBIOTIC_KINDS, "sauerkraut")
    assert record.answers.probiotic_kinds == (ProbioticKind.SAUERKRAUT, ProbioticKind.OTHER)


def test_text_that_answers_nothing_changes_nothing() -> None:
    record = DayRecord(answers=DayAnswers(local_date=DAY))
    for question, text in [
        (Question.PROBIOTICS, "hmm"),
        (Question.ALLERGENS, "fish"),
        (Question.SYMPTOMS, "yes"),
    ]:
        assert apply_typed(record, question, text, WATCHED) is AnswerError.UNKNOWN_VALUE
    assert apply_typed(record, Question.PROBIOTIC_KINDS, "kimchi", WATCHED) is (
        AnswerError.NOT_ASKED
    )
