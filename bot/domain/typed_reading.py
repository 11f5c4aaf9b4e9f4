"""Reading typed answers the way the question means them (pure; never raises for any string).

The check-in's questions can be answered in words: "kimchi and yogurt", "nah it was fine",
"no eggs, some milk", "11pm to 7am", "a little bloated". Each reader returns an
:class:`Understood` — what the text says for that question and whether it says it firmly
(``sure``) — or ``None`` when the text says nothing the question can use. A reading that is not
sure is never stored as it is: the check-in asks for one tap to confirm it.

How text is read
    * **Words, then phrases.** Text is lower-cased and split into words (apostrophes dropped:
      "didn't" is "didnt"; "egg-free" is "egg free"; an emoji is a word of its own). The longest
      known phrase wins ("almond milk" is tree nuts, not dairy; "peanut butter" is peanuts).
      Typos of longer words are matched with rapidfuzz ("penuts", "saurkraut", "yougurt"), and
      repeated letters are forgiven ("yess", "noo").
    * **The question decides, not the first word.** For "Did it sit well?", words about how it
      sat ("fine", "bloated", "no problems", "didn't bother me") outweigh a leading "nah" or
      "nope": "nah it was fine" sat well. A bare yes/no word answers when nothing else does.
    * **Negation.** "no", "not", "didn't", "without", "free" (and their equivalents in German,
      Spanish, French, Italian, Portuguese and Russian) turn around what follows them in the
      same part of the sentence ("I didn't have yogurt but had kefir": kefir only), "X-free"
      and "free of X" turn around X, and a bare "no" after a question mark turns around what came
      before ("eggs? no"). A negator with nothing after it is a "no" ("absolutely not").
    * **Hedges** ("maybe", "I think", "kind of", "mostly") make any reading unsure.
    * **Foods** come from :mod:`bot.domain.foods`, the one food vocabulary (shared with the
      tips' "never suggest a watched allergen" filter): what each contains of the eight
      allergens and which fermented-food button it counts as; foods that only often contain an
      allergen (a cake, kimchi) make an exposure unsure.
    * **"Without".** "egg-free", "eggless", "glutenfrei", "sans œufs", "sin huevo", "ohne Ei",
      "senza uova", "sem ovos", "без яиц" take the food's allergens away from the foods named
      with it ("eggless mayo" is no egg); "vegan" / "plant-based" before a food takes its animal
      allergens away. "Gluten-free" and "lactose-free" leave doubt (gluten is not wheat;
      lactose-free milk is still milk): the answer is confirmed.
    * **Food is not a vitamin.** "orange juice" at "Did you have vitamin C?" is a likely yes,
      confirmed with one tap; "took my C" is a yes.
    * **Per food tolerance.** "kimchi sat well but the milk didn't": each part of the sentence
      says how the foods named in it sat.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import time
from enum import Enum
from functools import cache
from importlib import resources
from typing import Any, NamedTuple

import yaml
from rapidfuzz import fuzz, process
from rapidfuzz.distance import DamerauLevenshtein

from bot.domain.answers import (
    LONG_NIGHT_HOURS,
    MAX_SLEEP_HOURS,
    Allergen,
    ProbioticKind,
    Slot,
    Symptoms,
)
from bot.domain.foods import food_names
from bot.domain.parsing import (
    NUMBER_WORDS,
    ParseFailure,
    ParseProblem,
    parse_clock_time,
    parse_sleep_hours,
)

__all__ = [
    "LONG_NIGHT_HOURS",
    "Understood",
    "load_vocabulary",
    "read_allergens",
    "read_check_in_time",
    "read_kinds",
    "read_note",
    "read_sleep",
    "read_symptoms",
    "read_tolerance",
    "read_yes_no",
]

_MAX_CHARS = 300
"""Longer text is a message, not an answer to a button question."""


@dataclass(frozen=True)
class Understood:
    """What typed text says for one question. Only the fields of that question are set."""

    sure: bool = True
    flag: bool | None = None
    """Yes/no questions: probiotics, sat well, vitamin C, vitamin D."""
    hours: float | None = None
    kinds: tuple[ProbioticKind, ...] = ()
    tolerance: tuple[tuple[ProbioticKind, bool], ...] = ()
    """How each fermented food named sat (kind, sat well), in ProbioticKind order."""
    allergens: tuple[Allergen, ...] | None = None
    """Allergens named (exposure or watch list); empty = none of them."""
    done: bool = False
    """"done" / "that's all" for a multi-select."""
    symptoms: Symptoms | None = None
    choices: tuple[Understood, ...] = ()
    """When unsure between several readings (symptoms "stomach ache": mild or strong?)."""

    def unsure(self) -> Understood:
        return replace(self, sure=False)


# --------------------------------------------------------------------------- vocabulary


class Mark(Enum):
    YES = "yes"
    NO = "no"
    NEGATOR = "negator"
    FREE = "free"
    CONTRAST = "contrast"
    BREAK = "break"  # punctuation: a new part of the sentence
    QUESTION = "question"  # "?": "eggs? no"
    HEDGE = "hedge"
    GOOD = "good"
    BAD = "bad"
    HAD = "had"
    MISSED = "missed"
    FOOD = "food"
    VITAMIN_C = "vitamin_c"
    VITAMIN_D = "vitamin_d"
    VITAMIN_PILL = "vitamin_pill"
    VITAMIN_C_SOURCE = "vitamin_c_source"  # an orange: likely vitamin C, not surely taken
    VITAMIN_D_SOURCE = "vitamin_d_source"
    ANIMAL_FREE = "animal_free"  # "vegan": the food after it has no animal products
    SCOPE_END = "scope_end"  # "just", "only": "no eggs, just toast" — the toast is eaten
    UNKNOWN = "unknown"  # a word not understood (kept so "sugar-free" frees the sugar only)
    SYMPTOM = "symptom"
    MILD = "mild"
    STRONG = "strong"
    NONE_LEVEL = "none_level"


@dataclass(frozen=True)
class Food:
    allergens: frozenset[Allergen] = frozenset()
    kind: ProbioticKind | None = None
    unsure: bool = False
    said_without: bool = False
    """ "vegan mayo": the user said which allergens it is without."""


@dataclass(frozen=True)
class Token:
    mark: Mark
    text: str
    food: Food | None = None
    fuzzy: bool = False


@dataclass
class _Vocabulary:
    phrases: dict[str, list[Mark]] = field(default_factory=dict)
    foods: dict[str, Food] = field(default_factory=dict)
    sets: dict[str, frozenset[str]] = field(default_factory=dict)
    longest: int = 1
    fuzzy_words: tuple[str, ...] = ()


_SEPARATORS = {",": Mark.BREAK, ";": Mark.BREAK, ".": Mark.BREAK, "!": Mark.BREAK}
_SEPARATORS |= {":": Mark.BREAK, "?": Mark.QUESTION, "(": Mark.BREAK, ")": Mark.BREAK}
_DROP = {"'", "’", "‘", "`", "´", "\ufe0f", "\u200d"}
_JOINERS = {"&": " and ", "+": " and ", "/": " ", "-": " ", "–": " ", "—": " ", "_": " "}


def _tokens(text: str) -> list[str]:
    """Lower-case words, punctuation marks and emoji, in order."""
    text = unicodedata.normalize("NFKC", text).casefold()
    words: list[str] = []
    current: list[str] = []

    def flush() -> None:
        if current:
            words.append("".join(current))
            current.clear()

    for ch in text:
        if ch in _DROP or unicodedata.category(ch) == "Cf":
            continue
        if ch.isalnum():
            current.append(ch)
            continue
        if ch == "." and current and current[-1].isdigit():
            current.append(ch)  # "7.5"
            continue
        flush()
        if ch in _JOINERS:
            continue
        if ch in _SEPARATORS:
            words.append(ch)
        elif not ch.isspace() and unicodedata.category(ch).startswith("S"):
            words.append(ch)  # an emoji or a symbol such as ✅
    flush()
    return [word.rstrip(".") or word for word in words]


def _norm(phrase: object) -> str:
    if isinstance(phrase, bool):  # YAML 1.1 reads a bare yes/no as a boolean
        phrase = "yes" if phrase else "no"
    return " ".join(_tokens(str(phrase)))


_WORD_LISTS: Mapping[str, Mark] = {
    "yes": Mark.YES,
    "no": Mark.NO,
    "unsure": Mark.HEDGE,
    "negators": Mark.NEGATOR,
    "free_words": Mark.FREE,
    "contrast": Mark.CONTRAST,
    "sat_well": Mark.GOOD,
    "sat_badly": Mark.BAD,
    "had": Mark.HAD,
    "missed": Mark.MISSED,
    "vitamin_c": Mark.VITAMIN_C,
    "vitamin_d": Mark.VITAMIN_D,
    "vitamin_supplement": Mark.VITAMIN_PILL,
    "vitamin_c_sources": Mark.VITAMIN_C_SOURCE,
    "vitamin_d_sources": Mark.VITAMIN_D_SOURCE,
    "animal_free": Mark.ANIMAL_FREE,
    "scope_end": Mark.SCOPE_END,
    "symptom_words": Mark.SYMPTOM,
    "symptoms_mild": Mark.MILD,
    "symptoms_strong": Mark.STRONG,
    "symptoms_none": Mark.NONE_LEVEL,
}
_SETS = (
    "filler",
    "discourse",
    "dairy_alternatives",
    "free_unsure",
    "understatement",
    "answer_no",
    "thanks",
    "no_note",
    "list_none",
    "list_done",
    "list_all",
    "contrast",
    "symptoms_none",
    "yes",
    "no",
    "unsure",
)


def _load_yaml(name: str) -> Any:
    return yaml.safe_load(resources.files("bot.domain").joinpath(name).read_text("utf-8"))


@cache
def _vocabulary() -> _Vocabulary:
    vocab = _Vocabulary()
    words = _load_yaml("typed_words.yaml")
    for key, mark in _WORD_LISTS.items():
        for phrase in words[key]:
            marks = vocab.phrases.setdefault(_norm(phrase), [])
            if mark is Mark.NONE_LEVEL and marks:
                continue  # "no", "fine": already a word of their own; the whole answer counts
            if mark not in marks:
                marks.append(mark)
    for key in _SETS:
        vocab.sets[key] = frozenset(_norm(phrase) for phrase in words[key])
    for name, entries in food_names().items():
        allergens = frozenset(a for food in entries for a in food.allergens)
        kind = next((food.kind for food in entries if food.kind is not None), None)
        unsure = any(food.unsure for food in entries)
        for form in _name_forms(_norm(name)):
            vocab.foods.setdefault(form, Food(allergens, kind, unsure))
    vocab.longest = max(len(p.split()) for p in (*vocab.phrases, *vocab.foods))
    vocab.fuzzy_words = tuple(
        sorted(
            {
                w
                for w in (*vocab.phrases, *vocab.foods)
                if " " not in w and len(w) >= 5 and w.isalpha()
            }
        )
    )
    return vocab


def _name_forms(name: str) -> tuple[str, ...]:
    """A food's name and, for a phrase, its plural ("pine nut" -> "pine nuts")."""
    if " " in name and name[-1].isalpha() and not name.endswith("s"):
        return (name, f"{name}s")
    return (name,)


