"""Rendering tips as Telegram HTML, checking HTML, and the topic and /about data."""

from __future__ import annotations

import dataclasses

import pytest

from bot.domain.answers import Allergen
from bot.tips import (
    CAPTION_LIMIT,
    MESSAGE_LIMIT,
    PLACEHOLDERS,
    TOPICS,
    ChosenTip,
    Tip,
    about_summary,
    html_problems,
    load_packs,
    render_about_html,
    render_tip_html,
    topics,
    visible_length,
)
from bot.tips.tip_html import _escape, fill, placeholders_in, visible_text

LIBRARY = load_packs()
PACK = LIBRARY.pack("immune-system")


def _worst_case(tip_text: str) -> dict[str, str]:
    return {name: PLACEHOLDERS[name].worst_case(PACK) for name in placeholders_in(tip_text)}


@pytest.mark.parametrize("tip", LIBRARY.tips, ids=lambda tip: tip.id)
def test_every_tip_renders_well_formed_and_within_limits(tip: Tip) -> None:
    chosen = ChosenTip(tip=tip, values=_worst_case(tip.text))
    html = render_tip_html(chosen, LIBRARY)
    assert html_problems(html) == []
    assert 0 < visible_length(html) <= MESSAGE_LIMIT
    if "weekly" in tip.slots:
        assert visible_length(html) <= CAPTION_LIMIT
    assert "{" not in html
    assert html.count("<blockquote>") == 1


def test_rendered_layout_text_quote_then_source() -> None:
    tip = LIBRARY.tip("sleep-good-night")
    html = render_tip_html(ChosenTip(tip=tip, values={"sleep_hours": "8.5"}), LIBRARY)
    text, rest = html.split("\n\n")
    quote, source = rest.split("\n")
    assert text.startswith("8.5 hours last night, reaching the eight")
    assert quote == (
        "<blockquote>Sleep is the body's time to recover and repair, aim for eight hours of "
        "sleep every night.</blockquote>"
    )
    assert source == "<i>— from “The Gut Microbiome Series: The Immune System”</i>"


def test_dynamic_values_and_content_are_escaped() -> None:
    tip = dataclasses.replace(
        LIBRARY.tip("allergen-exposure-noted"), text="A & B <b>{allergens_exposed_today}</b>"
    )
    chosen = ChosenTip(tip=tip, values={"allergens_exposed_today": "<script>&amp;"})
    html = render_tip_html(chosen, LIBRARY)
    assert html.startswith("A &amp; B &lt;b&gt;&lt;script&gt;&amp;amp;&lt;/b&gt;\n\n")
    assert html_problems(html) == []
    assert visible_text(html).startswith("A & B <b><script>&amp;</b>")


def test_escape_helper() -> None:
    assert _escape('<a href="x">&</a>') == '&lt;a href="x"&gt;&amp;&lt;/a&gt;'


def test_fill_replaces_placeholders_only() -> None:
    assert fill("{a} and {b}", {"a": "1", "b": "{a}"}) == "1 and {a}"


@pytest.mark.parametrize(
    ("html", "problem"),
    [
        ("<p>x</p>", "unsupported tag <p>"),
        ("<b>x", "<b> is never closed"),
        ("x</b>", "</b> closes nothing"),
        ("<b><i>x</b></i>", "</b> found where </i> was expected"),
        ("a < b", "unescaped '<'"),
        ("a > b", "unescaped '>'"),
        ("fish & chips", "unescaped '&'"),
        ('<span class="x">y</span>', "unsupported attributes on <span>"),
        ('<b class="x">y</b>', "unsupported attributes on <b>"),
    ],
)
def test_html_problems_catch_what_telegram_rejects(html: str, problem: str) -> None:
    assert any(problem in p for p in html_problems(html)), html_problems(html)


@pytest.mark.parametrize(
    "html",
    [
        "plain",
        "<b>bold</b> <i>it</i> &lt;3 &amp; &gt; &quot; &#8212; &#x2014;",
        '<a href="https://example.org/?a=1&amp;b=2">link</a>',
        '<span class="tg-spoiler">s</span> <tg-spoiler>t</tg-spoiler>',
        "<blockquote expandable>q</blockquote><pre><code>c</code></pre>",
    ],
)
def test_html_problems_accept_valid_telegram_html(html: str) -> None:
    assert html_problems(html) == []


def test_visible_length_counts_after_entity_parsing() -> None:
    assert visible_length("  <b>a&amp;b</b>&#128512;\n") == 4
    assert visible_length("<blockquote>é</blockquote>") == 1


def test_topics_come_from_the_pack() -> None:
    infos = topics(LIBRARY)
    assert tuple(info.key for info in infos) == TOPICS
    names = {info.key: info.name for info in infos}
    assert names["vitamin_c"] == "Vitamin C"
    assert all(info.description for info in infos)


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("sleep", "sleep"),
        ("Vitamin C", "vitamin_c"),
        ("vit c", "vitamin_c"),
        ("VITAMIN_D", "vitamin_d"),
        ("fermented foods", "probiotics"),
        ("gut", "gut_immune"),
        ("allergies", "allergens"),
        ("  ", None),
        ("astrology", None),
    ],
)
def test_find_topic(typed: str, key: str | None) -> None:
    assert LIBRARY.find_topic(typed) == key


def test_about_summary_is_backed_by_quotes() -> None:
    (summary,) = about_summary(LIBRARY)
    assert summary.title == "The Gut Microbiome Series: The Immune System"
    assert 5 <= len(summary.points) <= 10
    article = PACK.article
    for point in summary.points:
        assert point.text
        assert point.article_quote
        assert all(word in article for word in point.article_quote.split()[:3])
    html = render_about_html(summary)
    assert html_problems(html) == []
    assert visible_length(html) <= MESSAGE_LIMIT
    assert "70–80%" in html
    assert "eight hours" in html


def test_allergen_names_cover_all_eight() -> None:
    assert set(PACK.allergen_names) == set(Allergen)
