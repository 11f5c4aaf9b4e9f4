"""Anything a user can send gets a sensible answer or is ignored; nothing crashes a handler or
corrupts a row. A table of awkward inputs, then random updates (hypothesis)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from bot.clock import FakeClock
from bot.domain.answers import Allergen, ProbioticKind, Symptoms
from models.entities import DayEntry, User
from sandbox.emulator import BotApiEmulator
from tests.conftest import sqlite_url
from tests.e2e.harness import ADA, TOKEN, UNTIL_MORNING_CHECKIN, BotHarness, bot_running, onboarded

pytestmark = pytest.mark.e2e
APOLOGY = "something went wrong"


class ErrorLog(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


async def ready(bot: BotHarness) -> None:
    """Ada, onboarded, with a morning and an evening check-in waiting."""
    await onboarded(bot, allergens=("eggs", "soy"))
    await bot.advance(UNTIL_MORNING_CHECKIN)
    await bot.advance(timedelta(hours=13))


async def assert_consistent(bot: BotHarness) -> None:
    async with bot.services.db.transaction() as session:
        entries = (await session.execute(select(DayEntry))).scalars().all()
        users = (await session.execute(select(User))).scalars().all()
    for entry in entries:
        assert entry.sleep_hours is None or 0 <= entry.sleep_hours <= 24
        assert set(entry.probiotic_kinds) <= {k.value for k in ProbioticKind}
        assert set(entry.allergens_exposed) <= {a.value for a in Allergen}
        assert set(entry.allergens_exposed) <= set(entry.allergens_asked or ["eggs", "soy"])
        assert entry.symptoms is None or entry.symptoms in {s.value for s in Symptoms}
        assert entry.note is None or len(entry.note) <= 1000
    for user in users:
        assert set(user.watched_allergens) <= {a.value for a in Allergen}


def no_apologies(bot: BotHarness) -> None:
    assert not [m for m in bot.bot_messages(ADA) if APOLOGY in (m.text or "")]


AWKWARD: list[tuple[str, Callable[[BotApiEmulator], Any]]] = [
    ("sticker", lambda e: e.send_sticker(ADA)),
    ("photo", lambda e: e.send_photo(ADA, caption="my lunch")),
    ("voice", lambda e: e.send_voice(ADA)),
    ("document", lambda e: e.send_document(ADA, filename="labs.pdf")),
    ("very long text", lambda e: e.send_message(ADA, "slept " + "z" * 4000)),
    ("emoji only", lambda e: e.send_message(ADA, "😴😴😴🤧")),
    ("right-to-left", lambda e: e.send_message(ADA, "نمت سبع ساعات")),
    ("zero-width", lambda e: e.send_message(ADA, "7\u200b.\u200d5")),
    ("html-looking", lambda e: e.send_message(ADA, "<b>8</b> & <script>")),
    ("junk arguments", lambda e: e.send_message(ADA, "/today ;DROP TABLE users;--")),
    ("bot suffix", lambda e: e.send_message(ADA, "/checkin@GutCheckBot")),
    ("another bot", lambda e: e.send_message(ADA, "/start@SomeOtherBot")),
    ("unknown command", lambda e: e.send_message(ADA, "/sudo rm -rf")),
    ("pause junk", lambda e: e.send_message(ADA, "/pause forever and ever")),
    ("tips junk", lambda e: e.send_message(ADA, "/tips " + "x" * 500)),
    ("location at sea", lambda e: e.send_location(ADA, 0.0, -140.0)),
]


@pytest.mark.parametrize(("name", "action"), AWKWARD, ids=[name for name, _ in AWKWARD])
async def test_awkward_input_gets_an_answer_or_is_ignored_never_a_crash(
    emulator: BotApiEmulator,
    clock: FakeClock,
    tmp_path: Path,
    name: str,
    action: Callable[..., Any],
) -> None:
    errors = ErrorLog()
    logging.getLogger().addHandler(errors)
    try:
        async with bot_running(emulator, clock, sqlite_url(tmp_path)) as bot:
            await ready(bot)
            await bot.inject(lambda: action(emulator))
            # The bot still works afterwards.
            [today] = await bot.say(ADA, "/today")
            assert "Today" in today.text
            no_apologies(bot)
            await assert_consistent(bot)
    finally:
        logging.getLogger().removeHandler(errors)
    assert errors.records == [], [r.getMessage() for r in errors.records]


async def test_edited_messages_and_forged_buttons_change_nothing(
    bot: BotHarness, emulator: BotApiEmulator
) -> None:
    await ready(bot)
    await bot.edit_text(ADA, await bot.send_text(ADA, "9"), "24")
    evening = bot.last(ADA)
    before = bot.message(ADA, evening.message_id).edit_count
    forged = [
        "a:999999:sl:8",  # someone else's (or no) check-in
        "a:1:sl:99",  # an impossible answer
        "del:1:0",  # a delete confirmation from 1970
        "del:1",  # an old-format one
        "q:sleep_8h:9",  # a goal of 9 days a week
        "zz",
        "x" * 64,
    ]
    for data in forged:
        await bot.press_data(ADA, evening.message_id, data, force=True)
    assert bot.message(ADA, evening.message_id).edit_count == before
    answers = [a["text"] for a in emulator.callback_answers[-len(forged) :]]
    assert answers == ["This button has expired."] * len(forged)
    async with bot.services.db.transaction() as session:
        assert await session.get(User, ADA) is not None
    no_apologies(bot)
    await assert_consistent(bot)


# --- random updates ---------------------------------------------------------------------------

texts = st.text(min_size=1, max_size=300).filter(lambda s: s.strip() != "")
events = st.one_of(
    st.tuples(st.just("text"), texts),
    st.tuples(
        st.just("command"),
        st.sampled_from(
            [
                "/start",
                "/checkin",
                "/today",
                "/streaks",
                "/week",
                "/settings",
                "/pause",
                "/resume",
                "/tips",
                "/about",
                "/help",
                "/cancel",
                "/checkin yesterday",
                "/pause 2",
                "/export",
            ]
        ),
    ),
    st.tuples(st.just("press"), st.integers(min_value=0, max_value=10_000)),
    st.tuples(
        st.just("forged"),
        st.text(min_size=1, max_size=64).filter(
            lambda s: 1 <= len(s.encode("utf-8", "surrogatepass")) <= 64 and "\x00" not in s
        ),
    ),
    st.tuples(st.just("sticker"), st.none()),
    st.tuples(st.just("time"), st.integers(min_value=1, max_value=600)),
)


async def run_random(events_to_apply: list[tuple[str, Any]], folder: Path) -> None:
    errors = ErrorLog()
    logging.getLogger().addHandler(errors)
    clock = FakeClock(datetime(2025, 6, 2, 5, 0, tzinfo=UTC))
    try:
        async with (
            BotApiEmulator(
                token=TOKEN, bot_username="GutCheckBot", enforce_rate_limits=False
            ) as emulator,
            bot_running(emulator, clock, sqlite_url(folder)) as bot,
        ):
            await ready(bot)
            for kind, value in events_to_apply:
                if kind == "text" or kind == "command":
                    await bot.inject(lambda v=value: emulator.send_message(ADA, v))
                elif kind == "press":
                    pressable = [
                        (m.message_id, data)
                        for m in bot.bot_messages(ADA)
                        for row in m.buttons
                        for _, data in row
                        if data
                    ]
                    if pressable:
                        message_id, data = pressable[value % len(pressable)]
                        await bot.press_data(ADA, message_id, data)
                elif kind == "forged":
                    last = bot.last(ADA)
                    await bot.press_data(ADA, last.message_id, value, force=True)
                elif kind == "sticker":
                    await bot.inject(lambda: emulator.send_sticker(ADA))
                else:
                    await bot.advance(timedelta(minutes=value))
            no_apologies(bot)
            await assert_consistent(bot)
    finally:
        logging.getLogger().removeHandler(errors)
    assert errors.records == [], [r.getMessage() for r in errors.records][:5]


@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(events, min_size=5, max_size=25))
def test_random_updates_never_crash_a_handler_or_corrupt_a_row(
    tmp_path_factory: pytest.TempPathFactory, sequence: list[tuple[str, Any]]
) -> None:
    asyncio.run(run_random(sequence, tmp_path_factory.mktemp("random")))