def load_vocabulary() -> None:
    """Read the word lists now (start-up) rather than on the first typed answer."""
    _vocabulary()


def _lookup(phrase: str, vocab: _Vocabulary) -> list[Token]:
    tokens = [Token(mark, phrase) for mark in vocab.phrases.get(phrase, ())]
    food = vocab.foods.get(phrase)
    if food is not None:
        tokens.append(Token(Mark.FOOD, phrase, food))
    return tokens


def _singular(word: str) -> list[str]:
    forms = []
    if word.endswith("es") and len(word) > 4:
        forms.append(word[:-2])
    if word.endswith("s") and len(word) > 3:
        forms.append(word[:-1])
    return forms


def _squeeze(word: str) -> str:
    """Repeated letters once: "yesss" -> "yes", "noooo" -> "no"."""
    return re.sub(r"(.)\1+", r"\1", word)


def _fuzzy(word: str, vocab: _Vocabulary) -> list[Token]:
    if len(word) < 5 or not word.isalpha():
        return []
    found = process.extractOne(
        word, vocab.fuzzy_words, scorer=fuzz.ratio, score_cutoff=80, processor=None
    )
    if found is None:
        return []
    match = str(found[0])
    if DamerauLevenshtein.distance(word, match) > (1 if len(word) < 8 else 2):
        return []
    return [replace(token, fuzzy=True) for token in _lookup(match, vocab)]


def _read_tokens(words: Sequence[str], vocab: _Vocabulary) -> list[list[Token]]:
    """Each position's readings (a word can be several things: "no" is an answer and a
    negator; "yogurt" is a food that is also a fermented food)."""
    result: list[list[Token]] = []
    index = 0
    while index < len(words):
        word = words[index]
        if word in _SEPARATORS:
            result.append([Token(_SEPARATORS[word], word)])
            index += 1
            continue
        found: list[Token] = []
        size = 1
        for length in range(min(vocab.longest, len(words) - index), 0, -1):
            span = words[index : index + length]
            if any(w in _SEPARATORS for w in span):
                continue
            phrase = " ".join(span)
            found = _lookup(phrase, vocab)
            if not found and length == 1:
                for form in (*_singular(phrase), _squeeze(phrase)):
                    found = _lookup(form, vocab)
                    if found:
                        break
            if found:
                size = length
                break
        if not found:
            found = _fuzzy(word, vocab)
        result.append(found)
        index += size
    return result


@dataclass(frozen=True)
class _Item:
    """One meaningful word or phrase, after negation was worked out."""

    mark: Mark
    negated: bool
    part: int  # which part of the sentence (parts are split at "but", commas, …)
    food: Food | None = None
    fuzzy: bool = False
    text: str = ""
    doubt: bool = False
    """Negated by a word that leaves doubt ("gluten-free": probably no wheat, not surely)."""


_CONTENT = {
    Mark.NONE_LEVEL,
    Mark.GOOD,
    Mark.BAD,
    Mark.HAD,
    Mark.MISSED,
    Mark.FOOD,
    Mark.VITAMIN_C,
    Mark.VITAMIN_D,
    Mark.VITAMIN_PILL,
    Mark.VITAMIN_C_SOURCE,
    Mark.VITAMIN_D_SOURCE,
    Mark.SYMPTOM,
    Mark.MILD,
    Mark.STRONG,
}


@dataclass(frozen=True)
class _Analysis:
    items: tuple[_Item, ...]
    hedged: bool
    phrase: str
    words: tuple[str, ...]
    unknown: int = 0
    """Words that are neither understood nor small filler words."""

    @property
    def off_topic(self) -> bool:
        """More unknown words than understood ones: the text may be about something else."""
        known = sum(
            1 for item in self.items if item.mark in _CONTENT or item.mark in (Mark.YES, Mark.NO)
        )
        return self.unknown > 0 and self.unknown >= known

    def of(self, *marks: Mark) -> list[_Item]:
        return [item for item in self.items if item.mark in marks]

    @property
    def particles(self) -> set[Mark]:
        return {item.mark for item in self.items if item.mark in (Mark.YES, Mark.NO)}


