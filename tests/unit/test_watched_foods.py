"""No tip, button or suggestion names a food containing an allergen the user watches, for each
of the eight allergens (issue 10 §3), and content says no more than the article."""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from typing import Any

import pytest

from bot.domain.answers import Allergen, DayAnswers, ProbioticKind, Slot, Symptoms
from bot.domain.checkin_flow import DayRecord
from bot.domain.foods import (
    FOODS,
    KIND_FOODS,
    allergens_of,
    allowed,
    foods_named_in,
    suggested_kinds,
)
from bot.texts import EN, REPORT_LABELS_EN, label
from bot.tips import SLOTS, TOPICS, TipRequest, choose_tip, load_packs, rank_tips, render_tip_html
from bot.tips.selection import SlotName
from bot.tips.tip_html import render_about_html, visible_text
from bot.views.checkin import CheckinState, kinds_example, render_checkin

TODAY = date(2025, 3, 12)
LIBRARY = load_packs()
ALLERGENS = tuple(Allergen)


def day(offset: int = 0, **answers: Any) -> DayAnswers:
    return DayAnswers(local_date=TODAY - timedelta(days=offset), **answers)


def week(**answers: Any) -> tuple[DayAnswers, ...]:
    return tuple(day(offset, **answers) for offset in range(6, 0, -1))


# Days that make every kind of tip eligible somewhere: suggestions (no probiotics today, few
# this week), praise (kept all week, streaks), care (not tolerated, exposure, symptoms).
SCENARIOS: dict[str, tuple[DayAnswers | None, tuple[DayAnswers, ...]]] = {
    "nothing yet": (None, ()),
    "no probiotics today": (day(probiotics=False, vitamin_c=False, vitamin_d=False), ()),
    "few probiotics this week": (day(probiotics=False), week(probiotics=False)),
    "probiotics every day": (
        day(probiotics=True, probiotic_tolerated=True, sleep_hours=8.0),
        week(probiotics=True, probiotic_tolerated=True, sleep_hours=8.0),
    ),
    "not tolerated": (
        day(probiotics=True, probiotic_tolerated=False),
        week(probiotics=True, probiotic_tolerated=False),
    ),
    "tolerated again": (
        day(probiotics=True, probiotic_tolerated=True),
        week(probiotics=True, probiotic_tolerated=False),
    ),
    "short night": (day(sleep_hours=6.0), week(sleep_hours=6.5)),
    "exposure and symptoms": (
        day(
            allergens_asked=ALLERGENS,
            allergens_exposed=(Allergen.DAIRY,),
            allergens_answered=True,
            symptoms=Symptoms.STRONG,
        ),
        week(symptoms=Symptoms.MILD),
    ),
    "skipped": (day(skipped=True), ()),
}


def named_allergens(text: str, *, groups: bool = True) -> frozenset[Allergen]:
    """Allergens contained in the foods a text names, found independently of declarations."""
    return allergens_of(foods_named_in(text, groups=groups))


def requests_for(watched: tuple[Allergen, ...]) -> list[TipRequest]:
    requests = []
    for (answers, recent), slot, topic in itertools.product(
        SCENARIOS.values(), SLOTS, (None, *TOPICS)
    ):
        slot_name: SlotName = slot  # type: ignore[assignment]
        if answers is not None and slot in ("weekly", "on_demand"):
            answers = None  # weekly and on-demand tips look at the week, not one check-in
        history = recent if answers is None else (*recent, answers)
        requests.append(
            TipRequest(
                today=TODAY,
                slot=slot_name,
                answers=answers,
                recent=history,
                watched_allergens=watched,
                topic=topic,
            )
        )
    return requests


@pytest.mark.parametrize("allergen", ALLERGENS, ids=lambda a: a.value)
def test_no_eligible_tip_names_a_food_with_a_watched_allergen(allergen: Allergen) -> None:
    for request in requests_for((allergen,)):
        ranked = rank_tips(request, LIBRARY)
        assert ranked, request  # there is always something to say
        for tip, _key in ranked:
            assert allowed(tip.foods, (allergen,)), tip.id
            wording = f"{tip.text} {tip.article_quote}"
            assert allergen not in named_allergens(wording, groups=tip.topic != "allergens")
        chosen = choose_tip(request, LIBRARY)
        html = render_tip_html(chosen, LIBRARY)
        groups = chosen.tip.topic != "allergens"
        assert allergen not in named_allergens(visible_text(html), groups=groups), html


def test_someone_watching_every_allergen_still_gets_a_tip_on_every_topic() -> None:
    for request in requests_for(ALLERGENS):
        chosen = choose_tip(request, LIBRARY)
        assert not chosen.tip.foods
        text = visible_text(render_tip_html(chosen, LIBRARY))
        assert not named_allergens(text, groups=chosen.tip.topic != "allergens"), text


def test_the_dairy_watchers_top_tip_is_no_longer_yogurt_or_milk() -> None:
    request = TipRequest(
        today=TODAY,
        slot="evening",
        answers=day(probiotics=False),
        recent=(day(probiotics=False),),
        watched_allergens=(Allergen.DAIRY,),
        topic="probiotics",
    )
    text = visible_text(render_tip_html(choose_tip(request, LIBRARY), LIBRARY)).lower()
    assert "yogurt" not in text
    assert "milk" not in text
    assert "dairy" not in text
    alternatives = {t.id for t, _ in rank_tips(request, LIBRARY)}
    assert {"probiotics-none-fermented", "probiotics-none-routes"} <= alternatives


def test_someone_watching_nothing_still_hears_every_source_the_article_lists() -> None:
    request = TipRequest(today=TODAY, slot="on_demand", answers=None, recent=(), topic="probiotics")
    ids = {t.id for t, _ in rank_tips(request, LIBRARY)}
    assert "probiotics-info-sources" in ids


