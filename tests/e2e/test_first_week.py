"""A new user's first week, end to end: a sign-up before the day starts, /week in the middle of
a check-in, the first weekly summary and the first export (issue 14, items 2–4)."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import UTC, date, datetime, time, timedelta

import pytest

from bot.clock import FakeClock
from bot.domain.statuses import DeliveryKind
from models.delivery_store import ClaimedDelivery
from tests.e2e.harness import (
    ADA,
    BotHarness,
    answer_evening,
    answer_morning,
    onboarded,
    prompts,
)

pytestmark = pytest.mark.e2e
HOUR = timedelta(hours=1)


@pytest.fixture
def clock() -> FakeClock:
    # Monday 2 June 2025, 01:12 in Berlin: before the 04:00 day start, so still "Sunday 1 June".
    return FakeClock(datetime(2025, 6, 1, 23, 12, tzinfo=UTC))


def weekly_claim(local_date: date) -> ClaimedDelivery:
    return ClaimedDelivery(DeliveryKind.WEEKLY, 1, ADA, ADA, "weekly", local_date, "en", "Ada", 0)


async def test_the_first_week_counts_only_what_happened(bot: BotHarness) -> None:
    sleep = ["7", "7.5", "7", "7.5", "7", "7.5", "7"]  # Mon 2 … Sun 8 June
    await onboarded(bot, allergens=("peanuts",), evening=time(22))
    await bot.advance(timedelta(hours=6, minutes=48, seconds=5))  # Monday 08:00
    for day, hours in enumerate(sleep):
        await answer_morning(bot, hours)
        if day == 6:
            break
        await bot.advance(14 * HOUR)  # 22:00
        if day == 0:
            # /week in the middle of the first evening check-in: one answer given, the
            # allergen and symptom questions not asked yet.
            await bot.tap(ADA, prompts(bot, "Evening check-in for")[-1], "No")
            [week] = await bot.say(ADA, "/week")
            caption = week.caption or ""
            assert "No exposure" not in caption
            assert "Watched allergens: not answered yet" in caption
            assert "Symptoms: not answered yet" in caption
            assert "Vitamin C: not answered yet" in caption  # not "0 days"
            assert "Probiotics / fermented: <b>0</b> days" in (week.html or "")  # said no
            assert "No symptoms" not in caption
            assert "vs last week" not in caption
            evening = prompts(bot, "Evening check-in for")[-1]
            # Vitamin C, vitamin D, watched allergens, symptoms, the note.
            await bot.tap_each(ADA, evening, "No", "Yes", "None of these", "None", "No note")
            [week] = await bot.say(ADA, "/week")
            caption = week.caption or ""
            assert "No exposure to your watched allergens on 1 day answered" in caption
            assert "No symptoms on 1 day answered" in caption
        else:
            await answer_evening(bot, probiotics=day % 2 == 0, vitamin_c=True, vitamin_d=True)
        await bot.advance(10 * HOUR)  # 08:00
    # Sunday 19:00: the first weekly summary. Sunday's 22:00 check-in is not sent yet.
    await bot.advance(11 * HOUR)
    [summary] = [m for m in bot.bot_messages(ADA) if "Your week" in (m.caption or "")]
    caption = summary.caption or ""
    assert "vs last week" not in caption  # there was no last week
    assert "▲" not in caption
    assert "▼" not in caption
    # 7 mornings and 6 evenings were sent by 19:00 on Sunday, all answered; not 13 of 14.
    assert "Check-ins answered: <b>13</b> of 13" in (summary.html or "")
    # Average of 7, 7.5, 7, 7.5, 7, 7.5, 7 = 7.2142…: the same number in the tip under it.
    assert "7.21 h on average" in caption
    focus = bot.last(ADA)
    average = re.search(r"averaged ([\d.]+) hours", focus.text)
    assert average is not None
    assert average.group(1) == "7.21"
    # Composed again after the 22:00 check-in went out (a claim re-sent after a crash, within
    # the catch-up window), the summary still counts as of its own time, 19:00.
    await bot.advance(3 * HOUR + timedelta(seconds=5))
    assert prompts(bot, "Evening check-in for Sun 8 Jun")
    again = await bot.services.progress.compose_weekly(weekly_claim(date(2025, 6, 8)))
    assert again is not None
    assert "Check-ins answered: <b>13</b> of 13" in again[0].text
    # The export starts on the first day a check-in was sent: the sign-up "Sunday 1 June"
    # (01:12 Monday morning) is no missed day in any file.
    files = {m.document_name: m for m in await bot.say(ADA, "/export") if m.document_name}
    spreadsheet = files["gutcheck-2025-06-08.csv"]
    everything = next(m for name, m in files.items() if str(name).endswith(".json"))
    rows = list(csv.reader(io.StringIO(spreadsheet.document.decode("utf-8-sig"))))
    header, days = rows[0], rows[1:]
    assert days[0][header.index("Date")] == "2025-06-02"
    assert len(days) == 7
    document = json.loads(everything.document)
    assert document["days"][0]["date"] == "2025-06-02"
    [streaks] = await bot.say(ADA, "/streaks")
    assert "days in a row" in (streaks.html or "")
