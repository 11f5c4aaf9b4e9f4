"""How a check-in looks: one message, edited as the user answers, showing what is recorded."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.callbacks import (
    AnswerPress,
    ChangeAnswerPress,
    ShowCheckinPress,
    SkipDayPress,
    encode,
)
from bot.domain.answers import Allergen, ProbioticKind, Slot, Symptoms
from bot.domain.checkin_flow import (
    DONE,
    NO,
    NONE_OF_THESE,
    SKIP,
    SLEEP_CHOICES,
    YES,
    DayRecord,
    Question,
    next_question,
    questions_for,
)
from bot.domain.foods import kind_allowed
from bot.html import Html
from bot.replies import Button, Keyboard, Reply
from bot.texts import label, t
from bot.views.phrases import allergen_names, day_label, hours


@dataclass(frozen=True)
class CheckinState:
    checkin_id: int
    slot: Slot
    local_date: date
    record: DayRecord
    watched: tuple[Allergen, ...]
    editing: Question | None = None
    choosing_question: bool = False
    first_name: str | None = None
    language: str | None = None
    tip: Html | None = None
    past: bool = False  # a day before today (back-filled or answered late): "that day" wording

    @property
    def current_question(self) -> Question | None:
        return self.editing or next_question(self.slot, self.record, self.watched)


def render_checkin(state: CheckinState) -> Reply:
    language = state.language
    if state.record.answers.skipped:
        undo = Button(label("undo", language), encode(SkipDayPress(state.checkin_id, undo=True)))
        text = t("day_skipped", language, day=day_label(state.local_date))
        return Reply(text=text, keyboard=((undo,),))
    question = state.current_question
    lines = [_title(state, done=question is None)]
    answered = answer_lines(state)
    if answered:
        lines.append(Html("\n".join(answered)))
    if state.choosing_question:
        lines.append(t("choose_question_to_change", language))
        return Reply(text=Html("\n\n".join(lines)), keyboard=_question_menu(state))
    if question is None:
        lines.extend(follow_ups(state))
        if state.tip:
            lines.append(state.tip)
        change = Button(
            label("change_answer", language), encode(ChangeAnswerPress(state.checkin_id, None))
        )
        return Reply(text=Html("\n\n".join(lines)), keyboard=((change,),))
    key = f"q_{question.name.lower()}" + ("_past" if state.past else "")
    lines.append(t(key, language))
    return Reply(text=Html("\n\n".join(lines)), keyboard=_answer_keyboard(state, question))


_EXAMPLE_KINDS = (
    ProbioticKind.KIMCHI,
    ProbioticKind.SAUERKRAUT,
    ProbioticKind.YOGURT,
    ProbioticKind.SUPPLEMENT,
)


def kinds_example(watched: tuple[Allergen, ...], language: str | None) -> str:
    """An example of a typed answer to "which ones?" naming no watched allergen's food
    ("kimchi and sauerkraut"; "sauerkraut and supplement" for someone watching dairy and fish)."""
    kinds = [kind for kind in _EXAMPLE_KINDS if kind_allowed(kind, watched)][:2]
    return " and ".join(label(f"kind_{kind.value}", language).lower() for kind in kinds)


def follow_ups(state: CheckinState) -> list[Html]:
    """Neutral notes after reported symptoms or allergen exposure: keep a record for the
    medical team; never a diagnosis."""
    day = state.record.answers
    symptoms = day.symptoms in (Symptoms.MILD, Symptoms.STRONG)
    # One note, not two saying the same thing, when both were reported.
    if day.allergens_exposed and symptoms:
        return [t("allergen_and_symptoms_follow_up", state.language)]
    if day.allergens_exposed:
        return [t("allergen_follow_up", state.language)]
    if symptoms:
        return [t("symptoms_follow_up", state.language)]
    return []


def _title(state: CheckinState, done: bool) -> Html:
    day = day_label(state.local_date)
    if done:
        return t(f"{state.slot.value}_done_title", state.language, day=day)
    if state.slot is Slot.MORNING and state.past:
        return t("morning_title_past", state.language, day=day)
    if state.slot is Slot.MORNING:
        name = f", {state.first_name}" if state.first_name else ""
        return t("morning_title", state.language, name=name, day=day)
    return t("evening_title", state.language, day=day)


def answer_lines(state: CheckinState) -> list[Html]:
    """One line per answered question of this check-in, in question order."""
    language = state.language
    day = state.record.answers
    lines: list[Html] = []
    for question in questions_for(state.slot, day, state.watched):
        if not state.record.answered(question):
            continue
        match question:
            case Question.SLEEP if day.sleep_hours is not None:
                lines.append(t("a_sleep", language, hours=hours(day.sleep_hours, language)))
            case Question.PROBIOTICS if day.probiotics:
                kinds = ", ".join(
                    label(f"kind_{k.value}", language).lower() for k in day.probiotic_kinds
                )
                lines.append(t("a_probiotics_yes", language, kinds=f" — {kinds}" if kinds else ""))
            case Question.PROBIOTICS:
                lines.append(t("a_probiotics_no", language))
            case Question.TOLERATED if day.probiotic_tolerance:
                lines.extend(_tolerance_lines(day.tolerance_by_kind(), language))
            case Question.TOLERATED:
                key = "a_tolerated_yes" if day.probiotic_tolerated else "a_tolerated_no"
                lines.append(t(key, language))
            case Question.VITAMIN_C:
                lines.append(t("a_vitamin_c", language, value=_yes_no(day.vitamin_c, language)))
            case Question.VITAMIN_D:
                lines.append(t("a_vitamin_d", language, value=_yes_no(day.vitamin_d, language)))
            case Question.ALLERGENS if day.allergens_exposed:
                names = allergen_names(day.allergens_exposed, language)
                lines.append(t("a_allergens", language, allergens=names))
            case Question.ALLERGENS:
                lines.append(t("a_allergens_none", language))
            case Question.SYMPTOMS if day.symptoms is not None:
                level = label(f"symptoms_{day.symptoms.value}", language).lower()
                lines.append(t("a_symptoms", language, level=level))
            case Question.NOTE if day.note:
                lines.append(t("a_note", language, note=day.note))
            case Question.NOTE:
                lines.append(t("a_no_note", language))
    return lines


def _tolerance_lines(by_kind: dict[ProbioticKind, bool], language: str | None) -> list[Html]:
    """How each food sat, when answered per food: "👍 Sat well: kimchi" / "👎 Didn't sit well:
    milk or kefir"."""
    lines: list[Html] = []
    for sat, key in ((True, "a_tolerated_kinds_yes"), (False, "a_tolerated_kinds_no")):
        kinds = [label(f"kind_{k.value}", language).lower() for k, v in by_kind.items() if v is sat]
        if kinds:
            lines.append(t(key, language, kinds=", ".join(kinds)))
    return lines


