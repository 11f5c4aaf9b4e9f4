"""The labelled emergency corpus (tests/data/emergency_corpus.yaml, plus the fresh batches in
emergency_fresh.yaml): recall ≥ 98 %, false alarms ≤ 3 %, overall and on the check split (every
third entry, kept out of tuning)."""

from __future__ import annotations

from pathlib import Path

import yaml

from bot.domain.emergency import find_emergency

CORPUS = Path(__file__).parent.parent / "data" / "emergency_corpus.yaml"
FRESH = Path(__file__).parent.parent / "data" / "emergency_fresh.yaml"
MIN_RECALL = 0.98
MAX_FALSE_ALARMS = 0.03


def _corpus() -> dict[str, dict[str, list[str]]]:
    corpus = yaml.safe_load(CORPUS.read_text(encoding="utf-8"))
    for batch in yaml.safe_load(FRESH.read_text(encoding="utf-8")).values():
        for language, labelled in batch.items():
            for label, texts in labelled.items():
                corpus[language][label].extend(texts)
    for labelled in corpus.values():
        for texts in labelled.values():
            assert all(isinstance(text, str) for text in texts)  # YAML reads a bare no as False
    return corpus  # type: ignore[no-any-return]


def _figures(split: str) -> dict[str, tuple[int, int, int, int, int]]:
    """Per language: (emergencies, caught, look-alikes, false alarms, right reply language)."""
    figures = {}
    for language, labelled in _corpus().items():
        caught = alarms = right_language = 0
        emergencies = [
            text
            for index, text in enumerate(labelled["emergency"])
            if split == "all" or (index % 3 == 2) == (split == "check")
        ]
        harmless = [
            text
            for index, text in enumerate(labelled["harmless"])
            if split == "all" or (index % 3 == 2) == (split == "check")
        ]
        for text in emergencies:
            finding = find_emergency(text)
            caught += finding is not None
            right_language += finding is not None and finding.language == language
        alarms = sum(find_emergency(text) is not None for text in harmless)
        figures[language] = (len(emergencies), caught, len(harmless), alarms, right_language)
    return figures


def _totals(figures: dict[str, tuple[int, int, int, int, int]]) -> tuple[float, float]:
    emergencies = sum(row[0] for row in figures.values())
    caught = sum(row[1] for row in figures.values())
    harmless = sum(row[2] for row in figures.values())
    alarms = sum(row[3] for row in figures.values())
    return caught / emergencies, alarms / harmless


def test_the_corpus_is_big_enough() -> None:
    corpus = _corpus()
    assert sum(len(labelled["emergency"]) for labelled in corpus.values()) >= 300
    assert sum(len(labelled["harmless"]) for labelled in corpus.values()) >= 300
    assert set(corpus) == {"en", "de", "es", "fr", "it", "pt", "ru"}
    for language, labelled in corpus.items():
        if language != "en":
            assert len(labelled["emergency"]) >= 35, language
            assert len(labelled["harmless"]) >= 35, language


def test_recall_and_false_alarms_meet_the_targets() -> None:
    recall, false_alarms = _totals(_figures("all"))
    assert recall >= MIN_RECALL
    assert false_alarms <= MAX_FALSE_ALARMS


def test_the_check_split_meets_the_targets_too() -> None:
    recall, false_alarms = _totals(_figures("check"))
    assert recall >= MIN_RECALL
    assert false_alarms <= MAX_FALSE_ALARMS


def test_per_language_figures(capsys: object) -> None:
    """Prints the figures the README quotes (run with -s to see them)."""
    figures = _figures("all")
    lines = ["lang  emergencies  caught  look-alikes  false-alarms  reply-language-right"]
    for language, (emergencies, caught, harmless, alarms, right) in figures.items():
        lines.append(
            f"{language:4}  {emergencies:11}  {caught:6}  {harmless:11}  {alarms:12}  {right:20}"
        )
        assert caught / emergencies >= MIN_RECALL - 0.05, language
        assert alarms / harmless <= MAX_FALSE_ALARMS + 0.05, language
        assert right / emergencies >= 0.9, language  # a few phrases read alike in es/pt/it
    recall, false_alarms = _totals(figures)
    lines.append(f"recall {recall:.1%}, false alarms {false_alarms:.1%}")
    print("\n".join(lines))
