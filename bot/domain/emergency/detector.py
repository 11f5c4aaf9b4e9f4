"""Does a message describe a possible emergency, and in which language is it written?

Each of the seven languages reads the message with its own tokens and rules (``rules.py``).
A rule's match counts unless:

* a negation is *attached* before it — a negator ("no", "didn't", "keine", "sin", "нет"...)
  with at most a few bridge words in between ("haven't had *any* trouble breathing", "no tengo
  problemas para respirar"). Where the negation is part of the emergency phrase itself
  ("no puedo respirar", "не могу дышать", "ich kann nicht atmen") the rule includes it, so only
  a negation *before* the whole phrase counts. Punctuation breaks the attachment: "no, I can't
  breathe" is an emergency;
* a post-negation follows it where the language puts one there ("отёка нет");
* a rule marked ``negatable_inside`` holds a negation ("my lips are *not* swollen");
* the symptom is said to be over ("the chest pain is gone") or long past ("last year we went
  to the ER");
* a sense check says it is another sense ("passed out flyers", "breathless with laughter",
  "a film about anaphylaxis", "adrenaline rush", "I work in the ER").

Everything else counts: questions, hypotheticals and "I think..." — a false alarm costs one
unneeded safety message, a missed emergency far more. Each mention is judged on its own, so one
negated mention does not hide another ("no rash but my throat is closing").

The languages that judge, and the language of the reply, are the ones that know the most of the
text's words as written (see :func:`find_emergency`); English first on a tie.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from bot.domain.emergency.concepts import Combination, blocked, sentence_of
from bot.domain.emergency.rules import LanguageRules, Rule, load_all
from bot.domain.emergency.text import fold, word_starts

CHUNK_CHARS = 4096
"""Texts are read in pieces of at most this many characters (a Telegram message's limit),
overlapping by CHUNK_OVERLAP, so the cost stays linear however long or odd the input."""
CHUNK_OVERLAP = 200

_CONTEXT_BEFORE = 4
_CONTEXT_AFTER = 3
_TOPIC_BEFORE = 3
_RESOLVED_AFTER = 5  # "the chest pain from yesterday is gone"
_PUNCTUATION_BREAKS = frozenset(".!?;:,")
_SENTENCE_ENDS = frozenset(".!?;")
_MEDIA_BEFORE = 8  # "a film about a girl who passes out"
_OTHER_SENSE_AFTER = 5


@dataclass(frozen=True, slots=True)
class EmergencyFinding:
    """What was found: the categories (see ``rules.CATEGORIES``) and the reply language."""

    categories: frozenset[str]
    language: str


def find_emergency(text: object) -> EmergencyFinding | None:
    """The emergency ``text`` describes, or None. May raise on a bug: use ``is_emergency`` or
    ``check`` where failing safe matters.

    The most plausible languages judge first — those that know the most of the text's words as
    written (a tie keeps all of them). Otherwise a word shared by several languages would be
    judged by a language that cannot see the negation or the other sense around it: Spanish
    "no tengo problemas para respirar" is negated in Spanish, but Portuguese knows no "tengo".
    Only when they saw no emergency phrase at all (neither found nor judged out) do the other
    languages get a say, on words written as they write them, so a phrase in a second language
    is not lost while a stray cognate ("ambulancia" read as French) does not count.
    """
    if isinstance(text, bytes | bytearray):
        text = bytes(text).decode("utf-8", errors="replace")
    if not isinstance(text, str) or not text.strip():
        return None
    if len(text) > CHUNK_CHARS:
        step = CHUNK_CHARS - CHUNK_OVERLAP
        for start in range(0, len(text), step):
            finding = find_emergency(text[start : start + CHUNK_CHARS])
            if finding is not None:
                return finding
        return None
    folded = fold(text)
    readings: list[tuple[LanguageRules, list[str], int]] = []
    for language in load_all():
        tokens, familiar = language.reader.read(folded)
        if tokens:
            readings.append((language, tokens, familiar))
    if not readings:
        return None
    most = max(familiar for _, _, familiar in readings)
    # In LANGUAGES order within each rank: English first on a tie.
    ranked = sorted(readings, key=lambda reading: -reading[2])
    best = [reading for reading in ranked if reading[2] == most]
    categories: set[str] = set()
    language_found: str | None = None
    rejected = False
    for language, tokens, _ in best:
        found, judged_out, _ = _categories(language, tokens)
        rejected = rejected or judged_out
        if found:
            categories |= found
            language_found = language_found or language.language
    if language_found is None and not rejected:
        # The likeliest languages saw nothing at all: a phrase of another language still
        # counts (a second language in one message) if its words are written as that language
        # writes them — not a cognate read as a typo ("ambulancia" is no French word).
        for language, tokens, familiar in ranked[len(best) :]:
            if familiar == 0:
                continue
            found, _, matched = _categories(language, tokens, with_words=True)
            if found and matched <= set(language.reader.written(folded)):
                return EmergencyFinding(categories=found, language=language.language)
    if language_found is None:
        return None
    return EmergencyFinding(categories=frozenset(categories), language=language_found)


def check(text: object) -> EmergencyFinding | None:
    """Like :func:`find_emergency`, but never raises: a scanner failure counts as an emergency
    (in English) — a needless safety message is the cheaper mistake."""
    try:
        return find_emergency(text)
    except Exception:
        return EmergencyFinding(categories=frozenset(), language="en")


def is_emergency(text: object) -> bool:
    """True if ``text`` describes a possible emergency; True also if the scanner fails."""
    return check(text) is not None


def _categories(
    language: LanguageRules, tokens: list[str], *, with_words: bool = False
) -> tuple[frozenset[str], bool, set[str]]:
    """The categories found; whether a phrase was seen but judged out (negated, another
    sense): then this language has read the text and said no; and (``with_words``) the words
    of the phrases found."""
    joined = " ".join(tokens)
    starts = word_starts(tokens)
    found: set[str] = set()
    words: set[str] = set()
    judged_out = False
    for rule in language.rules:
        if rule.category in found:
            continue
        for match in rule.pattern.finditer(joined):
            first = bisect.bisect_left(starts, match.start())
            after = bisect.bisect_left(starts, match.end())
            if _counts(language, rule, tokens, first, after):
                found.add(rule.category)
                if with_words:
                    words.update(token for token in tokens[first:after] if token.isalpha())
                break
            judged_out = True
    concepts = language.concepts
    spans = concepts.spans(tokens) if concepts.combinations else {}
    for combination in concepts.combinations:
        if combination.category in found:
            continue
        for first, after in concepts.candidates(tokens, combination, spans):
            if not blocked(tokens, combination, spans, first, after) and _combination_counts(
                language, combination, tokens, first, after
            ):
                found.add(combination.category)
                if with_words:
                    words.update(token for token in tokens[first:after] if token.isalpha())
                break
            judged_out = True
    return frozenset(found), judged_out, words


def _combination_counts(
    language: LanguageRules, combination: Combination, tokens: list[str], first: int, after: int
) -> bool:
    """Concepts found together count unless negated, said of another sense, or over."""
    if _negated_before(language, tokens, first) or _negated_after(language, tokens, after):
        return False
    if combination.negatable_inside and language.negators.intersection(tokens[first:after]):
        return False
    start, end = sentence_of(tokens, first, after)
    if combination.unless.intersection(tokens[start:end]):
        return False
    if language.resolved_after.intersection(_window(tokens, after, _RESOLVED_AFTER, forward=True)):
        return False
    if language.history_before.intersection(_window(tokens, first - 1, 6, forward=False)):
        return False
    return not _another_sense(language, tokens, first, after, combination.category)


def _another_sense(
    language: LanguageRules, tokens: list[str], first: int, after: int, category: str
) -> bool:
    """Checks every match gets: a topic of a film, book or series ("serie de urgencias"), the
    person's usual or long past ("como siempre", "last year"), an idiom or object next to it
    ("fainted from boredom", "the tent collapsed")."""
    index = first - 1
    while index >= 0 and first - index <= _MEDIA_BEFORE:
        word = tokens[index]
        if word in ".!?;" or word in language.clause_breaks:
            break
        if word in language.media:
            return True
        index -= 1
    if language.media.intersection(_window(tokens, after, 2, forward=True)):
        return True
    if language.other_sense_after.intersection(
        _window(tokens, after, _OTHER_SENSE_AFTER, forward=True)
    ):
        return True
    if language.other_sense_before.intersection(
        _window(tokens, first - 1, _OTHER_SENSE_AFTER, forward=False)
    ):
        return True
    phrases = language.not_now + language.other_sense_sentence.get(category, ())
    if phrases:
        start, end = sentence_of(tokens, first, after)
        sentence = f" {' '.join(tokens[start:end])} "
        if any(phrase in sentence for phrase in phrases):
            return True
    return False


def _counts(language: LanguageRules, rule: Rule, tokens: list[str], first: int, after: int) -> bool:
    if _negated_before(language, tokens, first):
        return False
    inside = tokens[first:after]
    if rule.negatable_inside and any(token in language.negators for token in inside):
        return False
    if rule.unless_inside.intersection(inside):
        return False
    following = _window(tokens, after, _CONTEXT_AFTER, forward=True)
    preceding = _window(tokens, first - 1, _CONTEXT_BEFORE, forward=False)
    if _negated_after(language, tokens, after):
        return False
    if language.resolved_after.intersection(_window(tokens, after, _RESOLVED_AFTER, forward=True)):
        return False
    if language.history_before.intersection(_window(tokens, first - 1, 6, forward=False)):
        return False  # "last year we went to the ER": not happening now
    if rule.unless_before.intersection(preceding) or rule.unless_after.intersection(following):
        return False
    if rule.mention and _is_topic(language, tokens, first, following):
        return False
    return not _another_sense(language, tokens, first, after, rule.category)


def _window(tokens: list[str], start: int, size: int, *, forward: bool) -> list[str]:
    """Up to ``size`` tokens from ``start`` on (or back), stopping at sentence punctuation."""
    words: list[str] = []
    step = 1 if forward else -1
    index = start
    while 0 <= index < len(tokens) and len(words) < size:
        if tokens[index] in _PUNCTUATION_BREAKS:
            break
        words.append(tokens[index])
        index += step
    return words


def _negated_before(language: LanguageRules, tokens: list[str], first: int) -> bool:
    index = first - 1
    skipped = 0
    while index >= 0:
        word = tokens[index]
        if word in language.negators:
            return True
        if word not in language.bridge or skipped >= language.max_bridge:
            return False
        skipped += 1
        index -= 1
    return False


def _negated_after(language: LanguageRules, tokens: list[str], after: int) -> bool:
    end = after
    while end < len(tokens) and tokens[end] not in _SENTENCE_ENDS:
        end += 1
    if end + 2 < len(tokens) and tokens[end] == "?" and tokens[end + 1] in language.negators:
        # Asked and answered with a reason: "allergic reaction? no, just a heat rash". A bare
        # "trouble breathing? no" may be a cry as much as an answer: it still counts.
        return True
    if not language.post_negators:
        return False
    for index in (after, after + 1, after + 2):
        if index >= len(tokens):
            return False
        if tokens[index] in language.post_negators:
            return True
        if tokens[index] not in language.bridge and tokens[index] not in "?:-":
            return False
    return False


def _is_topic(language: LanguageRules, tokens: list[str], first: int, following: list[str]) -> bool:
    """A bare mention spoken of as a topic: "a film about anaphylaxis", "read about severe
    allergic reactions", "anaphylaxis training"."""
    if language.topic_after.intersection(following[:2]):
        return True
    preceding = _window(tokens, first - 1, _TOPIC_BEFORE, forward=False)
    return bool(language.topic_before.intersection(preceding))
