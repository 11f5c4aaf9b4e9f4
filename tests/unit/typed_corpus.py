"""Scoring the labelled corpus of typed answers (tests/data/typed_answers_corpus.yaml).

Shared by the corpus test and ``python -m tests.unit.typed_corpus [file]`` (which prints the
figures for the README). A case is *right* when the reading stored equals the label, *asked*
when the bot asks (a confirmation or asking again), and *wrong* when it would store something
else — or store anything for a case labelled ``ask``. Every top-level key ending in ``_set``
holds a later set of the same format, written before a round of changes.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.domain.answers import Allergen, ProbioticKind, Slot, Symptoms
from bot.domain.parsing import ParseFailure
from bot.domain.typed_reading import (
    Understood,
    read_allergens,
    read_check_in_time,
    read_kinds,
    read_note,
    read_sleep,
    read_symptoms,
    read_tolerance,
    read_yes_no,
)
from bot.views.phrases import clock

CORPUS = Path(__file__).resolve().parents[1] / "data" / "typed_answers_corpus.yaml"
ASK = "ask"


def stored(reading: object) -> object:
    """What a reader's result would store: the reading, or ASK when the bot would ask."""
    if not isinstance(reading, Understood) or not reading.sure or reading.choices:
        return ASK
    return reading


def stored_field(reading: object, name: str) -> object:
    """One field (``flag``, ``hours``, ``allergens`` …) of what a reader's result would store,
    or ASK when the bot would ask."""
    result = stored(reading)
    return result if result == ASK else getattr(result, name)


@dataclass(frozen=True)
class Case:
    question: str
    text: str
    expected: Any
    context: Any = None


@dataclass
class Score:
    right: int = 0
    asked: int = 0
    wrong: list[tuple[Case, Any]] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.right + self.asked + len(self.wrong)


def cases(path: Path = CORPUS) -> Iterator[Case]:
    yield from _cases(yaml.safe_load(path.read_text("utf-8")))


def _cases(data: dict[str, Any]) -> Iterator[Case]:
    for question, entries in data.items():
        if question.endswith("_set"):
            yield from _cases(entries)
            continue
        if question == "allergens":
            for group in entries:
                watched = tuple(Allergen(a) for a in group["watched"])
                for text, expected in group["cases"]:
                    yield Case(question, str(text), expected, watched)
        elif question == "onboarding_time":
            for slot, text, expected in entries:
                yield Case(question, str(text), expected, Slot(slot))
        else:
            for text, expected in entries:
                yield Case(question, str(text), expected)


def read(case: Case) -> Any:
    """What the bot would store for the case, or ASK."""
    text = case.text
    match case.question:
        case "sleep":
            sleep = read_sleep(text)
            if isinstance(sleep, ParseFailure) or not sleep.sure:
                return ASK
            return sleep.hours
        case "onboarding_time":
            at = read_check_in_time(text, case.context)
            return ASK if isinstance(at, ParseFailure) else clock(at)
        case "note":
            note = read_note(text)
            return "none" if note is None else note
    reading: Understood | None
    match case.question:
        case "probiotics":
            reading = read_kinds(text, after_yes=False)
        case "probiotic_kinds":
            reading = read_kinds(text, after_yes=True)
        case "tolerated":
            reading = read_tolerance(text)
        case "vitamin_c" | "vitamin_d":
            reading = read_yes_no(text, case.question)
        case "symptoms":
            reading = read_symptoms(text)
        case "allergens":
            reading = read_allergens(text, case.context)
        case "watch_allergens":
            reading = read_allergens(text, tuple(Allergen))
        case _:
            raise ValueError(case.question)
    if reading is None or not reading.sure:
        return ASK
    return reading


def _kinds(names: Any) -> tuple[ProbioticKind, ...]:
    return tuple(ProbioticKind(name) for name in names)


def matches(case: Case, got: Any) -> bool:
    expected = case.expected
    if isinstance(got, (float, int)) and not isinstance(got, bool):
        return isinstance(expected, (int, float)) and abs(float(expected) - got) < 0.01
    if isinstance(got, str):
        return got == expected
    assert isinstance(got, Understood)
    match case.question:
        case "probiotics" | "probiotic_kinds":
            if expected == "done":
                return got.done
            if isinstance(expected, bool):
                return got.flag is expected and (expected or not got.kinds)
            if isinstance(expected, list):
                return set(got.kinds) == set(_kinds(expected)) and got.flag is not False
            if isinstance(expected, dict):
                tolerance = {ProbioticKind(k): v for k, v in expected["tolerance"].items()}
                return set(got.kinds) == set(_kinds(expected["kinds"])) and (
                    dict(got.tolerance) == tolerance
                )
        case "tolerated":
            if isinstance(expected, bool):
                return got.flag is expected and all(v is expected for _, v in got.tolerance)
            if isinstance(expected, dict):
                tolerance = {ProbioticKind(k): v for k, v in expected.items()}
                return dict(got.tolerance) == tolerance
        case "vitamin_c" | "vitamin_d":
            return got.flag is expected
        case "symptoms":
            return got.symptoms is not None and got.symptoms is Symptoms(expected)
        case "allergens" | "watch_allergens":
            if expected == "done":
                return got.done
            if expected == "none":
                return got.allergens == ()
            if isinstance(expected, list):
                return got.allergens is not None and set(got.allergens) == {
                    Allergen(a) for a in expected
                }
    return False


def score(all_cases: list[Case]) -> dict[str, Score]:
    scores: dict[str, Score] = {}
    for case in all_cases:
        entry = scores.setdefault(case.question, Score())
        got = read(case)
        if got == ASK:
            if case.expected == ASK:
                entry.right += 1
            else:
                entry.asked += 1
        elif case.expected != ASK and matches(case, got):
            entry.right += 1
        else:
            entry.wrong.append((case, got))
    return scores


def report(scores: dict[str, Score]) -> str:
    """The figures, per question and in total (``python -m tests.unit.typed_corpus``)."""
    lines = []
    for question, entry in scores.items():
        lines.append(
            f"{question:16} {entry.total:4} cases  {entry.right:4} right  "
            f"{entry.asked:3} asked  {len(entry.wrong):3} wrong"
        )
        lines.extend(f"    wrong: {case.text!r} -> {got!r}" for case, got in entry.wrong)
    total = sum(entry.total for entry in scores.values())
    wrong = sum(len(entry.wrong) for entry in scores.values())
    asked = sum(entry.asked for entry in scores.values())
    lines.append(
        f"total {total} cases: {wrong} confidently wrong ({wrong / total:.1%}), "
        f"{asked} asked again ({asked / total:.1%})"
    )
    return "\n".join(lines)


if __name__ == "__main__":
    import sys

    path = Path(sys.argv[1]) if len(sys.argv) > 1 else CORPUS
    print(report(score(list(cases(path)))))
