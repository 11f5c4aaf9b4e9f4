"""Typed answers read per question (issue 10 §2): every example from the issue, plus the
everyday words the check-in has always understood. ``ASK`` = not stored without a tap."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.answers import Allergen, DayAnswers, ProbioticKind, Slot, Symptoms
from bot.domain.checkin_flow import (
    AnswerError,
    AnswerResult,
    DayRecord,
    Question,
    apply_typed,
    apply_understood,
)
from bot.domain.parsing import ParseFailure
from bot.domain.typed_reading import (
    Understood,
    read_allergens,
    read_check_in_time,
    read_kinds,
    read_note,
    read_sleep,
    read_symptoms,
    read_tolerance,
    read_yes_no,
)
from bot.views.phrases import clock
from tests.unit.typed_corpus import ASK, stored, stored_field

DAY = date(2025, 6, 2)
WATCHED = (Allergen.EGGS, Allergen.DAIRY)

ALL = tuple(Allergen)
Y, K, M = ProbioticKind.YOGURT, ProbioticKind.KIMCHI, ProbioticKind.MILK_KEFIR


@pytest.mark.parametrize(
    ("text", "sat_well"),
    [
        # The examples: the question decides, not the first word.
        ("absolutely not", False),
        ("definitely not", False),
        ("no problems", True),
        ("no issues", True),
        ("not bad", True),
        ("didn't bother me", True),
        ("nah it was fine", True),
        ("nope, sat fine", True),
        ("yes", True),
        ("no", False),
        ("not really", False),
        ("bloated", False),
        ("👎", False),
        ("maybe", ASK),
        ("a little bloated but fine", ASK),
    ],
)
def test_did_it_sit_well(text: str, sat_well: object) -> None:
    assert stored_field(read_tolerance(text), "flag") is sat_well


def test_tolerance_per_fermented_food() -> None:
    reading = read_tolerance("kimchi sat well but the milk didn't")
    assert reading is not None
    assert reading.sure
    assert dict(reading.tolerance) == {K: True, M: False}
    assert reading.flag is False  # not everything sat well


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("yes", True),
        ("Yes!", True),
        ("y", True),
        ("Yeah, twice", True),
        ("👍️", True),  # with the emoji presentation selector
        ("✅", True),
        ("of course", True),
        ("took my vitamin c", True),
        ("an orange", ASK),  # a food rich in vitamin C is not taking it: confirmed
        ("ja", True),
        ("sí", True),
        ("oui", True),
        ("sim", True),
        ("да", True),
        ("no", False),
        ("No.", False),
        ("not today", False),
        ("I didn't", False),
        ("did not", False),
        ("forgot", False),
        ("nein", False),
        ("non", False),
        ("não", False),
        ("нет", False),
        ("❌", False),
        ("maybe", ASK),
        ("not sure", ASK),
        ("don't know", ASK),
        ("hmm", ASK),
        ("", ASK),
        ("   ", ASK),
    ],
)
def test_vitamin_yes_and_no_in_everyday_words(text: str, flag: object) -> None:
    assert stored_field(read_yes_no(text, "vitamin_c"), "flag") is flag


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("kimchi and yogurt", (Y, K)),  # the README's example answers yes and says which
        ("yes, kimchi", (K,)),
        ("I didn't have yogurt but had kefir", (M,)),
        ("miso soup and yogurt", (Y, ProbioticKind.OTHER)),
        ("yogurt but no kimchi", (Y,)),
    ],
)
def test_foods_named_at_the_probiotics_question_answer_yes(
    text: str, kinds: tuple[ProbioticKind, ...]
) -> None:
    reading = stored(read_kinds(text, after_yes=False))
    assert isinstance(reading, Understood)
    assert reading.flag is True
    assert reading.kinds == kinds


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        ("kimchi", (K,)),
        ("Yoghurt and kefir", (Y, M)),
        ("saurkraut", (ProbioticKind.SAUERKRAUT,)),  # a typo
        ("a probiotic capsule", (ProbioticKind.SUPPLEMENT,)),
        ("kombucha", (ProbioticKind.OTHER,)),
        ("done", "done"),
        ("That's all", "done"),
        ("pizza", ASK),
        ("oat milk", ASK),  # a plant milk is not milk kefir
        ("", ASK),
    ],
)
def test_which_fermented_foods(text: str, answer: object) -> None:
    reading = stored(read_kinds(text, after_yes=True))
    if answer == ASK:
        assert reading == ASK
    elif answer == "done":
        assert isinstance(reading, Understood)
        assert reading.done
    else:
        assert isinstance(reading, Understood)
        assert reading.kinds == answer


@pytest.mark.parametrize(
    ("text", "asked", "exposed"),
    [
        ("egg-free", ALL, ()),
        ("peanut-free", ALL, ()),
        ("dairy free milk", ALL, ()),
        ("eggs? no", ALL, ()),
        ("no to eggs", ALL, ()),
        ("oat milk", ALL, ()),  # a food known to have none of the watched allergens: none
        ("chicken katsu", ALL, ASK),  # a word not understood beside it: confirm "none"
        ("vegan cheese", ALL, ASK),  # often made from cashews or soy
        ("almond milk", ALL, (Allergen.TREE_NUTS,)),
        ("peanuts, almonds", ALL, (Allergen.TREE_NUTS, Allergen.PEANUTS)),
        ("shrimp", ALL, (Allergen.SHELLFISH,)),
        ("prawns", ALL, (Allergen.SHELLFISH,)),
        ("salmon", ALL, (Allergen.FISH,)),
        ("cheese", ALL, (Allergen.DAIRY,)),
        ("yogurt", ALL, (Allergen.DAIRY,)),
        ("walnuts", ALL, (Allergen.TREE_NUTS,)),
        ("soy sauce", ALL, (Allergen.SOY, Allergen.WHEAT)),
        ("bread", ALL, (Allergen.WHEAT,)),
        ("no eggs but some dairy", WATCHED, (Allergen.DAIRY,)),
        ("none", WATCHED, ()),
        ("nope", WATCHED, ()),
        ("yes", (Allergen.PEANUTS,), (Allergen.PEANUTS,)),  # only one asked: no doubt
        ("yes", WATCHED, ASK),  # which one?
        ("nuts", ALL, ASK),  # tree nuts, peanuts, or both?
        ("cake", ALL, ASK),  # often, not always, eggs, dairy and wheat
    ],
)
def test_allergen_exposure(text: str, asked: tuple[Allergen, ...], exposed: object) -> None:
    assert stored_field(read_allergens(text, asked), "allergens") == exposed


@pytest.mark.parametrize(
    ("text", "hours"),
    [
        ("7h30", 7.5),
        ("11pm to 7am", 8.0),
        ("23:00-06:30", 7.5),
        ("seven and a half", 7.5),
        ("8 Stunden", 8.0),
        ("7 huors", 7.0),
        ("12", 12.0),
        ("1,000", ASK),  # not 1 h
        ("20", ASK),  # possible, but confirmed rather than praised
        ("15 hours", ASK),
        ("a lot", ASK),
    ],
)
def test_hours_slept(text: str, hours: object) -> None:
    reading = read_sleep(text)
    if hours == ASK:
        assert isinstance(reading, ParseFailure) or not reading.sure
    else:
        assert isinstance(reading, Understood)
        assert reading.sure
        assert reading.hours == hours


def test_a_long_night_is_read_but_marked_for_confirmation() -> None:
    reading = read_sleep("20")
    assert isinstance(reading, Understood)
    assert reading.hours == 20
    assert not reading.sure


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("none", Symptoms.NONE),
        ("No", Symptoms.NONE),
        ("fine", Symptoms.NONE),
        ("no bloating", Symptoms.NONE),
        ("mild", Symptoms.MILD),
        ("a bit", Symptoms.MILD),
        ("just a little", Symptoms.MILD),
        ("a little bloated", Symptoms.MILD),
        ("Strong", Symptoms.STRONG),
        ("severe", Symptoms.STRONG),
        ("pretty bad", Symptoms.STRONG),
        ("yes", ASK),  # mild or strong?
        ("stomach ache", ASK),
    ],
)
def test_symptom_levels(text: str, level: object) -> None:
    assert stored_field(read_symptoms(text), "symptoms") is level


def test_symptoms_yes_offers_the_two_levels() -> None:
    reading = read_symptoms("yes")
    assert reading is not None
    assert [c.symptoms for c in reading.choices] == [Symptoms.MILD, Symptoms.STRONG]


@pytest.mark.parametrize(
    ("text", "note"),
    [
        *[("none", None), ("No note", None), ("nothing", None), ("-", None), ("skip", None)],
        ("none of my business", "none of my business"),
        ("no coffee today", "no coffee today"),
        ("I didn't have yogurt but had kefir", "I didn't have yogurt but had kefir"),
    ],
)
def test_saying_there_is_nothing_to_note(text: str, note: str | None) -> None:
    assert read_note(text) == note


@pytest.mark.parametrize(
    ("slot", "text", "at"),
    [
        (Slot.MORNING, "6.45am", "06:45"),
        (Slot.MORNING, "half past seven", "07:30"),
        (Slot.EVENING, "9", "21:00"),
        (Slot.EVENING, "9pm", "21:00"),
        (Slot.EVENING, "21.30", "21:30"),
    ],
)
def test_check_in_times(slot: Slot, text: str, at: str) -> None:
    parsed = read_check_in_time(text, slot)
    assert not isinstance(parsed, ParseFailure)
    assert clock(parsed) == at


@given(st.text(max_size=400))
def test_no_text_crashes_a_reader(text: str) -> None:
    read_tolerance(text)
    read_yes_no(text, "vitamin_d")
    read_kinds(text, after_yes=False)
    read_kinds(text, after_yes=True)
    read_allergens(text, WATCHED)
    read_symptoms(text)
    read_note(text)
    read_sleep(text)
    read_check_in_time(text, Slot.EVENING)


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
    assert day.probiotic_kinds == (Y, K)
    assert day.probiotic_tolerated is False
    assert (day.vitamin_c, day.vitamin_d) == (True, False)
    assert day.allergens_asked == WATCHED
    assert day.allergens_exposed == (Allergen.DAIRY,)
    assert day.allergens_answered
    assert day.symptoms is Symptoms.MILD
    assert day.note is None
    assert record.note_done


def test_a_list_at_the_first_question_answers_yes_and_which_ones() -> None:
    record = typed(DayRecord(answers=DayAnswers(local_date=DAY)), Question.PROBIOTICS, "kimchi")
    assert record.answers.probiotics is True
    assert record.answers.probiotic_kinds == (K,)
    assert record.kinds_done  # next comes "Did it sit well?"


def test_per_food_tolerance_is_kept_and_read_back_per_food() -> None:
    record = DayRecord(answers=DayAnswers(local_date=DAY))
    record = typed(record, Question.PROBIOTICS, "kimchi and milk")
    record = typed(record, Question.TOLERATED, "kimchi sat well but the milk didn't")
    day = record.answers
    assert day.tolerance_by_kind() == {K: True, M: False}
    assert day.probiotic_tolerated is False
    # A tap answers for every food again.
    from bot.domain.checkin_flow import apply_answer

    result = apply_answer(record, Question.TOLERATED, "y", WATCHED)
    assert isinstance(result, AnswerResult)
    assert result.record.answers.tolerance_by_kind() == {M: True, K: True}


def test_a_day_answer_covers_foods_without_their_own_answer() -> None:
    day = DayAnswers(
        local_date=DAY,
        probiotics=True,
        probiotic_kinds=(Y, K),
        probiotic_tolerated=True,
        probiotic_tolerance=((K, False),),
    )
    assert day.tolerance_by_kind() == {Y: True, K: False}


def test_typed_kinds_add_to_those_already_tapped() -> None:
    record = DayRecord(
        answers=DayAnswers(local_date=DAY, probiotics=True, probiotic_kinds=(ProbioticKind.OTHER,))
    )
    record = typed(record, Question.PROBIOTIC_KINDS, "sauerkraut")
    assert record.answers.probiotic_kinds == (ProbioticKind.SAUERKRAUT, ProbioticKind.OTHER)


def test_text_that_is_unclear_changes_nothing() -> None:
    record = DayRecord(answers=DayAnswers(local_date=DAY))
    for question, text in [
        (Question.PROBIOTICS, "hmm"),
        (Question.ALLERGENS, "fish katsu"),  # a word not understood: confirmed first
        (Question.SYMPTOMS, "yes"),
        (Question.TOLERATED, "maybe"),
    ]:
        assert apply_typed(record, question, text, WATCHED) is AnswerError.UNKNOWN_VALUE
    assert apply_typed(record, Question.PROBIOTIC_KINDS, "kimchi", WATCHED) is (
        AnswerError.NOT_ASKED
    )


def test_a_confirmed_reading_is_stored_like_a_sure_one() -> None:
    record = DayRecord(answers=DayAnswers(local_date=DAY, probiotics=True))
    reading = Understood(sure=False, flag=False)
    result = apply_understood(record, Question.TOLERATED, reading, WATCHED)
    assert isinstance(result, AnswerResult)
    assert result.record.answers.probiotic_tolerated is False