_NUTS = frozenset({Allergen.TREE_NUTS, Allergen.PEANUTS})


_ANIMAL = frozenset({Allergen.EGGS, Allergen.DAIRY, Allergen.FISH, Allergen.SHELLFISH})
_AFFIXES_FREE = ("less", "free", "freies", "freier", "freie", "freien", "frei")


def _is_dairy_alternative(previous: Token, food: Token, vocab: _Vocabulary) -> bool:
    """ "almond milk", "oat latte", "oat milk latte": a plant before a dairy food."""
    assert food.food is not None
    assert previous.food is not None
    if food.food.allergens != frozenset({Allergen.DAIRY}):
        return False
    plant = previous.text in vocab.sets["dairy_alternatives"]
    # "oat milk latte", "soy milk latte": a plant milk, then the drink made with it.
    plant_drink = Allergen.DAIRY not in previous.food.allergens and (
        previous.text.split()[0] in vocab.sets["dairy_alternatives"]
    )
    return plant or plant_drink


def _split_affixes(words: Sequence[str], vocab: _Vocabulary) -> list[str]:
    """ "eggless" -> "egg free", "glutenfrei" -> "gluten free": a food word with a suffix that
    means "without" is the food, then the word that turns it around."""
    result: list[str] = []
    for word in words:
        if word not in vocab.phrases and word not in vocab.foods and word.isalpha():
            for suffix in _AFFIXES_FREE:
                stem = word[: -len(suffix)]
                if word.endswith(suffix) and len(stem) >= 2:
                    found = next(
                        (f for f in (stem, stem.rstrip("s"), *_singular(stem)) if f in vocab.foods),
                        None,
                    )
                    if found is not None:
                        result.extend((found, "free"))
                        break
            else:
                result.append(word)
            continue
        result.append(word)
    return result


@cache
def _corrections() -> tuple[re.Pattern[str], frozenset[str]]:
    words = _load_yaml("typed_words.yaml")
    markers = sorted((_norm(w) for w in words["corrections"]), key=len, reverse=True)
    pattern = re.compile(rf"(?<!\w)({'|'.join(map(re.escape, markers))})(?!\w)")
    return pattern, frozenset(_norm(w) for w in words["corrections_trailing"])


_PART_BREAK = re.compile(r"[,.;!:]")


def _corrected(text: str) -> str:
    """The answer a correction leaves: "no wait, yes" -> "yes", "6, actually 7" -> "7", "yes,
    no actually" -> "no". A correction with nothing after it that does not say which words it
    takes back ("yes no wait") leaves the text as it is (and so unclear)."""
    lowered = unicodedata.normalize("NFKC", text).casefold()
    for mark in _DROP:
        lowered = lowered.replace(mark, "")
    pattern, trailing = _corrections()
    found = list(pattern.finditer(lowered))
    if not found:
        return text
    last = found[-1]
    after = lowered[last.end() :].strip(" ,.;:!-–—")
    if after:
        return after
    if last.group(1) in trailing:
        parts = [p.strip() for p in _PART_BREAK.split(lowered[: last.start()]) if p.strip()]
        if parts:
            return parts[-1]
    return text


_CLAUSE_WORDS = frozenset({"i", "it", "its", "was", "is", "the", "that", "this", "they", "were"})
"""Small words that start a new clause: after a bare "no" they make it an answer ("no it was
fine"), where "no to eggs" or "no bloating" negates what follows."""


def _without_openers(words: Sequence[str], vocab: _Vocabulary) -> list[str]:
    """ "well, no" -> "no": a word that opens a part of the sentence without answering, when
    more words follow in that part."""
    result: list[str] = []
    for index, word in enumerate(words):
        opens = index == 0 or words[index - 1] in _SEPARATORS
        rest = [w for w in words[index + 1 :] if w not in (",", ":")]
        if opens and word in vocab.sets["discourse"] and rest and rest[0] not in _SEPARATORS:
            continue
        result.append(word)
    return result


