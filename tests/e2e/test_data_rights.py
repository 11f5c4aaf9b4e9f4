"""Own your data: export everything, delete everything; operators restrict who may use it."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from bot.clock import FakeClock
from models.base import Base
from sandbox.emulator import BotApiEmulator
from tests.conftest import sqlite_url
from tests.e2e.harness import (
    ADA,
    EVE,
    UNTIL_MORNING_CHECKIN,
    BotHarness,
    bot_running,
    button_labels,
    onboarded,
)

pytestmark = pytest.mark.e2e
HOUR = timedelta(hours=1)


async def a_few_days(bot: BotHarness, user_id: int = ADA) -> None:
    await onboarded(bot, user_id, allergens=("dairy",))
    for hours in ("7", "8.5"):
        await bot.advance(UNTIL_MORNING_CHECKIN)
        await bot.tap(user_id, bot.last(user_id), hours)
        await bot.advance(13 * HOUR)
        evening = bot.last(user_id)
        await bot.tap_each(user_id, evening, "No", "Yes", "Yes", "Dairy", "Done", "Mild")
        await bot.say(user_id, '=HYPERLINK("x") cheese at lunch')
        await bot.advance(10 * HOUR - timedelta(seconds=5))


async def rows_about(bot: BotHarness, user_id: int) -> dict[str, int]:
    """Every table's rows that mention the user (the users table by id)."""
    counts: dict[str, int] = {}
    async with bot.services.db.transaction() as session:
        for table in Base.metadata.sorted_tables:
            column = table.c.id if table.name == "users" else table.c.get("user_id")
            assert column is not None, f"table {table.name} has no user column: extend this test"
            result = await session.execute(
                select(func.count()).select_from(table).where(column == user_id)
            )
            counts[table.name] = int(result.scalar_one())
    return counts


async def test_export_sends_a_spreadsheet_everything_as_json_and_a_report(bot: BotHarness) -> None:
    await a_few_days(bot)
    intro, spreadsheet, patterns, everything, report = await bot.say(ADA, "/export")
    assert "four files" in intro.text
    assert spreadsheet.document_name == "gutcheck-2025-06-04.csv"
    rows = list(csv.reader(io.StringIO(spreadsheet.document.decode("utf-8-sig"))))
    header, days = rows[0], rows[1:]
    assert len(days) == 3  # 2, 3 and 4 June (today, nothing yet)
    monday = dict(zip(header, days[0], strict=True))
    assert monday["Sleep (hours)"] == "7"
    assert monday["Exposed to"] == "Dairy"
    assert monday["Note"].startswith("'=HYPERLINK")  # no formula injection
    document = json.loads(everything.document)
    assert document["profile"]["timezone"] == "Europe/Berlin"
    answered = [d for d in document["days"] if d.get("answers")]
    assert any(d["answers"].get("note") == '=HYPERLINK("x") cheese at lunch' for d in answered)
    assert document["insights"]["days_needed"] > 0  # three days: too few to compare yet
    assert patterns.document_name == "gutcheck-patterns-2025-06-04.csv"
    assert patterns.document.decode("utf-8-sig").startswith('"Habit","When"')
    assert report.document_name == "gutcheck-report-2025-06-04.pdf"
    assert report.document.startswith(b"%PDF")
    assert len(report.document) < 1_000_000
    reader = PdfReader(io.BytesIO(report.document))
    assert len(reader.pages) == 1
    text = " ".join(reader.pages[0].extract_text().split())
    assert "summary for my medical team" in text
    assert "24 Jun" not in text
    assert "Dairy" in text  # the exposure the user reported, searchable


async def test_delete_asks_first_then_leaves_nothing_in_any_table(bot: BotHarness) -> None:
    await a_few_days(bot)
    await a_few_days(bot, EVE)
    [ask] = await bot.say(ADA, "/delete")
    assert "Delete everything?" in ask.text
    await bot.tap(ADA, ask, "No, keep")
    assert sum((await rows_about(bot, ADA)).values()) > 10
    [ask] = await bot.say(ADA, "/delete")
    await bot.tap(ADA, ask, "Yes, delete everything")
    assert "has been deleted" in bot.message(ADA, ask.message_id).text
    assert set((await rows_about(bot, ADA)).values()) == {0}
    assert sum((await rows_about(bot, EVE)).values()) > 10  # someone else's data stays
    # Starting again works, from scratch.
    welcome, _ = await bot.say(ADA, "/start")
    assert "Welcome to Gut Check" in welcome.text


async def test_only_allowed_users_and_counts_only_for_admins(
    emulator: BotApiEmulator, clock: FakeClock, tmp_path: Path
) -> None:
    url = sqlite_url(tmp_path)
    async with bot_running(
        emulator, clock, url, allowed_user_ids=frozenset({ADA}), admin_user_ids=frozenset({9})
    ) as bot:
        emulator.add_user(EVE, first_name="Eve")
        [refusal] = await bot.say(EVE, "/start")
        assert "private to the people its operator has invited" in refusal.text
        assert f"your Telegram id: {EVE}" in refusal.text  # to pass on to the operator
        await bot.say(EVE, "hello?")
        assert set((await rows_about(bot, EVE)).values()) == {0}
        await a_few_days(bot)
        [nope] = await bot.say(ADA, "/admin")
        assert "operators only" in nope.text
        emulator.add_user(9, first_name="Op")
        operator_menu = {"type": "chat", "chat_id": 9}
        # Telegram refuses a chat's menu before that chat exists: none yet, and no crash.
        assert emulator.commands_for(operator_menu) == []
        [counts] = await bot.say(9, "/admin")
        assert "Users: 1" in counts.text
        assert "cheese" not in counts.text
        assert "Sleep" not in counts.text
        # Now the operator's own menu lists /admin; everyone else's does not.
        assert "admin" in {c["command"] for c in emulator.commands_for(operator_menu)}
        assert "admin" not in {c["command"] for c in emulator.commands}
        assert emulator.commands_for({"type": "chat", "chat_id": ADA}) == []


async def test_help_explains_what_is_stored_and_how_to_export_or_delete(
    bot: BotHarness, emulator: BotApiEmulator
) -> None:
    emulator.add_user(ADA)
    [help_text] = await bot.say(ADA, "/help")
    for fragment in ("What I store", "/export", "/delete", "Not medical advice"):
        assert fragment in help_text.text
    assert any("delete" in c["command"] for c in emulator.commands)
    assert button_labels(help_text) == []
