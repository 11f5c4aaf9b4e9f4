"""How a typed answer the bot is unsure of is put back to the user: one tap to confirm."""

from __future__ import annotations

from html import unescape

from bot.callbacks import ConfirmPress, encode
from bot.domain.answers import Symptoms
from bot.domain.checkin_flow import Question
from bot.domain.typed_reading import Understood
from bot.html import Html
from bot.replies import Button, Reply
from bot.texts import label, t
from bot.views.phrases import allergen_phrase, hours


def _kind_name(kind: object, language: str | None) -> str:
    return label(f"kind_{getattr(kind, 'value', kind)}", language).lower()


def reading_summary(question: Question, reading: Understood, language: str | None) -> Html:
    """A reading in words: "it didn't sit well", "kimchi sat well; milk or kefir didn't sit
    well", "exposed to tree nuts and peanuts", "you slept 20 h"."""
    parts: list[str] = []
    if reading.done:
        parts.append(t("typed_summary_done", language))
    if reading.hours is not None:
        parts.append(t("typed_summary_sleep", language, hours=hours(reading.hours, language)))
    if question in (Question.PROBIOTICS, Question.PROBIOTIC_KINDS) and not reading.done:
        if reading.flag is False and not reading.kinds:
            parts.append(t("typed_summary_probiotics_no", language))
        elif reading.kinds or reading.flag:
            kinds = ", ".join(_kind_name(kind, language) for kind in reading.kinds)
            parts.append(
                t("typed_summary_probiotics_yes", language, kinds=f" — {kinds}" if kinds else "")
            )
    if reading.tolerance:
        for kind, sat in reading.tolerance:
            key = "typed_summary_kind_sat_well" if sat else "typed_summary_kind_sat_badly"
            parts.append(t(key, language, kind=_kind_name(kind, language)))
    elif question is Question.TOLERATED and reading.flag is not None:
        verdict = "yes" if reading.flag else "no"
        parts.append(t(f"typed_summary_tolerated_{verdict}", language))
    if question in (Question.VITAMIN_C, Question.VITAMIN_D) and reading.flag is not None:
        name = question.name.lower()
        parts.append(t(f"typed_summary_{name}_{'yes' if reading.flag else 'no'}", language))
    if reading.allergens is not None:
        if reading.allergens:
            phrase = allergen_phrase(reading.allergens, language)
            parts.append(t("typed_summary_allergens", language, allergens=phrase))
        else:
            parts.append(t("typed_summary_allergens_none", language))
    if reading.symptoms is not None:
        if reading.symptoms is Symptoms.NONE:
            parts.append(t("typed_summary_symptoms_none", language))
        else:
            level = label(f"symptoms_{reading.symptoms.value}", language).lower()
            parts.append(t("typed_summary_symptoms", language, level=level))
    return Html(str(t("typed_summary_join", language)).join(parts))


def confirm_prompt(
    checkin_id: int, question: Question, reading: Understood, language: str | None
) -> Reply:
    """ "Got it: it didn't sit well — right?" [Yes] [No]; or, between several readings, one
    button per reading and "Neither"."""
    reject = ConfirmPress(checkin_id, question, None)
    if reading.choices:
        buttons = [
            Button(
                unescape(str(reading_summary(question, choice, language))).capitalize(),
                encode(ConfirmPress(checkin_id, question, choice)),
            )
            for choice in reading.choices
        ]
        rows = [tuple(buttons), (Button(label("confirm_neither", language), encode(reject)),)]
        return Reply(t("confirm_typed_choices", language), keyboard=tuple(rows))
    summary = reading_summary(question, reading, language)
    accept = ConfirmPress(checkin_id, question, reading)
    keyboard = (
        (
            Button(label("confirm_yes", language), encode(accept)),
            Button(label("confirm_no", language), encode(reject)),
        ),
    )
    return Reply(t("confirm_typed", language, summary=summary), keyboard=keyboard)
