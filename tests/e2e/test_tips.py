"""Tips on demand, by topic, rotating; /about; every tip carries its article quote."""

from __future__ import annotations

import html
import re

import pytest

from bot.tips import load_packs
from sandbox.emulator import BotApiEmulator
from tests.e2e.harness import ADA, BotHarness, button_labels, onboarded

pytestmark = pytest.mark.e2e


def quote_of(html: str) -> str:
    match = re.search(r"<blockquote>(.*?)</blockquote>", html, re.S)
    assert match, html
    return match.group(1)


async def test_tips_rotate_and_every_one_is_quoted_from_the_article(bot: BotHarness) -> None:
    article_quotes = {tip.article_quote for tip in load_packs().tips}
    await onboarded(bot)
    seen = []
    for _ in range(4):
        [tip] = await bot.say(ADA, "/tips")
        assert "The Gut Microbiome Series: The Immune System" in tip.text
        assert html.unescape(quote_of(tip.html or "")) in article_quotes
        seen.append(tip.text)
    assert len(set(seen)) == 4, "the same tip came back within a week"


async def test_tips_by_topic_and_unknown_topic(bot: BotHarness) -> None:
    await onboarded(bot)
    [sleep_tip] = await bot.say(ADA, "/tips sleep")
    assert any(word in sleep_tip.text.lower() for word in ("sleep", "rest", "night"))
    [unknown] = await bot.say(ADA, "/tips astrology")
    assert "astrology" in unknown.text
    assert "/tips sleep" in unknown.text
    assert "Sleep" in " ".join(button_labels(unknown))
    await bot.tap(ADA, unknown, "Sleep")
    another = bot.last(ADA)
    assert another.message_id != unknown.message_id
    await bot.tap(ADA, another, "Topics")
    assert "pick a topic" in bot.last(ADA).text


async def test_about_has_the_key_points_quotes_and_disclaimer(
    bot: BotHarness, emulator: BotApiEmulator
) -> None:
    await onboarded(bot)
    [about] = await bot.say(ADA, "/about")
    assert "The Gut Microbiome Series: The Immune System" in about.text
    assert "70-80%" in about.text
    assert "eight hours" in about.text
    assert "Not medical advice" in about.text
    assert (about.html or "").count("<blockquote>") >= 5
    assert {c["command"] for c in emulator.commands} >= {"tips", "about"}
