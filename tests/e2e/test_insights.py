"""/insights end to end: the picture and the text, for a new user and one with weeks of data."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from PIL import Image

from bot.clock import FakeClock
from models.entities import DayEntry
from sandbox.emulator import BotApiEmulator
from tests.conftest import sqlite_url
from tests.e2e.harness import ADA, BotHarness, bot_running, onboarded

pytestmark = pytest.mark.e2e
SIGNED_UP = datetime(2025, 5, 1, 8, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2025, 6, 30, 18, 0, tzinfo=UTC))  # Monday 20:00 in Berlin


async def seed_days(bot: BotHarness, last: date, count: int) -> None:
    """``count`` answered days ending ``last``: vitamin C every other day, symptoms only on
    days without it (a pattern planted where the truth is known)."""
    async with bot.services.db.transaction() as session:
        for offset in range(count):
            current = last - timedelta(days=offset)
            vitamin_c = offset % 2 == 0
            session.add(
                DayEntry(
                    user_id=ADA,
                    local_date=current,
                    sleep_hours=8.0 if offset % 3 else 6.5,
                    probiotics=True,
                    probiotic_kinds=["kimchi"],
                    probiotic_kinds_done=True,
                    probiotic_tolerated=offset % 5 != 0,
                    vitamin_c=vitamin_c,
                    vitamin_d=offset % 3 == 0,
                    allergens_asked=["eggs"],
                    allergens_exposed=["eggs"] if offset % 4 == 0 else [],
                    allergens_answered=True,
                    symptoms="none" if vitamin_c else ("strong" if offset % 4 == 1 else "mild"),
                    note=None,
                    note_answered=True,
                    updated_at=bot.clock.now(),
                )
            )


async def test_insights_compares_habits_and_sends_the_picture(bot: BotHarness) -> None:
    await onboarded(bot, allergens=("eggs",), now=SIGNED_UP)
    await seed_days(bot, date(2025, 6, 30), 40)
    replies = await bot.say(ADA, "/insights")
    photos = [m for m in replies if m.photo is not None]
    texts = [m for m in replies if m.photo is None]
    assert len(photos) == 1
    assert len(texts) == 1
    image = Image.open(io.BytesIO(photos[0].photo or b""))
    assert image.size[0] == 1080
    text = texts[0].text
    assert "What goes with feeling better" in text
    assert "timing only, not a cause" in text
    assert "Vitamin C" in text
    assert "goes with" in text
    assert "lower" in text
    assert "Ate eggs" in text
    assert "kimchi sat well 32 of 40 times" in text
    assert "Sleep, last 4 weeks" in text


async def test_insights_for_a_new_user_says_how_many_more_days(bot: BotHarness) -> None:
    await onboarded(bot, now=SIGNED_UP)
    await seed_days(bot, date(2025, 6, 30), 5)
    replies = await bot.say(ADA, "/insights")
    assert [m.photo is not None for m in replies] == [True, False]
    assert "9 more days until I can compare" in replies[1].text


async def test_insights_is_in_the_command_menu_and_help(
    emulator: BotApiEmulator, clock: FakeClock, tmp_path: Path
) -> None:
    async with bot_running(emulator, clock, sqlite_url(tmp_path)) as bot:
        await onboarded(bot)
        [help_message] = await bot.say(ADA, "/help")
        assert "/insights" in help_message.text
    from handlers.menu import command_menu

    assert "insights" in [command.command for command in command_menu()]


async def test_weekly_summary_and_probiotic_tips_use_the_insights(bot: BotHarness) -> None:
    await onboarded(bot, now=SIGNED_UP)
    await seed_days(bot, date(2025, 6, 30), 40)
    [tip] = await bot.say(ADA, "/tips probiotics")
    assert "how foods have sat for you lately: kimchi 32 of 40" in tip.text
    # Sunday 6 July, 19:00 in Berlin: the weekly summary.
    await bot.advance(timedelta(days=5, hours=23, minutes=1))
    follow_ups = [m for m in bot.bot_messages(ADA) if "Patterns, not causes" in (m.text or "")]
    assert len(follow_ups) == 1
    text = follow_ups[0].text
    assert "Vitamin C" in text
    assert "goes with" in text
    assert "/insights" in text
