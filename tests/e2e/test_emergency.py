"""The emergency reply end to end: first, on every kind of text, in the message's language,
with the country's number, for people not on the allow list, and with the database down."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest

from bot.clock import FakeClock
from models.db import Database
from sandbox.emulator import BotApiEmulator
from tests.conftest import sqlite_url
from tests.e2e.harness import ADA, BotHarness, bot_running, onboarded

pytestmark = pytest.mark.e2e
STRANGER = 2002


async def test_text_after_a_command_gets_the_emergency_reply_first(bot: BotHarness) -> None:
    await onboarded(bot)
    first, second = await bot.say(ADA, "/help my throat is closing")
    assert "emergency number now: 112" in first.text
    assert "Commands" in second.text  # /help still answered, after


@pytest.mark.parametrize(
    ("caption", "calm", "alarming"),
    [
        ("my son's face is swelling", "all good today", "cnat breathe"),
        ("face swelling up", "fine today", "I passed out"),
    ],
)
async def test_a_caption_and_an_edit_get_the_emergency_reply(
    bot: BotHarness, emulator: BotApiEmulator, caption: str, calm: str, alarming: str
) -> None:
    await onboarded(bot)
    first, second = await bot.say_with(ADA, lambda: emulator.send_photo(ADA, caption=caption))
    assert "emergency number" in first.text
    assert "only read text" in second.text
    said = await bot.send_text(ADA, calm)
    [reply] = await bot.edit_text(ADA, said, alarming)
    assert "emergency number" in reply.text
    # A harmless edit gets nothing.
    assert await bot.edit_text(ADA, said, "I passed out flyers at work") == []


async def test_the_reply_comes_in_the_messages_language_with_the_countrys_number(
    bot: BotHarness,
) -> None:
    await onboarded(bot, zone="Australia/Melbourne")
    first, *_ = await bot.say(ADA, "no puedo respirar")
    assert "número de emergencias: 000" in first.text
    assert "911" not in first.text
    first, *_ = await bot.say(ADA, "my lips r swollen")
    assert "emergency number now: 000" in first.text
    assert "112 in Europe" not in first.text


async def test_people_not_on_the_allow_list_still_get_the_emergency_reply(
    emulator: BotApiEmulator, clock: FakeClock, tmp_path: Path
) -> None:
    url = sqlite_url(tmp_path)
    async with bot_running(emulator, clock, url, allowed_user_ids=frozenset({ADA})) as bot:
        emulator.add_user(STRANGER, first_name="Sam")
        first, second = await bot.say(STRANGER, "I can't breathe")
        assert "112 in Europe" in first.text  # unknown country: the generic line
        assert "not" in second.text.lower()  # then the polite refusal


@asynccontextmanager
async def _broken(db: Database) -> AsyncIterator[None]:
    raise RuntimeError("database unreachable")
    yield  # pragma: no cover


async def test_the_emergency_reply_goes_out_while_the_database_is_down(
    bot: BotHarness, monkeypatch: pytest.MonkeyPatch
) -> None:
    await onboarded(bot)
    monkeypatch.setattr(bot.services.db, "transaction", lambda: _broken(bot.services.db))
    first, *rest = await bot.say(ADA, "my throat is closing")
    assert "call your local emergency number now" in first.text
    assert "112 in Europe" in first.text  # the zone could not be read: the generic line
    assert rest  # then the usual apology from the error handler
    assert "went wrong" in rest[-1].text
