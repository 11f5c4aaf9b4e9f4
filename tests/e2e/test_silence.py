"""Respecting silence over simulated weeks: someone who never answers is written to less and
less (one kind message offers a pause), and everything is back to normal on the next answer."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.clock import FakeClock
from tests.e2e.harness import ADA, BotHarness, button_labels, onboarded

pytestmark = pytest.mark.e2e
HOUR = timedelta(hours=1)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2025, 6, 2, 2, 0, tzinfo=UTC))  # Monday 2 June, 04:00 in Berlin


async def one_day(bot: BotHarness) -> list[str]:
    """Live through one day (04:00 to 04:00) an hour at a time; what the bot sent."""
    before = len(bot.bot_messages(ADA))
    for _ in range(24):
        await bot.advance(HOUR)
    return [m.text or m.caption or "" for m in bot.bot_messages(ADA)[before:]]


def kinds(texts: list[str]) -> list[str]:
    def kind(text: str) -> str:
        if text.startswith("☀️") or "Good morning" in text:
            return "morning"
        if "Evening check-in" in text:
            return "evening"
        if "still waiting" in text:
            return "reminder"
        if "haven't heard from you" in text:
            return "pause offer"
        if "Your week" in text or "Focus for next week" in text or "Every habit kept" in text:
            return "summary"  # the weekly summary and its focus tip
        return text[:30]

    return [kind(text) for text in texts]


async def test_silence_is_respected_and_an_answer_brings_everything_back(bot: BotHarness) -> None:
    await onboarded(bot, reminder_minutes=90)
    days = [kinds(await one_day(bot)) for _ in range(40)]
    checkins = [sum(k in ("morning", "evening") for k in day) for day in days]
    # Mon–Wed: both check-ins and both reminders, as before.
    for day in days[:3]:
        assert sorted(day) == ["evening", "morning", "reminder", "reminder"]
    # Thursday, after three silent days: no reminders; one kind message instead of the
    # morning check-in, then the evening one.
    assert days[3] == ["pause offer", "evening"]
    # Then the evening check-in alone: daily for the first week of silence, every third
    # day after it, once a week after four weeks.
    assert checkins[4:7] == [1, 1, 1]
    assert checkins[7:28] == [1, 0, 0] * 7
    assert checkins[28:40] == [1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0]
    everything = [k for day in days for k in day]
    assert everything.count("pause offer") == 1  # one kind message, never repeated
    assert "reminder" not in [k for day in days[3:] for k in day]
    # 40 days would have been 160 check-ins and reminders; now 26 messages (the weekly
    # summaries, once a week, still come).
    prompts = [k for k in everything if k in ("morning", "evening", "reminder", "pause offer")]
    assert len(prompts) == 12 + 2 + 3 + 7 + 2

    # The offer's buttons: a pause of a week or two, until they are back, or check in now.
    offer = next(m for m in bot.bot_messages(ADA) if "haven't heard" in (m.text or ""))
    assert button_labels(offer) == [
        "⏸ A week off",
        "⏸ Two weeks off",
        "⏸ Until I'm back",
        "✍️ Check in now",
    ]

    # An answer: the next day is back to normal, reminders included.
    evening = next(
        m for m in reversed(bot.bot_messages(ADA)) if "Evening check-in" in (m.text or "")
    )
    await bot.tap(ADA, evening, "No")
    days_after = [kinds(await one_day(bot)) for _ in range(2)]
    for day in days_after:
        prompts = sorted(k for k in day if k != "summary")
        assert prompts == ["evening", "morning", "reminder", "reminder"]


async def test_the_pause_offered_is_a_real_pause(bot: BotHarness) -> None:
    await onboarded(bot, reminder_minutes=90)
    for _ in range(4):
        await one_day(bot)
    offer = next(m for m in bot.bot_messages(ADA) if "haven't heard" in (m.text or ""))
    await bot.tap(ADA, offer, "A week off")
    assert "Paused until the end of" in bot.message(ADA, offer.message_id).text
    quiet_week = [kinds(await one_day(bot)) for _ in range(6)]
    # No check-in and no reminder for the week (the weekly summary still comes).
    assert all(set(day) <= {"summary"} for day in quiet_week)
    # The break over, check-ins come back in full (a pause counts as hearing from them).
    await one_day(bot)
    back = [k for k in kinds(await one_day(bot)) if k != "summary"]
    assert sorted(back) == ["evening", "morning", "reminder", "reminder"]
