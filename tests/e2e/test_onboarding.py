"""A new user onboards by every time-zone route and ends with check-ins at their local times."""

from __future__ import annotations

from datetime import UTC, datetime, time
from pathlib import Path

import pytest

from bot.clock import FakeClock
from handlers import COMMANDS
from sandbox.emulator import BotApiEmulator
from tests.conftest import sqlite_url
from tests.e2e.harness import (
    ADA,
    BotHarness,
    bot_running,
    button_labels,
    next_due_times,
    start_onboarding,
    stored_user,
)

pytestmark = pytest.mark.e2e


async def start(h: BotHarness) -> None:
    h.emulator.add_user(ADA, first_name="Ada", language_code="en")
    welcome, zone_prompt = await h.say(ADA, "/start")
    assert "Welcome to Gut Check, Ada" in welcome.text
    assert "The Gut Microbiome Series: The Immune System" in welcome.text
    assert "not medical advice" in welcome.text
    assert "/help" in welcome.text
    assert zone_prompt.reply_keyboard is not None
    button = zone_prompt.reply_keyboard["keyboard"][0][0]
    assert button.get("request_location") is True


async def finish_after_zone(h: BotHarness, morning_prompt_text: str = "morning") -> None:
    morning = h.last(ADA)
    assert "morning" in morning.text.lower()
    [evening] = await h.tap(ADA, morning, "07:30")
    assert "✓ 07:30" in button_labels(h.message(ADA, morning.message_id))
    assert "evening" in evening.text.lower()
    [allergens] = await h.tap(ADA, evening, "21:30")
    for label in ("eggs", "fish", "shellfish", "tree nuts", "peanuts", "dairy", "soy", "wheat"):
        assert label in allergens.text.lower()
    await h.tap(ADA, allergens, "Peanuts")
    await h.tap(ADA, allergens, "Dairy")
    assert "✓ Peanuts" in button_labels(h.message(ADA, allergens.message_id))
    await h.tap(ADA, allergens, "Done")
    done = h.message(ADA, allergens.message_id)
    assert "All set" in done.text
    assert "07:30" in done.text
    assert "21:30" in done.text
    assert "also ask about peanuts and dairy." in done.text
    assert any("Check in now" in label for label in button_labels(done))


async def test_onboarding_by_typed_zone_name(
    emulator: BotApiEmulator, clock: FakeClock, tmp_path: Path
) -> None:
    async with bot_running(emulator, clock, sqlite_url(tmp_path)) as h:
        await start(h)
        confirmation, _morning = await h.say(ADA, "Europe/Berlin")
        assert "Europe/Berlin" in confirmation.text
        assert "09:00" not in confirmation.text
        assert "07:00" in confirmation.text
        assert confirmation.reply_markup == {"remove_keyboard": True}
        await finish_after_zone(h)
        user = await stored_user(h)
        assert user.timezone == "Europe/Berlin"
        assert (user.morning_time, user.evening_time) == (time(7, 30), time(21, 30))
        assert user.watched_allergens == ["peanuts", "dairy"]
        assert user.onboarding_step is None
        # 07:30 and 21:30 Berlin time (UTC+2 in June), starting today.
        due = await next_due_times(h)
        assert due["morning"] == datetime(2025, 6, 2, 5, 30, tzinfo=UTC)
        assert due["evening"] == datetime(2025, 6, 2, 19, 30, tzinfo=UTC)
        commands = {c["command"] for c in emulator.commands}
        assert commands == set(COMMANDS)
        assert {"start", "checkin", "today", "settings", "streaks", "week", "pause"} <= commands


async def test_onboarding_by_shared_location(
    emulator: BotApiEmulator, clock: FakeClock, tmp_path: Path
) -> None:
    async with bot_running(emulator, clock, sqlite_url(tmp_path)) as h:
        await start(h)
        confirmation, _ = await h.share_location(ADA, 40.7128, -74.0060)
        assert "America/New_York" in confirmation.text
        await finish_after_zone(h)
        assert (await stored_user(h)).timezone == "America/New_York"
        assert (await next_due_times(h))["morning"] == datetime(2025, 6, 2, 11, 30, tzinfo=UTC)


