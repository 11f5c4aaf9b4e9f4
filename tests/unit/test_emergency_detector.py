"""The emergency detector (bot/domain/emergency): the phrasing table (what triggers and what must
not, issue 10's examples first), languages, robustness. The corpus figures are in
test_emergency_corpus.py."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.emergency import (
    CATEGORIES,
    LANGUAGES,
    check,
    detector,
    find_emergency,
    is_emergency,
)

ISSUE_TRIGGERS: list[str] = [
    "chest pain",
    "severe allergic reaction",
    "I'm having a reaction to shrimp",
    "called an ambulance",
    "going to the ER",
    "my tongue feels huge",
    "not breathing",
    "cnat breathe",
    "cantbreathe",
    "anaphylaxsis",
    "my tounge is swollen",
    "lips r swollen",
    "MY THROAT IS CLOSING",
    "my son's face is swelling",
    "/help my throat is closing",
    "used my EpiPen",
    "had to use the Auvi-Q",
    "they gave her adrenaline",
    "blood in my stool",
    "vomiting blood",
    "Atemnot",
    "no puedo respirar",
    "не могу дышать",
]

ISSUE_QUIET: list[str] = [
    "no swelling",
    "I can breathe fine now",
    "didn't need my epipen",
    "I passed out flyers at work",
    "I was breathless with laughter",
    "watched a movie about anaphylaxis",
    "my epipen is in my bag",
    "sore throat",
    "collapsed into bed",
    "keine Atemnot",
    "no tengo problemas para respirar",
    "je n'ai pas de gonflement",
    "нет отёка",
]

TRIGGERS: list[tuple[str, str]] = [
    # breathing
    ("I can't breathe", "breathing"),
    ("cant breath", "breathing"),
    ("CAN'T BREATHE!!!", "breathing"),
    ("I can\u2019t breathe properly", "breathing"),
    ("i cannot breathe", "breathing"),
    ("can not breathe", "breathing"),
    ("couldn't breathe last night", "breathing"),
    ("I was unable to breathe for a minute", "breathing"),
    ("wasn't able to breathe", "breathing"),
    ("it's hard to breathe", "breathing"),
    ("I can barely breathe", "breathing"),
    ("struggling to breathe", "breathing"),
    ("trouble breathing after dinner", "breathing"),
    ("Difficulty breathing", "breathing"),
    ("difficulty breating", "breathing"),
    ("trouble breahting", "breathing"),
    ("having a hard time breathing", "breathing"),
    ("problems with my breathing", "breathing"),
    ("trouble catching my breath", "breathing"),
    ("short of breath", "breathing"),
    ("shortness of breath", "breathing"),
    ("shortnes of breath all evening", "breathing"),
    ("feeling short-of-breath", "breathing"),
    ("my breathing is really hard", "breathing"),
    ("breathing feels tight", "breathing"),
    ("breathless after the meal", "breathing"),
    ("I'm gasping for air", "breathing"),
    ("cant get enough air", "breathing"),
    ("wheezing badly", "breathing"),
    ("a bit wheezy tonight", "breathing"),
    ("my chest feels tight", "chest_pain"),
    ("tightness in my chest", "chest_pain"),
    ("choking on something", "breathing"),
    # swelling
    ("my throat is closing", "swelling"),
    ("throat closing up", "swelling"),
    ("my throat's closing!!", "swelling"),
    ("throat feels tight", "swelling"),
    ("tight throat", "swelling"),
    ("tongue swollen", "swelling"),
    ("my tounge is swollen", "swelling"),
    ("swollen tongue and lips", "swelling"),
    ("my tongue feels thick", "swelling"),
    ("lips are swelling", "swelling"),
    ("Lips swelled up after the prawns", "swelling"),
    ("swelling of the lips", "swelling"),
    ("face is puffing up", "swelling"),
    ("my face is red and swollen", "swelling"),
    ("puffy face and lips", "swelling"),
    ("my lips and tongue are swollen", "swelling"),
    ("mouth swelling", "swelling"),
    ("what if my throat closes?", "swelling"),
    ("not sure if my lips are swelling", "swelling"),
    # anaphylaxis
    ("I think it's anaphylaxis", "anaphylaxis"),
    ("anaphylaxsis", "anaphylaxis"),
    ("anafilaxis", "anaphylaxis"),
    ("anaphalaxis again", "anaphylaxis"),
    ("had an anaphylactic reaction", "anaphylaxis"),
    ("ANAPHYLACTIC SHOCK", "anaphylaxis"),
    ("went into allergic shock", "anaphylaxis"),
    # epipen
    ("used my epipen", "epinephrine"),
    ("Used my EpiPen at 3pm", "epinephrine"),
    ("had to use the epi-pen", "epinephrine"),
    ("epi pen", "epinephrine"),
    ("gave him his adrenaline pen", "epinephrine"),
    ("needed epinephrine", "epinephrine"),
    # fainting
    ("I fainted", "fainting"),
    ("fianted in the shower", "fainting"),
    ("feeling faint", "fainting"),
    ("I feel a bit faint", "fainting"),
    ("Faint and dizzy", "fainting"),
    ("passed out after lunch", "fainting"),
    ("nearly passed out", "fainting"),
    ("almost fainted", "fainting"),
    ("blacked out for a second", "fainting"),
    ("collapsed in the kitchen", "fainting"),
    ("she collapsed", "fainting"),
    ("he was unconscious", "fainting"),
    ("unconcious for a minute", "fainting"),
    ("lost consciousness briefly", "fainting"),
    # negations that are not directly attached, or come after: still trigger
    ("no, I fainted", "fainting"),
    ("No rash but my throat is closing", "swelling"),
    ("trouble breathing? no", "breathing"),
    ("didn't eat much and then passed out", "fainting"),
    ("no trouble breathing yesterday, but today I can't breathe", "breathing"),
    ("no hives or trouble breathing", "breathing"),
    # noise around the words
    ("c\u200ban\u200b't breathe", "breathing"),
    ("😱😱 can't breathe 😱", "breathing"),
    ("\u05d0\u05e0\u05d9 can't breathe \u05e2\u05db\u05e9\u05d9\u05d5", "breathing"),
    ("faaaainted", "fainting"),
    ("ＣＡＮＴ ＢＲＥＡＴＨＥ", "breathing"),
]


# Phrasings that must not trigger: negations attached to the symptom, and look-alikes.
QUIET: list[str] = [
    "I slept like a baby, no trouble breathing at all",
    "no trouble breathing",
    "No difficulty breathing today",
    "haven't had any trouble breathing",
    "I wasn't short of breath",
    "not wheezing",
    "no longer wheezing",
    "no wheezing or rash",
    "not swollen",
    "tongue isn't swollen",
    "my throat is not closing",
    "lips not swollen, just itchy",
    "no swelling of the lips",
    "no swollen lips",
    "didn't faint",
    "never fainted",
    "I didn't pass out",
    "without fainting",
    "no anaphylaxis, just a rash",
    "didn't need my epipen",
    "didn't have to use my epipen",
    "no need for the epipen",
    "haven't used my EpiPen",
    "not unconscious",
    "sore throat and swollen glands",
    "sore throat",
    "puffy eyes this morning",
    "swollen ankles after the flight",
    "collapsed into bed at 10",
    "collapsed onto the sofa",
    "a faint smell of smoke",
    "there's a faint rash on my arm",
    "out of breath after running",
    "take a deep breath",
    "bad breath",
    "breathtaking view",
    "I had trouble sleeping",
    "I was cooking dinner",
    "wheeling my bike home",
    "I'm painting the fence",
    "unconscious bias training at work",
    "bought blackout curtains",
    "face the facts",
    "I can't wait for the weekend",
    "had kimchi and yogurt, all good",
    "Slept 7 hours, felt fine",
    "",
    "   ",
    "🙂🙂🙂",
    "\u05e9\u05dc\u05d5\u05dd \u05e2\u05d5\u05dc\u05dd",
    "\u200b\u200c\u200d",
    "I keep breaking my habits",
    "smuggling snacks into the cinema",
]


def test_table_is_broad() -> None:
    assert len(TRIGGERS) + len(QUIET) >= 60
    assert {category for _, category in TRIGGERS} <= set(CATEGORIES)


@pytest.mark.parametrize("text", ISSUE_TRIGGERS)
def test_the_issues_emergencies_trigger(text: str) -> None:
    assert is_emergency(text), text


@pytest.mark.parametrize("text", ISSUE_QUIET)
def test_the_issues_look_alikes_do_not_trigger(text: str) -> None:
    assert find_emergency(text) is None, text


@pytest.mark.parametrize(("text", "category"), TRIGGERS)
def test_emergency_phrasings_trigger(text: str, category: str) -> None:
    finding = find_emergency(text)
    assert finding is not None, text
    assert category in finding.categories


@pytest.mark.parametrize("text", QUIET)
def test_negated_and_harmless_phrasings_do_not_trigger(text: str) -> None:
    assert find_emergency(text) is None, text


def test_each_mention_is_judged_on_its_own() -> None:
    finding = find_emergency("No trouble breathing, but my lips are swollen and I nearly fainted")
    assert finding is not None
    assert finding.categories == {"swelling", "fainting"}


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("I can't breathe", "en"),
        ("Atemnot nach dem Essen", "de"),
        ("no puedo respirar", "es"),
        ("je n'arrive pas à respirer", "fr"),
        ("non riesco a respirare", "it"),
        ("não consigo respirar", "pt"),
        ("не могу дышать", "ru"),
        ("my throat is closing, help", "en"),
        ("mi hijo tiene la cara hinchada", "es"),
        ("ma gorge se ferme", "fr"),
    ],
)
def test_the_reply_language_is_the_messages(text: str, language: str) -> None:
    finding = find_emergency(text)
    assert finding is not None
    assert finding.language == language


def test_every_language_has_rules_for_every_category() -> None:
    from bot.domain.emergency.rules import load

    for language in LANGUAGES:
        assert {rule.category for rule in load(language).rules} == set(CATEGORIES), language


def test_non_text_input_never_raises() -> None:
    assert is_emergency(None) is False
    assert is_emergency(42) is False
    assert is_emergency(b"I can't breathe") is True
    assert is_emergency(b"\xff\xfe") is False


def test_huge_input() -> None:
    filler = "Slept well, had kimchi and yogurt. " * 3300  # ~112 kB
    assert len(filler) > 100_000
    assert is_emergency(filler) is False
    assert is_emergency(filler + " my throat is closing") is True


@pytest.mark.parametrize(
    "text",
    [
        "my throat and my lips and " * 4000,
        "throat , " * 12000,
        "throat is is is is is really " * 4000,
        "swollen of the " * 8000,
        "trouble with with with " * 5000,
        "a faint " * 15000,
        " ".join(f"word{i}" for i in range(20000)),
        "a" * 100_000,
    ],
    ids=["parts", "commas", "fillers", "swollen-of", "trouble-with", "faint", "words", "one-token"],
)
def test_pathological_inputs_are_handled(text: str) -> None:
    # Regression guard for regex backtracking: each of these once took tens of seconds.
    assert is_emergency(text) is False


def test_scanner_failure_fails_safe(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(text: str) -> str:
        raise RuntimeError("boom")

    monkeypatch.setattr(detector, "fold", broken)
    assert is_emergency("anything") is True
    finding = check("anything")
    assert finding is not None
    assert finding.language == "en"


def test_a_typical_message_is_checked_quickly() -> None:
    # Not a benchmark (see bench/): a guard against a rule that backtracks badly.
    is_emergency("warm-up")
    started = time.perf_counter()
    for _ in range(50):
        is_emergency("Had kimchi and yogurt with dinner, slept about seven hours, all good")
    assert time.perf_counter() - started < 5.0


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_never_raises_on_any_text(text: str) -> None:
    assert isinstance(is_emergency(text), bool)
    assert isinstance(is_emergency(text), bool)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "can't",
                "breathe",
                "no",
                "not",
                "throat",
                "swollen",
                "epipen",
                "faint",
                ",",
                "my",
                "\u200b",
                "😱",
                "\u202e",
                "ANAPHYLAXIS",
                "out",
                "passed",
                "\n",
                "-",
                "'",
            ]
        )
        | st.text(max_size=5),
        max_size=40,
    ).map(" ".join)
)
def test_never_raises_on_symptom_soup(text: str) -> None:
    assert isinstance(is_emergency(text), bool)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("help!! no puedo respirar", "es"),
        ("my mum keeps saying: не могу дышать", "ru"),
        ("I had yogurt today and then, Atemnot", "de"),
        ("Heute war alles gut but now I can't breathe", "en"),
    ],
)
def test_a_phrase_in_a_second_language_still_counts(text: str, language: str) -> None:
    finding = find_emergency(text)
    assert finding is not None
    assert finding.language == language


def test_a_cognate_read_as_a_typo_in_another_language_does_not_count() -> None:
    # "ambulancia" is Spanish, not a misspelt French "ambulance": Spanish reads it, and says no.
    assert find_emergency("pasó una ambulancia por la calle") is None
