"""A new user onboards by every time-zone route and ends with check-ins at their local times."""

from __future__ import annotations

from datetime import UTC, datetime, time

import pytest

from handlers import COMMANDS
from sandbox.emulator import BotApiEmulator
from tests.e2e.harness import (
    ADA,
    BotHarness,
    button_labels,
    next_due_times,
    start_onboarding,
    stored_user,
)

pytestmark = pytest.mark.e2e


async def start(bot: BotHarness) -> None:
    bot.emulator.add_user(ADA, first_name="Ada", language_code="en")
    welcome, zone_prompt = await bot.say(ADA, "/start")
    assert "Welcome to Gut Check, Ada" in welcome.text
    assert "The Gut Microbiome Series: The Immune System" in welcome.text
    assert "not medical advice" in welcome.text
    assert "/help" in welcome.text
    assert zone_prompt.reply_keyboard is not None
    button = zone_prompt.reply_keyboard["keyboard"][0][0]
    assert button.get("request_location") is True


async def finish_after_zone(bot: BotHarness, morning_prompt_text: str = "morning") -> None:
    morning = bot.last(ADA)
    assert "morning" in morning.text.lower()
    [evening] = await bot.tap(ADA, morning, "07:30")
    assert "✓ 07:30" in button_labels(bot.message(ADA, morning.message_id))
    assert "evening" in evening.text.lower()
    [allergens] = await bot.tap(ADA, evening, "21:30")
    for label in ("eggs", "fish", "shellfish", "tree nuts", "peanuts", "dairy", "soy", "wheat"):
        assert label in allergens.text.lower()
    await bot.tap(ADA, allergens, "Peanuts")
    await bot.tap(ADA, allergens, "Dairy")
    assert "✓ Peanuts" in button_labels(bot.message(ADA, allergens.message_id))
    await bot.tap(ADA, allergens, "Done")
    done = bot.message(ADA, allergens.message_id)
    assert "All set" in done.text
    assert "07:30" in done.text
    assert "21:30" in done.text
    assert "also ask about peanuts and dairy." in done.text
    assert any("Check in now" in label for label in button_labels(done))


async def test_onboarding_by_typed_zone_name(bot: BotHarness, emulator: BotApiEmulator) -> None:
    await start(bot)
    confirmation, _morning = await bot.say(ADA, "Europe/Berlin")
    assert "Europe/Berlin" in confirmation.text
    assert "09:00" not in confirmation.text
    assert "07:00" in confirmation.text
    assert confirmation.reply_markup == {"remove_keyboard": True}
    await finish_after_zone(bot)
    user = await stored_user(bot)
    assert user.timezone == "Europe/Berlin"
    assert (user.morning_time, user.evening_time) == (time(7, 30), time(21, 30))
    assert user.watched_allergens == ["peanuts", "dairy"]
    assert user.onboarding_step is None
    # 07:30 and 21:30 Berlin time (UTC+2 in June), starting today.
    due = await next_due_times(bot)
    assert due["morning"] == datetime(2025, 6, 2, 5, 30, tzinfo=UTC)
    assert due["evening"] == datetime(2025, 6, 2, 19, 30, tzinfo=UTC)
    commands = {c["command"] for c in emulator.commands}
    assert commands == set(COMMANDS)
    assert {"start", "checkin", "today", "settings", "streaks", "week", "pause"} <= commands


async def test_onboarding_by_shared_location(bot: BotHarness) -> None:
    await start(bot)
    confirmation, _ = await bot.share_location(ADA, 40.7128, -74.0060)
    assert "America/New_York" in confirmation.text
    await finish_after_zone(bot)
    assert (await stored_user(bot)).timezone == "America/New_York"
    assert (await next_due_times(bot))["morning"] == datetime(2025, 6, 2, 11, 30, tzinfo=UTC)


async def test_onboarding_by_city_name_with_a_retry_and_an_ambiguous_choice(
    bot: BotHarness,
) -> None:
    await start(bot)
    [retry] = await bot.say(ADA, "Xyzzyville Qwerty")
    assert "couldn't find" in retry.text
    [choice] = await bot.say(ADA, "Portland")
    labels = button_labels(choice)
    assert len(labels) >= 2
    assert any("Oregon" in label for label in labels)
    await bot.tap(ADA, choice, "Oregon")
    assert "America/Los_Angeles" in bot.message(ADA, choice.message_id).text
    await finish_after_zone(bot)
    user = await stored_user(bot)
    assert user.timezone == "America/Los_Angeles"


async def test_a_typed_place_is_named_back_and_same_named_places_are_all_offered(
    bot: BotHarness,
) -> None:
    await start(bot)
    # "atlantis" is a South African town: the bot says so rather than a bare zone.
    confirmation, _ = await bot.say(ADA, "atlantis")
    assert "I understood Atlantis, South Africa" in confirmation.text
    assert "Africa/Johannesburg" in confirmation.text
    assert "Not the place you meant?" in confirmation.text
    await finish_after_zone(bot)
    # Correcting it in settings: Springfield offers Illinois too (same zone as Missouri).
    [menu] = await bot.say(ADA, "/settings")
    await bot.tap(ADA, menu, "Time zone")
    choice = (await bot.say(ADA, "springfield"))[-1]
    labels = button_labels(choice)
    assert labels[:5] == [
        "Springfield, Missouri, US",
        "Springfield, Massachusetts, US",
        "Springfield, Illinois, US",
        "Springfield, Oregon, US",
        "Springfield, Ohio, US",
    ]
    await bot.tap(ADA, choice, "Illinois")
    user = await stored_user(bot)
    assert user.timezone == "America/Chicago"


async def test_onboarding_by_plain_city_name(bot: BotHarness) -> None:
    await start(bot)
    confirmation, _ = await bot.say(ADA, "new york")
    assert "America/New_York" in confirmation.text
    await finish_after_zone(bot)


async def test_allergens_to_watch_can_be_typed_during_onboarding(bot: BotHarness) -> None:
    await start_onboarding(bot)
    await bot.say(ADA, "7am")
    [allergens] = await bot.say(ADA, "9pm")
    assert "Step 4 of 4" in allergens.text
    await bot.tap(ADA, allergens, "Eggs")
    [done] = await bot.say(ADA, "peanuts, wheat")  # added to the tapped one
    assert "All set" in done.text
    assert "also ask about eggs, peanuts and wheat." in done.text
    user = await stored_user(bot)
    assert user.watched_allergens == ["eggs", "peanuts", "wheat"]
    assert user.onboarding_step is None


async def test_typed_times_and_running_start_again_keeps_everything(bot: BotHarness) -> None:
    await start(bot)
    await bot.say(ADA, "Berlin")
    [problem] = await bot.say(ADA, "after breakfast")
    assert "didn't catch a time" in problem.text
    [_evening] = await bot.say(ADA, "6.45am")
    [allergens] = await bot.say(ADA, "9:15pm")
    await bot.tap(ADA, allergens, "None")
    user = await stored_user(bot)
    assert (user.morning_time, user.evening_time) == (time(6, 45), time(21, 15))
    assert user.watched_allergens == []
    [again] = await bot.say(ADA, "/start")
    assert "Welcome back" in again.text
    assert "06:45" in again.text
    user_after = await stored_user(bot)
    assert user_after.timezone == "Europe/Berlin"
    assert user_after.morning_time == time(6, 45)