def _yes_no(value: bool | None, language: str | None) -> Html:
    return t("yes" if value else "no", language)


def _press(state: CheckinState, question: Question, value: str, text: str) -> Button:
    return Button(text, encode(AnswerPress(state.checkin_id, question, value)))


def _checked(text: str, on: bool) -> str:
    return f"✓ {text}" if on else text


def _answer_keyboard(state: CheckinState, question: Question) -> Keyboard:
    language = state.language
    day = state.record.answers
    rows: list[tuple[Button, ...]]
    match question:
        case Question.SLEEP:
            buttons = [
                _press(
                    state,
                    question,
                    _number(value),
                    _checked(_number(value), day.sleep_hours == value),
                )
                for value in SLEEP_CHOICES
            ]
            rows = [tuple(buttons[:5]), tuple(buttons[5:])]
        case Question.PROBIOTICS | Question.TOLERATED | Question.VITAMIN_C | Question.VITAMIN_D:
            current = {
                Question.PROBIOTICS: day.probiotics,
                Question.TOLERATED: day.probiotic_tolerated,
                Question.VITAMIN_C: day.vitamin_c,
                Question.VITAMIN_D: day.vitamin_d,
            }[question]
            rows = [
                (
                    _press(state, question, YES, _checked(label("yes", language), current is True)),
                    _press(state, question, NO, _checked(label("no", language), current is False)),
                )
            ]
        case Question.PROBIOTIC_KINDS:
            # No button names a food containing a watched allergen (no "Yogurt" for someone who
            # watches dairy): such a kind is still recorded when typed, and once recorded its
            # button shows, ticked, so it can be unticked.
            buttons = [
                _press(
                    state,
                    question,
                    kind.value,
                    _checked(label(f"kind_{kind.value}", language), kind in day.probiotic_kinds),
                )
                for kind in ProbioticKind
                if kind in day.probiotic_kinds or kind_allowed(kind, state.watched)
            ]
            # Rows of three; fewer kinds (some left out) never leave an empty row.
            rows = [tuple(buttons[i : i + 3]) for i in range(0, len(buttons), 3)]
            rows.append((_press(state, question, DONE, label("done", language)),))
        case Question.ALLERGENS:
            asked = day.allergens_asked or state.watched
            buttons = [
                _press(
                    state,
                    question,
                    allergen.value,
                    _checked(
                        label(f"allergen_{allergen.value}", language),
                        allergen in day.allergens_exposed,
                    ),
                )
                for allergen in asked
            ]
            rows = [tuple(buttons[i : i + 3]) for i in range(0, len(buttons), 3)]
            rows.append(
                (
                    _press(state, question, NONE_OF_THESE, label("none_of_these", language)),
                    _press(state, question, DONE, label("done", language)),
                )
            )
        case Question.SYMPTOMS:
            rows = [
                tuple(
                    _press(
                        state,
                        question,
                        level.value,
                        _checked(label(f"symptoms_{level.value}", language), day.symptoms is level),
                    )
                    for level in Symptoms
                )
            ]
        case Question.NOTE:
            rows = [(_press(state, question, SKIP, label("no_note", language)),)]
    if state.editing is not None:
        rows.append((_back(state),))
        return tuple(rows)
    skip_label = label("skip_that_day" if state.past else "skip_today", language)
    skip = Button(skip_label, encode(SkipDayPress(state.checkin_id)))
    if answer_lines(state):
        change = ChangeAnswerPress(state.checkin_id, None)
        rows.append((Button(label("change_answer", language), encode(change)), skip))
    else:
        rows.append((skip,))
    return tuple(rows)


def _back(state: CheckinState) -> Button:
    return Button(label("back", state.language), encode(ShowCheckinPress(state.checkin_id)))


def _question_menu(state: CheckinState) -> Keyboard:
    language = state.language
    buttons = [
        Button(
            label(f"q_{q.name.lower()}", language), encode(ChangeAnswerPress(state.checkin_id, q))
        )
        for q in questions_for(state.slot, state.record.answers, state.watched)
        if state.record.answered(q)
    ]
    rows = [tuple(buttons[i : i + 2]) for i in range(0, len(buttons), 2)]
    rows.append((_back(state),))
    return tuple(rows)


def _number(value: float) -> str:
    return f"{value:g}"
