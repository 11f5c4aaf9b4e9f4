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
    * **Foods** come from ``foods.yaml``: what each contains of the eight allergens and which
      fermented-food button it counts as; foods that only often contain an allergen (a cake)
      make an exposure unsure.
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
from typing import Any

import yaml
from rapidfuzz import fuzz, process
from rapidfuzz.distance import DamerauLevenshtein

from bot.domain.answers import LONG_NIGHT_HOURS, Allergen, ProbioticKind, Slot, Symptoms
from bot.domain.parsing import (
    MAX_SLEEP_HOURS,
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
    SYMPTOM = "symptom"
    MILD = "mild"
    STRONG = "strong"
    NONE_LEVEL = "none_level"


@dataclass(frozen=True)
class Food:
    allergens: frozenset[Allergen] = frozenset()
    kind: ProbioticKind | None = None
    unsure: bool = False


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
    "symptom_words": Mark.SYMPTOM,
    "symptoms_mild": Mark.MILD,
    "symptoms_strong": Mark.STRONG,
    "symptoms_none": Mark.NONE_LEVEL,
}
_SETS = (
    "filler",
    "dairy_alternatives",
    "no_note",
    "list_none",
    "list_done",
    "list_all",
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
    merged: dict[str, dict[str, Any]] = {}
    for entry in _load_yaml("foods.yaml"):
        for name in entry["names"]:
            food = merged.setdefault(_norm(name), {"allergens": set(), "kind": None})
            food["allergens"] |= {Allergen(a) for a in entry.get("allergens", ())}
            if entry.get("kind"):
                food["kind"] = ProbioticKind(entry["kind"])
            food["unsure"] = food.get("unsure", False) or bool(entry.get("unsure"))
    for name, food in merged.items():
        vocab.foods[name] = Food(frozenset(food["allergens"]), food["kind"], food["unsure"])
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


def _is_dairy_alternative(previous: Token, food: Token, vocab: _Vocabulary) -> bool:
    assert food.food is not None
    return previous.text in vocab.sets["dairy_alternatives"] and food.food.allergens == frozenset(
        {Allergen.DAIRY}
    )


def _analyse(text: str, content: frozenset[Mark]) -> _Analysis | None:
    """Split into parts, resolve negation. ``content`` says which marks count as content words
    for this question (everything else in ``_CONTENT`` is ignored)."""
    if not isinstance(text, str) or len(text) > _MAX_CHARS:
        return None
    words = _tokens(text)
    if not words:
        return None
    vocab = _vocabulary()
    positions = _read_tokens(words, vocab)
    phrase = " ".join(w for w in words if w not in _SEPARATORS)
    hedged = any(token.mark is Mark.HEDGE for options in positions for token in options)

    # Flatten to one reading per position: content words of this question first.
    flat: list[Token] = []
    for options in positions:
        if not options:
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
    for index, token in enumerate(flat):
        mark = token.mark
        if mark in (Mark.BREAK, Mark.CONTRAST, Mark.QUESTION):
            part += 1
            negating = False
            if mark is Mark.QUESTION:
                items.append(_Item(Mark.QUESTION, False, part))
            continue
        if mark is Mark.NEGATOR:
            rest = flat[index + 1 :]
            ahead = []
            for later in rest:
                if later.mark in (Mark.BREAK, Mark.CONTRAST, Mark.QUESTION):
                    break
                ahead.append(later)
            if any(t.mark in content for t in ahead):
                negating = not negating if negating else True
            else:
                items.append(_Item(Mark.NO, False, part, text=token.text))
            continue
        if mark is Mark.FREE:
            # "egg free": the word before; "free of eggs": the word after.
            if items and items[-1].part == part and items[-1].mark in content:
                items[-1] = replace(items[-1], negated=not items[-1].negated)
            else:
                negating = True
            continue
        if mark in content:
            items.append(_Item(mark, negating, part, token.food, token.fuzzy, token.text))
        elif mark in (Mark.YES, Mark.NO):
            items.append(_Item(mark, False, part, text=token.text))
    # "eggs? no" / "yogurt? nope": a bare no after a question turns the part before around.
    for index, item in enumerate(items):
        if item.mark is Mark.QUESTION and index + 1 < len(items):
            following = items[index + 1]
            if following.mark is Mark.NO and not [
                i for i in items[index + 1 :] if i.mark in content
            ]:
                items = [
                    replace(i, negated=not i.negated) if i.part < item.part else i for i in items
                ]
    items = [item for item in items if item.mark is not Mark.QUESTION]
    filler = vocab.sets["filler"]
    unknown = sum(
        1
        for word, options in zip(_words_by_position(words, positions), positions, strict=True)
        if not options and word not in filler and not word.isdigit()
    )
    return _Analysis(tuple(items), hedged, phrase, tuple(words), unknown)


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


_TOLERANCE_CONTENT = frozenset({Mark.GOOD, Mark.BAD, Mark.FOOD, Mark.SYMPTOM})
_VITAMIN_CONTENT = {
    "vitamin_c": frozenset({Mark.VITAMIN_C, Mark.VITAMIN_PILL, Mark.HAD, Mark.MISSED}),
    "vitamin_d": frozenset({Mark.VITAMIN_D, Mark.VITAMIN_PILL, Mark.HAD, Mark.MISSED}),
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
    per_kind = _tolerance_by_kind(analysis)
    if per_kind:
        flags = tuple(sat for _, sat in per_kind)
        return _finish(Understood(flag=all(flags), tolerance=per_kind), analysis)
    signs = [(item.mark is Mark.GOOD) != item.negated for item in analysis.of(Mark.GOOD, Mark.BAD)]
    if signs:
        if len(set(signs)) > 1:
            return Understood(sure=False, choices=(Understood(flag=True), Understood(flag=False)))
        return _finish(Understood(flag=signs[0]), analysis)
    return _particle_answer(analysis)


def _tolerance_by_kind(analysis: _Analysis) -> tuple[tuple[ProbioticKind, bool], ...]:
    """ "kimchi sat well but the milk didn't" -> kimchi: yes, milk/kefir: no. Each verdict goes
    to the foods named before it in its part of the sentence, or, if none, after it."""
    verdicts: dict[ProbioticKind, bool] = {}
    waiting: list[ProbioticKind] = []
    last: tuple[int, bool] | None = None
    for item in analysis.items:
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


def read_yes_no(text: str, question: str) -> Understood | None:
    """Yes or no to "Did you have vitamin C / vitamin D today?" (``question`` is "vitamin_c" or
    "vitamin_d"): the vitamin or a clear source of it counts as yes, "forgot" as no."""
    content = _VITAMIN_CONTENT[question]
    analysis = _analyse(text, content)
    if analysis is None or _is(analysis.phrase, "unsure"):
        return None
    sources = analysis.of(Mark.VITAMIN_C, Mark.VITAMIN_D, Mark.VITAMIN_PILL)
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
    tolerance = _tolerance_by_kind(analysis) if said_sat else ()
    tolerance = tuple((kind, sat) for kind, sat in tolerance if kind in eaten)
    fuzzy = any(item.fuzzy for item in named if not item.negated)
    if eaten:
        reading = Understood(
            sure=not fuzzy or after_yes, flag=True, kinds=eaten, tolerance=tolerance
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
    analysis = _analyse(text, _LIST_CONTENT)
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
    for item in foods:
        if item.negated and item.food:
            denied.setdefault(item.part, set()).update(item.food.allergens)
    for item in foods:
        if item.negated or item.food is None:
            continue
        allergens = set(item.food.allergens) - denied.get(item.part, set())
        (maybe_found if item.food.unsure else sure_found).update(allergens)
    watched = set(asked)
    sure_hits = _ordered(sure_found & watched)
    maybe_hits = _ordered((maybe_found & watched) - sure_found)
    negated_any = any(item.negated for item in foods) or Mark.NO in analysis.particles
    if maybe_hits:
        return Understood(sure=False, allergens=_ordered(set(sure_hits) | set(maybe_hits)))
    if sure_hits:
        fuzzy = any(i.fuzzy for i in foods if i.food and i.food.allergens & watched)
        return _finish(Understood(sure=not fuzzy, allergens=sure_hits), analysis)
    if negated_any and (foods or Mark.NO in analysis.particles):
        if Mark.YES in analysis.particles:
            return None
        return _finish(Understood(allergens=()), analysis)
    if foods:
        return Understood(sure=False, allergens=())  # only foods without the watched allergens
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


def read_note(text: str) -> str | None:
    """The note to keep, or ``None`` when the text means "nothing to note"."""
    words = _tokens(text[:_MAX_CHARS]) if len(text) <= _MAX_CHARS else None
    if words is not None:
        phrase = " ".join(w for w in words if w not in _SEPARATORS)
        if not phrase or _is(phrase, "no_note") or _is(" ".join(words), "no_note"):
            return None
    stripped = text.strip()
    return stripped or None


# --------------------------------------------------------------------------- hours slept


_THOUSANDS = re.compile(r"^\s*\d{1,3}(?:[,.]\d{3})+\s*$")
_CLOCKISH = r"(?:\d{1,2}(?:[:.h]\d{2})?\s*(?:[ap]\.?\s*m\.?)?|midnight|noon|midday)"
_SPAN = re.compile(
    rf"^(?:from\s+|bed\s+(?:at\s+)?|went\s+to\s+bed\s+(?:at\s+)?|slept\s+(?:from\s+)?)?"
    rf"(?P<a>{_CLOCKISH})\s*(?:to|till|til|until|-|–|—|and|,\s*(?:up|woke(?:\s+up)?|got\s+up)"
    rf"(?:\s+at)?|(?:up|woke(?:\s+up)?|got\s+up)(?:\s+at)?)\s*(?P<b>{_CLOCKISH})$"
)
_UNIT_TYPO = re.compile(r"(?<=\d)\s*([a-z]{3,7})\b")
_LEAD_TRAIL = re.compile(r"^[^\w~≈½¼¾⅓⅔-]+|[^\w½¼¾⅓⅔.?!]+$")
_EXTRA_HEDGES = re.compile(r"^(?:barely|only|just|like|at\s+least|at\s+most|a\s+solid)\s+")
_NOTHING = frozenset(
    {"didnt sleep", "didnt sleep at all", "no sleep at all", "not at all", "zero", "0 hours"}
)
_RU_HOURS = re.compile(r"(?<=\d)\s*(?:часов|часа|час|ч)\b")


def read_sleep(text: str) -> Understood | ParseFailure:
    """Hours slept: a number, hours and minutes, or bed and wake times ("11pm to 7am"). Nights
    longer than 14 h are confirmed; "1,000" is not a number of hours."""
    if not isinstance(text, str):
        return ParseFailure(ParseProblem.NOT_UNDERSTOOD)
    if _THOUSANDS.match(text):
        return ParseFailure(ParseProblem.NOT_UNDERSTOOD)
    cleaned = " ".join(_tokens(text)) if len(text) <= _MAX_CHARS else ""
    raw = unicodedata.normalize("NFKC", text).casefold().strip()
    raw = _LEAD_TRAIL.sub("", raw.replace("’", "").replace("'", "")).strip()
    if cleaned.replace(" .", "") in _NOTHING or raw in _NOTHING:
        return Understood(hours=0.0)
    span = _span_hours(raw)
    if span is not None:
        return _sleep_reading(span)
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


def _span_hours(text: str) -> float | None:
    match = _SPAN.match(text)
    if match is None:
        return None
    first, second = match["a"].strip(), match["b"].strip()
    # Plain numbers ("6-7") are a range of hours, not clock times.
    if not any(re.search(r"[:apmnd]", part) for part in (first, second)):
        return None
    start, end = parse_clock_time(first), parse_clock_time(second)
    if isinstance(start, ParseFailure) or isinstance(end, ParseFailure):
        return None
    # "11 to 7am": a bed time without am/pm is in the evening.
    bare_start = not re.search(r"[ap]\.?\s*m|midnight|noon|midday", first)
    if bare_start and start.hour < 12 and (start.hour >= 7 or end.hour <= start.hour):
        start = time((start.hour + 12) % 24, start.minute)
    minutes = (end.hour * 60 + end.minute - start.hour * 60 - start.minute) % (24 * 60)
    hours = round(minutes / 60 * 20) / 20
    return hours if 0 < hours <= MAX_SLEEP_HOURS else None


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
        at = parse_clock_time(replaced)
    if isinstance(at, ParseFailure):
        return at
    if slot is Slot.EVENING and not _MERIDIEM_HINT.search(cleaned) and 1 <= at.hour <= 11:
        return time(at.hour + 12, at.minute)
    return at


def _not_understood() -> ParseFailure:
    return ParseFailure(ParseProblem.NOT_UNDERSTOOD)