async def test_onboarding_by_city_name_with_a_retry_and_an_ambiguous_choice(
    emulator: BotApiEmulator, clock: FakeClock, tmp_path: Path
) -> None:
    async with bot_running(emulator, clock, sqlite_url(tmp_path)) as h:
        await start(h)
        [retry] = await h.say(ADA, "Xyzzyville Qwerty")
        assert "couldn't find" in retry.text
        [choice] = await h.say(ADA, "Portland")
        labels = button_labels(choice)
        assert len(labels) >= 2
        assert any("Oregon" in label for label in labels)
        await h.tap(ADA, choice, "Oregon")
        assert "America/Los_Angeles" in h.message(ADA, choice.message_id).text
        await finish_after_zone(h)
        user = await stored_user(h)
        assert user.timezone == "America/Los_Angeles"


async def test_a_typed_place_is_named_back_and_same_named_places_are_all_offered(
    emulator: BotApiEmulator, clock: FakeClock, tmp_path: Path
) -> None:
    async with bot_running(emulator, clock, sqlite_url(tmp_path)) as h:
        await start(h)
        # "atlantis" is a South African town: the bot says so rather than a bare zone.
        confirmation, _ = await h.say(ADA, "atlantis")
        assert "I understood Atlantis, South Africa" in confirmation.text
        assert "Africa/Johannesburg" in confirmation.text
        assert "Not the place you meant?" in confirmation.text
        await finish_after_zone(h)
        # Correcting it in settings: Springfield offers Illinois too (same zone as Missouri).
        [menu] = await h.say(ADA, "/settings")
        await h.tap(ADA, menu, "Time zone")
        choice = (await h.say(ADA, "springfield"))[-1]
        labels = button_labels(choice)
        assert labels[:5] == [
            "Springfield, Missouri, US",
            "Springfield, Massachusetts, US",
            "Springfield, Illinois, US",
            "Springfield, Oregon, US",
            "Springfield, Ohio, US",
        ]
        await h.tap(ADA, choice, "Illinois")
        user = await stored_user(h)
        assert user.timezone == "America/Chicago"


async def test_onboarding_by_plain_city_name(
    emulator: BotApiEmulator, clock: FakeClock, tmp_path: Path
) -> None:
    async with bot_running(emulator, clock, sqlite_url(tmp_path)) as h:
        await start(h)
        confirmation, _ = await h.say(ADA, "new york")
        assert "America/New_York" in confirmation.text
        await finish_after_zone(h)


async def test_allergens_to_watch_can_be_typed_during_onboarding(
    emulator: BotApiEmulator, clock: FakeClock, tmp_path: Path
) -> None:
    async with bot_running(emulator, clock, sqlite_url(tmp_path)) as h:
        await start_onboarding(h)
        await h.say(ADA, "7am")
        [allergens] = await h.say(ADA, "9pm")
        assert "Step 4 of 4" in allergens.text
        await h.tap(ADA, allergens, "Eggs")
        [done] = await h.say(ADA, "peanuts, wheat")  # added to the tapped one
        assert "All set" in done.text
        assert "also ask about eggs, peanuts and wheat." in done.text
        user = await stored_user(h)
        assert user.watched_allergens == ["eggs", "peanuts", "wheat"]
        assert user.onboarding_step is None


async def test_typed_times_and_running_start_again_keeps_everything(
    emulator: BotApiEmulator, clock: FakeClock, tmp_path: Path
) -> None:
    async with bot_running(emulator, clock, sqlite_url(tmp_path)) as h:
        await start(h)
        await h.say(ADA, "Berlin")
        [problem] = await h.say(ADA, "after breakfast")
        assert "didn't catch a time" in problem.text
        [_evening] = await h.say(ADA, "6.45am")
        [allergens] = await h.say(ADA, "9:15pm")
        await h.tap(ADA, allergens, "None")
        user = await stored_user(h)
        assert (user.morning_time, user.evening_time) == (time(6, 45), time(21, 15))
        assert user.watched_allergens == []
        [again] = await h.say(ADA, "/start")
        assert "Welcome back" in again.text
        assert "06:45" in again.text
        user_after = await stored_user(h)
        assert user_after.timezone == "Europe/Berlin"
        assert user_after.morning_time == time(6, 45)
