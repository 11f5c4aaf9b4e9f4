"""Choosing the tip to send: a pure function of the request and the content library.

The rule (also in the package README):

1. **Eligible** tips: the request's slot is in the tip's ``slots``; the tip's topic equals the
   request's ``topic`` when one is given (``/tips sleep``); every condition in ``when`` holds
   for this user's facts; and, while the "if tolerated" rule holds back probiotics (not
   tolerated on 2+ of the last 7 days and the latest report still says so, or today's own
   report says it did not sit well, or — per food — every food reported at least 3 times sat
   well on fewer than half of them), the tip does not encourage probiotics; and the tip names
   no food containing an allergen the user watches (its ``foods``: no yogurt or milk for
   someone who watches dairy, whatever else fits).
2. Among eligible tips the best is the greatest by, in order:

   a. **focus** — its topic is the weekly ``focus_topic`` (the weakest habit);
   b. **care** — it matches a care condition (allergen exposure, symptoms, probiotics not
      tolerated, an intolerance pattern): a neutral, medical-team-minded tip always beats
      cheerier ones when something like that was reported;
   c. **kept** — it is the request's ``prefer`` tip (the one already shown for this
      check-in): re-opening a check-in keeps its tip while it still fits, unless a care tip
      now applies;
   d. **fresh** — not sent to this user in the last 7 days (so a fresh tip beats a repeat;
      a repeat only happens when nothing fresh is eligible, or to keep a care tip);
   e. **score** — specificity: the sum of its conditions' weights (care and today's answers
      3 each, last-7-days patterns 2, context such as the watch list or the slot 1; a tip
      with no conditions scores 0), plus its ``priority``;
   f. **draw** — a stable hash of (tip id, today), weighted by the tip's ``weight``
      (``u ** (1 / weight)``), so users see variety from day to day but the same inputs
      always give the same tip.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from bot.domain.answers import Allergen, DayAnswers
from bot.domain.foods import allergens_of
from bot.domain.history import PausePeriod
from bot.domain.insights import FoodTolerance
from bot.tips.content import SLOTS, TOPICS, ChosenTip, ContentLibrary, Tip
from bot.tips.tip_html import placeholders_in
from bot.tips.vocabulary import CONDITIONS, PLACEHOLDERS, Condition, ConditionKind, Facts

RECENT_DAYS = 7
"""A tip sent fewer than this many days before ``today`` counts as recently sent."""

SlotName = Literal["morning", "evening", "weekly", "on_demand"]


@dataclass(frozen=True)
class TipRequest:
    today: date
    """The user's local date the tip is for."""
    slot: SlotName
    answers: DayAnswers | None
    """The check-in just completed (``None`` for on-demand and weekly tips)."""
    recent: tuple[DayAnswers, ...]
    """The last 7 local days up to and including today, oldest first (missing days absent)."""
    watched_allergens: tuple[Allergen, ...] = ()
    recently_sent: Mapping[str, date] = field(default_factory=dict)
    """Tip id -> the last date it was sent to this user."""
    topic: str | None = None
    """Only tips of this topic (``/tips sleep``)."""
    focus_topic: str | None = None
    """Weekly summary: prefer this topic (the weakest habit's)."""
    prefer: str | None = None
    """A tip id to keep if it is still eligible (the tip already shown for this check-in)."""
    foods: tuple[FoodTolerance, ...] = ()
    """How each food has sat over the user's record (``bot.domain.insights``)."""
    pauses: tuple[PausePeriod, ...] = ()
    """The user's /pause periods: paused days neither break nor extend a streak."""


MIN_FOOD_REPORTS = 3
"""Reports of a food before its own figures count for the "if tolerated" rule."""


def foods_sit_poorly(foods: tuple[FoodTolerance, ...]) -> bool:
    """Every food reported often enough sat well on fewer than half of the times."""
    judged = [food for food in foods if food.times >= MIN_FOOD_REPORTS]
    return bool(judged) and all(2 * food.sat_well < food.times for food in judged)


SortKey = tuple[bool, bool, bool, bool, int, float]


def _draw(tip: Tip, today: date) -> float:
    return _weighted_draw(tip.id, tip.weight, today)


# Every press that completes a check-in ranks the whole library; a tip's draw only changes
# with the date, so a day's draws are hashed once (a few dozen tips x a few days).
@functools.lru_cache(maxsize=4096)
def _weighted_draw(tip_id: str, weight: float, today: date) -> float:
    digest = hashlib.sha256(f"{tip_id}|{today.isoformat()}".encode()).digest()
    unit = (int.from_bytes(digest[:8], "big") + 1) / (2**64 + 1)
    return float(unit ** (1.0 / weight))


