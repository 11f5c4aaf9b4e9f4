"""The phrase rules of each language, loaded from the data files in ``phrases/``.

One YAML file per language (``en.yaml``, ``de.yaml``...) holds everything language-specific: the
words that negate, the words that may stand between a negation and what it negates, spelling
rewrites and keywords for typo matching, and the rules themselves — regular expressions over the
message's tokens joined by single spaces, with ``{slot}`` placeholders for shared word lists.
A rule may carry sense checks: ``unless_before`` / ``unless_after`` (words within a few tokens
that give the phrase another sense: "passed out *flyers*", "*work* in the ER"),
``unless_inside`` (words within the phrase that do: "*refill* my EpiPen"), ``mention``
(a bare noun such as "anaphylaxis" or "chest pain", which a topic word before it — "a film
*about* anaphylaxis" — makes a topic rather than an event) and ``negatable_inside`` (a negation
within the phrase negates it: "lips *not* swollen"). Language-wide lists: ``negators`` and
``post_negators``, ``bridge`` (words a negation reaches across), ``topic_before`` /
``topic_after``, ``resolved_after`` ("gone", "better") and ``history_before`` ("last year").
Each file is checked when loaded.
"""

from __future__ import annotations

import functools
import importlib.resources
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import yaml

from bot.domain.emergency.concepts import Combination, Concepts, Entry
from bot.domain.emergency.text import Reader, Spelling, strip_accents

LANGUAGES: tuple[str, ...] = ("en", "de", "es", "fr", "it", "pt", "ru")
"""Every language with a phrase file; English is the fallback for the reply."""

CATEGORIES: tuple[str, ...] = (
    "breathing",
    "swelling",
    "fainting",
    "anaphylaxis",
    "epinephrine",
    "chest_pain",
    "blood",
    "allergic_reaction",
    "ambulance",
)

_DATA_PACKAGE = "bot.domain.emergency.phrases"
_SLOT = re.compile(r"\{([a-z_]+)\}")
_CONTEXT_KEYS = (
    "bridge",
    "topic_before",
    "topic_after",
    "resolved_after",
    "history_before",
    "media",
    "clause_breaks",
    "other_sense_after",
    "other_sense_before",
)
_ESCAPE = re.compile(r"\\\w")
_LITERAL = re.compile(r"[^\W\d_]{3,}")
_RULE_KEYS = frozenset(
    {
        "category",
        "pattern",
        "negatable_inside",
        "mention",
        "unless_before",
        "unless_after",
        "unless_inside",
    }
)


@dataclass(frozen=True, slots=True)
class Rule:
    category: str
    pattern: re.Pattern[str]
    negatable_inside: bool
    mention: bool
    unless_before: frozenset[str]
    unless_after: frozenset[str]
    unless_inside: frozenset[str]


@dataclass(frozen=True, slots=True)
class LanguageRules:
    language: str
    reader: Reader
    rules: tuple[Rule, ...]
    negators: frozenset[str]
    post_negators: frozenset[str]
    bridge: frozenset[str]
    max_bridge: int
    topic_before: frozenset[str]
    topic_after: frozenset[str]
    resolved_after: frozenset[str]
    history_before: frozenset[str]
    function_words: frozenset[str]
    concepts: Concepts
    media: frozenset[str]
    """Words that make what follows a topic, for every rule: "a *film* about the ER", "una
    *serie* de urgencias" (unless a clause break stands between: "watching a film when...")."""
    clause_breaks: frozenset[str]
    not_now: tuple[str, ...]
    """Phrases anywhere in the sentence that say it is not happening now: the person's usual
    (``habitual``: "as always", "como siempre") or long past (``past``: "last year")."""
    other_sense_after: frozenset[str]
    """Words just after any match that give it another sense ("fainted from *boredom*")."""
    other_sense_before: frozenset[str]
    """Words just before any match that give it another sense ("the *tent* collapsed")."""
    other_sense_sentence: Mapping[str, tuple[str, ...]]
    """Per category, phrases anywhere in the sentence that give it another sense: teaching
    ("first aid: how to use an epipen"), a visit ("to the ER to pick up my sister")."""


class _PlainLoader(yaml.SafeLoader):
    """YAML without YAML 1.1's booleans: "no", "on", "off" and "nah" are words here."""


_PlainLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _flag(value: object) -> bool:
    return str(value).casefold() == "true"


def _words(data: Mapping[str, Any], key: str) -> frozenset[str]:
    return frozenset(strip_accents(str(word)).casefold() for word in data.get(key) or ())


def _expand(pattern: str, slots: Mapping[str, str]) -> str:
    for _ in range(4):  # slots may use slots
        expanded = _SLOT.sub(lambda match: f"(?:{slots[match.group(1)]})", pattern)
        if expanded == pattern:
            break
        pattern = expanded
    return pattern


