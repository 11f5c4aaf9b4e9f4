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
from tests.e2e.harness import ADA, bot_running, onboarded

pytestmark = pytest.mark.e2e
STRANGER = 2002


async def test_text_after_a_command_gets_the_emergency_reply_first(
    emulator: BotApiEmulator, clock: FakeClock, tmp_path: Path
) -> None:
    async with bot_running(emulator, clock, sqlite_url(tmp_path)) as h:
        await onboarded(h)
        first, second = await h.say(ADA, "/help my throat is closing")
        assert "emergency number now: 112" in first.text
        assert "Commands" in second.text  # /help still answered, after


async def test_a_caption_and_an_edit_get_the_emergency_reply(
    emulator: BotApiEmulator, clock: FakeClock, tmp_path: Path
) -> None:
    async with bot_running(emulator, clock, sqlite_url(tmp_path)) as h:
        await onboarded(h)
        first, second = await h.say_with(
            ADA, lambda: emulator.send_photo(ADA, caption="my son's face is swelling")
        )
        assert "emergency number" in first.text
        assert "only read text" in second.text
        said: dict[str, object] = {}
        await h.inject(lambda: said.update(emulator.send_message(ADA, "all good today")))
        before = len(h.bot_messages(ADA))
        await h.inject(
            lambda: emulator.edit_user_message(ADA, int(str(said["message_id"])), "cnat breathe")
        )
        assert "emergency number" in h.last(ADA).text
        assert len(h.bot_messages(ADA)) == before + 1
        # A harmless edit gets nothing.
        await h.inject(
            lambda: emulator.edit_user_message(
                ADA, int(str(said["message_id"])), "I passed out flyers at work"
            )
        )
        assert len(h.bot_messages(ADA)) == before + 1


async def test_the_reply_comes_in_the_messages_language_with_the_countrys_number(
    emulator: BotApiEmulator, clock: FakeClock, tmp_path: Path
) -> None:
    async with bot_running(emulator, clock, sqlite_url(tmp_path)) as h:
        await onboarded(h, zone="Australia/Melbourne")
        first, *_ = await h.say(ADA, "no puedo respirar")
        assert "número de emergencias: 000" in first.text
        assert "911" not in first.text
        first, *_ = await h.say(ADA, "my lips r swollen")
        assert "emergency number now: 000" in first.text
        assert "112 in Europe" not in first.text


async def test_people_not_on_the_allow_list_still_get_the_emergency_reply(
    emulator: BotApiEmulator, clock: FakeClock, tmp_path: Path
) -> None:
    url = sqlite_url(tmp_path)
    async with bot_running(emulator, clock, url, allowed_user_ids=frozenset({ADA})) as h:
        emulator.add_user(STRANGER, first_name="Sam")
        first, second = await h.say(STRANGER, "I can't breathe")
        assert "112 in Europe" in first.text  # unknown country: the generic line
        assert "not" in second.text.lower()  # then the polite refusal


@asynccontextmanager
async def _broken(db: Database) -> AsyncIterator[None]:
    raise RuntimeError("database unreachable")
    yield  # pragma: no cover


async def test_the_emergency_reply_goes_out_while_the_database_is_down(
    emulator: BotApiEmulator, clock: FakeClock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with bot_running(emulator, clock, sqlite_url(tmp_path)) as h:
        await onboarded(h)
        monkeypatch.setattr(h.services.db, "transaction", lambda: _broken(h.services.db))
        first, *rest = await h.say(ADA, "my throat is closing")
        assert "call your local emergency number now" in first.text
        assert "112 in Europe" in first.text  # the zone could not be read: the generic line
        assert rest  # then the usual apology from the error handler
        assert "went wrong" in rest[-1].text
