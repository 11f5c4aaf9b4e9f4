"""Typed answers as a user types them (issue 10 §2, issue 14 items 1 and 7): a list where a
yes/no is asked, a confirmation when the bot is unsure, per-food tolerance, and onboarding that
shows what it understood on the prompt itself."""

from __future__ import annotations

from datetime import time
from pathlib import Path

import pytest

from bot.clock import FakeClock
from sandbox.emulator import BotApiEmulator
from tests.conftest import sqlite_url
from tests.e2e.harness import (
    ADA,
    EVE,
    UNTIL_MORNING_CHECKIN,
    BotHarness,
    bot_running,
    button_labels,
    day_entry,
    evening_checkin,
    find_button,
    find_day_entry,
    onboarded,
    start_onboarding,
    stored_user,
)

pytestmark = pytest.mark.e2e


# --- issue 14, item 1: a list answers where a yes/no is asked ------------------------------


async def test_kimchi_and_yogurt_at_the_probiotics_question_answers_yes_and_which_ones(
    bot: BotHarness,
) -> None:
    await onboarded(bot, allergens=("tree_nuts", "dairy"))
    await evening_checkin(bot)
    first = bot.last(ADA)
    [prompt] = await bot.say(ADA, "kimchi and yogurt")
    assert "Tap Yes or No" not in prompt.text
    assert "Probiotics or fermented food: yes — yogurt, kimchi" in prompt.text
    assert "Did it sit well with you?" in prompt.text  # "Which ones?" is already answered
    assert bot.message(ADA, first.message_id).buttons == []  # the old prompt's buttons went
    entry = await day_entry(bot)
    assert entry.probiotics is True
    assert entry.probiotic_kinds == ["yogurt", "kimchi"]
    assert entry.probiotic_kinds_done is True
    for text in ("fine", "yes", "no"):
        await bot.say(ADA, text)
    # Naming a food at the exposure question answers it: almond milk is tree nuts.
    [prompt] = await bot.say(ADA, "almond milk in my coffee")
    assert "Exposed to: tree nuts" in prompt.text
    entry = await day_entry(bot)
    assert entry.allergens_exposed == ["tree_nuts"]
    assert entry.allergens_answered is True


# --- the confirm-when-unsure flow -----------------------------------------------------------


async def test_an_unsure_typed_answer_is_confirmed_with_one_tap_and_nothing_is_stored_before(
    emulator: BotApiEmulator, clock: FakeClock, tmp_path: Path
) -> None:
    database = sqlite_url(tmp_path)
    async with bot_running(emulator, clock, database) as bot:
        await onboarded(bot)
        await onboarded(bot, EVE, first_name="Eve")
        await evening_checkin(bot)
        await bot.say(ADA, "kimchi")
        [question] = await bot.say(ADA, "mostly fine I think")
        assert "Got it: it sat well — right?" in question.text
        assert button_labels(question) == ["✅ Yes, that's right", "✖️ No"]
        entry = await day_entry(bot)
        assert entry.probiotic_tolerated is None  # nothing stored on a guess
        # "No": nothing stored, and the question stays open for another answer.
        await bot.tap(ADA, question, "No")
        assert "I didn't save that" in bot.message(ADA, question.message_id).text
        assert bot.message(ADA, question.message_id).buttons == []
        entry = await day_entry(bot)
        assert entry.probiotic_tolerated is None
        [again] = await bot.say(ADA, "hmm, a bit bloated but ok")  # both at once: which?
        assert "Which one fits best?" in again.text
        assert button_labels(again) == ["It sat well", "It didn't sit well", "✖️ Neither"]
        yes = find_button(again, "It didn't sit well")
        # Someone else cannot confirm it for Ada, even with the exact button data.
        eve_prompt = bot.last(EVE)
        await bot.press_data(EVE, eve_prompt.message_id, yes, force=True)
        assert emulator.callback_answers[-1]["text"] == "This button has expired."
        entry = await day_entry(bot)
        assert entry.probiotic_tolerated is None

    # The confirmation survives a restart: its answer travels in the button itself.
    async with bot_running(emulator, clock, database) as bot:
        [*_, prompt] = await bot.tap(ADA, again, "It didn't sit well")
        assert "Saved: it didn't sit well" in bot.message(ADA, again.message_id).text
        assert "Did you have vitamin C today" in prompt.text
        entry = await day_entry(bot)
        assert entry.probiotic_tolerated is False