def _analyse(text: str, content: frozenset[Mark]) -> _Analysis | None:
    """Split into parts, resolve negation. ``content`` says which marks count as content words
    for this question (everything else in ``_CONTENT`` is ignored)."""
    if not isinstance(text, str) or len(text) > _MAX_CHARS:
        return None
    words = _tokens(_corrected(text))
    if not words:
        return None
    vocab = _vocabulary()
    words = _split_affixes(_without_openers(words, vocab), vocab)
    positions = _read_tokens(words, vocab)
    phrase = " ".join(w for w in words if w not in _SEPARATORS)
    hedged = any(token.mark is Mark.HEDGE for options in positions for token in options)

    # Flatten to one reading per position: content words of this question first.
    flat: list[Token] = []
    gap_before: set[int] = set()  # positions in ``flat`` that small words were left out before
    filler = vocab.sets["filler"]
    for word, options in zip(_words_by_position(words, positions), positions, strict=True):
        if not options:
            if word not in filler:
                flat.append(Token(Mark.UNKNOWN, word))
            elif word in _CLAUSE_WORDS:
                gap_before.add(len(flat))
            continue
        if len(positions) == 1 and (particle := _particle_of(options)) is not None:
            flat.append(particle)  # "👍" alone answers the question asked
            continue
        chosen = next((t for t in options if t.mark in content), None)
        if chosen is None:
            chosen = next(
                (t for t in options if t.mark not in _CONTENT and t.mark is not Mark.HEDGE), None
            )
        if chosen is None:
            continue
        # "no"/"not" is a negator when a content word follows in the same part, else an answer.
        negator_too = any(t.mark is Mark.NEGATOR for t in options)
        if chosen.mark in (Mark.NO, Mark.YES) and negator_too:
            chosen = Token(Mark.NEGATOR, chosen.text)
        previous = flat[-1] if flat else None
        if chosen.mark is Mark.ANIMAL_FREE and previous is not None and previous.food is not None:
            # "mayonesa vegana", "mayo (vegan)": the word after the food says the same.
            plain = replace(
                previous.food,
                allergens=previous.food.allergens - _ANIMAL,
                said_without=True,
            )
            flat[-1] = replace(previous, food=plain)
            continue
        if previous is not None and previous.mark is Mark.ANIMAL_FREE:
            flat.pop()  # "vegan mayo": the food without animal products; "vegan" alone: nothing
            if chosen.food is not None:
                plain = replace(
                    chosen.food, allergens=chosen.food.allergens - _ANIMAL, said_without=True
                )
                flat.append(replace(chosen, food=plain, text=f"{previous.text} {chosen.text}"))
                continue
            previous = flat[-1] if flat else None
        if chosen.food is not None and previous is not None and previous.food is not None:
            if _is_dairy_alternative(previous, chosen, vocab):
                # "oat latte", "almond milk": the plant's allergens, not dairy.
                flat[-1] = Token(Mark.FOOD, f"{previous.text} {chosen.text}", previous.food)
                continue
            if chosen.text in ("nut", "nuts") and previous.food.allergens <= _NUTS:
                continue  # "cashew nuts": the cashews already said which nut
        flat.append(chosen)

    items: list[_Item] = []
    part = 0
    negating = False
    negated_since = False  # a word was negated since the last negator
    for index, token in enumerate(flat):
        mark = token.mark
        if mark is Mark.SCOPE_END or (mark is Mark.HAD and negating and negated_since):
            # "no eggs just toast", "no yogurt had kefir": the negation stops here.
            negating = negated_since = False
            if mark is Mark.SCOPE_END:
                continue
        if mark in (Mark.BREAK, Mark.CONTRAST, Mark.QUESTION):
            part += 1
            negating = negated_since = False
            if mark is Mark.QUESTION:
                items.append(_Item(Mark.QUESTION, False, part))
            continue
        if (
            mark is Mark.NEGATOR
            and token.text in vocab.sets["answer_no"]
            and index + 1 in gap_before
        ):
            # "no it was fine", "no the kimchi was fine": a bare no with words between it and
            # what follows answers the question; "no bloating" negates.
            items.append(_Item(Mark.NO, False, part, text=token.text))
            continue
        if mark is Mark.NEGATOR and token.text in vocab.sets["answer_no"]:
            next_word = next((t for t in flat[index + 1 :] if t.mark is not Mark.UNKNOWN), None)
            if next_word is not None and next_word.mark is Mark.MISSED:
                # "no forgot", "nope skipped it": the answer, then why; not "didn't forget".
                items.append(_Item(Mark.NO, False, part, text=token.text))
                continue
        if mark is Mark.NEGATOR:
            rest = flat[index + 1 :]
            ahead = []
            for later in rest:
                if later.mark in (Mark.BREAK, Mark.CONTRAST, Mark.QUESTION):
                    break
                ahead.append(later)
            if any(t.mark in content for t in ahead):
                # "not no …" turns it back; "no egg no dairy" is two negations, not a toggle.
                directly_after = index > 0 and flat[index - 1].mark is Mark.NEGATOR
                negating = not negating if negating and directly_after else True
                negated_since = False
            else:
                items.append(_Item(Mark.NO, False, part, text=token.text))
            continue
        if mark is Mark.FREE:
            # "egg free": the word before; "free of eggs": the word after; "sugar-free
            # yogurt": a word not understood was freed, not the yogurt.
            if index > 0 and flat[index - 1].mark is Mark.UNKNOWN:
                continue
            if items and items[-1].part == part and items[-1].mark in content:
                last = items[-1]
                doubt = last.text in vocab.sets["free_unsure"]
                items[-1] = replace(last, negated=not last.negated, doubt=doubt)
            else:
                negating = True
            continue
        if mark in content:
            doubt = negating and token.text in vocab.sets["free_unsure"]  # "sin gluten"
            negated_since = negated_since or negating
            items.append(
                _Item(mark, negating, part, token.food, token.fuzzy, token.text, doubt=doubt)
            )
        elif mark in (Mark.YES, Mark.NO):
            items.append(_Item(mark, False, part, text=token.text))
    # "eggs? no" / "yogurt? nope": a bare no after a question turns the part before around.
    for index, item in enumerate(items):
        if item.mark is Mark.QUESTION and index + 1 < len(items):
            following = items[index + 1]
            # Only the part just before the question ("milk? no. eggs? yes": milk only).
            asked_part = max((i.part for i in items[:index] if i.mark in content), default=-1)
            if following.mark is Mark.NO and not [
                i for i in items[index + 1 :] if i.mark in content and i.part == following.part
            ]:
                items = [
                    replace(i, negated=not i.negated) if i.part == asked_part else i for i in items
                ]
    items = [item for item in items if item.mark is not Mark.QUESTION]
    if Mark.FOOD in content and Mark.SYMPTOM not in content:  # lists, not how food sat
        items = _trailing_no(items, vocab.sets["answer_no"])
    unknown = sum(
        1
        for word, options in zip(_words_by_position(words, positions), positions, strict=True)
        if not options and word not in filler and not word.isdigit() and not _is_symbol(word)
    )
    return _Analysis(tuple(items), hedged, phrase, tuple(words), unknown)


def _trailing_no(items: list[_Item], answer_no: frozenset[str]) -> list[_Item]:
    """ "eggs no, milk yes": a bare no that ends a part, after the foods it names, denies them
    (only when another part says something else, so "kimchi, no" alone stays unclear)."""
    parts = {item.part for item in items}
    if len(parts) < 2:
        return items
    result = list(items)
    for part in parts:
        in_part = [i for i, item in enumerate(result) if item.part == part]
        last = result[in_part[-1]]
        before = [result[i] for i in in_part[:-1]]
        if (
            last.mark is Mark.NO
            and last.text in answer_no
            and before
            and all(item.mark is Mark.FOOD and not item.negated for item in before)
        ):
            for i in in_part[:-1]:
                result[i] = replace(result[i], negated=True)
            result[in_part[-1]] = replace(last, mark=Mark.QUESTION)  # the no is used up
    return [item for item in result if item.mark is not Mark.QUESTION]


def _particle_of(options: Sequence[Token]) -> Token | None:
    return next((t for t in options if t.mark in (Mark.YES, Mark.NO)), None)


def _is_symbol(word: str) -> bool:
    """An emoji or symbol (🙈, 😩): it sets a tone, it is not a word about something else."""
    return all(unicodedata.category(ch).startswith("S") for ch in word)


def _words_by_position(words: Sequence[str], positions: Sequence[list[Token]]) -> list[str]:
    """The first word of each position (positions may span several words)."""
    result: list[str] = []
    index = 0
    for options in positions:
        result.append(words[index])
        index += len(options[0].text.split()) if options and options[0].text else 1
    return result


def _is(phrase: str, set_name: str) -> bool:
    return phrase in _vocabulary().sets[set_name]


def _short_particle(phrase: str) -> bool | None:
    """A lone short word one typo away from yes or no ("yse", "nop"): a guess to confirm."""
    if " " in phrase or not 2 <= len(phrase) <= 5 or not phrase.isalpha():
        return None
    yes = DamerauLevenshtein.distance(phrase, "yes") <= 1 or phrase in ("yas", "yess")
    no = any(DamerauLevenshtein.distance(phrase, w) <= 1 for w in ("nope", "no")) and len(
        phrase
    ) > len("no")
    if yes != no:
        return yes
    return None


def _finish(reading: Understood, analysis: _Analysis) -> Understood:
    """Hedged, or (unless a list of foods) mostly unknown words or a typo match: confirm."""
    is_list = bool(reading.kinds) or reading.allergens is not None
    guessed = any(item.fuzzy for item in analysis.items)  # "treat" is not "great"
    if analysis.hedged or (not is_list and (analysis.off_topic or guessed)):
        return reading.unsure()
    return reading


# --------------------------------------------------------------------------- yes / no


_TOLERANCE_CONTENT = frozenset({Mark.GOOD, Mark.BAD, Mark.FOOD, Mark.SYMPTOM, Mark.NONE_LEVEL})
_VITAMIN_CONTENT = {
    "vitamin_c": frozenset(
        {Mark.VITAMIN_C, Mark.VITAMIN_C_SOURCE, Mark.VITAMIN_PILL, Mark.HAD, Mark.MISSED}
    ),
    "vitamin_d": frozenset(
        {Mark.VITAMIN_D, Mark.VITAMIN_D_SOURCE, Mark.VITAMIN_PILL, Mark.HAD, Mark.MISSED}
    ),
}


def _particle_answer(analysis: _Analysis) -> Understood | None:
    particles = analysis.particles
    if len(particles) != 1:
        if not particles and analysis.phrase and (guess := _short_particle(analysis.phrase)):
            return Understood(sure=False, flag=guess)
        if not particles and _short_particle(analysis.phrase) is False:
            return Understood(sure=False, flag=False)
        return None
    return _finish(Understood(flag=Mark.YES in particles), analysis)


