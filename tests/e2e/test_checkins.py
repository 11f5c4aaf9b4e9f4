"""Scheduled check-ins at local times, answered by taps and by typing, across restarts."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.clock import FakeClock
from models.entities import Checkin, DayEntry, User
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
    morning_checkin,
    onboarded,
    start_onboarding,
)

pytestmark = pytest.mark.e2e


async def test_morning_and_evening_checkins_arrive_at_local_times_and_are_answered_by_taps(
    bot: BotHarness,
) -> None:
    await onboarded(bot, allergens=("peanuts", "dairy"))
    await bot.advance(timedelta(minutes=59))  # 07:59 Berlin: nothing yet
    assert bot.bot_messages(ADA) == []
    await bot.advance(timedelta(minutes=1, seconds=5))  # 08:00:05
    [morning] = bot.bot_messages(ADA)
    assert "Good morning" in morning.text
    assert "Mon 2 Jun" in morning.text
    assert "How many hours did you sleep" in morning.text
    await bot.tap(ADA, morning, "7.5")
    done = bot.message(ADA, morning.message_id)
    assert "Morning check-in saved" in done.text
    assert "Sleep: 7.5 h" in done.text
    assert "<blockquote>" in (done.html or "")
    assert "The Gut Microbiome Series: The Immune System" in done.text
    assert (await day_entry(bot)).sleep_hours == 7.5

    await bot.advance(timedelta(hours=13))  # 21:00:05 Berlin
    evening = bot.last(ADA)
    assert "Evening check-in" in evening.text
    await bot.tap(ADA, evening, "Yes")
    kinds = button_labels(bot.message(ADA, evening.message_id))
    assert not any("Yogurt" in k or "Milk" in k for k in kinds)  # Ada watches dairy
    await bot.tap_each(ADA, evening, "Kimchi", "Sauerkraut", "Done", "Yes", "Yes", "No")
    await bot.tap_each(ADA, evening, "Peanuts", "Done", "Mild", "No note")
    final = bot.message(ADA, evening.message_id)
    assert "Evening check-in saved" in final.text
    assert "kimchi, sauerkraut" in final.text
    assert "Exposed to: peanuts" in final.text
    assert "medical team" in final.text
    assert "<blockquote>" in (final.html or "")
    entry = await day_entry(bot)
    assert entry.probiotics is True
    assert entry.probiotic_kinds == ["kimchi", "sauerkraut"]
    assert entry.probiotic_tolerated is True
    assert (entry.vitamin_c, entry.vitamin_d) == (True, False)
    assert entry.allergens_exposed == ["peanuts"]
    assert entry.allergens_asked == ["peanuts", "dairy"]
    assert entry.symptoms == "mild"
    # One message per check-in, edited as answers come in.
    assert len(bot.bot_messages(ADA)) == 2


async def test_checkins_answered_by_typing(bot: BotHarness) -> None:
    await onboarded(bot)
    await morning_checkin(bot)
    [reask] = await bot.say(ADA, "25 hours")
    assert "between 0 and 24" in reask.text
    [nonsense] = await bot.say(ADA, "banana")
    assert "didn't catch that" in nonsense.text
    [saved] = await bot.say(ADA, "7h30")
    assert "Morning check-in saved" in saved.text
    assert "7.5 h" in saved.text
    assert (await day_entry(bot)).sleep_hours == 7.5

    await bot.advance(timedelta(hours=13))
    evening = bot.last(ADA)
    await bot.tap_each(ADA, evening, "No", "Yes", "Yes", "None")
    [done] = await bot.say(ADA, "Long walk & <b>early</b> night")
    assert "Evening check-in saved" in done.text
    assert "Long walk & <b>early</b> night" in done.text  # shown as typed, not as HTML
    entry = await day_entry(bot)
    assert entry.note == "Long walk & <b>early</b> night"
    # The old copy of the prompt lost its buttons; the new one carries them.
    assert bot.message(ADA, evening.message_id).buttons == []


async def test_a_whole_evening_checkin_answered_by_typing(bot: BotHarness) -> None:
    await onboarded(bot, allergens=("eggs", "dairy"))
    await evening_checkin(bot)
    [hint] = await bot.say(ADA, "hmm")
    assert "Tap Yes or No above" in hint.text
    for text in ("yes", "kimchi and kombucha", "yep", "nope", "👍", "no eggs, some milk"):
        [prompt] = await bot.say(ADA, text)
        assert "Evening check-in" in prompt.text
    [choice] = await bot.say(ADA, "yes")  # symptoms: mild or strong?
    assert "Which one fits best" in choice.text
    labels = [text for row in choice.buttons for text, _ in row]
    assert labels == ["Mild symptoms", "Strong symptoms", "✖️ Neither"]
    await bot.say(ADA, "a bit")
    [done] = await bot.say(ADA, "none")
    assert "Evening check-in saved" in done.text
    assert "kimchi, other" in done.text
    assert "Exposed to: dairy" in done.text
    assert "<blockquote>" in (done.html or "")
    entry = await day_entry(bot)
    assert entry.probiotics is True
    assert entry.probiotic_kinds == ["kimchi", "other"]
    assert entry.probiotic_tolerated is True
    assert (entry.vitamin_c, entry.vitamin_d) == (False, True)
    assert entry.allergens_exposed == ["dairy"]
    assert entry.symptoms == "mild"
    assert entry.note is None  # "none" is no note, not a note saying "none"


async def test_late_answer_counts_for_the_day_the_checkin_was_for(
    bot: BotHarness, clock: FakeClock
) -> None:
    await onboarded(bot)
    morning = await morning_checkin(bot)
    clock.advance(timedelta(days=1, hours=3))  # answered the next day
    await bot.tap(ADA, morning, "6")
    assert (await day_entry(bot)).sleep_hours == 6
    assert await find_day_entry(bot, date(2025, 6, 3)) is None


async def test_pressing_the_same_button_twice_changes_nothing_and_answers_can_change(
    bot: BotHarness, emulator: BotApiEmulator
) -> None:
    await onboarded(bot)
    evening = await evening_checkin(bot)  # 21:00 Berlin, evening only
    await bot.tap(ADA, evening, "No")
    edits = bot.message(ADA, evening.message_id).edit_count
    data = find_button(bot.message(ADA, evening.message_id), "Yes")  # vitamin C yes
    await bot.press_data(ADA, evening.message_id, data)
    await bot.press_data(ADA, evening.message_id, data, force=True)
    assert bot.message(ADA, evening.message_id).edit_count == edits + 1
    assert emulator.callback_answers[-1]["text"] == "Already saved ✓"
    await bot.tap_each(ADA, evening, "Change an answer", "Vitamin C", "No")
    entry = await day_entry(bot)
    assert entry.vitamin_c is False
    assert "vitamin D today" in bot.message(ADA, evening.message_id).text


async def test_taps_that_change_nothing_send_telegram_no_edit(
    bot: BotHarness, emulator: BotApiEmulator
) -> None:
    await start_onboarding(bot)
    morning_step = bot.last(ADA)
    data = find_button(morning_step, "07:00")
    press = lambda: emulator.press_button(ADA, morning_step.message_id, data)  # noqa: E731
    await bot.inject_together(press, press)  # a double tap: both carry the step as it was
    evening_step = bot.last(ADA)
    await bot.tap(ADA, evening_step, "21:00")  # the time already ticked
    refused = [r for r in emulator.requests_for("editMessageText") if not r.ok]
    assert refused == []
    assert len(emulator.callback_answers) == 3


async def test_a_button_of_someone_elses_checkin_is_refused(
    bot: BotHarness, emulator: BotApiEmulator
) -> None:
    await onboarded(bot, ADA)
    await onboarded(bot, EVE, first_name="Eve")
    ada_prompt = await morning_checkin(bot)
    data = find_button(ada_prompt, "8")
    # Eve forges a press of Ada's check-in from her own chat.
    eve_prompt = bot.last(EVE)
    await bot.press_data(EVE, eve_prompt.message_id, data, force=True)
    assert emulator.callback_answers[-1]["text"] == "This button has expired."
    async with bot.services.db.transaction() as session:
        assert (await session.execute(select(DayEntry))).first() is None


async def test_restart_between_prompt_and_answer_loses_and_repeats_nothing(
    emulator: BotApiEmulator, clock: FakeClock, tmp_path: Path
) -> None:
    url = sqlite_url(tmp_path)
    async with bot_running(emulator, clock, url) as bot:
        await onboarded(bot)
        morning = await morning_checkin(bot)
    clock.advance(timedelta(minutes=10))
    async with bot_running(emulator, clock, url) as h2:
        await h2.tick()
        assert len(h2.bot_messages(ADA)) == 1  # not sent again after the restart
        await h2.tap(ADA, morning, "8")
        assert "Morning check-in saved" in h2.message(ADA, morning.message_id).text
        assert (await day_entry(h2)).sleep_hours == 8


async def test_downtime_within_the_catch_up_window_sends_once_after_restart(
    emulator: BotApiEmulator, clock: FakeClock, tmp_path: Path
) -> None:
    url = sqlite_url(tmp_path)
    async with bot_running(emulator, clock, url) as bot:
        await onboarded(bot)
    clock.advance(timedelta(hours=2))  # down over the 08:00 check-in
    async with bot_running(emulator, clock, url) as h2:
        await h2.tick()
        await h2.tick()
        [late] = h2.bot_messages(ADA)
        assert "Good morning" in late.text


async def test_a_user_who_blocked_the_bot_mid_fanout_does_not_stop_the_others(
    bot: BotHarness, emulator: BotApiEmulator
) -> None:
    users = list(range(3001, 3021))
    for user_id in users:
        await onboarded(bot, user_id, first_name=f"User{user_id}")
    emulator.fail_next("sendMessage", error_code=403, chat_id=3007)
    await bot.advance(UNTIL_MORNING_CHECKIN)
    for user_id in users:
        expected = 0 if user_id == 3007 else 1
        assert len(bot.bot_messages(user_id)) == expected, user_id
    async with bot.services.db.transaction() as session:
        blocked = await session.get(User, 3007)
        assert blocked is not None
        assert blocked.active is False
    await bot.advance(timedelta(hours=13))  # the evening fan-out skips the blocked user
    assert len(bot.bot_messages(3007)) == 0
    assert all(len(bot.bot_messages(u)) == 2 for u in users if u != 3007)
    # Unblocking (a my_chat_member update) resumes their check-ins.
    await bot.inject(lambda: emulator.block_bot(3007))
    await bot.inject(lambda: emulator.unblock_bot(3007))
    await bot.advance(timedelta(hours=11))  # next morning
    assert len(bot.bot_messages(3007)) == 1


async def test_a_429_storm_during_a_fanout_delivers_every_checkin_exactly_once(
    bot: BotHarness, emulator: BotApiEmulator
) -> None:
    users = list(range(4001, 4031))
    for user_id in users:
        await onboarded(bot, user_id, first_name=f"User{user_id}")
    emulator.fail_next("sendMessage", error_code=429, retry_after=1, times=5)
    emulator.fail_next("sendMessage", error_code=502, times=2)
    await bot.advance(UNTIL_MORNING_CHECKIN)
    counts = {u: len(bot.bot_messages(u)) for u in users}
    assert set(counts.values()) == {1}, counts
    async with bot.services.db.transaction() as session:
        statuses = (await session.execute(select(Checkin.status))).scalars().all()
    assert statuses == ["sent"] * len(users)


async def test_checkin_command_opens_the_checkin_that_fits_the_time_of_day(
    bot: BotHarness, clock: FakeClock
) -> None:
    await onboarded(bot, morning=time(8, 0), evening=time(21, 0))
    [morning] = await bot.say(ADA, "/checkin")  # 07:00: the morning one
    assert "How many hours did you sleep" in morning.text
    await bot.tap(ADA, morning, "8")
    [today] = await bot.say(ADA, "/today")
    assert "Evening check-in: comes at 21:00" in today.text
    assert any("Evening" in label for label in button_labels(today))  # or do it now
    clock.advance(timedelta(hours=8))  # 15:00, past halfway
    [evening] = await bot.say(ADA, "/checkin")
    assert "Evening check-in" in evening.text
    # The scheduled morning one is not sent again: it was answered already.
    await bot.advance(timedelta(seconds=1))
    assert len(bot.bot_messages(ADA)) == 3  # morning, /today, evening
    # After midnight but before the day starts (04:00), "today" is still Monday.
    clock.set(datetime(2025, 6, 2, 23, 30, tzinfo=UTC))  # 01:30 Tuesday in Berlin
    [today] = await bot.say(ADA, "/today")
    assert "Mon 2 Jun" in today.text
    assert "Sleep: 8 h" in today.text
    assert "Evening check-in: not answered yet" in today.text
    assert any("Evening" in label for label in button_labels(today))