@pytest.mark.parametrize("allergen", ALLERGENS, ids=lambda a: a.value)
def test_probiotic_kind_buttons_name_no_watched_food(allergen: Allergen) -> None:
    record = DayRecord(DayAnswers(local_date=TODAY, probiotics=True))
    state = CheckinState(1, Slot.EVENING, TODAY, record, (allergen,))
    reply = render_checkin(state)
    assert reply.keyboard is not None
    assert all(reply.keyboard), "no empty keyboard row"
    labels = [button.label for row in reply.keyboard for button in row]
    assert any("Done" in text for text in labels)
    for text in labels:
        assert allergen not in named_allergens(text), text
    assert allergen not in named_allergens(str(reply.text))
    example = kinds_example((allergen,), None)
    assert example
    assert allergen not in named_allergens(example)


def test_a_recorded_kind_keeps_its_ticked_button_even_when_it_names_a_watched_food() -> None:
    answers = DayAnswers(local_date=TODAY, probiotics=True, probiotic_kinds=(ProbioticKind.YOGURT,))
    state = CheckinState(1, Slot.EVENING, TODAY, DayRecord(answers), (Allergen.DAIRY,))
    reply = render_checkin(state)
    assert reply.keyboard is not None
    labels = [button.label for row in reply.keyboard for button in row]
    assert any("Yogurt" in text and "✓" in text for text in labels)
    assert not any("Milk" in text for text in labels)


def test_kind_foods_follow_the_food_table() -> None:
    assert set(KIND_FOODS) == set(ProbioticKind)
    assert all(key in FOODS for keys in KIND_FOODS.values() for key in keys)
    assert suggested_kinds(()) == tuple(ProbioticKind)
    assert ProbioticKind.YOGURT not in suggested_kinds((Allergen.DAIRY,))
    assert ProbioticKind.KIMCHI not in suggested_kinds((Allergen.SHELLFISH,))
    assert ProbioticKind.SAUERKRAUT in suggested_kinds(ALLERGENS)
    assert ProbioticKind.SUPPLEMENT in suggested_kinds(ALLERGENS)
    # Each of the eight allergens is covered by some food the bot knows.
    assert {a for food in FOODS.values() for a in food.allergens} == set(ALLERGENS)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Dairy products such as Yogurts and milk", {"dairy", "yogurt", "milk"}),
        ("a splash of soy sauce on the tempeh", {"soy_sauce", "tempeh"}),
        ("peanut butter on bread", {"peanut_butter", "bread"}),
        ("shellfish, not fish", {"shellfish", "fish"}),
        ("sauerkraut and a supplement", set()),
        ("kimchee", {"kimchi"}),
    ],
)
def test_foods_are_found_as_whole_words(text: str, found: set[str]) -> None:
    assert foods_named_in(text) == found


@pytest.mark.parametrize("allergen", ALLERGENS, ids=lambda a: a.value)
def test_about_and_topics_name_no_watched_food_and_keep_the_hedge(allergen: Allergen) -> None:
    for summary in LIBRARY.about_summary((allergen,)):
        text = visible_text(render_about_html(summary))
        assert allergen not in named_allergens(text), text
        assert "studies show" in text  # the article's own hedge
        assert "have been shown" in text
    for info in LIBRARY.topics():
        groups = info.key != "allergens"
        assert not named_allergens(f"{info.name} {info.description}", groups=groups)


def test_about_for_someone_watching_nothing_lists_every_source() -> None:
    [summary] = LIBRARY.about_summary()
    text = visible_text(render_about_html(summary))
    assert "yogurt and milk" in text
    assert "kimchi or sauerkraut" in text


def test_help_examples_name_no_allergen_food() -> None:
    assert not named_allergens(EN["help"], groups=False)
    assert not named_allergens(label("kind_sauerkraut") + label("kind_supplement"))


def test_no_tip_praises_avoiding_allergens() -> None:
    assert not any("allergen_free" in c for tip in LIBRARY.tips for c in tip.when)
    for tip in LIBRARY.tips:
        lowered = tip.text.lower()
        assert "allergen-free" not in lowered, tip.id
        assert "clear of" not in lowered, tip.id


REWRITTEN = (
    "allergen-free-all-week",
    "allergen-exposure-no-conclusions",
    "sleep-short-night-good-week",
    "sleep-short-night-small-step",
    "vitamin-c-missed-why",
    "general-strong-symptoms",
    "general-symptoms-this-week",
    "general-symptoms-today",
    "gut-visitors",
    "intolerance-other-habits",
)
OLD_OVERREACH = (
    "doesn't undo",
    "that's ok",
    "no problem",
    "gentle reason",
    "one day doesn't tell",
    "clearer picture",
    "give it rest",
    "rest if you can",
    "be kind to it",
    "one way to support it",
    "other small changes still count",
    "nice work",
)


@pytest.mark.parametrize("tip_id", REWRITTEN)
def test_tips_that_said_more_than_their_quote_are_rewritten_or_dropped(tip_id: str) -> None:
    if not LIBRARY.has_tip(tip_id):
        return  # dropped
    text = LIBRARY.tip(tip_id).text.lower()
    for phrase in OLD_OVERREACH:
        assert phrase not in text, (tip_id, phrase)


def test_the_report_for_the_medical_team_says_exposed_to_not_eaten() -> None:
    assert REPORT_LABELS_EN["report_col_allergens_exposed"] == "Exposed to"
    assert REPORT_LABELS_EN["report_chart_allergens"] == "Exposed to"
    assert not [key for key, text in REPORT_LABELS_EN.items() if "eaten" in text.lower()]
