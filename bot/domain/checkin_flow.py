"""The questions of a check-in and how an answer changes a day's record (pure rules).

The flow is derived from what is stored: the question shown is the first one not yet answered
(or the one the user chose to change), so a restart mid-check-in loses nothing and any old
button still does the right thing.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum
from typing import TypeVar

from bot.domain.answers import Allergen, DayAnswers, ProbioticKind, Slot, Symptoms
from bot.domain.typed_choices import (
    ListAnswer,
    is_no_note,
    parse_allergens,
    parse_probiotic_kinds,
    parse_symptoms,
    parse_yes_no,
)

T = TypeVar("T")

MAX_SLEEP_HOURS = 24.0
MAX_NOTE_LENGTH = 1000


class Question(StrEnum):
    """Short codes: they travel inside 64-byte callback data."""

    SLEEP = "sl"
    PROBIOTICS = "pb"
    PROBIOTIC_KINDS = "pk"
    TOLERATED = "pt"
    VITAMIN_C = "vc"
    VITAMIN_D = "vd"
    ALLERGENS = "al"
    SYMPTOMS = "sy"
    NOTE = "nt"


# Answer codes for yes/no and for the multi-select controls.
YES = "y"
NO = "n"
DONE = "done"
NONE_OF_THESE = "none"
SKIP = "skip"

SLEEP_CHOICES: tuple[float, ...] = (4, 5, 6, 6.5, 7, 7.5, 8, 8.5, 9, 10)


def questions_for(slot: Slot, day: DayAnswers, watched: tuple[Allergen, ...]) -> list[Question]:
    """The questions of this check-in, given what is answered so far (follow-ups appear only
    when they apply)."""
    if slot is Slot.MORNING:
        return [Question.SLEEP]
    questions = [Question.PROBIOTICS]
    if day.probiotics:
        questions += [Question.PROBIOTIC_KINDS, Question.TOLERATED]
    questions += [Question.VITAMIN_C, Question.VITAMIN_D]
    if watched or day.allergens_asked:
        questions.append(Question.ALLERGENS)
    questions += [Question.SYMPTOMS, Question.NOTE]
    return questions


def is_answered(question: Question, day: DayAnswers, kinds_done: bool, note_done: bool) -> bool:
    match question:
        case Question.SLEEP:
            return day.sleep_hours is not None
        case Question.PROBIOTICS:
            return day.probiotics is not None
        case Question.PROBIOTIC_KINDS:
            return kinds_done
        case Question.TOLERATED:
            return day.probiotic_tolerated is not None
        case Question.VITAMIN_C:
            return day.vitamin_c is not None
        case Question.VITAMIN_D:
            return day.vitamin_d is not None
        case Question.ALLERGENS:
            return day.allergens_answered
        case Question.SYMPTOMS:
            return day.symptoms is not None
        case Question.NOTE:
            return note_done


@dataclass(frozen=True)
class DayRecord:
    """A day's answers plus the progress flags that are not answers themselves."""

    answers: DayAnswers
    kinds_done: bool = False
    note_done: bool = False

    def answered(self, question: Question) -> bool:
        return is_answered(question, self.answers, self.kinds_done, self.note_done)


def next_question(slot: Slot, record: DayRecord, watched: tuple[Allergen, ...]) -> Question | None:
    for question in questions_for(slot, record.answers, watched):
        if not record.answered(question):
            return question
    return None


class AnswerError(StrEnum):
    UNKNOWN_VALUE = "unknown_value"
    OUT_OF_RANGE = "out_of_range"
    NOT_ASKED = "not_asked"


@dataclass(frozen=True)
class AnswerResult:
    record: DayRecord
    changed: bool
    # The question stays on screen (a multi-select toggle) rather than moving on.
    stay: bool = False


def apply_answer(
    record: DayRecord,
    question: Question,
    value: str,
    watched: tuple[Allergen, ...],
) -> AnswerResult | AnswerError:
    """The record after answering ``question`` with ``value`` (a button code or typed text
    already parsed to a canonical string). Answering with the stored value changes nothing."""
    day = record.answers
    match question:
        case Question.SLEEP:
            try:
                hours = float(value)
            except ValueError:
                return AnswerError.UNKNOWN_VALUE
            if not 0 <= hours <= MAX_SLEEP_HOURS:
                return AnswerError.OUT_OF_RANGE
            return _result(record, replace(record, answers=replace(day, sleep_hours=hours)))
        case Question.PROBIOTICS:
            flag = _yes_no(value)
            if flag is None:
                return AnswerError.UNKNOWN_VALUE
            if flag == day.probiotics:
                return AnswerResult(record, changed=False)
            if flag:
                return _result(record, replace(record, answers=replace(day, probiotics=True)))
            # "No" makes the follow-ups meaningless: forget them rather than keep stale data.
            cleared = replace(day, probiotics=False, probiotic_kinds=(), probiotic_tolerated=None)
            return _result(record, replace(record, answers=cleared, kinds_done=False))
        case Question.PROBIOTIC_KINDS:
            if not day.probiotics:
                return AnswerError.NOT_ASKED
            if value == DONE:
                return _result(record, replace(record, kinds_done=True))
            try:
                kind = ProbioticKind(value)
            except ValueError:
                return AnswerError.UNKNOWN_VALUE
            kinds = _toggle(day.probiotic_kinds, kind, order=tuple(ProbioticKind))
            updated = replace(record, answers=replace(day, probiotic_kinds=kinds))
            return AnswerResult(updated, changed=True, stay=True)
        case Question.TOLERATED:
            if not day.probiotics:
                return AnswerError.NOT_ASKED
            flag = _yes_no(value)
            if flag is None:
                return AnswerError.UNKNOWN_VALUE
            return _result(record, replace(record, answers=replace(day, probiotic_tolerated=flag)))
        case Question.VITAMIN_C | Question.VITAMIN_D:
            flag = _yes_no(value)
            if flag is None:
                return AnswerError.UNKNOWN_VALUE
            if question is Question.VITAMIN_C:
                return _result(record, replace(record, answers=replace(day, vitamin_c=flag)))
            return _result(record, replace(record, answers=replace(day, vitamin_d=flag)))
        case Question.ALLERGENS:
            return _apply_allergens(record, value, watched)
        case Question.SYMPTOMS:
            try:
                level = Symptoms(value)
            except ValueError:
                return AnswerError.UNKNOWN_VALUE
            return _result(record, replace(record, answers=replace(day, symptoms=level)))
        case Question.NOTE:
            if value == SKIP:
                return _result(record, replace(record, note_done=True))
            note = value.strip()[:MAX_NOTE_LENGTH] or None
            return _result(record, replace(record, answers=replace(day, note=note), note_done=True))


