"""Typed answers to the check-in's button questions (pure; never raises for any string).

People at 7 a.m. type rather than aim at buttons: "yes", "nope", "kimchi and yogurt", "no eggs,
some dairy", "a bit". Each parser returns the canonical answer or ``None`` when the text does not
clearly say one (the caller then asks for a tap). English words for now; a translation adds its
own word lists here.

Rules
    * Yes/no: the first word decides (``yes please`` = yes, ``not really`` = no); an emoji
      thumbs-up or check mark counts too.
    * Lists (probiotic kinds, allergens): every option named anywhere in the text, in the
      options' own order; an option right after "no", "not" or "without" is left out. Allergen
      words are only the allergens' names and plain variants (``egg``, ``soya``, ``milk`` for
      dairy, ``tree nut``), never foods that may or may not contain one.
    * Fermented foods the buttons do not list (kombucha, miso, tempeh…) count as "other"; text
      naming nothing known is not an answer.
    * Notes: "none", "no", "nothing", "no note", "skip" or a lone dash mean no note.
    * Symptoms: none / mild / strong and everyday words for them (``a bit`` = mild,
      ``bad`` = strong); a bare "yes" is not enough to tell mild from strong.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from enum import StrEnum
from typing import TypeVar

from bot.domain.answers import Allergen, ProbioticKind, Symptoms

__all__ = [
    "ListAnswer",
    "is_no_note",
    "parse_allergens",
    "parse_probiotic_kinds",
    "parse_symptoms",
    "parse_yes_no",
]

_MAX_CHARS = 200
"""Longer text is a note or a message, not an answer to a button question."""

E = TypeVar("E", bound=StrEnum)


class ListAnswer(StrEnum):
    """A multi-select answered in words rather than by naming options."""

    NONE = "none"  # "none", "no", "nothing"
    DONE = "done"  # "done", "that's all"


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


_YES_WORDS = _word_set(
    "yes y yeah yea yep yup ya ye yas sure ok okay k correct true definitely absolutely "
    "indeed affirmative aye si ja oui 👍 ✅ ✔ ☑ 1"
)
_NO_WORDS = _word_set(
    "no n nope nah not none nothing never didnt didn't negative nein non false 👎 ❌ ✖ ✗ 0"
)
_UNSURE = ("not sure", "no idea", "dont know", "don't know", "idk", "maybe", "dunno")
_NONE_PHRASES = frozenset(
    {"no", "n", "none", "nope", "nah", "nothing", "none of these", "none of them", "no none", "0"}
)
_DONE_PHRASES = frozenset(
    {"done", "ok done", "finished", "thats all", "that's all", "thats it", "that's it", "all done"}
)
_NO_NOTE_PHRASES = frozenset(
    {"no note", "no notes", "skip", "nothing to note", "nothing to add", "nothing today", "nil"}
)
_NEGATIONS = frozenset({"no", "not", "without", "zero"})

_KIND_WORDS: Mapping[str, ProbioticKind] = {
    "yogurt": ProbioticKind.YOGURT,
    "yogurts": ProbioticKind.YOGURT,
    "yoghurt": ProbioticKind.YOGURT,
    "yoghurts": ProbioticKind.YOGURT,
    "yogourt": ProbioticKind.YOGURT,
    "yoghourt": ProbioticKind.YOGURT,
    "milk": ProbioticKind.MILK_KEFIR,
    "kefir": ProbioticKind.MILK_KEFIR,
    "buttermilk": ProbioticKind.MILK_KEFIR,
    "kimchi": ProbioticKind.KIMCHI,
    "kimchee": ProbioticKind.KIMCHI,
    "sauerkraut": ProbioticKind.SAUERKRAUT,
    "kraut": ProbioticKind.SAUERKRAUT,
    "supplement": ProbioticKind.SUPPLEMENT,
    "supplements": ProbioticKind.SUPPLEMENT,
    "probiotic": ProbioticKind.SUPPLEMENT,
    "probiotics": ProbioticKind.SUPPLEMENT,
    "capsule": ProbioticKind.SUPPLEMENT,
    "capsules": ProbioticKind.SUPPLEMENT,
    "pill": ProbioticKind.SUPPLEMENT,
    "pills": ProbioticKind.SUPPLEMENT,
    "other": ProbioticKind.OTHER,
    "others": ProbioticKind.OTHER,
    "something else": ProbioticKind.OTHER,
    # Fermented foods without a button of their own.
    "kombucha": ProbioticKind.OTHER,
    "miso": ProbioticKind.OTHER,
    "tempeh": ProbioticKind.OTHER,
    "natto": ProbioticKind.OTHER,
    "kvass": ProbioticKind.OTHER,
    "pickles": ProbioticKind.OTHER,
    "lassi": ProbioticKind.OTHER,
    "skyr": ProbioticKind.OTHER,
    "ayran": ProbioticKind.OTHER,
}

_ALLERGEN_WORDS: Mapping[str, Allergen] = {
    "egg": Allergen.EGGS,
    "eggs": Allergen.EGGS,
    "fish": Allergen.FISH,
    "shellfish": Allergen.SHELLFISH,
    "shell fish": Allergen.SHELLFISH,
    "tree nut": Allergen.TREE_NUTS,
    "tree nuts": Allergen.TREE_NUTS,
    "treenuts": Allergen.TREE_NUTS,
    "peanut": Allergen.PEANUTS,
    "peanuts": Allergen.PEANUTS,
    "dairy": Allergen.DAIRY,
    "milk": Allergen.DAIRY,
    "soy": Allergen.SOY,
    "soya": Allergen.SOY,
    "wheat": Allergen.WHEAT,
}

_SYMPTOM_PHRASES: Mapping[str, Symptoms] = {
    **dict.fromkeys(
        (
            *("none", "no", "n", "nope", "nah", "nothing", "no symptoms", "fine", "all good"),
            *("good", "great", "ok", "okay", "0"),
        ),
        Symptoms.NONE,
    ),
    **dict.fromkeys(
        (
            *("mild", "mildly", "a bit", "a little", "bit", "little", "slight", "slightly"),
            *("light", "minor", "some", "meh", "so so", "yes mild", "1"),
        ),
        Symptoms.MILD,
    ),
    **dict.fromkeys(
        (
            *("strong", "severe", "bad", "very bad", "really bad", "awful", "terrible", "a lot"),
            *("serious", "intense", "heavy", "yes strong", "2"),
        ),
        Symptoms.STRONG,
    ),
}

_SEPARATORS = re.compile(r"[,;/&+.!?()\"“”«»:\-–—]+")


def _words(text: str) -> list[str] | None:
    """Lower-case words, punctuation as spaces; ``None`` when the text is too long to be a
    short answer."""
    if len(text) > _MAX_CHARS:
        return None
    text = unicodedata.normalize("NFKC", text).casefold().replace("’", "'")
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    text = text.replace("\ufe0f", "")  # emoji presentation selector: 👍️ is 👍
    return _SEPARATORS.sub(" ", text).split()


def parse_yes_no(text: str) -> bool | None:
    words = _words(text)
    if not words:
        return None
    first = words[0]
    phrase = " ".join(words)
    if phrase.startswith(_UNSURE):
        return None
    if phrase.startswith(("i didn't", "i didnt", "i did not", "did not", "didn't", "didnt")):
        return False
    if first in _YES_WORDS or phrase.startswith(("i did", "of course", "i had", "had some")):
        return True
    if first in _NO_WORDS:
        return False
    return None


def _named(words: list[str], vocabulary: Mapping[str, E], order: Iterable[E]) -> tuple[E, ...]:
    """Options named in ``words`` (one- and two-word names), skipping negated ones."""
    found: set[E] = set()
    index = 0
    while index < len(words):
        pair = " ".join(words[index : index + 2])
        size, option = (2, vocabulary[pair]) if pair in vocabulary else (1, None)
        if option is None:
            option = vocabulary.get(words[index])
        negated = index > 0 and words[index - 1] in _NEGATIONS
        if option is not None and not negated:
            found.add(option)
        index += size if option is not None else 1
    return tuple(option for option in order if option in found)


def _list_word(words: list[str]) -> ListAnswer | None:
    phrase = " ".join(words)
    if phrase in _NONE_PHRASES:
        return ListAnswer.NONE
    if phrase in _DONE_PHRASES:
        return ListAnswer.DONE
    return None


def parse_probiotic_kinds(text: str) -> tuple[ProbioticKind, ...] | ListAnswer | None:
    """The kinds named, or DONE ("done", "that's all"); NONE is not an answer here (the
    question only comes after a yes)."""
    words = _words(text)
    if not words:
        return None
    if _list_word(words) is ListAnswer.DONE:
        return ListAnswer.DONE
    return _named(words, _KIND_WORDS, ProbioticKind) or None


def parse_allergens(
    text: str, asked: tuple[Allergen, ...]
) -> tuple[Allergen, ...] | ListAnswer | None:
    """The allergens named among ``asked`` (the evening's exposure question, or all eight when
    choosing which to watch), NONE ("none", "no"), or DONE. ``yes`` names the only allergen
    asked about; naming one that was not asked about is not an answer."""
    words = _words(text)
    if not words:
        return None
    word = _list_word(words)
    if word is not None:
        return word
    named = _named(words, _ALLERGEN_WORDS, Allergen)
    if not named:
        if len(asked) == 1 and parse_yes_no(text) is True:
            return asked
        if parse_yes_no(text) is False and len(words) <= 3:
            return ListAnswer.NONE
        return None
    if any(allergen not in asked for allergen in named):
        return None
    return named


def is_no_note(text: str) -> bool:
    """ "none", "no", "nothing", "no note", "skip", "-": the person has nothing to note."""
    words = _words(text)
    if words is None:
        return False
    phrase = " ".join(words)
    return not phrase or phrase in _NONE_PHRASES or phrase in _NO_NOTE_PHRASES


def parse_symptoms(text: str) -> Symptoms | None:
    words = _words(text)
    if not words:
        return None
    phrase = " ".join(words)
    if phrase in _SYMPTOM_PHRASES:
        return _SYMPTOM_PHRASES[phrase]
    without_filler = " ".join(w for w in words if w not in {"just", "only", "pretty", "quite"})
    return _SYMPTOM_PHRASES.get(without_filler)
