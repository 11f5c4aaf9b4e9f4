"""Kinds of phrasing the phrase rules alone missed or misread, caught by the concept
combinations and the other-sense checks (``bot/domain/emergency/concepts.py``)."""

from __future__ import annotations

import pytest

from bot.domain.emergency import find_emergency

EMERGENCIES = [
    # a child turning blue or grey: not breathing
    ("my toddler is turning blue", "en"),
    ("his lips look kinda grey and hes not answering", "en"),
    ("mein sohn ist blau angelaufen", "de"),
    ("mi hijo se esta poniendo azul", "es"),
    ("mon fils devient bleu", "fr"),
    ("mio figlio sta diventando blu", "it"),
    ("meu filho esta ficando azul", "pt"),
    ("ребенок синеет", "ru"),
    # the symptom named before the body parts, across a comma
    ("the swelling is getting worse, lips and eyes", "en"),
    ("die Schwellung wird schlimmer, Lippen und Zunge", "de"),
    ("la hinchazon va a peor, labios y ojos", "es"),
    ("le gonflement empire, levres et yeux", "fr"),
    ("il gonfiore peggiora, labbra e occhi", "it"),
    ("o inchaco esta piorando, labios e olhos", "pt"),
    ("отек усиливается, губы и глаза", "ru"),
    # inability and breathing apart from the usual phrase; typed without umlauts
    ("kann nich atmen", "de"),
    ("ich musste die 112 waehlen", "de"),
    ("nn riesco a respirare", "it"),
    ("сильно болит грудь", "ru"),
    ("is it normal that my throat feels tight?", "en"),
    ("e normale che la gola sia stretta?", "it"),
    ("my daughter's breathing sounds whistly and she's pale", "en"),
    ("her tongue is like twice its size", "en"),
    ("reazione fortissima al sesamo", "it"),
]

HARMLESS = [
    "I blacked out the windows with curtains",
    "we blacked out the bedroom for the baby",
    "vi una serie de urgencias",
    "j'ai regarde un film sur les urgences",
    "the film was about a girl who passes out",
    "не падала в обморок",
    "аллергической реакции не было",
    "labios azules del granizado jaja",
    "un poco de falta de aire al subir escaleras como siempre",
    "la tienda se desplomo con el viento",
    "I almost fainted from boredom in that meeting lol",
    "sore throat and swollen glands",
    "geschwollene lymphknoten am hals von der erkaeltung",
    "my puffer jacket is blue",
    "my cat is turning grey with age",
    "I teach first aid: how to use an epipen",
    "I was in the ER last year for a broken arm",
    "I don't think I'm having a reaction",
]


@pytest.mark.parametrize(("text", "language"), EMERGENCIES)
def test_new_phrasings_of_an_emergency_are_caught(text: str, language: str) -> None:
    finding = find_emergency(text)
    assert finding is not None, text
    assert finding.language == language, text


@pytest.mark.parametrize("text", HARMLESS)
def test_other_senses_negations_and_habits_do_not_trigger(text: str) -> None:
    assert find_emergency(text) is None, text
