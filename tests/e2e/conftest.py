from __future__ import annotations

from collections.abc import AsyncIterator

import pytest_asyncio

from sandbox.emulator import BotApiEmulator
from tests.e2e.harness import TOKEN


@pytest_asyncio.fixture
async def emulator() -> AsyncIterator[BotApiEmulator]:
    async with BotApiEmulator(token=TOKEN, bot_username="GutCheckBot") as emu:
        yield emu
