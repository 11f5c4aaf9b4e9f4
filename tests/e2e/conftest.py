from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest_asyncio

from bot.clock import FakeClock
from sandbox.emulator import BotApiEmulator
from tests.conftest import sqlite_url
from tests.e2e.harness import BotHarness, bot_running


@pytest_asyncio.fixture
async def bot(
    emulator: BotApiEmulator, clock: FakeClock, tmp_path: Path
) -> AsyncIterator[BotHarness]:
    """The bot running against the emulator on a fresh SQLite file. Tests that restart it, give
    it other settings or check something after it stopped use ``bot_running`` themselves."""
    async with bot_running(emulator, clock, sqlite_url(tmp_path)) as running:
        yield running
