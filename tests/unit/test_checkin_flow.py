"""The check-in questions and how answers change a day's record."""

from __future__ import annotations

from datetime import date

from bot.domain.answers import Allergen, DayAnswers, ProbioticKind, Slot, Symptoms
from bot.domain.checkin_flow import (
    DONE,
    NO,
    NONE_OF_THESE,
    SKIP,
    YES,
    AnswerError,
    AnswerResult,
    DayRecord,
    Question,
    apply_answer,
    is_complete,
    next_question,
)
from bot.views.checkin import CheckinState, follow_ups

DAY = date(2025, 6, 1)
WATCHED = (Allergen.PEANUTS, Allergen.DAIRY)


def fresh() -> DayRecord:
    return DayRecord(answers=DayAnswers(local_date=DAY))


def answer(record: DayRecord, question: Question, value: str, watched=WATCHED) -> DayRecord:
    result = apply_answer(record, question, value, watched)
    assert isinstance(result, AnswerResult), result
    return result.record


def test_morning_is_one_question_about_sleep() -> None:
    record = fresh()
    assert next_question(Slot.MORNING, record, WATCHED) is Question.SLEEP
    record = answer(record, Question.SLEEP, "7.5")
    assert record.answers.sleep_hours == 7.5
    assert is_complete(Slot.MORNING, record, WATCHED)


def test_sleep_outside_0_to_24_is_refused() -> None:
    assert apply_answer(fresh(), Question.SLEEP, "25", WATCHED) is AnswerError.OUT_OF_RANGE
    assert apply_answer(fresh(), Question.SLEEP, "-1", WATCHED) is AnswerError.OUT_OF_RANGE
    assert apply_answer(fresh(), Question.SLEEP, "x", WATCHED) is AnswerError.UNKNOWN_VALUE


def test_full_evening_with_probiotics_in_order() -> None:
    record = fresh()
    order = []
    steps = [
        (Question.PROBIOTICS, YES),
        (Question.PROBIOTIC_KINDS, ProbioticKind.YOGURT.value),
        (Question.PROBIOTIC_KINDS, ProbioticKind.KIMCHI.value),
        (Question.PROBIOTIC_KINDS, DONE),
        (Question.TOLERATED, NO),
        (Question.VITAMIN_C, YES),
        (Question.VITAMIN_D, NO),
        (Question.ALLERGENS, Allergen.DAIRY.value),
        (Question.ALLERGENS, DONE),
        (Question.SYMPTOMS, Symptoms.MILD.value),
        (Question.NOTE, "felt bloated after lunch"),
    ]
    for question, value in steps:
        order.append(next_question(Slot.EVENING, record, WATCHED))
        record = answer(record, question, value)
    assert is_complete(Slot.EVENING, record, WATCHED)
    day = record.answers
    assert day.probiotics is True
    assert day.probiotic_kinds == (ProbioticKind.YOGURT, ProbioticKind.KIMCHI)
    assert day.probiotic_tolerated is False
    assert (day.vitamin_c, day.vitamin_d) == (True, False)
    assert day.allergens_exposed == (Allergen.DAIRY,)
    assert day.allergens_asked == WATCHED
    assert day.symptoms is Symptoms.MILD
    assert day.note == "felt bloated after lunch"
    assert order[0] is Question.PROBIOTICS
    assert order[-1] is Question.NOTE


def test_no_probiotics_skips_the_follow_ups_and_no_allergens_watched_skips_that_question() -> None:
    record = answer(fresh(), Question.PROBIOTICS, NO, watched=())
    assert next_question(Slot.EVENING, record, ()) is Question.VITAMIN_C
    for question, value in [
        (Question.VITAMIN_C, YES),
        (Question.VITAMIN_D, YES),
        (Question.SYMPTOMS, "none"),
        (Question.NOTE, SKIP),
    ]:
        record = answer(record, question, value, watched=())
    assert is_complete(Slot.EVENING, record, ())
    assert record.answers.note is None


def test_changing_yes_to_no_forgets_the_follow_ups() -> None:
    record = answer(fresh(), Question.PROBIOTICS, YES)
    record = answer(record, Question.PROBIOTIC_KINDS, "yogurt")
    record = answer(record, Question.PROBIOTIC_KINDS, DONE)
    record = answer(record, Question.TOLERATED, YES)
    record = answer(record, Question.PROBIOTICS, NO)
    assert record.answers.probiotic_kinds == ()
    assert record.answers.probiotic_tolerated is None


def test_same_answer_twice_changes_nothing() -> None:
    record = answer(fresh(), Question.VITAMIN_C, YES)
    result = apply_answer(record, Question.VITAMIN_C, YES, WATCHED)
    assert isinstance(result, AnswerResult)
    assert not result.changed


def test_changing_an_answer_overwrites_it() -> None:
    record = answer(fresh(), Question.VITAMIN_C, YES)
    record = answer(record, Question.VITAMIN_C, NO)
    assert record.answers.vitamin_c is False


def test_multi_select_toggles_and_stays_on_screen() -> None:
    result = apply_answer(fresh(), Question.ALLERGENS, "peanuts", WATCHED)
    assert isinstance(result, AnswerResult)
    assert result.stay
    record = answer(result.record, Question.ALLERGENS, "peanuts")
    assert record.answers.allergens_exposed == ()
    record = answer(record, Question.ALLERGENS, NONE_OF_THESE)
    assert record.answers.allergens_answered


def test_unwatched_allergen_or_unknown_value_is_refused() -> None:
    assert apply_answer(fresh(), Question.ALLERGENS, "soy", WATCHED) is AnswerError.NOT_ASKED
    assert apply_answer(fresh(), Question.SYMPTOMS, "awful", WATCHED) is AnswerError.UNKNOWN_VALUE
    assert apply_answer(fresh(), Question.TOLERATED, YES, WATCHED) is AnswerError.NOT_ASKED


def test_reported_exposure_and_symptoms_get_one_neutral_note_for_the_medical_team() -> None:
    def notes(**answers: object) -> list[str]:
        record = DayRecord(answers=DayAnswers(local_date=DAY, **answers))  # type: ignore[arg-type]
        return [str(n) for n in follow_ups(CheckinState(1, Slot.EVENING, DAY, record, WATCHED))]

    assert notes() == []
    assert notes(symptoms=Symptoms.NONE, allergens_exposed=()) == []
    [exposure] = notes(allergens_exposed=(Allergen.PEANUTS,))
    [symptoms] = notes(symptoms=Symptoms.MILD)
    [both] = notes(allergens_exposed=(Allergen.PEANUTS,), symptoms=Symptoms.STRONG)
    for note in (exposure, symptoms, both):
        assert "medical team" in note
    assert "emergency" in symptoms
    assert "emergency" in both
    for note in (exposure, symptoms, both):  # a record, never a cause or a diagnosis
        assert not any(word in note.lower() for word in ("allergic to", "caused", "diagnos"))
