"""Red-flag detection: the phrasing table (what triggers and what must not) and robustness."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.safety import CATEGORIES, EMERGENCY_ADVICE_KEY, detects_emergency, emergency_signs

# (text, category it must trigger)
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
    ("my chest feels tight", "breathing"),
    ("tightness in my chest", "breathing"),
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
    ("used my epipen", "epipen"),
    ("Used my EpiPen at 3pm", "epipen"),
    ("had to use the epi-pen", "epipen"),
    ("epi pen", "epipen"),
    ("gave him his adrenaline pen", "epipen"),
    ("needed epinephrine", "epipen"),
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
    ("no longer wheezing", "breathing"),
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
    assert {category for _, category in TRIGGERS} == set(CATEGORIES)


@pytest.mark.parametrize(("text", "category"), TRIGGERS)
def test_emergency_phrasings_trigger(text: str, category: str) -> None:
    assert detects_emergency(text), text
    assert category in emergency_signs(text)


@pytest.mark.parametrize("text", QUIET)
def test_negated_and_harmless_phrasings_do_not_trigger(text: str) -> None:
    assert not detects_emergency(text), emergency_signs(text)


def test_each_mention_is_judged_on_its_own() -> None:
    text = "No trouble breathing, but my lips are swollen and I nearly fainted"
    assert emergency_signs(text) == {"swelling", "fainting"}


def test_non_text_input_never_raises() -> None:
    assert detects_emergency(None) is False
    assert detects_emergency(42) is False
    assert detects_emergency(b"I can't breathe") is True
    assert detects_emergency(b"\xff\xfe") is False


def test_huge_input() -> None:
    filler = "lorem ipsum dolor sit amet, " * 4000  # ~112 kB
    assert len(filler) > 100_000
    assert detects_emergency(filler) is False
    assert detects_emergency(filler + " my throat is closing") is True


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
    assert detects_emergency(text) is False


def test_scanner_failure_fails_safe(monkeypatch: pytest.MonkeyPatch) -> None:
    import bot.safety as safety

    def broken(text: str) -> list[str]:
        raise RuntimeError("boom")

    monkeypatch.setattr(safety, "_tokens", broken)
    assert safety.detects_emergency("anything") is True


def test_advice_key() -> None:
    assert isinstance(EMERGENCY_ADVICE_KEY, str)
    assert EMERGENCY_ADVICE_KEY


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_never_raises_on_any_text(text: str) -> None:
    assert isinstance(emergency_signs(text), frozenset)
    assert isinstance(detects_emergency(text), bool)


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
    assert isinstance(emergency_signs(text), frozenset)