def parse(language: str, data: Mapping[str, Any]) -> LanguageRules:
    """One language's rules from its parsed YAML (raises ValueError on a malformed file)."""
    slots = {name: strip_accents(str(value)) for name, value in (data.get("slots") or {}).items()}
    rules: list[Rule] = []
    literals: set[str] = set()
    for entry in data.get("rules") or ():
        if not isinstance(entry, dict) or not _RULE_KEYS.issuperset(entry):
            raise ValueError(f"{language}: malformed rule {entry!r}")
        if entry["category"] not in CATEGORIES:
            raise ValueError(f"{language}: unknown category {entry['category']!r}")
        try:
            body = _expand(strip_accents(str(entry["pattern"])), slots)
            literals.update(_LITERAL.findall(_ESCAPE.sub(" ", body)))
            compiled = re.compile(r"(?<!\S)(?:" + body + r")(?!\S)")
        except (KeyError, re.error) as error:
            raise ValueError(f"{language}: rule {entry['pattern']!r}: {error}") from error
        rules.append(
            Rule(
                category=entry["category"],
                pattern=compiled,
                negatable_inside=_flag(entry.get("negatable_inside")),
                mention=_flag(entry.get("mention")),
                unless_before=_words(entry, "unless_before"),
                unless_after=_words(entry, "unless_after"),
                unless_inside=_words(entry, "unless_inside"),
            )
        )
    negators = _words(data, "negators")
    function_words = _words(data, "function_words")
    keywords = _words(data, "keywords")
    join_words = _words(data, "join_words")
    never_fuzzy = _words(data, "never_fuzzy")
    by_initial: dict[str, list[str]] = {}
    for word in sorted(keywords):
        by_initial.setdefault(word[0], []).append(word)
    rewrites = {
        strip_accents(str(typo)).casefold(): tuple(strip_accents(str(word)).casefold().split())
        for typo, word in (data.get("rewrites") or {}).items()
    }
    families = [
        (re.compile(strip_accents(str(family))), strip_accents(str(word)))
        for family, word in (data.get("families") or {}).items()
    ]
    context_words = frozenset().union(
        *(rule.unless_before | rule.unless_after | rule.unless_inside for rule in rules),
        *(_words(data, key) for key in _CONTEXT_KEYS),
    )
    spelling = Spelling(
        split_apostrophes=data.get("apostrophes") == "split",
        rewrites=rewrites,
        families=families,
        keywords_by_initial={initial: tuple(words) for initial, words in by_initial.items()},
        # Words the rules spell out are read as written, never as a typo of another word.
        known=keywords
        | join_words
        | negators
        | function_words
        | never_fuzzy
        | literals
        | context_words,
        split_pieces=keywords | join_words | negators,
        digraphs=tuple(
            (str(typed), str(folded)) for typed, folded in (data.get("digraphs") or {}).items()
        ),
    )
    return LanguageRules(
        language=language,
        reader=Reader(spelling),
        rules=tuple(rules),
        negators=negators,
        post_negators=_words(data, "post_negators"),
        bridge=_words(data, "bridge"),
        max_bridge=int(data.get("max_bridge", 4)),
        topic_before=_words(data, "topic_before"),
        topic_after=_words(data, "topic_after"),
        resolved_after=_words(data, "resolved_after"),
        history_before=_words(data, "history_before"),
        function_words=function_words,
        concepts=_concepts(language, data),
        media=_words(data, "media"),
        clause_breaks=_words(data, "clause_breaks"),
        not_now=tuple(
            f" {strip_accents(str(phrase)).casefold()} "
            for key in ("habitual", "past")
            for phrase in data.get(key) or ()
        ),
        other_sense_after=_words(data, "other_sense_after"),
        other_sense_before=_words(data, "other_sense_before"),
        other_sense_sentence={
            str(category): tuple(
                f" {strip_accents(str(phrase)).casefold()} " for phrase in phrases or ()
            )
            for category, phrases in (data.get("other_sense_sentence") or {}).items()
        },
    )


_COMBINATION_KEYS = frozenset(
    {"category", "concepts", "window", "negatable_inside", "unless", "blocked_by"}
)


def _concepts(language: str, data: Mapping[str, Any]) -> Concepts:
    lexicons: dict[str, list[Entry]] = {}
    for name, entries in (data.get("concepts") or {}).items():
        lexicons[str(name)] = [
            tuple(strip_accents(str(entry)).casefold().split()) for entry in entries or ()
        ]
    combinations: list[Combination] = []
    for entry in data.get("combinations") or ():
        if not isinstance(entry, dict) or not _COMBINATION_KEYS.issuperset(entry):
            raise ValueError(f"{language}: malformed combination {entry!r}")
        names = tuple(str(name) for name in entry["concepts"])
        blocker = entry.get("blocked_by")
        if (
            entry["category"] not in CATEGORIES
            or not set(names) <= set(lexicons)
            or (blocker is not None and blocker not in lexicons)
        ):
            raise ValueError(
                f"{language}: combination {entry!r} names an unknown category or concept"
            )
        combinations.append(
            Combination(
                category=entry["category"],
                concepts=names,
                window=int(entry.get("window", 3)),
                negatable_inside=str(entry.get("negatable_inside", "true")).casefold() == "true",
                unless=_words(entry, "unless"),
                blocked_by=None if blocker is None else str(blocker),
            )
        )
    return Concepts(lexicons, combinations)


@functools.cache
def load(language: str) -> LanguageRules:
    """The rules of one language (read once from the package data)."""
    resource = importlib.resources.files(_DATA_PACKAGE).joinpath(f"{language}.yaml")
    with resource.open("r", encoding="utf-8") as handle:
        data = yaml.load(handle, Loader=_PlainLoader)
    if not isinstance(data, dict):
        raise ValueError(f"{language}.yaml: expected a mapping")
    return parse(language, data)


def load_all() -> tuple[LanguageRules, ...]:
    return tuple(load(language) for language in LANGUAGES)
