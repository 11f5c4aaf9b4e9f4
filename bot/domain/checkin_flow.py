"""The questions of a check-in and how an answer changes a day's record (pure rules).

The flow is derived from what is stored: the question shown is the first one not yet answered
(or the one the user chose to change), so a restart mid-check-in loses nothing and any old
button still does the right thing.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum
from typing import TypeVar

from bot.domain.answers import (
    Allergen,
    DayAnswers,
    ProbioticKind,
    Slot,
    Symptoms,
    valid_sleep_hours,
)
from bot.domain.parsing import ParseFailure
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

T = TypeVar("T")

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
                typed = float(value)
            except ValueError:
                return AnswerError.UNKNOWN_VALUE
            hours = valid_sleep_hours(typed)
            if hours is None:
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
            cleared = replace(
                day,
                probiotics=False,
                probiotic_kinds=(),
                probiotic_tolerated=None,
                probiotic_tolerance=(),
            )
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
            tolerance = tuple(pair for pair in day.probiotic_tolerance if pair[0] in kinds)
            updated = replace(
                record,
                answers=replace(day, probiotic_kinds=kinds, probiotic_tolerance=tolerance),
            )
            return AnswerResult(updated, changed=True, stay=True)
        case Question.TOLERATED:
            if not day.probiotics:
                return AnswerError.NOT_ASKED
            flag = _yes_no(value)
            if flag is None:
                return AnswerError.UNKNOWN_VALUE
            # One tap answers for every food eaten that day.
            answers = replace(day, probiotic_tolerated=flag, probiotic_tolerance=())
            return _result(record, replace(record, answers=answers))
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


def read_answer(
    question: Question, text: str, day: DayAnswers, watched: tuple[Allergen, ...]
) -> Understood | ParseFailure | None:
    """What typed text says for ``question`` (see :mod:`bot.domain.typed_reading`): a reading
    (sure, or to be confirmed), why hours slept could not be read, or ``None`` when the text
    does not answer the question. Notes are taken as they are (see :func:`apply_typed`)."""
    match question:
        case Question.SLEEP:
            return read_sleep(text)
        case Question.PROBIOTICS:
            return read_kinds(text, after_yes=False)
        case Question.PROBIOTIC_KINDS:
            return read_kinds(text, after_yes=True)
        case Question.TOLERATED:
            return read_tolerance(text)
        case Question.VITAMIN_C:
            return read_yes_no(text, "vitamin_c")
        case Question.VITAMIN_D:
            return read_yes_no(text, "vitamin_d")
        case Question.ALLERGENS:
            return read_allergens(text, day.allergens_asked or watched)
        case Question.SYMPTOMS:
            return read_symptoms(text)
        case Question.NOTE:
            return None


def apply_typed(
    record: DayRecord,
    question: Question,
    text: str,
    watched: tuple[Allergen, ...],
) -> AnswerResult | AnswerError:
    """The record after a typed answer that is clear enough to store without asking; an
    unclear one is :attr:`AnswerError.UNKNOWN_VALUE` (the caller asks for a tap). A note is
    stored as typed, unless it says "nothing to note"."""
    if question is Question.NOTE:
        note = read_note(text)
        return apply_answer(record, question, SKIP if note is None else note, watched)
    reading = read_answer(question, text, record.answers, watched)
    if not isinstance(reading, Understood) or not reading.sure:
        return AnswerError.UNKNOWN_VALUE
    return apply_understood(record, question, reading, watched)


def apply_understood(
    record: DayRecord,
    question: Question,
    reading: Understood,
    watched: tuple[Allergen, ...],
) -> AnswerResult | AnswerError:
    """The record after a reading of typed text (stored as sure, or confirmed with a tap). A
    list answers the question in one go: the options named are added to any already tapped;
    foods named at "Did you have probiotics…?" answer yes and say which; how each food sat is
    kept per food."""
    day = record.answers
    match question:
        case Question.SLEEP:
            if reading.hours is None:
                return AnswerError.UNKNOWN_VALUE
            return apply_answer(record, question, f"{reading.hours:g}", watched)
        case Question.PROBIOTICS | Question.PROBIOTIC_KINDS:
            if question is Question.PROBIOTIC_KINDS and not day.probiotics:
                return AnswerError.NOT_ASKED
            if reading.done and question is Question.PROBIOTIC_KINDS:
                return apply_answer(record, question, DONE, watched)
            if reading.flag is False and not reading.kinds:
                return apply_answer(record, Question.PROBIOTICS, NO, watched)
            if reading.flag is None and not reading.kinds:
                return AnswerError.UNKNOWN_VALUE
            return _result(record, _with_kinds(record, reading))
        case Question.TOLERATED:
            if not day.probiotics:
                return AnswerError.NOT_ASKED
            if reading.tolerance:
                return _result(record, _with_kinds(record, reading))
            if reading.flag is None:
                return AnswerError.UNKNOWN_VALUE
            return apply_answer(record, question, YES if reading.flag else NO, watched)
        case Question.VITAMIN_C | Question.VITAMIN_D:
            if reading.flag is None:
                return AnswerError.UNKNOWN_VALUE
            return apply_answer(record, question, YES if reading.flag else NO, watched)
        case Question.ALLERGENS:
            asked = day.allergens_asked or watched
            if not asked:
                return AnswerError.NOT_ASKED
            if reading.done:
                return apply_answer(record, question, DONE, watched)
            if reading.allergens is None:
                return AnswerError.UNKNOWN_VALUE
            if not reading.allergens:
                return apply_answer(record, question, NONE_OF_THESE, watched)
            if any(allergen not in asked for allergen in reading.allergens):
                return AnswerError.NOT_ASKED
            exposed = set(day.allergens_exposed) | set(reading.allergens)
            updated_day = replace(
                day,
                allergens_asked=asked,
                allergens_exposed=tuple(a for a in Allergen if a in exposed),
                allergens_answered=True,
            )
            return _result(record, replace(record, answers=updated_day))
        case Question.SYMPTOMS:
            if reading.symptoms is None:
                return AnswerError.UNKNOWN_VALUE
            return apply_answer(record, question, reading.symptoms.value, watched)
        case Question.NOTE:
            return AnswerError.UNKNOWN_VALUE


def _with_kinds(record: DayRecord, reading: Understood) -> DayRecord:
    """Probiotics: yes, the kinds named added to those already chosen (the list is then
    complete), and how each named food sat."""
    day = record.answers
    chosen = set(day.probiotic_kinds) | set(reading.kinds) | {k for k, _ in reading.tolerance}
    kinds = tuple(kind for kind in ProbioticKind if kind in chosen)
    answers = replace(day, probiotics=True, probiotic_kinds=kinds)
    kinds_done = record.kinds_done or bool(reading.kinds) or bool(reading.tolerance)
    if reading.tolerance:
        per_kind = dict(day.probiotic_tolerance)
        if not per_kind and day.probiotic_tolerated is not None:
            per_kind = dict.fromkeys(day.probiotic_kinds, day.probiotic_tolerated)
        per_kind.update(reading.tolerance)
        tolerance = tuple((kind, per_kind[kind]) for kind in ProbioticKind if kind in per_kind)
        answers = replace(
            answers,
            probiotic_tolerance=tolerance,
            # The day's answer: it sat well only if everything named sat well.
            probiotic_tolerated=all(sat for _, sat in tolerance),
        )
    return replace(record, answers=answers, kinds_done=kinds_done)


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
