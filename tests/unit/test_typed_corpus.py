"""The labelled corpus of typed answers (issue 10 §2): at most 1 % confidently wrong.

Asking (a one-tap confirmation, or asking again) is never wrong, but it costs the user a tap,
so the share asked is bounded too. ``TYPED_CORPUS`` points the same test at another corpus of
the same format (the held-out set).
"""

from __future__ import annotations

import os
from pathlib import Path

from tests.unit.typed_corpus import CORPUS, cases, report, score

MAX_WRONG = 0.01
MAX_ASKED = 0.10
QUESTIONS = {
    "sleep",
    "probiotics",
    "probiotic_kinds",
    "tolerated",
    "vitamin_c",
    "vitamin_d",
    "allergens",
    "symptoms",
    "note",
    "onboarding_time",
    "watch_allergens",
}


def corpus_path() -> Path:
    return Path(os.environ.get("TYPED_CORPUS", CORPUS))


def test_the_corpus_covers_every_question_with_500_answers() -> None:
    all_cases = list(cases(CORPUS))
    assert len(all_cases) >= 500
    assert {case.question for case in all_cases} == QUESTIONS
    watched_sets = {case.context for case in all_cases if case.question == "allergens"}
    assert len(watched_sets) >= 3  # exposure is asked about different watch lists


def test_at_most_one_percent_confidently_wrong_and_few_asked_again() -> None:
    scores = score(list(cases(corpus_path())))
    total = sum(entry.total for entry in scores.values())
    wrong = sum(len(entry.wrong) for entry in scores.values())
    asked = sum(entry.asked for entry in scores.values())
    print(report(scores))
    assert wrong <= MAX_WRONG * total, report(scores)
    assert asked <= MAX_ASKED * total, report(scores)