async def test_a_twenty_hour_night_is_confirmed_not_praised(bot: BotHarness) -> None:
    await onboarded(bot)
    await bot.advance(UNTIL_MORNING_CHECKIN)
    [question] = await bot.say(ADA, "20")
    assert "Got it: you slept 20 h — right?" in question.text
    assert "Good rest" not in question.text
    unconfirmed = await find_day_entry(bot)
    assert unconfirmed is None or unconfirmed.sleep_hours is None
    [reask] = await bot.say(ADA, "1,000")  # not 1 h: asked again
    assert "didn't catch that" in reask.text
    [saved] = await bot.say(ADA, "11pm to 7am")
    assert "Sleep: 8 h" in saved.text
    entry = await day_entry(bot)
    assert entry.sleep_hours == 8
    # Confirmed after all: stored, and still not praised as good rest.
    [done] = await bot.tap(ADA, question, "Yes")
    assert "Sleep: 20 h" in done.text
    assert "Good rest" not in done.text
    entry = await day_entry(bot)
    assert entry.sleep_hours == 20


# --- per-food tolerance ---------------------------------------------------------------------


async def test_kimchi_sat_well_but_the_milk_didnt_is_kept_per_food(bot: BotHarness) -> None:
    await onboarded(bot)
    await evening_checkin(bot)
    await bot.say(ADA, "kimchi and milk")
    [prompt] = await bot.say(ADA, "the kimchi sat well but the milk didn't")
    assert "Sat well: kimchi" in prompt.text
    assert "Didn't sit well: milk or kefir" in prompt.text
    entry = await day_entry(bot)
    assert entry.probiotic_tolerance == {"kimchi": True, "milk_kefir": False}
    assert entry.probiotic_tolerated is False
    for text in ("yes", "yes", "none", "no note"):
        [done] = await bot.say(ADA, text)
    assert "Evening check-in saved" in done.text
    # The tip respects "if tolerated": something did not sit well, so no encouragement.
    assert "Sorry it didn't sit well" in done.text or "if tolerated" in done.text
    # One tap answers for every food again.
    await bot.tap_each(ADA, done, "Change an answer", "Sat well", "Yes")
    entry = await day_entry(bot)
    assert entry.probiotic_tolerance == {}
    assert entry.probiotic_tolerated is True


# --- issue 14, item 7: typed onboarding confirms what it understood -------------------------


async def test_typed_onboarding_shows_what_it_understood_on_the_prompt_itself(
    bot: BotHarness,
) -> None:
    _confirmation, morning = await start_onboarding(bot, "Europe/Berlin")
    assert "✓ 08:00" in button_labels(morning)
    [evening_step] = await bot.say(ADA, "6.45am")
    confirmed = bot.message(ADA, morning.message_id)
    assert "✓ Got it: 06:45" in confirmed.text
    assert "✓ 08:00" not in button_labels(confirmed)
    assert confirmed.buttons == []  # no stale buttons ticking the old time
    assert "evening" in evening_step.text.lower()
    [allergens] = await bot.say(ADA, "9")  # the evening step: 21:00, not 09:00
    assert "✓ Got it: 21:00" in bot.message(ADA, evening_step.message_id).text
    [done] = await bot.say(ADA, "eggs and milk")
    step = bot.message(ADA, allergens.message_id)
    assert "✓ Got it: eggs, dairy" in step.text
    assert step.buttons == []
    assert "All set" in done.text
    assert "eggs and dairy" in done.text
    user = await stored_user(bot)
    assert (user.morning_time, user.evening_time) == (time(6, 45), time(21, 0))
    assert user.watched_allergens == ["eggs", "dairy"]


async def test_an_unsure_typed_allergen_is_ticked_on_a_fresh_prompt_to_check(
    bot: BotHarness,
) -> None:
    await start_onboarding(bot, "Europe/Berlin")
    await bot.say(ADA, "7:30")
    [allergens] = await bot.say(ADA, "21:30")
    [fresh] = await bot.say(ADA, "nuts")  # tree nuts, peanuts, or both?
    labels = button_labels(fresh)
    assert "✓ Tree nuts" in labels
    assert "✓ Peanuts" in labels
    assert "is that right?" in fresh.text
    assert bot.message(ADA, allergens.message_id).buttons == []  # the stale copy lost its buttons
    await bot.tap_each(ADA, fresh, "Peanuts", "Done")  # only tree nuts, in fact
    user = await stored_user(bot)
    assert user.watched_allergens == ["tree_nuts"]
    assert user.onboarding_step is None


async def test_a_time_typed_in_settings_is_confirmed_on_its_prompt(bot: BotHarness) -> None:
    await onboarded(bot)
    [menu] = await bot.say(ADA, "/settings")
    await bot.tap(ADA, menu, "Morning time")
    assert "✓ 08:00" in button_labels(bot.message(ADA, menu.message_id))
    [new_menu] = await bot.say(ADA, "quarter to seven")
    prompt = bot.message(ADA, menu.message_id)
    assert "✓ Got it: 06:45" in prompt.text
    assert prompt.buttons == []
    assert "Morning check-in: 06:45" in new_menu.text
    assert (await stored_user(bot)).morning_time == time(6, 45)