def read_tolerance(text: str) -> Understood | None:
    """ "Did it sit well?": ``flag`` for the day, and ``tolerance`` per fermented food named."""
    analysis = _analyse(text, _TOLERANCE_CONTENT)
    if analysis is None:
        return None
    if _is(analysis.phrase, "unsure"):
        return None
    per_kind = _tolerance_by_kind(analysis, leading_answer=True)
    if per_kind:
        flags = tuple(sat for _, sat in per_kind)
        first = analysis.items[0] if analysis.items else None
        answer = first.mark if first is not None else None
        if answer in (Mark.YES, Mark.NO) and (answer is Mark.YES) != all(flags):
            # "yes kimchi bloated me", "no the kimchi was fine": the answer and the words
            # disagree. Ask.
            return Understood(sure=False, choices=(Understood(flag=True), Understood(flag=False)))
        return _finish(Understood(flag=all(flags), tolerance=per_kind), analysis)
    # A symptom is a "no" ("stomach ache"), unless denied ("no tummy ache"); "no symptoms",
    # "keine Beschwerden" is a "yes".
    said = analysis.of(Mark.GOOD, Mark.BAD, Mark.SYMPTOM, Mark.NONE_LEVEL)
    signs = [(item.mark in (Mark.GOOD, Mark.NONE_LEVEL)) != item.negated for item in said]
    if any(item.negated and _is(item.text, "understatement") for item in said):
        # "not terrible", "pas terrible" (French for "not great"): an understatement reads
        # either way.
        return Understood(sure=False, choices=(Understood(flag=True), Understood(flag=False)))
    if signs:
        if len(set(signs)) > 1 or (Mark.YES in analysis.particles and not signs[0]):
            # "fine but gassy", "yes, bloated" (yes it sat well? yes it bothered me?): ask.
            return Understood(sure=False, choices=(Understood(flag=True), Understood(flag=False)))
        return _finish(Understood(flag=signs[0]), analysis)
    return _particle_answer(analysis)


def _tolerance_by_kind(
    analysis: _Analysis, *, leading_answer: bool = False
) -> tuple[tuple[ProbioticKind, bool], ...]:
    """ "kimchi sat well but the milk didn't" -> kimchi: yes, milk/kefir: no. Each verdict goes
    to the foods named before it in its part of the sentence, or, if none, after it.
    ``leading_answer``: a yes or no before the first food answers another question ("Did you
    have any?" — "yes yogurt but it bloated me"), not how the food sat."""
    verdicts: dict[ProbioticKind, bool] = {}
    waiting: list[ProbioticKind] = []
    last: tuple[int, bool] | None = None
    items = list(analysis.items)
    if leading_answer:
        first_food = next((i for i, item in enumerate(items) if item.mark is Mark.FOOD), 0)
        items = [
            item
            for i, item in enumerate(items)
            if i >= first_food or item.mark not in (Mark.YES, Mark.NO)
        ]
    for item in items:
        kind = item.food.kind if item.food else None
        if item.mark is Mark.FOOD and kind is not None and not item.negated:
            if last is not None and last[0] == item.part and not waiting:
                verdicts.setdefault(kind, last[1])
            else:
                waiting.append(kind)
            continue
        verdict: bool | None = None
        if item.mark in (Mark.GOOD, Mark.BAD, Mark.SYMPTOM):
            verdict = (item.mark is Mark.GOOD) != item.negated
        elif item.mark in (Mark.YES, Mark.NO):
            verdict = item.mark is Mark.YES
        if verdict is None:
            continue
        for kind in waiting:
            verdicts.setdefault(kind, verdict)
        waiting.clear()
        last = (item.part, verdict)
    if waiting and last is not None:
        for kind in waiting:
            verdicts.setdefault(kind, last[1])
    return tuple((kind, verdicts[kind]) for kind in ProbioticKind if kind in verdicts)


def intake_of(analysis: _Analysis) -> list[_Item]:
    return analysis.of(Mark.HAD, Mark.MISSED)


def read_yes_no(text: str, question: str) -> Understood | None:
    """Yes or no to "Did you have vitamin C / vitamin D today?" (``question`` is "vitamin_c" or
    "vitamin_d"): the vitamin or a clear source of it counts as yes, "forgot" as no."""
    content = _VITAMIN_CONTENT[question]
    analysis = _analyse(text, content)
    if analysis is None or _is(analysis.phrase, "unsure"):
        return None
    sources = analysis.of(Mark.VITAMIN_C, Mark.VITAMIN_D, Mark.VITAMIN_PILL)
    foods = analysis.of(Mark.VITAMIN_C_SOURCE, Mark.VITAMIN_D_SOURCE)
    if foods and not sources:
        # "orange juice": a food rich in it is not the same as taking it. A likely yes,
        # confirmed; "no oranges" says nothing about a tablet.
        if any(i.mark is Mark.MISSED and not i.negated for i in intake_of(analysis)):
            return _finish(Understood(flag=False), analysis)
        if all(not i.negated for i in foods) and Mark.NO not in analysis.particles:
            return Understood(sure=False, flag=True)
        return None
    intake = analysis.of(Mark.HAD, Mark.MISSED)
    signs = [not i.negated for i in sources] + [(i.mark is Mark.HAD) != i.negated for i in intake]
    particles = analysis.particles
    if any(i.mark is Mark.MISSED and not i.negated for i in intake) and Mark.YES not in particles:
        return _finish(Understood(flag=False), analysis)  # "forgot my vitamin D"
    if signs:
        if len(set(signs)) > 1:
            return None
        flag = signs[0]
        if particles and particles != {Mark.YES if flag else Mark.NO}:
            return Understood(sure=False, flag=flag)
        # "I had some" alone does not say it was vitamin C; "didn't take it" does say no.
        only_intake = not sources and all(i.mark is Mark.HAD for i in intake)
        sure = not (flag and only_intake and not particles)
        return _finish(Understood(sure=sure, flag=flag), analysis)
    return _particle_answer(analysis)


# --------------------------------------------------------------------------- lists


_LIST_CONTENT = frozenset({Mark.FOOD, Mark.HAD, Mark.MISSED, Mark.GOOD, Mark.BAD})
_EXPOSURE_CONTENT = frozenset({Mark.FOOD, Mark.HAD, Mark.MISSED})
"""How food sat is not asked with the allergens: "pain" there is French bread, not a pain."""


def read_kinds(text: str, *, after_yes: bool) -> Understood | None:
    """Probiotics or fermented foods. ``after_yes`` False: the question "Did you have probiotics
    or fermented foods today?" (a yes/no, or a list that answers yes and says which); True:
    "Which ones?" (a list, or "done"). How the foods sat is read too when the text says it."""
    analysis = _analyse(text, _LIST_CONTENT)
    if analysis is None or _is(analysis.phrase, "unsure"):
        return None
    if after_yes and _is(analysis.phrase, "list_done"):
        return Understood(done=True)
    foods = analysis.of(Mark.FOOD)
    named = [item for item in foods if item.food and item.food.kind is not None]
    eaten = _ordered(
        {item.food.kind for item in named if item.food and not item.negated and item.food.kind}
    )
    said_sat = bool(analysis.of(Mark.GOOD, Mark.BAD))
    tolerance = _tolerance_by_kind(analysis, leading_answer=True) if said_sat else ()
    tolerance = tuple((kind, sat) for kind, sat in tolerance if kind in eaten)
    fuzzy = any(item.fuzzy for item in named if not item.negated)
    pictured = any(_is_symbol(item.text) for item in named if not item.negated)  # "🥛"
    if eaten:
        reading = Understood(
            sure=(not fuzzy or after_yes) and not pictured,
            flag=True,
            kinds=eaten,
            tolerance=tolerance,
        )
        leading_no = bool(analysis.items) and analysis.items[0].mark is Mark.NO
        if leading_no and not analysis.of(Mark.HAD) and not after_yes:
            reading = reading.unsure()  # "no, kimchi"?
        return _finish(reading, analysis)
    if after_yes:
        return None
    negated_foods = [item for item in named if item.negated]
    intake = analysis.of(Mark.HAD, Mark.MISSED)
    if negated_foods and not [f for f in foods if not f.negated]:
        return _finish(Understood(flag=False), analysis)  # "no yogurt today"
    if foods:
        return None  # "oat milk": a food, but not a fermented one
    signs = [(i.mark is Mark.HAD) != i.negated for i in intake]
    if signs and len(set(signs)) == 1:
        if not signs[0]:
            return _finish(Understood(flag=False), analysis)
        if analysis.particles in (set(), {Mark.YES}):
            return _finish(Understood(flag=True, sure=bool(analysis.particles)), analysis)
    if _is(analysis.phrase, "list_none"):
        return Understood(flag=False)
    return _particle_answer(analysis)