def _recently_sent(tip: Tip, request: TipRequest) -> bool:
    last = request.recently_sent.get(tip.id)
    return last is not None and (request.today - last).days < RECENT_DAYS


def _facts(request: TipRequest) -> Facts:
    return Facts(
        today=request.today,
        slot=request.slot,
        answers=request.answers,
        recent=request.recent,
        watched=request.watched_allergens,
        pauses=request.pauses,
    )


def _validate(request: TipRequest) -> None:
    if request.slot not in SLOTS:
        raise ValueError(f"unknown slot {request.slot!r}")
    for name, topic in (("topic", request.topic), ("focus_topic", request.focus_topic)):
        if topic is not None and topic not in TOPICS:
            raise ValueError(f"unknown {name} {topic!r} (topics: {', '.join(TOPICS)})")


@dataclass(frozen=True)
class _Candidate:
    """A tip with what ranking needs of it that never changes: its conditions, looked up, and
    the parts of its sort key that do not depend on the request."""

    tip: Tip
    conditions: tuple[Condition, ...]
    care: bool
    score: int
    allergens: frozenset[Allergen]


# Every press that completes a check-in ranks the library: what depends only on the library
# (which tips a slot may show, their conditions and scores) is worked out once per library.
@functools.lru_cache(maxsize=8)
def _candidates_by_slot(library: ContentLibrary) -> Mapping[str, tuple[_Candidate, ...]]:
    by_slot: dict[str, list[_Candidate]] = {slot: [] for slot in SLOTS}
    for tip in library.tips:
        looked_up = [CONDITIONS.get(name) for name in tip.when]
        conditions = tuple(c for c in looked_up if c is not None)
        if len(conditions) < len(looked_up):
            continue  # a condition nobody knows never holds
        candidate = _Candidate(
            tip=tip,
            conditions=conditions,
            care=any(c.kind is ConditionKind.CARE for c in conditions),
            score=sum(c.weight for c in conditions) + tip.priority,
            allergens=allergens_of(tip.foods),
        )
        for slot in tip.slots:
            by_slot.setdefault(slot, []).append(candidate)
    return {slot: tuple(candidates) for slot, candidates in by_slot.items()}


def rank_tips(
    request: TipRequest, library: ContentLibrary, facts: Facts | None = None
) -> list[tuple[Tip, SortKey]]:
    """Every eligible tip with its sort key, best first (see the module docstring).
    ``facts``: the request's facts when the caller has built them already."""
    _validate(request)
    if facts is None:
        facts = _facts(request)
    hold_back = facts.hold_back_probiotics or foods_sit_poorly(request.foods)
    watched = frozenset(facts.watched)
    ranked: list[tuple[Tip, SortKey]] = []
    for candidate in _candidates_by_slot(library).get(request.slot, ()):
        tip = candidate.tip
        if request.topic is not None and tip.topic != request.topic:
            continue
        if tip.encourages_probiotics and hold_back:
            continue
        if candidate.allergens & watched:
            continue
        if not all(condition.test(facts) for condition in candidate.conditions):
            continue
        key: SortKey = (
            request.focus_topic is not None and tip.topic == request.focus_topic,
            candidate.care,
            tip.id == request.prefer,
            not _recently_sent(tip, request),
            candidate.score,
            _draw(tip, request.today),
        )
        ranked.append((tip, key))
    ranked.sort(key=lambda item: item[1], reverse=True)
    return ranked


def choose_tip(request: TipRequest, library: ContentLibrary) -> ChosenTip:
    """The single best tip for ``request``, with its figures.

    Raises ``ValueError`` for an unknown slot or topic and ``LookupError`` if no tip is
    eligible (impossible with a library that passed the content check: every topic has an
    unconditional tip for every slot that never encourages probiotics).
    """
    facts = _facts(request)
    ranked = rank_tips(request, library, facts)
    if not ranked:
        raise LookupError("no tip is eligible for this request")
    tip, key = ranked[0]
    pack = library.pack(tip.pack_id)
    values = {
        name: PLACEHOLDERS[name].value(facts, tip, pack) for name in placeholders_in(tip.text)
    }
    return ChosenTip(tip=tip, values=values, score=key[4])
