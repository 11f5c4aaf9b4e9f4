"""Settings changes take effect from the next occurrence; help, cancel, groups, errors, logs."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.clock import FakeClock
from models.entities import User
from sandbox.emulator import BotApiEmulator
from tests.conftest import sqlite_url
from tests.e2e.harness import (
    ADA,
    TOKEN,
    BotHarness,
    bot_running,
    button_labels,
    evening_checkin,
    morning_checkin,
    next_due_times,
    onboarded,
    start_onboarding,
    stored_user,
)

pytestmark = pytest.mark.e2e


async def test_changing_the_morning_time_moves_the_next_checkin(bot: BotHarness) -> None:
    await onboarded(bot)
    [menu] = await bot.say(ADA, "/settings")
    assert "Europe/Berlin" in menu.text
    assert "08:00" in menu.text
    await bot.tap_each(ADA, menu, "Morning time", "09:30")
    saved = bot.message(ADA, menu.message_id)
    assert "09:30" in saved.text
    assert "today at 09:30" in saved.text
    assert (await next_due_times(bot))["morning"] == datetime(2025, 6, 2, 7, 30, tzinfo=UTC)
    await bot.advance(timedelta(hours=1, minutes=5))  # 08:05: the old time passes quietly
    assert len(bot.bot_messages(ADA)) == 1  # just the settings menu
    await bot.advance(timedelta(hours=1, minutes=30))  # 09:35
    assert "Good morning" in bot.last(ADA).text


async def test_a_settings_prompt_left_open_gives_way_to_the_next_checkin(bot: BotHarness) -> None:
    await onboarded(bot)
    [menu] = await bot.say(ADA, "/settings")
    await bot.tap(ADA, menu, "Morning time")
    prompt = bot.message(ADA, menu.message_id)
    assert "Step" not in prompt.text  # settings are not onboarding
    await morning_checkin(bot)
    # "7" is hours slept now, not a new check-in time.
    [saved] = await bot.say(ADA, "7")
    assert "Morning check-in saved" in saved.text
    user = await stored_user(bot)
    assert user.morning_time == time(8, 0)
    assert user.awaiting_input is None


async def test_a_reminder_after_an_abandoned_settings_prompt_also_wins(bot: BotHarness) -> None:
    await onboarded(bot, reminder_minutes=90)
    await morning_checkin(bot)
    [menu] = await bot.say(ADA, "/settings")  # 08:00, after the check-in
    await bot.tap(ADA, menu, "Evening time")
    await bot.advance(timedelta(minutes=91))  # the reminder
    assert "still waiting" in bot.last(ADA).text  # the settings prompt is older than this
    [saved] = await bot.say(ADA, "7")
    assert "Morning check-in saved" in saved.text
    assert (await stored_user(bot)).evening_time == time(21, 0)


async def test_allergens_to_watch_can_be_typed_in_settings(bot: BotHarness) -> None:
    await onboarded(bot)
    [menu] = await bot.say(ADA, "/settings")
    await bot.tap(ADA, menu, "Allergens")
    assert "Step" not in bot.message(ADA, menu.message_id).text
    [hint, _prompt] = await bot.say(ADA, "the blue one")
    assert "type them" in hint.text
    [saved] = await bot.say(ADA, "soya and tree nuts")
    assert "Allergens watched: tree nuts, soy" in saved.text
    [reply] = await bot.say(ADA, "pizza")  # the step is done: nothing waits for text
    assert "no question waiting" in reply.text


async def test_weekly_goals_are_adjustable_in_settings(bot: BotHarness) -> None:
    await onboarded(bot)  # watches no allergens
    [menu] = await bot.say(ADA, "/settings")
    await bot.tap(ADA, menu, "Weekly goals")
    goals = button_labels(bot.message(ADA, menu.message_id))
    assert "Sleep 8 h+: 5/7" in goals
    assert not any("Allergen" in goal for goal in goals)
    await bot.tap_each(ADA, menu, "Sleep 8 h+", "3")
    assert "Sleep 8 h+: 3/7" in button_labels(bot.message(ADA, menu.message_id))
    await morning_checkin(bot)  # the first check-in starts the record
    [streaks] = await bot.say(ADA, "/streaks")
    assert "🎯 0/3" in streaks.text  # this week's progress towards the new goal
    await bot.tap_each(ADA, menu, "Back", "Allergens")
    await bot.say(ADA, "peanuts")
    [menu] = await bot.say(ADA, "/settings")
    await bot.tap(ADA, menu, "Weekly goals")
    goals = button_labels(bot.message(ADA, menu.message_id))
    # Avoiding allergens is not a goal, even for someone who watches them.
    assert not any("Allergen" in goal for goal in goals)


async def test_travelling_east_changes_zone_without_a_gap_or_a_duplicate(
    emulator: BotApiEmulator, clock: FakeClock, tmp_path: Path
) -> None:
    clock.set(datetime(2025, 6, 2, 19, 30, tzinfo=UTC))  # 15:30 in New York
    async with bot_running(emulator, clock, sqlite_url(tmp_path)) as bot:
        await onboarded(bot, zone="America/New_York")
        clock.set(datetime(2025, 6, 2, 20, 0, tzinfo=UTC))  # landed in Berlin: 22:00 there
        [menu] = await bot.say(ADA, "/settings")
        await bot.tap(ADA, menu, "Time zone")
        [confirmation, _menu] = await bot.say(ADA, "Berlin")
        assert "Europe/Berlin" in confirmation.text
        await bot.tick()
        evening = bot.last(ADA)
        assert "Evening check-in" in evening.text
        assert "Mon 2 Jun" in evening.text
        await bot.advance(timedelta(hours=24))
        evenings = [m for m in bot.bot_messages(ADA) if "Evening check-in for" in m.text]
        assert len(evenings) == 2  # today's (caught up) and tomorrow's, no more


async def test_help_and_cancel(bot: BotHarness) -> None:
    await onboarded(bot)
    [help_text] = await bot.say(ADA, "/help")
    for fragment in ("/checkin", "/today", "/settings", "What I store", "Not medical advice"):
        assert fragment in help_text.text
    assert "or just type" in help_text.text  # typed answers are discoverable
    [nothing] = await bot.say(ADA, "/cancel")
    assert "nothing to cancel" in nothing.text
    [menu] = await bot.say(ADA, "/settings")
    await bot.tap(ADA, menu, "Time zone")
    [cancelled] = await bot.say(ADA, "/cancel")
    assert "cancelled" in cancelled.text
    [unknown] = await bot.say(ADA, "/frobnicate")
    assert "don't know that command" in unknown.text


async def test_emergency_words_get_the_emergency_reply_first(bot: BotHarness) -> None:
    await onboarded(bot)
    evening = await evening_checkin(bot)
    await bot.tap_each(ADA, evening, "No", "Yes", "Yes", "Strong")
    first, *rest = await bot.say(ADA, "my throat is swelling and I can't breathe")
    assert "emergency number" in first.text
    assert rest
    assert "Evening check-in saved" in rest[-1].text
    [calm] = await bot.say(ADA, "I slept like a baby, no trouble breathing at all")
    assert "emergency" not in calm.text


async def test_in_a_group_the_bot_says_it_works_in_private_and_leaves(
    bot: BotHarness, emulator: BotApiEmulator
) -> None:
    emulator.add_user(ADA, first_name="Ada")
    emulator.add_group(-5001, title="Friends", members=[ADA])
    await bot.inject(lambda: emulator.send_message(ADA, "/start@GutCheckBot", chat_id=-5001))
    group = emulator.chat(-5001)
    assert group.bot_messages == []
    # Added to another group: it says so once, politely, and leaves.
    emulator.add_group(-5002, title="Club", members=[ADA])
    await bot.inject(lambda: emulator.remove_bot_from_group(-5002, ADA, kicked=False))
    await bot.inject(lambda: emulator.add_bot_to_group(-5002, ADA))
    [notice] = emulator.chat(-5002).bot_messages
    assert "private chats only" in notice.text
    assert any(r.method.lower() == "leavechat" for r in emulator.requests)
    async with bot.services.db.transaction() as session:
        assert (await session.execute(select(User))).first() is None


async def test_a_crash_in_a_handler_gets_an_apology_and_the_bot_keeps_going(
    bot: BotHarness, monkeypatch: pytest.MonkeyPatch
) -> None:
    await onboarded(bot)

    async def broken(*_args: object) -> None:
        raise RuntimeError("simulated bug")

    monkeypatch.setattr(bot.services.checkins, "today", broken)
    [apology] = await bot.say(ADA, "/today")
    assert "Sorry" in apology.text
    assert "answers are safe" in apology.text
    [menu] = await bot.say(ADA, "/settings")
    assert "Settings" in menu.text


async def test_token_never_logged_and_answers_not_logged_at_info(
    emulator: BotApiEmulator, clock: FakeClock, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    from bot.logs import RedactingFilter

    redactor = RedactingFilter((TOKEN,))
    caplog.handler.addFilter(redactor)
    caplog.set_level(logging.DEBUG)
    note = "secret-note-about-my-rash"
    async with bot_running(emulator, clock, sqlite_url(tmp_path)) as bot:
        await start_onboarding(bot)
        morning = bot.last(ADA)
        await bot.tap(ADA, morning, "07:00")
        evening = bot.last(ADA)
        await bot.tap(ADA, evening, "21:00")
        await bot.tap(ADA, bot.last(ADA), "None")
        prompt = await evening_checkin(bot)
        await bot.tap_each(ADA, prompt, "No", "Yes", "Yes", "Mild")
        await bot.say(ADA, note)
        emulator.fail_next("sendMessage", error_code=500)
        await bot.say(ADA, "/help")
    everything = "\n".join(caplog.handler.format(r) for r in caplog.records)
    assert TOKEN not in everything
    assert TOKEN.split(":")[1] not in everything
    info_and_up = "\n".join(r.getMessage() for r in caplog.records if r.levelno >= logging.INFO)
    assert note not in info_and_up


async def test_start_after_blocking_and_unblocking_keeps_everything(
    bot: BotHarness, emulator: BotApiEmulator
) -> None:
    await onboarded(bot, morning=time(7, 30))
    await bot.inject(lambda: emulator.block_bot(ADA))
    assert (await next_due_times(bot))["morning"] is None
    await bot.inject(lambda: emulator.unblock_bot(ADA))
    [back] = await bot.say(ADA, "/start")
    assert "Welcome back" in back.text
    assert any("Check in now" in label for label in button_labels(back))
    assert (await next_due_times(bot))["morning"] == datetime(2025, 6, 2, 5, 30, tzinfo=UTC)