def read_allergens(text: str, asked: Sequence[Allergen]) -> Understood | None:
    """Allergens among ``asked``: the evening's exposure question (the watched ones), or which
    to watch (all eight). ``allergens`` empty means none; ``done`` is "done"."""
    analysis = _analyse(text, _EXPOSURE_CONTENT)
    if analysis is None or _is(analysis.phrase, "unsure"):
        return None
    phrase = analysis.phrase
    if _is(phrase, "list_done"):
        return Understood(done=True)
    if _is(phrase, "list_all"):
        return Understood(allergens=tuple(asked))
    foods = analysis.of(Mark.FOOD)
    if _is(phrase, "list_none") and not foods:
        return Understood(allergens=())
    sure_found: set[Allergen] = set()
    maybe_found: set[Allergen] = set()
    denied: dict[int, set[Allergen]] = {}
    doubted: dict[int, set[Allergen]] = {}
    for item in foods:
        if item.negated and item.food:
            denied.setdefault(item.part, set()).update(item.food.allergens)
            if item.doubt:
                doubted.setdefault(item.part, set()).update(item.food.allergens)
    for item in foods:
        if item.negated or item.food is None:
            continue
        allergens = set(item.food.allergens) - denied.get(item.part, set())
        (maybe_found if item.food.unsure else sure_found).update(allergens)
        # "gluten-free bread": probably no wheat, but confirm.
        maybe_found.update(set(item.food.allergens) & doubted.get(item.part, set()))
    if (
        not sure_found
        and not maybe_found
        and doubted
        and set().union(*doubted.values()) & set(asked)
    ):
        return Understood(sure=False, allergens=())  # "sin gluten", "gluten-free"
    watched = set(asked)
    sure_hits = _ordered(sure_found & watched)
    maybe_hits = _ordered((maybe_found & watched) - sure_found)
    negated_any = any(item.negated or (item.food and item.food.said_without) for item in foods)
    negated_any = negated_any or Mark.NO in analysis.particles
    if maybe_hits:
        return Understood(sure=False, allergens=_ordered(set(sure_hits) | set(maybe_hits)))
    if sure_hits:
        no_parts = {item.part for item in analysis.of(Mark.NO)}
        if any(i.part in no_parts for i in foods if not i.negated):
            return Understood(sure=False, allergens=sure_hits)  # "no I had eggs": which?
        fuzzy = any(
            i.fuzzy or _is_symbol(i.text) for i in foods if i.food and i.food.allergens & watched
        )
        return _finish(Understood(sure=not fuzzy, allergens=sure_hits), analysis)
    if negated_any and (foods or Mark.NO in analysis.particles):
        if Mark.YES in analysis.particles:
            return None
        return _finish(Understood(allergens=()), analysis)
    if foods:
        # Only foods without the watched allergens. Each one known by name ("oat milk",
        # "coconut", "rice" when dairy is watched): clearly none of them. A typo, an emoji, a
        # word not understood ("chicken katsu") or a "yes" beside them: confirm.
        known = (
            analysis.unknown == 0
            and Mark.YES not in analysis.particles
            and not any(item.fuzzy or _is_symbol(item.text) for item in foods)
        )
        return _finish(Understood(sure=known, allergens=()), analysis)
    answer = _particle_answer(analysis)
    if answer is None or answer.flag is None:
        return None
    if answer.flag is False:
        return replace(answer, flag=None, allergens=())
    if len(asked) == 1:
        return replace(answer, flag=None, allergens=tuple(asked))
    return None


def _ordered(items: Iterable[Any]) -> tuple[Any, ...]:
    chosen = set(items)
    order: list[Any] = [*Allergen, *ProbioticKind]
    return tuple(item for item in order if item in chosen)


# --------------------------------------------------------------------------- symptoms, note


_SYMPTOM_CONTENT = frozenset({Mark.SYMPTOM, Mark.MILD, Mark.STRONG, Mark.GOOD, Mark.NONE_LEVEL})
_LEVEL_CHOICES = (Understood(symptoms=Symptoms.MILD), Understood(symptoms=Symptoms.STRONG))


def read_symptoms(text: str) -> Understood | None:
    analysis = _analyse(text, _SYMPTOM_CONTENT)
    if analysis is None or _is(analysis.phrase, "unsure"):
        return None
    phrase = analysis.phrase
    if _is(phrase, "symptoms_none"):
        return Understood(symptoms=Symptoms.NONE)
    strong = list(analysis.of(Mark.STRONG))
    mild = list(analysis.of(Mark.MILD))
    symptoms = analysis.of(Mark.SYMPTOM)
    good = analysis.of(Mark.GOOD)
    if any(i.negated for i in strong) and not mild:
        return Understood(sure=False, symptoms=Symptoms.MILD)  # "not bad"
    levels = {Symptoms.STRONG for i in strong if not i.negated} | {
        Symptoms.MILD for i in mild if not i.negated
    }
    if len(levels) == 1:
        return _finish(Understood(symptoms=levels.pop()), analysis)
    if len(levels) > 1:
        return Understood(sure=False, choices=_LEVEL_CHOICES)
    felt = [i for i in symptoms if not i.negated]
    if felt:
        return Understood(sure=False, choices=_LEVEL_CHOICES)
    said_none = any(not i.negated for i in analysis.of(Mark.NONE_LEVEL))
    if symptoms or said_none or (good and not any(i.negated for i in good)):
        return _finish(Understood(symptoms=Symptoms.NONE), analysis)  # "no bloating", "fine"
    particles = analysis.particles
    if particles == {Mark.NO}:
        return _finish(Understood(symptoms=Symptoms.NONE), analysis)
    if particles == {Mark.YES}:
        return Understood(sure=False, choices=_LEVEL_CHOICES)
    return None


_NO_NOTE = ("no_note", "answer_no")
"""A bare no in any of the seven languages ("nö", "неа") is no note, as "no" is."""


def read_note(text: str) -> str | None:
    """The note to keep, or ``None`` when the text means "nothing to note"."""
    words = _tokens(text[:_MAX_CHARS]) if len(text) <= _MAX_CHARS else None
    if words is not None:
        thanks = _vocabulary().sets["thanks"]
        while len(words) > 1 and (words[-1] in thanks or words[-1] in _SEPARATORS):
            words = words[:-1]  # "nothing, thx", "nein danke"
        phrase = " ".join(w for w in words if w not in _SEPARATORS)
        if not phrase or any(_is(p, s) for p in (phrase, " ".join(words)) for s in _NO_NOTE):
            return None
        kept = [w for w in words if w not in _SEPARATORS]
        if all(any(_is(w, s) for s in _NO_NOTE) or w in thanks for w in kept):
            return None  # "nein, nichts", "rien, merci"
    stripped = text.strip()
    return stripped or None


