"""The content packs and the content check: the shipped pack passes, broken packs fail."""

from __future__ import annotations

import io
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.tips import (
    CONDITIONS,
    PACKS_ROOT,
    PLACEHOLDERS,
    TOPICS,
    ContentError,
    check_packs,
    clear_cache,
    content_check,
    load_packs,
    main,
)
from bot.tips.text import article_sentences, find_in_article, normalise

SHARED_ARTICLE = Path(__file__).resolve().parents[3] / "shared" / "article" / "immune-system.txt"
PACK = PACKS_ROOT / "immune-system"


def _copy_packs(tmp_path: Path) -> Path:
    root = tmp_path / "packs"
    shutil.copytree(PACK, root / "immune-system")
    return root


def _edit_tips(
    root: Path, change: Callable[[list[dict[str, Any]]], None], pack: str = "immune-system"
) -> None:
    path = root / pack / "tips.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data["tips"])
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _tip(tips: list[dict[str, Any]], tip_id: str) -> dict[str, Any]:
    return next(t for t in tips if t["id"] == tip_id)


def _messages(root: Path) -> list[str]:
    return [str(problem) for problem in check_packs(root)]


def _assert_each_reported(messages: list[str], *expected: str) -> None:
    """Every one of ``expected`` appears in some problem message."""
    for part in expected:
        assert any(part in m for m in messages), part


# --- the shipped content ----------------------------------------------------------------------


def test_shipped_packs_pass_the_check() -> None:
    assert check_packs() == []


def test_article_is_a_verbatim_copy_of_the_shared_article() -> None:
    if not SHARED_ARTICLE.is_file():
        pytest.skip("shared article not present beside this checkout")
    assert (PACK / "article.txt").read_bytes() == SHARED_ARTICLE.read_bytes()


def test_pack_metadata() -> None:
    pack = load_packs().pack("immune-system")
    assert pack.title == "The Gut Microbiome Series: The Immune System"
    assert pack.language == "en"
    assert pack.title in pack.source
    assert "full text" in pack.source  # provenance, honestly: no author or publisher is known
    assert pack.title in pack.citation


def test_enough_tips_and_every_topic_covered_several_ways() -> None:
    library = load_packs()
    assert len(library.tips) >= 24
    for topic in TOPICS:
        tips = [t for t in library.tips if t.topic == topic]
        assert len(tips) >= 3, topic
        assert any(not t.when for t in tips), f"{topic} has no general tip"
        assert any(t.when for t in tips), f"{topic} has no situational tip"


def test_every_claim_of_the_article_is_quoted() -> None:
    library = load_packs()
    quotes = [normalise(t.quote) for t in library.tips]
    sentences = article_sentences(library.pack("immune-system").article)
    assert len(sentences) == 17
    for sentence in sentences:
        assert any(q in sentence or sentence in q for q in quotes), sentence


@pytest.mark.parametrize(
    "claim",
    [
        "70-80%",
        "first line of defense",
        "autoimmunity",
        "destroy any intruders",
        "small changes in our lifestyle and diet",
        "hidden food allergies",
        "eggs, fish, shellfish, tree nuts, peanuts, dairy, soy, and wheat",
        "Work with your medical team",
        "extra boost through supplementation",
        "shown to boost the immune system",
        "healthy homeostasis",
        "yogurt and milk",
        "kimchi or sauerkraut",
        "if tolerated",
        "recover and repair",
        "eight hours",
    ],
)
def test_key_claims_have_tips(claim: str) -> None:
    assert any(claim in normalise(t.quote) for t in load_packs().tips)


def test_tips_are_warm_brief_and_not_overstated() -> None:
    for tip in load_packs().tips:
        assert len(tip.text) <= 350, tip.id
        lowered = tip.text.casefold()
        for word in ("cure", "diagnos", "you have an allergy", "you are allergic", "mg", " iu"):
            assert word not in lowered, (tip.id, word)
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", tip.id)


def test_intolerance_tips_never_encourage_and_exist() -> None:
    library = load_packs()
    pattern_tips = [t for t in library.tips if "intolerance_pattern" in t.when]
    assert len(pattern_tips) >= 2
    assert all(not t.encourages_probiotics for t in pattern_tips)
    assert all("medical team" in t.text for t in pattern_tips)