def apply_typed(
    record: DayRecord,
    question: Question,
    text: str,
    watched: tuple[Allergen, ...],
) -> AnswerResult | AnswerError:
    """The record after a typed answer to a button question ("yes", "kimchi and yogurt",
    "none", "a bit"); words are read by :mod:`bot.domain.typed_choices`. Typing a list answers
    the question in one go: the options named are added to any already tapped."""
    day = record.answers
    match question:
        case Question.PROBIOTICS | Question.TOLERATED | Question.VITAMIN_C | Question.VITAMIN_D:
            flag = parse_yes_no(text)
            if flag is None:
                return AnswerError.UNKNOWN_VALUE
            return apply_answer(record, question, YES if flag else NO, watched)
        case Question.PROBIOTIC_KINDS:
            if not day.probiotics:
                return AnswerError.NOT_ASKED
            kinds = parse_probiotic_kinds(text)
            if kinds is None or kinds is ListAnswer.NONE:
                return AnswerError.UNKNOWN_VALUE
            if kinds is ListAnswer.DONE:
                return apply_answer(record, question, DONE, watched)
            chosen = set(day.probiotic_kinds) | set(kinds)
            merged = tuple(kind for kind in ProbioticKind if kind in chosen)
            updated = replace(record, answers=replace(day, probiotic_kinds=merged), kinds_done=True)
            return _result(record, updated)
        case Question.ALLERGENS:
            asked = day.allergens_asked or watched
            if not asked:
                return AnswerError.NOT_ASKED
            exposure = parse_allergens(text, asked)
            if exposure is None:
                return AnswerError.UNKNOWN_VALUE
            if isinstance(exposure, ListAnswer):
                code = NONE_OF_THESE if exposure is ListAnswer.NONE else DONE
                return apply_answer(record, question, code, watched)
            exposed = set(day.allergens_exposed) | set(exposure)
            updated_day = replace(
                day,
                allergens_asked=asked,
                allergens_exposed=tuple(a for a in Allergen if a in exposed),
                allergens_answered=True,
            )
            return _result(record, replace(record, answers=updated_day))
        case Question.SYMPTOMS:
            level = parse_symptoms(text)
            if level is None:
                return AnswerError.UNKNOWN_VALUE
            return apply_answer(record, question, level.value, watched)
        case Question.NOTE:
            return apply_answer(record, question, SKIP if is_no_note(text) else text, watched)
        case Question.SLEEP:
            return apply_answer(record, question, text, watched)


def _apply_allergens(
    record: DayRecord, value: str, watched: tuple[Allergen, ...]
) -> AnswerResult | AnswerError:
    day = record.answers
    # The question is about the allergens watched when it was first asked that day.
    asked = day.allergens_asked or watched
    if not asked:
        return AnswerError.NOT_ASKED
    if value == NONE_OF_THESE:
        updated = replace(day, allergens_asked=asked, allergens_exposed=(), allergens_answered=True)
        return _result(record, replace(record, answers=updated))
    if value == DONE:
        updated = replace(day, allergens_asked=asked, allergens_answered=True)
        return _result(record, replace(record, answers=updated))
    try:
        allergen = Allergen(value)
    except ValueError:
        return AnswerError.UNKNOWN_VALUE
    if allergen not in asked:
        return AnswerError.NOT_ASKED
    exposed = _toggle(day.allergens_exposed, allergen, order=tuple(Allergen))
    updated = replace(day, allergens_asked=asked, allergens_exposed=exposed)
    return AnswerResult(replace(record, answers=updated), changed=True, stay=True)


def _result(before: DayRecord, after: DayRecord) -> AnswerResult:
    return AnswerResult(after, changed=after != before)


def _yes_no(value: str) -> bool | None:
    return {YES: True, NO: False}.get(value)


def _toggle(items: tuple[T, ...], item: T, order: tuple[T, ...]) -> tuple[T, ...]:
    chosen = set(items) ^ {item}
    return tuple(option for option in order if option in chosen)


def is_complete(slot: Slot, record: DayRecord, watched: tuple[Allergen, ...]) -> bool:
    return next_question(slot, record, watched) is None