# --------------------------------------------------------------------------- hours slept


_THOUSANDS = re.compile(r"^\s*\d{1,3}(?:[,.]\d{3})+\s*$")
_CLOCKISH = r"(?:\d{1,2}(?:[:.h]\d{2})?\s*(?:[ap]\.?\s*m\.?)?|midnight|noon|midday)"
_CLOCKISH = rf"(?:{_CLOCKISH}\s*(?:h|uhr)?)"
_WAKE = r"(?:up|woke(?:\s+up)?|got\s+up)(?:\s+at)?"
_SPAN = re.compile(
    r"^(?:(?P<bed>bed\s+(?:at\s+)?|went\s+to\s+bed\s+(?:at\s+)?)|from\s+|slept\s+(?:from\s+)?|"
    r"von\s+|de\s+|desde\s+|dalle\s+|das\s+|с\s+)?"
    rf"(?P<a>{_CLOCKISH})\s*(?:to|till|til|until|-|–|—|and|bis|a|à|al|alle|às|até|hasta|до|"
    rf"(?P<wake>,?\s*{_WAKE}))\s*(?P<b>{_CLOCKISH})$"
)
_RANGE = re.compile(
    r"^(?:between\s+|zwischen\s+|entre\s+|tra\s+|между\s+)?(?P<a>\d{1,2}(?:[.,]\d+)?)\s*"
    r"(?:h|hrs?|hours?)?\s*(?:-|–|—|/|to|or|and|bis|oder|und|o|y|a|ou|et|e|или|и|до)\s*"
    r"(?P<b>\d{1,2}(?:[.,]\d+)?)\s*(?:h|hrs?|hours?|stunden|std|horas|heures|ore|часов|часа)?$"
)
_UNIT_TYPO = re.compile(r"(?<=\d)\s*([a-z]{3,7})\b")
_LEAD_TRAIL = re.compile(r"^[^\w~≈½¼¾⅓⅔-]+|[^\w½¼¾⅓⅔.?!]+$")
_EXTRA_HEDGES = re.compile(r"^(?:barely|only|just|like|at\s+least|at\s+most|a\s+solid)\s+")
_RU_HOURS = re.compile(r"(?<=\d)\s*(?:часов|часа|час|ч)\b")


def read_sleep(text: str) -> Understood | ParseFailure:
    """Hours slept: a number, hours and minutes, or bed and wake times ("11pm to 7am",
    "23:00-07:00", "from 23h to 6h30", "von 23 bis 7 Uhr"), number words in English, German,
    Spanish, French, Italian, Portuguese and Russian. Nights longer than 14 h are confirmed;
    "1,000" is not a number of hours.

    A range ("6-7", "7 or 8", "between 6 and 7") is never stored as it is: its middle is offered
    with one tap (``sure=False``), so the record holds what the user confirmed. "11 to 6" (plain
    numbers, the first larger) is likely bed and waking times, and is confirmed the same way."""
    if not isinstance(text, str):
        return ParseFailure(ParseProblem.NOT_UNDERSTOOD)
    if _THOUSANDS.match(text):
        return ParseFailure(ParseProblem.NOT_UNDERSTOOD)
    text = _corrected(text) if len(text) <= _MAX_CHARS else text
    cleaned = " ".join(_tokens(text)) if len(text) <= _MAX_CHARS else ""
    raw = unicodedata.normalize("NFKC", text).casefold().strip()
    raw = _LEAD_TRAIL.sub("", raw.replace("’", "").replace("'", "")).strip()
    words = _sleep_words()
    if cleaned.replace(" .", "") in words.no_sleep or _norm(raw) in words.no_sleep:
        return Understood(hours=0.0)
    if _is(_norm(raw), "answer_no"):
        return Understood(sure=False, hours=0.0)  # "no": no sleep, or not answering? Confirm.
    raw, guessed = _number_typos(raw)
    raw = _digits_for_words(raw)
    while (about := words.about.match(raw)) is not None and about.end() < len(raw):
        raw = raw[about.end() :].lstrip()  # "ungefähr 8", "unas 6 horas", "около 6 часов"
    reading = _sleep_from(raw)
    if isinstance(reading, ParseFailure) and reading.problem is ParseProblem.NOT_UNDERSTOOD:
        reading = _sleep_with_comment(raw)  # "25 hours" keeps saying why it is not read
    if guessed and isinstance(reading, Understood):
        return reading.unsure()  # "sevn": 7, confirmed
    return reading


def _sleep_from(raw: str) -> Understood | ParseFailure:
    span = _span_hours(raw)
    if span is not None:
        hours, sure = span
        reading = _sleep_reading(hours)
        return reading if sure else reading.unsure()
    if (spread := _RANGE.match(raw)) is not None:
        low, high = (float(spread[k].replace(",", ".")) for k in ("a", "b"))
        fraction = "/" in raw and low < 2  # "1/2" is half an hour; "7/8" is 7 or 8
        if low < high <= MAX_SLEEP_HOURS and not fraction:
            # "6-7", "7 or 8": a range, not a number. Its middle is offered with one tap.
            return Understood(sure=False, hours=(low + high) / 2)
    candidate = _RU_HOURS.sub(" h", raw)
    candidate = _EXTRA_HEDGES.sub("", candidate)
    parsed = parse_sleep_hours(candidate)
    if isinstance(parsed, ParseFailure) and parsed.problem is ParseProblem.NOT_UNDERSTOOD:
        fixed = _UNIT_TYPO.sub(_fix_unit, candidate)
        if fixed != candidate:
            parsed = parse_sleep_hours(fixed)
    if isinstance(parsed, ParseFailure):
        return parsed
    return _sleep_reading(parsed)


class _SleepWords(NamedTuple):
    no_sleep: frozenset[str]
    about: re.Pattern[str]
    bounds: re.Pattern[str]
    numbers: tuple[str, ...]


@cache
def _sleep_words() -> _SleepWords:
    words = _load_yaml("typed_words.yaml")

    def alternatives(*keys: str) -> str:
        phrases = {_norm(p) for key in keys for p in words[key]}
        return "|".join(sorted(map(re.escape, phrases), key=len, reverse=True))

    _, numbers, _ = _foreign_numbers()
    return _SleepWords(
        no_sleep=frozenset(_norm(p) for p in words["no_sleep"]),
        about=re.compile(rf"(?:{alternatives('sleep_about', 'slept_words')})(?!\w)[.\s]*"),
        bounds=re.compile(
            rf"(?<!\w)(?:{alternatives('sleep_bounds', 'unsure', 'negators')})(?!\w)"
        ),
        numbers=tuple(sorted(w for w in numbers if len(w) >= 4)),
    )


def _number_typos(raw: str) -> tuple[str, bool]:
    """ "sevn hours" -> "seven hours": a word one typo away from a number word (and not a word
    the check-in knows otherwise, so "fine" is not "nine"). The reading is then confirmed."""
    vocab = _vocabulary()
    sleep_words = _sleep_words()
    numbers = sleep_words.numbers
    guessed = False

    def known(word: str) -> bool:
        return (
            word in numbers
            or word in vocab.phrases
            or word in vocab.foods
            or sleep_words.about.fullmatch(word) is not None  # "slept" is not "sept"
            or sleep_words.bounds.fullmatch(word) is not None
        )

    def fix(match: re.Match[str]) -> str:
        nonlocal guessed
        word = match.group(0)
        if len(word) < 4 or known(word):
            return word
        found = process.extractOne(word, numbers, scorer=DamerauLevenshtein.distance)
        if found is None or found[1] > 1:
            return word
        guessed = True
        return str(found[0])

    return re.sub(r"[^\W\d_]+", fix, raw), guessed