def test_every_tip_mentioning_probiotics_declares_encouragement_explicitly() -> None:
    raw = yaml.safe_load((PACK / "tips.yaml").read_text(encoding="utf-8"))["tips"]
    for tip in raw:
        if re.search(r"probiotic|ferment|yogurt|kimchi|sauerkraut", tip["text"], re.I):
            assert "encourages_probiotics" in tip, tip["id"]


def test_readme_documents_every_condition_and_placeholder() -> None:
    readme = (PACKS_ROOT.parent / "README.md").read_text(encoding="utf-8")
    for name in CONDITIONS:
        generic = re.sub(r":.*", ":<", name)
        assert f"`{name}`" in readme or f"`{generic}" in readme, name
    for name in PLACEHOLDERS:
        assert f"{{{name}}}" in readme, name


# --- quotes: normalisation --------------------------------------------------------------------


def test_quote_matching_ignores_nbsp_newlines_and_curly_quotes() -> None:
    article = (
        "Intro.\n\n\u00a0If \u201cvisitors\u201d try to\n infiltrate   your body\u2019s walls."
    )
    assert find_in_article(article, 'If "visitors" try to infiltrate your body\'s walls.') == (
        "If \u201cvisitors\u201d try to infiltrate your body\u2019s walls."
    )
    assert find_in_article(article, "If visitors try to infiltrate") is None
    assert find_in_article(article, "if \u201cvisitors\u201d try") is None  # case matters
    assert find_in_article(article, "   ") is None


def test_rendered_quote_keeps_the_articles_typography() -> None:
    tip = load_packs().tip("gut-visitors")
    assert "\u201cvisitors\u201d" in tip.article_quote
    assert '"visitors"' in tip.quote


def test_article_sentences_skip_headings() -> None:
    sentences = article_sentences("Title\n\nOne two. Three four!\n\nHeading\n\nFive\u00a0six.")
    assert sentences == ["One two.", "Three four!", "Five six."]


# --- broken packs -----------------------------------------------------------------------------


def test_copied_pack_passes(tmp_path: Path) -> None:
    assert check_packs(_copy_packs(tmp_path)) == []


# Only long with the worst-case figures filled in: 338 characters as written, under the limit.
FITS_ONLY_AS_WRITTEN = "You noted {allergens_exposed_today}. " + "x" * 300
OVERSTATEMENTS = (
    "Vitamin C cures colds.",
    "Take 1000 mg of vitamin C.",
    "A daily dose of yogurt.",
    "This could be a diagnosis.",
    "Guaranteed to help.",
)
REASSURANCES = (
    "A shorter night, but one night doesn't undo a good pattern.",
    "No vitamin C today, no problem.",
    "That's OK. Aim for eight tonight.",
    "A week clear of the allergens you watch.",
    "Allergen-free all week: nice.",
)


def test_the_worst_case_tip_fits_the_limit_as_written() -> None:
    assert len(FITS_ONLY_AS_WRITTEN) <= 350


def _broken(case_id: str, tip_id: str, expected: tuple[str, ...], **fields: Any) -> Any:
    return pytest.param(tip_id, fields, expected, id=case_id)


