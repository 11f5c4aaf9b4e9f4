"""Issue 10 §3, end to end: nothing the bot suggests names a food the user watches, and
avoiding allergens is never praised or counted as a habit."""

from __future__ import annotations

import pytest

from bot.domain.foods import FOODS, foods_named_in
from models.entities import User
from tests.e2e.harness import (
    ADA,
    BotHarness,
    button_labels,
    day_entry,
    evening_checkin,
    morning_checkin,
    onboarded,
)

pytestmark = pytest.mark.e2e
DAIRY_FOODS = {
    key for key, food in FOODS.items() if any(a.value == "dairy" for a in food.allergens)
}


def dairy_named(text: str) -> set[str]:
    return set(foods_named_in(text)) & DAIRY_FOODS


async def test_a_dairy_watcher_is_never_offered_dairy_but_can_still_record_it(
    bot: BotHarness,
) -> None:
    await onboarded(bot, allergens=("dairy",))
    evening = await evening_checkin(bot)
    await bot.tap(ADA, evening, "No")  # no probiotics today: the tip comes at the end
    await bot.tap_each(ADA, evening, "Yes", "No", "None of these", "None", "No note")
    final = bot.message(ADA, evening.message_id)
    assert "Evening check-in saved" in final.text
    assert dairy_named(final.text) == set(), final.text

    # /tips probiotics, asked again and again: never yogurt or milk.
    [tip] = await bot.say(ADA, "/tips probiotics")
    for _ in range(6):
        assert dairy_named(tip.text) == set(), tip.text
        await bot.tap(ADA, tip, "Another")
        tip = bot.last(ADA)
    # The topic list and /about don't suggest dairy either.
    [topics] = await bot.say(ADA, "/tips")
    assert dairy_named(topics.text) == set(), topics.text
    [about] = await bot.say(ADA, "/about")
    assert dairy_named(about.text) == set(), about.text
    assert "studies show" in about.text  # the article's hedge is kept
    assert "sources include fermented foods such as kimchi or sauerkraut" in about.text


async def test_the_which_ones_buttons_skip_watched_foods_and_a_typed_one_is_kept(
    bot: BotHarness,
) -> None:
    await onboarded(bot, allergens=("dairy", "fish"))
    evening = await evening_checkin(bot)
    await bot.tap(ADA, evening, "Yes")
    kinds = button_labels(bot.message(ADA, evening.message_id))
    assert "Sauerkraut" in kinds
    assert "Supplement" in kinds
    assert "Other" in kinds
    # Yogurt and milk contain dairy; kimchi is traditionally made with fish sauce.
    assert not any(word in k for k in kinds for word in ("Yogurt", "Milk", "Kimchi"))
    assert "type" in bot.message(ADA, evening.message_id).text
    [hint] = await bot.say(ADA, "banana bread")
    assert "sauerkraut and supplement" in hint.text
    assert dairy_named(hint.text) == set()
    # What they ate is still theirs to record: typed, it is kept, and its button shows
    # (ticked) so it can be taken back.
    [prompt] = await bot.say(ADA, "yogurt")
    assert "yogurt" in prompt.text
    assert (await day_entry(bot)).probiotic_kinds == ["yogurt"]
    await bot.tap_each(ADA, prompt, "Change an answer", "Which ones")
    kinds = button_labels(bot.message(ADA, prompt.message_id))
    assert any("Yogurt" in k and "✓" in k for k in kinds), kinds
    assert not any("Milk" in k or "Kimchi" in k for k in kinds)


async def test_week_and_streaks_show_no_allergen_free_habit_to_a_watcher(bot: BotHarness) -> None:
    await onboarded(bot, allergens=("peanuts",))
    [week] = await bot.say(ADA, "/week")
    [streaks] = await bot.say(ADA, "/streaks")
    for text in (week.text or week.caption or "", streaks.text):
        assert "Allergen-free" not in text
        assert "allergen-free" not in text.lower()


async def test_a_goal_stored_for_the_dropped_allergen_habit_breaks_nothing(bot: BotHarness) -> None:
    await onboarded(bot, allergens=("peanuts",))
    async with bot.services.db.transaction() as session:
        user = await session.get(User, ADA)
        assert user is not None
        user.goals = {"allergen_free": 7, "vitamin_c": 3}  # saved before the habit went
    await morning_checkin(bot)  # the first check-in: the record starts
    [streaks] = await bot.say(ADA, "/streaks")
    assert "🍊 Vitamin C 🔥 0 (0) · 💪 0% · 🎯 0/3" in streaks.text
    [week] = await bot.say(ADA, "/week")
    assert "Allergen-free" not in (week.text or week.caption or "")
    [menu] = await bot.say(ADA, "/settings")
    await bot.tap(ADA, menu, "Weekly goals")
    goals = button_labels(bot.message(ADA, menu.message_id))
    assert "Vitamin C: 3/7" in goals
    assert not any("Allergen" in goal for goal in goals)
    replies = await bot.say(ADA, "/export")
    assert len(replies) >= 3  # CSV, JSON and the report all still come