_HOURS_AT_END = re.compile(
    r"\d\s*(?:h|hs|hr|hrs|hour|hours|std|stunden|heures|horas|ore|ч|час|часа|часов)\.?$"
)


def _sleep_with_comment(raw: str) -> Understood | ParseFailure:
    """ "7 hours, woke up twice", "slept 8h straight": a number of hours, then words about the
    night. Words that make the number a limit or a guess ("5 max", "2 hours
    maybe", "7 or less") or another number leave it to be confirmed."""
    words = raw.split()
    for size in range(len(words) - 1, 0, -1):
        head = " ".join(words[:size]).rstrip(",;:-–— ")
        rest = words[size]
        set_apart = head.isdigit() and (
            words[size - 1].endswith((",", ";")) or rest.startswith("(") or _is(rest, "contrast")
        )  # "5 (kid woke me)", "7 but restless"
        if not (_HOURS_AT_END.search(head) or set_apart):
            continue  # "2 naps", "7 am", "no idea": not said to be hours
        reading = _sleep_from(head)
        if isinstance(reading, ParseFailure):
            continue
        tail = " ".join(_tokens(" ".join(words[size:])))
        if any(ch.isdigit() for ch in tail) or set(tail.split()) & set(_foreign_numbers()[1]):
            return _not_understood()
        if _sleep_words().bounds.search(tail):
            return reading.unsure()
        return reading
    return _not_understood()


@cache
def _foreign_numbers() -> tuple[re.Pattern[str], dict[str, int], re.Pattern[str]]:
    words = _load_yaml("typed_words.yaml")
    numbers = {str(k).casefold(): int(v) for k, v in words["numbers"].items()}
    english = {w: n for w, n in NUMBER_WORDS.items() if w not in ("none", "twenty")}
    numbers = english | numbers
    alternatives = "|".join(sorted(map(re.escape, numbers), key=len, reverse=True))
    pattern = re.compile(rf"(?<!\w)({alternatives})(?:einhalb)?(?!\w)")
    halves = "|".join(re.escape(str(h)) for h in words["and_a_half"])
    unit = r"(?:stunden|horas|heures|ore|часов|часа)?"
    return pattern, numbers, re.compile(rf"\s*{unit}\s*(?:{halves})\b")


def _digits_for_words(text: str) -> str:
    """ "sieben Stunden" -> "7 Stunden", "sechseinhalb" -> "6 and a half", "siete y media" ->
    "7 and a half": number words of the six other languages as digits."""
    pattern, numbers, halves = _foreign_numbers()

    def digits(match: re.Match[str]) -> str:
        value = str(numbers[match.group(1)])
        return f"{value} and a half" if match.group(0).endswith("einhalb") else value

    text = pattern.sub(digits, text)
    return halves.sub(" and a half", text)


def _fix_unit(match: re.Match[str]) -> str:
    word = match.group(1)
    for unit in ("hours", "hrs", "hour"):
        if DamerauLevenshtein.distance(word, unit) <= 2 and word[0] == "h":
            return " hours"
    return match.group(0)


def _sleep_reading(hours: float) -> Understood:
    if hours > LONG_NIGHT_HOURS:
        return Understood(sure=False, hours=hours)
    return Understood(hours=hours)


def _clock_form(part: str) -> str:
    """ "23h" -> "23:00", "6h30" -> "6:30", "7 uhr" -> "7:00"."""
    part = part.strip()
    part = re.sub(r"^(\d{1,2})h(\d{2})$", r"\1:\2", part)
    return re.sub(r"^(\d{1,2})\s*(?:h|uhr)$", r"\1:00", part)


def _span_hours(text: str) -> tuple[float, bool] | None:
    """Hours between bed and waking up, and whether the text surely gave clock times."""
    match = _SPAN.match(text)
    if match is None:
        return None
    first, second = (_clock_form(match[key]) for key in ("a", "b"))
    # Plain numbers ("6-7") are a range of hours, not clock times, unless bed and waking up
    # are said ("went to bed at 1, up at 8").
    said_times = match["bed"] is not None or match["wake"] is not None
    sure = True
    if not said_times and not any(re.search(r"[:apmnd]", part) for part in (first, second)):
        if not (first.isdigit() and second.isdigit() and int(first) > int(second)):
            return None
        sure = False  # "11 to 6": likely bed at 11 pm, up at 6; confirmed with one tap
    start, end = parse_clock_time(first), parse_clock_time(second)
    if isinstance(start, ParseFailure) or isinstance(end, ParseFailure):
        return None
    # "11 to 7am": a bed time without am/pm is in the evening.
    bare_start = not re.search(r"[ap]\.?\s*m|midnight|noon|midday", first)
    if bare_start and start.hour < 12 and (start.hour >= 7 or end.hour <= start.hour):
        start = time((start.hour + 12) % 24, start.minute)
    minutes = (end.hour * 60 + end.minute - start.hour * 60 - start.minute) % (24 * 60)
    hours = round(minutes / 60 * 20) / 20
    return (hours, sure) if 0 < hours <= MAX_SLEEP_HOURS else None


# --------------------------------------------------------------------------- check-in times


_HALF_PAST = re.compile(r"^(?:at\s+|around\s+|about\s+)?half\s+(?:past\s+)?(?P<h>\w+)$")
_QUARTER = re.compile(r"^(?:at\s+|around\s+|about\s+)?quarter\s+(?P<rel>past|to)\s+(?P<h>\w+)$")
_MERIDIEM_HINT = re.compile(r"[ap]\.?\s*m\b|morning|afternoon|evening|night|noon|midnight|midday")


def _hour_word(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    return NUMBER_WORDS.get(word)


def read_check_in_time(text: str, slot: Slot) -> time | ParseFailure:
    """A check-in time: any form :func:`parse_clock_time` reads, "half past seven", "quarter to
    seven", number words, and a bare hour read for the slot ("9" in the evening is 21:00)."""
    if not isinstance(text, str) or not text.strip():
        return ParseFailure(ParseProblem.EMPTY)
    cleaned = " ".join(unicodedata.normalize("NFKC", text).casefold().split()).strip(" .!")
    cleaned = re.sub(r"\s*-?ish$", "", cleaned)  # "7ish"
    at: time | ParseFailure
    if match := _HALF_PAST.match(cleaned):
        hour = _hour_word(match["h"])
        at = time(hour % 24, 30) if hour is not None and hour < 24 else _not_understood()
    elif match := _QUARTER.match(cleaned):
        hour = _hour_word(match["h"])
        if hour is None or hour > 23:
            at = _not_understood()
        elif match["rel"] == "past":
            at = time(hour, 15)
        else:
            at = time((hour - 1) % 24, 45)
    else:
        words = cleaned.split()
        replaced = " ".join(
            str(NUMBER_WORDS[w]) if w in NUMBER_WORDS and w not in ("none", "zero") else w
            for w in words
        )
        replaced = _digits_for_words(replaced)
        at = parse_clock_time(replaced)
    if isinstance(at, ParseFailure):
        return at
    if slot is Slot.EVENING and not _MERIDIEM_HINT.search(cleaned) and 1 <= at.hour <= 11:
        return time(at.hour + 12, at.minute)
    return at


def _not_understood() -> ParseFailure:
    return ParseFailure(ParseProblem.NOT_UNDERSTOOD)