@pytest.mark.parametrize(
    ("tip_id", "fields", "expected"),
    [
        _broken(
            "misquoted",
            "sleep-info-recover",
            ("sleep-info-recover", "not found verbatim"),
            quote="Sleep is the body's time to recover and repair, aim for nine hours of sleep.",
        ),
        _broken("too-short-quote", "sleep-info-recover", ("shorter than",), quote="if tolerated"),
        _broken(
            "duplicate-id",
            "gut-first-line",
            ("gut-immune-cells", "duplicate"),
            id="gut-immune-cells",
        ),
        _broken(
            "unknown-condition",
            "sleep-good-night",
            ("unknown condition 'slept_well'",),
            when=["slept_well"],
        ),
        _broken(
            "unknown-habit-in-condition",
            "sleep-streak",
            ("unknown condition 'streak_3_plus:running'",),
            when=["streak_3_plus:running"],
        ),
        _broken(
            "contradictory-conditions",
            "sleep-good-night",
            ("can never hold together",),
            when=["slept_8_plus", "slept_under_8"],
        ),
        _broken(
            "over-long",
            "gut-first-line",
            ("gut-first-line", "limit 350"),
            text="Word " * 80,
        ),
        _broken(
            "too-long-only-with-worst-case-figures",
            "allergen-exposure-noted",
            ("at worst",),
            text=FITS_ONLY_AS_WRITTEN,
        ),
        _broken(
            "unknown-placeholder",
            "sleep-good-night",
            ("unknown placeholder {hours_slept}",),
            text="You slept {hours_slept} hours.",
        ),
        _broken(
            "placeholder-not-guaranteed-by-conditions",
            "sleep-info-recover",
            ("{sleep_hours} is not guaranteed",),
            text="You slept {sleep_hours} hours.",
        ),
        _broken("stray-brace", "sleep-info-recover", ("not a {placeholder}",), text="Sleep {well."),
        _broken(
            "encouraging-an-intolerant-user",
            "intolerance-note-it",
            ("never allowed",),
            encourages_probiotics=True,
        ),
        _broken(
            "undeclared-probiotic-mention",
            "gut-first-line",
            ("declare 'encourages_probiotics",),
            text="Try more kimchi with dinner.",
        ),
        _broken(
            "slot-condition-outside-slots",
            "sleep-good-night",
            ("slot: conditions",),
            when=["slept_8_plus", "slot:evening"],
        ),
        *(
            _broken(
                f"overstatement-{n}",
                "vitamin-c-info-boost",
                ("says more than the article",),
                text=text,
                encourages_probiotics=False,
            )
            for n, text in enumerate(OVERSTATEMENTS)
        ),
        # Saying no more than the article (issue 10 §3).
        *(
            _broken(
                f"reassurance-{n}",
                "sleep-info-recover",
                ("reassures or praises beyond the article",),
                text=text,
            )
            for n, text in enumerate(REASSURANCES)
        ),
        _broken(
            "dropping-the-articles-hedge",
            "probiotics-info-homeostasis",
            ("keep the hedge", "studies show"),
            text="Probiotics maintain a healthy balance within the immune system.",
        ),
        _broken(
            "declared-food-never-named",
            "probiotics-info-supplement",
            ("lists tofu, which its text and quote never name",),
            foods=["tofu"],
        ),
        _broken(
            "unknown-food",
            "probiotics-info-supplement",
            ("unknown food 'pie'",),
            foods=["pie"],
        ),
    ],
)
def test_a_broken_tip_fails(
    tmp_path: Path, tip_id: str, fields: dict[str, Any], expected: tuple[str, ...]
) -> None:
    """One tip's fields changed: one problem names every part of ``expected``."""
    root = _copy_packs(tmp_path)
    _edit_tips(root, lambda tips: _tip(tips, tip_id).update(fields))
    messages = _messages(root)
    assert any(all(part in m for part in expected) for m in messages), messages


def test_duplicate_id_across_packs_fails(tmp_path: Path) -> None:
    root = _copy_packs(tmp_path)
    shutil.copytree(root / "immune-system", root / "second-article")
    pack_yaml = root / "second-article" / "pack.yaml"
    pack_yaml.write_text(
        pack_yaml.read_text(encoding="utf-8").replace("id: immune-system", "id: second-article"),
        encoding="utf-8",
    )
    messages = _messages(root)
    assert any("duplicate tip id (in immune-system, second-article)" in m for m in messages)


def test_two_packs_load_and_each_tip_is_grounded_in_its_own_article(tmp_path: Path) -> None:
    root = _copy_packs(tmp_path)
    second = root / "second-article"
    second.mkdir()
    (second / "article.txt").write_text(
        "The Second Article\n\nDrinking water helps the body every single day.\n",
        encoding="utf-8",
    )
    pack = yaml.safe_load((PACK / "pack.yaml").read_text(encoding="utf-8"))
    pack.update(
        id="second-article",
        title="The Second Article",
        about=[{"text": "Water helps.", "quote": "Drinking water helps the body"}],
    )
    (second / "pack.yaml").write_text(yaml.safe_dump(pack, allow_unicode=True), encoding="utf-8")
    tip = {
        "id": "water-daily",
        "topic": "general",
        "text": "A glass of water is a small daily habit.",
        "quote": "Drinking water helps the body every single day.",
    }
    (second / "tips.yaml").write_text(yaml.safe_dump({"tips": [tip]}), encoding="utf-8")
    assert check_packs(root) == []
    library = load_packs(root)
    assert [p.id for p in library.packs] == ["immune-system", "second-article"]
    assert library.tip("water-daily").pack_id == "second-article"

    # The same sentence is not in the first pack's article: quoting it there fails.
    _edit_tips(
        root,
        lambda tips: _tip(tips, "general-small-changes").update(
            quote="Drinking water helps the body every single day."
        ),
    )
    clear_cache()
    assert any("general-small-changes" in m and "not found" in m for m in _messages(root))


def test_unknown_topic_and_missing_topic_fail(tmp_path: Path) -> None:
    root = _copy_packs(tmp_path)

    def change(tips: list[dict[str, Any]]) -> None:
        for tip in tips:
            if tip["topic"] == "vitamin_d":
                tip["topic"] = "vitamins"

    _edit_tips(root, change)
    messages = _messages(root)
    assert any("unknown topic 'vitamins'" in m for m in messages)
    assert any("topic 'vitamin_d' has no tips" in m for m in messages)


def test_topic_without_fallback_tip_fails(tmp_path: Path) -> None:
    root = _copy_packs(tmp_path)

    def change(tips: list[dict[str, Any]]) -> None:
        for tip in tips:
            if tip["topic"] == "sleep" and not tip.get("when"):
                tip["slots"] = ["on_demand"]

    _edit_tips(root, change)
    assert any("topic 'sleep' needs a fallback tip" in m for m in _messages(root))


def test_unknown_keys_and_bad_types_fail(tmp_path: Path) -> None:
    root = _copy_packs(tmp_path)

    def change(tips: list[dict[str, Any]]) -> None:
        tip = _tip(tips, "gut-first-line")
        tip["colour"] = "green"
        tip["weight"] = -1
        tip["priority"] = "high"
        tip["slots"] = ["noon"]
        tip["id"] = "Gut_First_Line"

    _edit_tips(root, change)
    _assert_each_reported(
        _messages(root),
        "unknown key 'colour'",
        "'weight'",
        "'priority'",
        "unknown slot 'noon'",
        "kebab",
    )


def test_unquoted_article_sentence_fails(tmp_path: Path) -> None:
    root = _copy_packs(tmp_path)
    article = root / "immune-system" / "article.txt"
    article.write_text(
        article.read_text(encoding="utf-8") + "\n\nA brand new claim nobody quotes.\n",
        encoding="utf-8",
    )
    assert any("A brand new claim nobody quotes." in m for m in _messages(root))


def test_broken_yaml_and_missing_files_fail(tmp_path: Path) -> None:
    root = _copy_packs(tmp_path)
    (root / "immune-system" / "tips.yaml").write_text("tips: [unclosed", encoding="utf-8")
    assert any("cannot read tips.yaml" in m for m in _messages(root))
    (root / "immune-system" / "tips.yaml").unlink()
    assert any("tips.yaml is missing" in m for m in _messages(root))
    assert check_packs(tmp_path / "nowhere")


def test_pack_yaml_problems_fail(tmp_path: Path) -> None:
    root = _copy_packs(tmp_path)
    pack_yaml = root / "immune-system" / "pack.yaml"
    data = yaml.safe_load(pack_yaml.read_text(encoding="utf-8"))
    data["id"] = "other"
    del data["allergen_names"]["wheat"]
    data["about"][0]["quote"] = "The gut is the whole immune system."
    data["extra"] = 1
    pack_yaml.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    _assert_each_reported(
        _messages(root),
        "differs from its folder",
        "missing wheat",
        "about point 1",
        "unknown key 'extra'",
    )


# --- loading and the CLI ------------------------------------------------------------------------


def test_load_packs_is_cached_and_refuses_broken_content(tmp_path: Path) -> None:
    assert load_packs() is load_packs()
    assert load_packs() is load_packs(PACKS_ROOT)
    root = _copy_packs(tmp_path)
    _edit_tips(root, lambda tips: _tip(tips, "sleep-good-night").update(when=["nope"]))
    with pytest.raises(ContentError) as caught:
        load_packs(root)
    assert any(p.tip_id == "sleep-good-night" for p in caught.value.problems)
    assert "unknown condition" in str(caught.value)


def test_content_check_prints_ok_summary() -> None:
    out = io.StringIO()
    assert content_check(out=out) == 0
    lines = out.getvalue().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("content OK: 1 pack, ")


def test_content_check_prints_problems_and_fails(tmp_path: Path) -> None:
    root = _copy_packs(tmp_path)
    _edit_tips(root, lambda tips: _tip(tips, "sleep-good-night").update(when=["nope"]))
    out = io.StringIO()
    assert content_check(root, out=out) == 1
    text = out.getvalue()
    assert "immune-system/sleep-good-night: unknown condition 'nope'" in text
    assert "FAILED" in text


def test_main_runs_the_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check"]) == 0
    assert "content OK" in capsys.readouterr().out
    root = _copy_packs(tmp_path)
    _edit_tips(
        root, lambda tips: _tip(tips, "gut-first-line").update(quote="Not in the article at all.")
    )
    assert main(["check", "--root", str(root)]) == 1
    assert "not found verbatim" in capsys.readouterr().out


# --- saying no more than the article (issue 10 §3) ---------------------------------------------


def test_a_tip_naming_an_allergen_food_it_does_not_declare_fails(tmp_path: Path) -> None:
    root = _copy_packs(tmp_path)
    _edit_tips(root, lambda tips: _tip(tips, "probiotics-info-sources").pop("foods"))
    messages = _messages(root)
    assert any("probiotics-info-sources: names yogurt (dairy)" in m for m in messages)
    assert any("names kimchi (fish, shellfish)" in m for m in messages)


def test_the_allergen_list_is_not_a_food_suggestion_in_the_allergens_topic() -> None:
    library = load_packs()
    assert not library.tip("allergen-info-eight").foods  # "eggs, fish …": what to watch


def test_a_fallback_tip_must_name_no_allergen_food(tmp_path: Path) -> None:
    root = _copy_packs(tmp_path)

    def only_dairy_fallback(tips: list[dict[str, Any]]) -> None:
        for tip in tips:
            if tip["topic"] == "probiotics" and not tip.get("when"):
                tip["when"] = ["watches_allergens"]
        tips.append(
            {
                "id": "probiotics-dairy-fallback",
                "topic": "probiotics",
                "encourages_probiotics": False,
                "foods": ["yogurt", "milk", "dairy"],
                "text": "The article lists dairy products such as yogurt and milk.",
                "quote": "dairy products such as yogurt and milk",
            }
        )

    _edit_tips(root, only_dairy_fallback)
    assert any("topic 'probiotics' needs a fallback tip" in m for m in _messages(root))


def _edit_pack(root: Path, change: Callable[[dict[str, Any]], None]) -> None:
    path = root / "immune-system" / "pack.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_about_keeps_the_studies_show_hedge(tmp_path: Path) -> None:
    # The old /about said "Probiotics help keep the immune system in balance": fact, not study.
    root = _copy_packs(tmp_path)

    def unhedge(data: dict[str, Any]) -> None:
        for point in data["about"]:
            if "studies show" in point["quote"]:
                point["text"] = "Probiotics help keep the immune system in balance."

    _edit_pack(root, unhedge)
    assert any("about point 7" in m and "keep the hedge" in m for m in _messages(root))


def test_about_points_and_topics_declare_allergen_foods(tmp_path: Path) -> None:
    root = _copy_packs(tmp_path)

    def undeclare(data: dict[str, Any]) -> None:
        data["topics"]["probiotics"]["description"] = "Yogurt, milk, kimchi or sauerkraut"
        for point in data["about"]:
            point.pop("foods", None)

    _edit_pack(root, undeclare)
    messages = _messages(root)
    assert any("topic 'probiotics' names kimchi, milk, yogurt" in m for m in messages)
    assert any("about point 8: names yogurt (dairy): declare it" in m for m in messages)
